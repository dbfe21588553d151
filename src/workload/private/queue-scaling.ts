import { Duration } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwactions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { addQueueBacklogPolicy } from '../../private/configure-scaling';
import { SCALING_SCALE_IN_COOLDOWN, SCALING_SCALE_OUT_COOLDOWN, WORKER_ALARM_PERIOD } from '../../private/defaults';

/** The worker's scaling, defaults applied. */
export interface ResolvedQueueScaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly backlogPerTask: number;
  readonly scaleToZeroAfter: Duration;
}

/** What the scaling added besides the backlog policy. */
export interface QueueScalingParts {
  readonly scalableTaskCount: ecs.ScalableTaskCount;
  /** In ALARM while messages wait and the service wants no task: starts the first task. */
  readonly wakeUpAlarm?: cloudwatch.Alarm;
  /** In ALARM once nothing was visible or in flight for `scaleToZeroAfter`: stops the last tasks. */
  readonly emptyQueueAlarm?: cloudwatch.Alarm;
}

/**
 * Scale the worker's service on the queue, from and to zero.
 *
 * - Target tracking on messages visible ÷ running tasks (the AWS backlog-per-task pattern) sizes a
 *   running fleet. It cannot leave zero: with no running task the quotient has no data point, and
 *   target tracking does nothing on insufficient data.
 * - Wake-up: a step policy sets the desired count to exactly 1 when, in one 1-minute period, a
 *   message was visible while the service's desired count was 0. Conditioning on the desired count
 *   keeps an exact adjustment of 1 from ever shrinking a running fleet.
 * - Return to zero: a step policy sets the desired count to exactly 0 once nothing was visible and
 *   nothing was in flight for `scaleToZeroAfter`, so a task still working on a message is never
 *   stopped by it. Missing SQS data counts as empty: SQS stops publishing for a queue without API
 *   calls for six hours.
 *
 * Both alarms read Container Insights' `DesiredTaskCount` / `RunningTaskCount`, like the backlog policy.
 */
export function configureQueueScaling(scope: Construct, service: ecs.BaseService, queue: sqs.IQueue,
  scaling: ResolvedQueueScaling): QueueScalingParts {
  const scalableTaskCount = service.autoScaleTaskCount({ minCapacity: scaling.minCapacity, maxCapacity: scaling.maxCapacity });
  addQueueBacklogPolicy(service, scalableTaskCount, queue, scaling.backlogPerTask, {
    scaleInCooldown: SCALING_SCALE_IN_COOLDOWN,
    scaleOutCooldown: SCALING_SCALE_OUT_COOLDOWN,
  });
  if (scaling.minCapacity > 0) {
    return { scalableTaskCount };
  }
  const target = scalableTaskCount.node.findChild('Target') as appscaling.ScalableTarget;
  const period = WORKER_ALARM_PERIOD;
  const sqsMetric = (metricName: string) => new cloudwatch.Metric({
    namespace: 'AWS/SQS', metricName, dimensionsMap: { QueueName: queue.queueName }, statistic: 'Maximum', period,
  });
  const desired = new cloudwatch.Metric({
    namespace: 'ECS/ContainerInsights',
    metricName: 'DesiredTaskCount',
    dimensionsMap: { ClusterName: service.cluster.clusterName, ServiceName: service.serviceName },
    statistic: 'Maximum',
    period,
  });

  const wakeUp = new appscaling.StepScalingAction(scope, 'WakeUpPolicy', {
    scalingTarget: target,
    adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
    metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    cooldown: SCALING_SCALE_OUT_COOLDOWN,
  });
  wakeUp.addAdjustment({ lowerBound: 0, adjustment: 1 });
  const wakeUpAlarm = new cloudwatch.Alarm(scope, 'WakeUpAlarm', {
    alarmDescription: 'Messages wait in the queue while the worker runs no task: start one',
    // Container Insights may publish nothing for a service at zero: a missing desired count is zero.
    metric: new cloudwatch.MathExpression({
      expression: 'IF(FILL(desired, 0) < 1 AND visible >= 1, 1, 0)',
      usingMetrics: { visible: sqsMetric('ApproximateNumberOfMessagesVisible'), desired },
      label: 'Messages waiting with no task wanted',
      period,
    }),
    threshold: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: 1,
    datapointsToAlarm: 1,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
  wakeUpAlarm.addAlarmAction(new cwactions.ApplicationScalingAction(wakeUp));

  const idleMinutes = scaling.scaleToZeroAfter.toMinutes();
  const toZero = new appscaling.StepScalingAction(scope, 'ScaleToZeroPolicy', {
    scalingTarget: target,
    adjustmentType: appscaling.AdjustmentType.EXACT_CAPACITY,
    metricAggregationType: appscaling.MetricAggregationType.MAXIMUM,
    cooldown: SCALING_SCALE_OUT_COOLDOWN,
  });
  toZero.addAdjustment({ upperBound: 0, adjustment: 0 });
  const emptyQueueAlarm = new cloudwatch.Alarm(scope, 'EmptyQueueAlarm', {
    alarmDescription: `Nothing visible or in flight in the queue for ${idleMinutes} minutes: stop the worker's tasks`,
    metric: new cloudwatch.MathExpression({
      expression: 'FILL(visible, 0) + FILL(inFlight, 0)',
      usingMetrics: {
        visible: sqsMetric('ApproximateNumberOfMessagesVisible'),
        inFlight: sqsMetric('ApproximateNumberOfMessagesNotVisible'),
      },
      label: 'Messages visible or in flight',
      period,
    }),
    threshold: 0,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_OR_EQUAL_TO_THRESHOLD,
    evaluationPeriods: idleMinutes,
    datapointsToAlarm: idleMinutes,
    treatMissingData: cloudwatch.TreatMissingData.BREACHING,
  });
  emptyQueueAlarm.addAlarmAction(new cwactions.ApplicationScalingAction(toZero));
  return { scalableTaskCount, wakeUpAlarm, emptyQueueAlarm };
}
