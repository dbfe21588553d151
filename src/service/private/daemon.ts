import { Rollout } from '../../deployment/rollout';
import * as defaults from '../../private/defaults';
import { PropsValidator, isKnown } from '../../private/validation';

/** Why a DAEMON service takes neither a second task nor a traffic shift, for messages. */
const ONE_TASK_PER_INSTANCE = 'ECS runs exactly one task on each container instance of the cluster';

/**
 * The rollout of an EC2 daemon: the user's rolling limits, and ECS's daemon defaults (minimum 0 %,
 * maximum 100 %) for the ones left unset. A traffic-shifting rollout is kept as given, for
 * `validateDaemonRollout` to reject.
 */
export function daemonRollout(rollout: Rollout | undefined): Rollout {
  const given = rollout ?? Rollout.rolling();
  if (given._shiftsTraffic) {
    return given;
  }
  const options = given._rollingOptions;
  return Rollout.rolling({
    ...options,
    minHealthyPercent: options.minHealthyPercent ?? defaults.DAEMON_MIN_HEALTHY_PERCENT,
    maxHealthyPercent: options.maxHealthyPercent ?? defaults.DAEMON_MAX_HEALTHY_PERCENT,
  });
}

/**
 * Record what the rollout of a DAEMON service cannot be: ECS runs exactly one task on each container
 * instance, so the maximum percent is 100 and only the rolling update replaces tasks.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service-options.html
 */
export function validateDaemonRollout(v: PropsValidator, rollout: Rollout | undefined): void {
  if (rollout === undefined) {
    return;
  }
  if (rollout._shiftsTraffic) {
    // ECS documents DAEMON for the rolling update only (CODE_DEPLOY and EXTERNAL do not support it),
    // and blue/green, canary and linear start the new revision's tasks beside the old ones, which a
    // daemon (one task per instance, maximum 100 %) cannot.
    v.fail(`'rollout' ${rollout._describe()} cannot be used with a daemon: blue/green, canary and linear run the new tasks ` +
      `beside the old ones, and ${ONE_TASK_PER_INSTANCE} (maximum 100 %); use Rollout.rolling()`);
    return;
  }
  const options = rollout._rollingOptions;
  const max = options.maxHealthyPercent;
  if (max !== undefined && isKnown(max) && max !== defaults.DAEMON_MAX_HEALTHY_PERCENT) {
    v.fail(`'rollout.maxHealthyPercent' must be ${defaults.DAEMON_MAX_HEALTHY_PERCENT} for a daemon (ECS requires it: ${ONE_TASK_PER_INSTANCE}), got ${max}`);
  }
  const min = options.minHealthyPercent;
  if (min !== undefined && isKnown(min) && min >= defaults.DAEMON_MAX_HEALTHY_PERCENT) {
    v.fail(`'rollout.minHealthyPercent' must be 0–99 for a daemon: at ${min} % no old task may stop, and no new one can start ` +
      `beside it (maximum 100 %), so deployments never progress; got ${min}`);
  }
}
