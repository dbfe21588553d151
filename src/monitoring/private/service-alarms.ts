import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { Construct, IConstruct } from 'constructs';
import { containerInsightsMetric, serverDiscoveryName, serviceConnectAsTarget, serviceConnectInbound, utilizationMetric, workerQueuesOf, loadBalancedParts } from './service-metrics';
import { errorAlarmEvaluation, errorAlarmMinutes, errorRate, targetGroupErrorRate, targetGroupUnhealthy } from '../../private/alarm-definitions';
import * as defaults from '../../private/defaults';
import { IEssentialService } from '../../service/essential-service';

/**
 * The recommended alarms of one service, as children of `parent`; the ALB alarms of a service whose
 * rollout already alarms on its target groups are those same alarms, not copies.
 */
export function createServiceAlarms(parent: Construct, service: IEssentialService): cloudwatch.Alarm[] {
  const name = service.node.path;
  const alarms: cloudwatch.Alarm[] = [];
  const sustained = (minutes: number) => ({
    evaluationPeriods: minutes,
    datapointsToAlarm: minutes,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // ECS publishes utilization only while tasks run: no data is no tasks, which TasksBelowDesired covers.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });

  alarms.push(new cloudwatch.Alarm(parent, 'CpuHigh', {
    ...sustained(defaults.MONITORING_UTILIZATION_MINUTES),
    metric: utilizationMetric(service, 'CPU', cloudwatch.Stats.AVERAGE),
    threshold: defaults.MONITORING_CPU_HIGH_PERCENT,
    alarmDescription: `${name}: average CPU utilization at or above ${defaults.MONITORING_CPU_HIGH_PERCENT} % for ` +
      `${defaults.MONITORING_UTILIZATION_MINUTES} minutes; scaling cannot keep up or is at its maximum.`,
  }));
  alarms.push(new cloudwatch.Alarm(parent, 'MemoryHigh', {
    ...sustained(defaults.MONITORING_UTILIZATION_MINUTES),
    metric: utilizationMetric(service, 'Memory', cloudwatch.Stats.MAXIMUM),
    threshold: defaults.MONITORING_MEMORY_HIGH_PERCENT,
    alarmDescription: `${name}: a task used ${defaults.MONITORING_MEMORY_HIGH_PERCENT} % or more of its memory for ` +
      `${defaults.MONITORING_UTILIZATION_MINUTES} minutes; it is close to being stopped with OutOfMemoryError.`,
  }));
  alarms.push(new cloudwatch.Alarm(parent, 'TasksBelowDesired', {
    ...sustained(defaults.MONITORING_TASKS_BELOW_DESIRED_MINUTES),
    metric: new cloudwatch.MathExpression({
      // FILL: a service whose tasks all stopped may publish a desired count and no running count.
      expression: 'FILL(desired, 0) - FILL(running, 0)',
      usingMetrics: {
        desired: containerInsightsMetric(service, 'DesiredTaskCount', cloudwatch.Stats.AVERAGE, 'Desired'),
        running: containerInsightsMetric(service, 'RunningTaskCount', cloudwatch.Stats.AVERAGE, 'Running'),
      },
      period: defaults.MONITORING_PERIOD,
      label: 'Desired minus running tasks',
    }),
    threshold: 1,
    alarmDescription: `${name}: fewer tasks running than desired for ${defaults.MONITORING_TASKS_BELOW_DESIRED_MINUTES} minutes ` +
      '(tasks cannot be placed, fail to start or keep stopping). Needs Container Insights on the cluster.',
  }));

  alarms.push(...targetGroupAlarms(parent, service));

  const discoveryName = serverDiscoveryName(service);
  if (discoveryName) {
    const errors = serviceConnectAsTarget(discoveryName, 'HTTPCode_Target_5XX_Count', cloudwatch.Stats.SUM, '5xx');
    const requests = serviceConnectInbound(service, discoveryName, 'RequestCount', cloudwatch.Stats.SUM, 'Requests');
    alarms.push(new cloudwatch.Alarm(parent, 'ServiceConnect5xxRate', {
      ...errorAlarmEvaluation(),
      metric: errorRate(errors, requests, `Service Connect '${discoveryName}' 5xx rate (%)`),
      threshold: defaults.ROLLBACK_ALARM_5XX_PERCENT,
      alarmDescription: `${name}: ${defaults.ROLLBACK_ALARM_5XX_PERCENT} % or more of the Service Connect requests to '${discoveryName}' ` +
        `answered 5xx for ${errorAlarmMinutes()} minutes (at least ${defaults.ROLLBACK_ALARM_MIN_REQUESTS} requests a minute).`,
    }));
  }

  const dlq = workerQueuesOf(service)?.deadLetterQueue;
  if (dlq) {
    alarms.push(new cloudwatch.Alarm(parent, 'DeadLetterQueueNotEmpty', {
      metric: dlq.metricApproximateNumberOfMessagesVisible({ period: defaults.MONITORING_PERIOD, statistic: cloudwatch.Stats.MAXIMUM }),
      threshold: defaults.MONITORING_DLQ_MESSAGES,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      // SQS stops publishing for a queue idle for six hours, and an empty, idle queue is the good state.
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `${name}: the dead-letter queue holds ${defaults.MONITORING_DLQ_MESSAGES} or more messages the worker failed to process.`,
    }));
  }
  return alarms;
}

/**
 * The 5xx-rate and unhealthy-target alarms of the service's target groups: the rollout's default
 * rollback alarms when it has them (blue/green, canary, linear, or rolling with default alarms),
 * otherwise new alarms of the same definition on the target group.
 */
function targetGroupAlarms(parent: Construct, service: IEssentialService): cloudwatch.Alarm[] {
  const tg = loadBalancedParts(service).targetGroup;
  if (!tg) {
    return [];
  }
  const rollback = rollbackAlarmsOf(service);
  if (rollback.length > 0) {
    return rollback;
  }
  const minutes = errorAlarmMinutes();
  return [
    new cloudwatch.Alarm(parent, 'Target5xxRate', {
      ...errorAlarmEvaluation(),
      metric: targetGroupErrorRate(tg, 'Target 5xx rate (%)'),
      threshold: defaults.ROLLBACK_ALARM_5XX_PERCENT,
      alarmDescription: `${service.node.path}: ${defaults.ROLLBACK_ALARM_5XX_PERCENT} % or more of the requests to the target group ` +
        `answered 5xx for ${minutes} minutes (at least ${defaults.ROLLBACK_ALARM_MIN_REQUESTS} requests a minute).`,
    }),
    new cloudwatch.Alarm(parent, 'TargetUnhealthy', {
      ...errorAlarmEvaluation(),
      metric: targetGroupUnhealthy(tg),
      threshold: defaults.ROLLBACK_ALARM_UNHEALTHY_TARGETS,
      alarmDescription: `${service.node.path}: a target of the target group failed its health checks for ${minutes} minutes.`,
    }),
  ];
}

/** The library's default rollback alarms of the service (children of its `RollbackAlarms`). */
function rollbackAlarmsOf(service: IEssentialService): cloudwatch.Alarm[] {
  const owner: IConstruct = service.service.node.scope ?? service;
  const group = owner.node.tryFindChild('RollbackAlarms');
  return group ? group.node.children.filter((c): c is cloudwatch.Alarm => c instanceof cloudwatch.Alarm) : [];
}
