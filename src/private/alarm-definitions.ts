import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as defaults from './defaults';

/**
 * The alarm definitions the recommended alarms and the deployment rollback alarms share: one
 * definition of "a target group answers 5xx" and "a target is unhealthy", so that a rollback and a
 * page fire on the same evidence.
 */

/** Evaluation settings of the 5xx-rate and unhealthy-target alarms (rollback and monitoring alike). */
export function errorAlarmEvaluation(): Pick<cloudwatch.AlarmProps, 'evaluationPeriods' | 'datapointsToAlarm' | 'comparisonOperator' | 'treatMissingData'> {
  return {
    evaluationPeriods: defaults.ROLLBACK_ALARM_EVALUATION_PERIODS,
    datapointsToAlarm: defaults.ROLLBACK_ALARM_EVALUATION_PERIODS,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    // ALB and Service Connect publish request metrics only while requests flow: no data is no traffic.
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  };
}

/** Minutes the 5xx-rate and unhealthy-target alarms need to go into ALARM. */
export function errorAlarmMinutes(): number {
  return defaults.ROLLBACK_ALARM_PERIOD.toMinutes() * defaults.ROLLBACK_ALARM_EVALUATION_PERIODS;
}

/**
 * The percentage of requests answered 5xx, 0 below the minimum request count.
 *
 * A rate, not a count: a canary's target group sees a few percent of the requests, so a count
 * threshold either never fires on it or fires on the full group's normal noise.
 */
export function errorRate(errors: cloudwatch.IMetric, requests: cloudwatch.IMetric, label: string,
  period: Duration = defaults.ROLLBACK_ALARM_PERIOD): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: `IF(FILL(requests, 0) >= ${defaults.ROLLBACK_ALARM_MIN_REQUESTS}, 100 * FILL(errors, 0) / FILL(requests, 0), 0)`,
    usingMetrics: { errors, requests },
    period,
    label,
  });
}

/**
 * The 5xx rate of a target group's targets (ALB `HTTPCode_Target_5XX_Count` ÷ `RequestCount`,
 * dimensions LoadBalancer and TargetGroup, 60-second intervals).
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
 */
export function targetGroupErrorRate(targetGroup: elbv2.ApplicationTargetGroup, label: string,
  period: Duration = defaults.ROLLBACK_ALARM_PERIOD): cloudwatch.MathExpression {
  return errorRate(targetErrors(targetGroup, period), targetRequests(targetGroup, period), label, period);
}

/** The 5xx answers of a target group's targets in a period (ALB `HTTPCode_Target_5XX_Count`, sum). */
function targetErrors(targetGroup: elbv2.ApplicationTargetGroup, period: Duration): cloudwatch.Metric {
  return targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: cloudwatch.Stats.SUM });
}

/** The requests a target group received in a period (ALB `RequestCount`, sum). */
function targetRequests(targetGroup: elbv2.ApplicationTargetGroup, period: Duration): cloudwatch.Metric {
  return targetGroup.metrics.requestCount({ period, statistic: cloudwatch.Stats.SUM });
}

/** The most unhealthy targets of a target group in a period (ALB `UnHealthyHostCount`). */
export function targetGroupUnhealthy(targetGroup: elbv2.ApplicationTargetGroup): cloudwatch.Metric {
  return targetGroup.metrics.unhealthyHostCount({ period: defaults.ROLLBACK_ALARM_PERIOD, statistic: cloudwatch.Stats.MAXIMUM });
}

/**
 * The 5xx rate over several target groups at once: every group's 5xx count over every group's
 * requests. Over the primary and the alternate group of a blue/green, canary or linear service it keeps
 * watching production after a switch, where an alarm on one group goes blind.
 */
export function targetGroupsErrorRate(targetGroups: elbv2.ApplicationTargetGroup[], label: string,
  period: Duration = defaults.ROLLBACK_ALARM_PERIOD): cloudwatch.MathExpression {
  if (targetGroups.length === 1) {
    return targetGroupErrorRate(targetGroups[0], label, period);
  }
  const usingMetrics: Record<string, cloudwatch.IMetric> = {};
  targetGroups.forEach((targetGroup, i) => {
    usingMetrics[`errors${i}`] = targetErrors(targetGroup, period);
    usingMetrics[`requests${i}`] = targetRequests(targetGroup, period);
  });
  const sum = (name: string) => targetGroups.map((_, i) => `FILL(${name}${i}, 0)`).join(' + ');
  return new cloudwatch.MathExpression({
    expression: `IF(${sum('requests')} >= ${defaults.ROLLBACK_ALARM_MIN_REQUESTS}, 100 * (${sum('errors')}) / (${sum('requests')}), 0)`,
    usingMetrics,
    period,
    label,
  });
}
