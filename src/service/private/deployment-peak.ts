import type { Rollout } from '../../deployment/rollout';
import * as defaults from '../../private/defaults';
import { isKnown } from '../../private/validation';
import type { EssentialReplicaServiceOptions } from '../essential-replica-service-options';

/** How many tasks a service runs at the peak of a deployment. */
export interface DeploymentPeak {
  /** The most tasks the service asks for: its desired count or its scaling maximum, whichever is larger. */
  readonly tasks: number;
  /** The share of `tasks` running during a deployment: maxHealthyPercent when rolling, 200 when shifting traffic. */
  readonly percent: number;
  /** tasks × percent, rounded down as ECS rounds maximumPercent. */
  readonly peak: number;
  /** Blue/green, canary or linear: the second fleet runs in its own target group. */
  readonly shiftsTraffic: boolean;
}

/**
 * The deployment peak of a replica service; undefined when the desired count, the scaling maximum or the
 * maximum healthy percent is an unresolved token.
 */
export function deploymentPeak(props: EssentialReplicaServiceOptions, rollout: Rollout): DeploymentPeak | undefined {
  const desired = props.desiredCount ?? defaults.DESIRED_COUNT;
  const scaledMax = props.scaling?.maxCapacity;
  const shiftsTraffic = rollout._shiftsTraffic;
  const percent = shiftsTraffic ? 200 : rollout._rollingOptions.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT;
  if (!isKnown(desired) || (scaledMax !== undefined && !isKnown(scaledMax)) || !isKnown(percent)) {
    return undefined;
  }
  const tasks = Math.max(desired, scaledMax ?? 0);
  return { tasks, percent, peak: Math.floor(tasks * percent / 100), shiftsTraffic };
}
