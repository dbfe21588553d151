import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import * as defaults from '../../private/defaults';
import { notifyTopicAction, notifyTopicTarget } from '../../private/topic-notifications';

/** What the run rules, notifications and dashboard of a job need. */
export interface JobRunParts {
  readonly cluster: ecs.ICluster;
  /** The task group of the job's runs (`family:<family>`). */
  readonly group: string;
  readonly containerName: string;
  readonly deadLetterQueue: sqs.IQueue;
  /** Told of failed runs when given. */
  readonly topic?: sns.ITopic;
  /** Add the dashboard and a rule that counts every ended run. */
  readonly monitoring: boolean;
}

/** The rules that match the job's ended runs (EventBridge `TriggeredRules` counts their matches). */
interface JobRunRules {
  readonly failed: events.Rule;
  readonly failedToStart: events.Rule;
  readonly ended?: events.Rule;
}

/**
 * The job's run rules: a run that exits non-zero (a Spot interruption ends with SIGTERM's 143 or SIGKILL's
 * 137), a run that fails to start, and with monitoring every ended run. With a topic each failure rule
 * tells it, and an alarm tells it when Scheduler gave up on a run (a message in the dead-letter queue).
 */
export function addJobRunRules(scope: Construct, parts: JobRunParts): JobRunRules {
  const { cluster, group, containerName, topic } = parts;
  const stopped = (id: string, description: string, detail: Record<string, unknown>, message?: string) =>
    new events.Rule(scope, id, {
      description,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [cluster.clusterArn], group: [group], lastStatus: ['STOPPED'], ...detail },
      },
      targets: topic && message ? [notifyTopicTarget(topic,
        events.RuleTargetInput.fromText(`${message} Task ${events.EventField.fromPath('$.detail.taskArn')}: ${events.EventField.fromPath('$.detail.stoppedReason')}`))] : undefined,
    });
  const failed = stopped('RunFailedRule', 'A run of this scheduled job exited with a non-zero code', {
    containers: { name: [containerName], exitCode: events.Match.anythingBut(0) },
  }, 'Scheduled job run failed (non-zero exit code).');
  const failedToStart = stopped('RunFailedToStartRule', 'A run of this scheduled job failed to start', {
    stopCode: ['TaskFailedToStart'],
  }, 'Scheduled job run failed to start.');
  const ended = parts.monitoring ? stopped('RunEndedRule', 'A run of this scheduled job ended (counted on its dashboard)', {}) : undefined;
  if (topic) {
    const alarm = new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
      alarmDescription: 'EventBridge Scheduler could not start a run of this job after its retries (message in the dead-letter queue)',
      metric: parts.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(1), statistic: 'Maximum' }),
      threshold: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: 1,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    });
    alarm.addAlarmAction(notifyTopicAction(alarm, topic));
  }
  return { failed, failedToStart, ended };
}

/** How often a rule matched (EventBridge `TriggeredRules`, dimension `RuleName`). */
function matches(rule: events.Rule, label: string, period: Duration): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Events',
    metricName: 'TriggeredRules',
    dimensionsMap: { RuleName: rule.ruleName },
    statistic: cloudwatch.Stats.SUM,
    period,
    label,
  });
}

/**
 * The job's dashboard: runs ended and failed per hour (EventBridge counts the matches of the run rules),
 * runs Scheduler gave up on (the dead-letter queue), and the logs of the last failures. ECS publishes no
 * duration metric for standalone tasks: the log widget shows each run's start and end instead.
 */
export function addJobDashboard(scope: Construct, rules: JobRunRules, parts: JobRunParts, logGroupName: string): cloudwatch.Dashboard {
  const period = defaults.JOB_DASHBOARD_PERIOD;
  const dashboard = new cloudwatch.Dashboard(scope, 'Dashboard', { defaultInterval: defaults.JOB_DASHBOARD_INTERVAL });
  dashboard.addWidgets(
    new cloudwatch.GraphWidget({
      title: 'Runs ended and failed',
      left: [
        matches(rules.ended!, 'ended', period),
        matches(rules.failed, 'exited non-zero', period),
        matches(rules.failedToStart, 'failed to start', period),
      ],
      width: 12,
    }),
    new cloudwatch.GraphWidget({
      title: 'Runs Scheduler gave up on (dead-letter queue)',
      left: [parts.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM, label: 'messages' })],
      width: 12,
    }),
  );
  dashboard.addWidgets(new cloudwatch.LogQueryWidget({
    title: 'Last runs (first and last log line of each task)',
    logGroupNames: [logGroupName],
    queryLines: [
      'fields @logStream',
      'stats min(@timestamp) as started, max(@timestamp) as ended, (max(@timestamp) - min(@timestamp)) / 1000 as seconds by @logStream',
      'sort started desc',
      'limit 20',
    ],
    width: 24,
  }));
  return dashboard;
}
