import { Lazy } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct, IConstruct } from 'constructs';
import { errorAlarmEvaluation, errorAlarmMinutes, targetGroupErrorRate, targetGroupUnhealthy } from './alarm-definitions';
import * as defaults from './defaults';

/** Every alarm a service's deployments roll back on, by service construct; filled once the service is complete. */
const ROLLBACK_ALARMS = new WeakMap<IConstruct, cloudwatch.IAlarm[]>();

/**
 * The alarm names of the service's deployment configuration, produced at synthesis.
 *
 * The names go to the ECS service through its constructor (`deploymentAlarms`), the one path that
 * keeps every alarm on aws-cdk-lib 2.257 to 2.276: `BaseService.enableDeploymentAlarms()` on a
 * service that already has alarms concatenates into a new array and drops it (aws/aws-cdk#36308).
 * The default alarms need the target groups, which exist only after the service: hence a Lazy.
 */
export function lazyRollbackAlarmNames(scope: IConstruct): string[] {
  return Lazy.list({ produce: () => rollbackAlarmsOf(scope).map((alarm) => alarm.alarmName) });
}

/** Record the alarms the service's deployments roll back on. */
export function registerRollbackAlarms(scope: IConstruct, alarms: cloudwatch.IAlarm[]): void {
  ROLLBACK_ALARMS.set(scope, [...alarms]);
}

/** The alarms recorded for the service (none before the service is complete). */
export function rollbackAlarmsOf(scope: IConstruct): cloudwatch.IAlarm[] {
  return ROLLBACK_ALARMS.get(scope) ?? [];
}

/**
 * Add an alarm the service's deployments roll back on, after the service exists: an alarm built on the
 * service's own metrics cannot be given to its constructor. A service that had no rollback alarm gets
 * its deployment alarms here, on the L1 (the same lazily produced names).
 */
export function addRollbackAlarm(scope: IConstruct, service: ecs.BaseService, alarm: cloudwatch.IAlarm): void {
  const before = rollbackAlarmsOf(scope);
  ROLLBACK_ALARMS.set(scope, [...before, alarm]);
  if (before.length === 0) {
    const cfn = service.node.defaultChild as ecs.CfnService;
    cfn.addPropertyOverride('DeploymentConfiguration.Alarms', {
      AlarmNames: lazyRollbackAlarmNames(scope),
      Enable: true,
      Rollback: true,
    });
  }
}

/** A target group to alarm on, with the construct-ID prefix of its alarms. */
export interface AlarmedTargetGroup {
  readonly id: string;
  /** How alarm descriptions name the group, e.g. `the alternate target group`. */
  readonly label: string;
  readonly targetGroup: elbv2.ApplicationTargetGroup;
}

/** The target groups to alarm on, as the load balancing bound them. */
export function alarmedTargetGroups(targetGroup: elbv2.ApplicationTargetGroup | undefined,
  alternateTargetGroup: elbv2.ApplicationTargetGroup | undefined): AlarmedTargetGroup[] {
  const groups: AlarmedTargetGroup[] = [];
  if (targetGroup) {
    groups.push({ id: 'Target', label: alternateTargetGroup ? 'the primary target group' : 'the target group', targetGroup });
  }
  if (alternateTargetGroup) {
    groups.push({ id: 'AlternateTarget', label: 'the alternate target group', targetGroup: alternateTargetGroup });
  }
  return groups;
}

/**
 * The library's rollback alarms for each target group: the 5xx rate of the targets and unhealthy
 * targets, both over 2 consecutive 1-minute periods, so a broken revision rolls back within about
 * two minutes of its first traffic (plus the time ALB metrics take to arrive).
 *
 * ALB reports these metrics with the LoadBalancer and TargetGroup dimensions, in 60-second
 * intervals and only while requests flow: missing data means no traffic, never a failure.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function createDefaultRollbackAlarms(scope: Construct, groups: AlarmedTargetGroup[]): cloudwatch.Alarm[] {
  const parent = new Construct(scope, 'RollbackAlarms');
  // One definition with the recommended alarms of EssentialServiceMonitoring, which reuses these alarms.
  const common = errorAlarmEvaluation();
  const minutes = errorAlarmMinutes();
  const alarms: cloudwatch.Alarm[] = [];
  for (const { id, label, targetGroup } of groups) {
    alarms.push(new cloudwatch.Alarm(parent, `${id}5xxRate`, {
      ...common,
      metric: targetGroupErrorRate(targetGroup, `${id} 5xx rate (%)`),
      threshold: defaults.ROLLBACK_ALARM_5XX_PERCENT,
      alarmDescription: `Rolls back a deployment of this ECS service: ${defaults.ROLLBACK_ALARM_5XX_PERCENT} % or more of the requests ` +
        `to ${label} answered 5xx for ${minutes} minutes (at least ${defaults.ROLLBACK_ALARM_MIN_REQUESTS} requests a minute).`,
    }));
    alarms.push(new cloudwatch.Alarm(parent, `${id}Unhealthy`, {
      ...common,
      metric: targetGroupUnhealthy(targetGroup),
      threshold: defaults.ROLLBACK_ALARM_UNHEALTHY_TARGETS,
      alarmDescription: `Rolls back a deployment of this ECS service: a target of ${label} failed its health checks ` +
        `for ${minutes} minutes.`,
    }));
  }
  return alarms;
}
