import * as ecs from 'aws-cdk-lib/aws-ecs';
import { choicesOf } from './assembly';
import { Rollout } from '../../deployment/rollout';
import * as defaults from '../../private/defaults';
import { PropsValidator, isKnown } from '../../private/validation';
import { EssentialReplicaServiceOptions } from '../essential-replica-service-options';
import { LoadBalancing } from '../load-balancing';

/** What a daemon service's props may hold besides the common props. */
export interface DaemonProps extends EssentialReplicaServiceOptions {
  readonly daemon?: boolean;
  readonly placementStrategies?: ecs.PlacementStrategy[];
}

/**
 * The props of a daemon service with the daemon defaults applied: no load balancer unless one is
 * asked for (agents and log routers are reached on their instance), and a rolling rollout whose
 * limits left unset are ECS's daemon defaults (minimum 0 %, maximum 100 %).
 */
export function withDaemonDefaults<P extends DaemonProps>(props: P): P {
  if (!props.daemon) {
    return props;
  }
  const { rollout } = choicesOf(props);
  const options = rollout._rollingOptions;
  return {
    ...props,
    loadBalancing: props.loadBalancing ?? LoadBalancing.none(),
    rollout: rollout._shiftsTraffic ? rollout : Rollout.rolling({
      ...options,
      minHealthyPercent: options.minHealthyPercent ?? defaults.DAEMON_MIN_HEALTHY_PERCENT,
      maxHealthyPercent: options.maxHealthyPercent ?? defaults.DAEMON_MAX_HEALTHY_PERCENT,
    }),
  };
}

/**
 * Record what a DAEMON service cannot take: ECS runs exactly one task on each container instance,
 * so there is no desired count, scaling or placement strategy, the maximum percent is 100, and only
 * the rolling update replaces tasks.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service-options.html
 */
export function validateDaemon(v: PropsValidator, props: DaemonProps): void {
  if (!props.daemon) {
    return;
  }
  const why = 'ECS runs exactly one task on each container instance of the cluster';
  if (props.desiredCount !== undefined) {
    v.fail(`'desiredCount' cannot be set with 'daemon' true (${why}), got ${props.desiredCount}`);
  }
  if (props.scaling !== undefined) {
    v.fail(`'scaling' cannot be set with 'daemon' true (${why}: the instance count is the task count; scale the capacity instead), got scaling options`);
  }
  if (props.placementStrategies !== undefined) {
    v.fail(`'placementStrategies' cannot be set with 'daemon' true (${why}, so there is nothing to place), got ${props.placementStrategies.length} strategies`);
  }
  const { rollout } = choicesOf(props);
  if (rollout._shiftsTraffic) {
    // ECS documents DAEMON for the rolling update only (CODE_DEPLOY and EXTERNAL do not support it),
    // and blue/green, canary and linear start the new revision's tasks beside the old ones, which a
    // daemon (one task per instance, maximum 100 %) cannot.
    v.fail(`'rollout' ${rollout._describe()} cannot be used with 'daemon' true: blue/green, canary and linear run the new tasks ` +
      `beside the old ones, and ${why} (maximum 100 %); use Rollout.rolling()`);
    return;
  }
  const options = rollout._rollingOptions;
  const max = options.maxHealthyPercent;
  if (max !== undefined && isKnown(max) && max !== defaults.DAEMON_MAX_HEALTHY_PERCENT) {
    v.fail(`'rollout.maxHealthyPercent' must be ${defaults.DAEMON_MAX_HEALTHY_PERCENT} with 'daemon' true (ECS requires it: ${why}), got ${max}`);
  }
  const min = options.minHealthyPercent;
  if (min !== undefined && isKnown(min) && min >= defaults.DAEMON_MAX_HEALTHY_PERCENT) {
    v.fail(`'rollout.minHealthyPercent' must be 0–99 with 'daemon' true: at ${min} % no old task may stop, and no new one can start ` +
      `beside it (maximum 100 %), so deployments never progress; got ${min}`);
  }
}

/** The deployment props of a daemon service: the rollout's (limits already set by withDaemonDefaults), no desired count. */
export function daemonDeploymentProps<D extends { desiredCount?: number }>(props: DaemonProps, deployment: D): D {
  return props.daemon ? { ...deployment, desiredCount: undefined } : deployment;
}
