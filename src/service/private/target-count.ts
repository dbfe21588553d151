import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { deploymentPeak } from './deployment-peak';
import type { Rollout } from '../../deployment/rollout';
import { TARGETS_PER_TARGET_GROUP } from '../../private/limits';
import type { EssentialReplicaServiceOptions } from '../essential-replica-service-options';

/**
 * Warn when one target group would hold more targets than ELB's default quota at the peak of a deployment:
 * a rolling deployment registers the new tasks beside the old ones in the same target group (up to
 * maxHealthyPercent of the task count), while blue/green, canary and linear put each fleet in its own
 * target group. Registrations beyond the quota fail, the new tasks never turn healthy and the deployment
 * stalls or rolls back. Unresolved counts skip the check.
 */
export function warnAboutTargetsPerTargetGroup(scope: IConstruct, props: EssentialReplicaServiceOptions, rollout: Rollout,
  hasLoadBalancer: boolean): void {
  if (!hasLoadBalancer) {
    return;
  }
  const deployment = deploymentPeak(props, rollout);
  if (deployment === undefined) {
    return;
  }
  const { tasks, shiftsTraffic } = deployment;
  // Traffic shifting registers each fleet in its own target group; rolling registers both in one.
  const peak = shiftsTraffic ? tasks : deployment.peak;
  const quota = TARGETS_PER_TARGET_GROUP.max!;
  if (peak <= quota) {
    return;
  }
  const why = shiftsTraffic
    ? `${tasks} tasks in each of the blue and green target groups`
    : `${tasks} tasks × maxHealthyPercent ${deployment.percent} %: the new tasks register beside the old ones`;
  Annotations.of(scope).addWarningV2('cdk-ecs-essentials:beyondTargetsPerTargetGroupQuota',
    `At the peak of a deployment this service's target group holds ${peak} targets (${why}), above Elastic Load Balancing's ` +
    `default quota of ${quota.toLocaleString('en-US')} targets per target group (adjustable in Service Quotas). Registrations beyond ` +
    'it fail and the deployment stalls: raise the quota before deploying, lower scaling.maxCapacity, or split the service.');
}
