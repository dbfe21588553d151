import { Duration } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { ScheduledCapacity } from './scheduled-capacity';

/**
 * How an ECS service scales: target tracking on load plus scheduled capacity for known peaks.
 *
 * Target tracking keeps a metric near a target (average CPU, average memory, ALB requests per
 * task, SQS messages waiting per task); each target becomes one policy and the service scales out
 * when any of them asks for it and in only when all of them allow it. When no target is given,
 * the service tracks CPU at 70 %. Scheduled capacity raises the floor ahead of peaks the
 * calendar already knows about (business hours, a sales event), so tasks are running before the
 * load arrives rather than a few minutes after.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-auto-scaling.html
 */
export interface ServiceScalingOptions {
  /**
   * The fewest tasks auto scaling may run outside scheduled peaks.
   *
   * @default - the service's desiredCount (2 for EssentialFargateService and EssentialEc2Service)
   */
  readonly minCapacity?: number;

  /**
   * The most tasks auto scaling may run outside scheduled peaks.
   *
   * Required: it caps the bill when a target misbehaves. A schedule may raise it for its window
   * with its own `maxCapacity`.
   */
  readonly maxCapacity: number;

  /**
   * Average CPU utilization (percent, 1 to 100) to keep the service at.
   *
   * @default - 70 when no other target (memory, requests, queue) is given, otherwise no CPU policy
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking.html
   */
  readonly targetCpuPercent?: number;

  /**
   * Average memory utilization (percent, 1 to 100) to keep the service at.
   *
   * @default - no memory policy
   */
  readonly targetMemoryPercent?: number;

  /**
   * ALB requests per task per minute to keep the service at (metric `ALBRequestCountPerTarget`).
   *
   * Needs the service to sit behind an Application Load Balancer.
   *
   * @default - no request count policy
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-cloudwatch-metrics.html
   */
  readonly requestsPerTarget?: number;

  /**
   * A queue whose backlog drives the task count; set `backlogPerTask` with it.
   *
   * The policy tracks `ApproximateNumberOfMessagesVisible` divided by the service's
   * `RunningTaskCount` (metric math). `RunningTaskCount` comes from Container Insights, which
   * must be enabled on the cluster (EssentialFargateService's cluster enables it).
   *
   * @default - no queue backlog policy
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
   */
  readonly queue?: sqs.IQueue;

  /**
   * Messages waiting per running task to keep the service at; required with `queue`.
   *
   * Pick the latency you accept divided by the time one task takes per message: with 10 s of
   * acceptable latency and 0.1 s per message, use 100.
   *
   * @default - required when `queue` is set, not allowed without it
   */
  readonly backlogPerTask?: number;

  /**
   * How long after a scale-in activity before the next scale-in may start.
   *
   * @default Duration.seconds(300)
   */
  readonly scaleInCooldown?: Duration;

  /**
   * How long after a scale-out activity before the next scale-out may start.
   *
   * @default Duration.seconds(60)
   */
  readonly scaleOutCooldown?: Duration;

  /**
   * Scheduled capacity changes: daily peaks, one-off events and raw cron schedules.
   *
   * Each becomes one or two scheduled actions on the service's scalable target, named after the
   * schedule. When schedules overlap, the action that ran last wins.
   *
   * @default - no scheduled actions
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
   */
  readonly schedules?: ScheduledCapacity[];
}
