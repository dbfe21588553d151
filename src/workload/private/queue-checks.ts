import { Annotations, Duration, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, IConstruct } from 'constructs';
import { containerInsightsEnabled } from '../../private/configure-scaling';
import * as defaults from '../../private/defaults';
import { FARGATE_STOP_TIMEOUT, QUEUE_SCALE_TO_ZERO_MINUTES } from '../../private/limits';
import { checkTaskCount } from '../../private/task-checks';
import { PropsValidator, describe, isKnown, secondsOf } from '../../private/validation';

/** SQS's default visibility timeout, in effect when a queue of this app sets none. */
const SQS_DEFAULT_VISIBILITY_SECONDS = 30;

/** CloudWatch alarms of a 1-minute period evaluate at most one day (QUEUE_SCALE_TO_ZERO_MINUTES quotes the API). */
const MIN_IDLE_MINUTES = QUEUE_SCALE_TO_ZERO_MINUTES.min!;
const MAX_IDLE_MINUTES = QUEUE_SCALE_TO_ZERO_MINUTES.max!;

/** The worker's scaling with defaults applied, as the checks read it. */
export interface ScalingValues {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  readonly backlogPerTask: number;
  readonly scaleToZeroAfter: Duration;
}

/** Record the problems of `scaling`; tokens skip. */
export function checkScaling(v: PropsValidator, scope: IConstruct, scaling: ScalingValues): void {
  checkTaskCount(v, scope, 'queueScaling.minCapacity', scaling.minCapacity);
  checkTaskCount(v, scope, 'queueScaling.maxCapacity', scaling.maxCapacity, 1);
  if (isKnown(scaling.minCapacity) && isKnown(scaling.maxCapacity) && scaling.minCapacity > scaling.maxCapacity) {
    v.fail(`'queueScaling.minCapacity' must be at most maxCapacity ${scaling.maxCapacity}, got ${scaling.minCapacity}`);
  }
  if (isKnown(scaling.backlogPerTask) && !(typeof scaling.backlogPerTask === 'number' && Number.isFinite(scaling.backlogPerTask) && scaling.backlogPerTask > 0)) {
    v.fail(`'queueScaling.backlogPerTask' must be a number greater than 0, got ${describe(scaling.backlogPerTask)}`);
  }
  const idle = secondsOf(scaling.scaleToZeroAfter);
  if (idle !== undefined && (!Number.isInteger(idle / 60) || idle < MIN_IDLE_MINUTES * 60 || idle > MAX_IDLE_MINUTES * 60)) {
    v.fail(`'queueScaling.scaleToZeroAfter' must be a whole number of minutes from ${MIN_IDLE_MINUTES} to ${MAX_IDLE_MINUTES} (one 1-minute alarm period each), ` +
      `got ${scaling.scaleToZeroAfter.toHumanString()}`);
  }
}

/**
 * The worker scales on the queue's CloudWatch metrics, and a metric alarm reads its own Region only: a queue
 * of another Region would leave the backlog policy and the wake-up alarm watching an empty metric, and the
 * worker would never start. Both Regions must be known to compare; an environment-agnostic stack or queue skips.
 */
export function checkQueueRegion(v: PropsValidator, scope: IConstruct, queue: sqs.IQueue): void {
  const stackRegion = Stack.of(scope).region;
  const queueRegion = queue.env.region;
  if (Token.isUnresolved(stackRegion) || Token.isUnresolved(queueRegion) || stackRegion === queueRegion) {
    return;
  }
  v.fail(`'queue' must be in the worker's Region (${stackRegion}): its scaling reads the queue's CloudWatch metrics, which alarms read ` +
    `in their own Region only, so the worker would never wake; got a queue in ${queueRegion} (${queue.queueArn})`);
}

/**
 * A message the worker keeps finishing after SIGTERM must stay invisible until the task is gone:
 * the queue's visibility timeout may not be shorter than the stop timeout. Only queues defined in
 * this app can be read; imported queues and tokens skip the check.
 */
export function checkVisibilityTimeout(v: PropsValidator, queue: sqs.IQueue, stopTimeout: Duration): void {
  const stop = secondsOf(stopTimeout);
  const visibility = visibilitySeconds(queue);
  if (stop === undefined || visibility === undefined) {
    return;
  }
  if (visibility < stop) {
    const sqsDefault = (queue.node.defaultChild as sqs.CfnQueue).visibilityTimeout === undefined;
    v.fail(`'queue' visibility timeout ${visibility} s${sqsDefault ? ' (the SQS default)' : ''} is shorter than 'stopTimeout' ${stop} s: ` +
      'a message finished after SIGTERM would reappear and run twice. Set visibilityTimeout on the queue to at least ' +
      `Duration.seconds(${stop}), or lower 'stopTimeout'`);
  }
}

/** The queue's visibility timeout in seconds when this app defines the queue, else undefined. */
function visibilitySeconds(queue: sqs.IQueue): number | undefined {
  const cfn = queue.node.defaultChild;
  if (!(cfn instanceof sqs.CfnQueue)) {
    return undefined;
  }
  const visibility = cfn.visibilityTimeout ?? SQS_DEFAULT_VISIBILITY_SECONDS;
  return Token.isUnresolved(visibility) ? undefined : visibility;
}

/**
 * The worker's stop timeout when `stopTimeout` is left out: the library's 60 s, or the given queue's
 * visibility timeout when that is shorter (SQS's default is 30 s), so that a worker on an existing queue
 * with SQS defaults synthesizes; never below Fargate's 2 s minimum (ECS API
 * `ContainerDefinition.stopTimeout`: "The valid values for Fargate are 2-120 seconds"). Says so in a
 * warning when it differs from the library's default.
 */
export function defaultWorkerStopTimeout(scope: Construct, queue: sqs.IQueue | undefined): Duration {
  const library = defaults.WORKER_STOP_TIMEOUT;
  const visibility = queue ? visibilitySeconds(queue) : undefined;
  if (visibility === undefined || visibility >= library.toSeconds()) {
    return library;
  }
  const seconds = Math.max(visibility, FARGATE_STOP_TIMEOUT.min!);
  Annotations.of(scope).addWarningV2('cdk-ecs-essentials:workerStopTimeoutFromQueue',
    `'stopTimeout' follows the visibility timeout of 'queue' (${visibility} s${visibility === SQS_DEFAULT_VISIBILITY_SECONDS ? ', perhaps the SQS default' : ''}) ` +
    `instead of the library's ${library.toSeconds()} s: after SIGTERM a task has ${seconds} s to finish or return its message. ` +
    'For more, raise the queue\'s visibilityTimeout and set \'stopTimeout\' (at most the visibility timeout)');
  return Duration.seconds(seconds);
}

/** The worker's own queue and its dead-letter queue, both encrypted and reachable over TLS only. */
export function createWorkerQueues(scope: Construct): { queue: sqs.Queue; deadLetterQueue: sqs.Queue } {
  const deadLetterQueue = new sqs.Queue(scope, 'DeadLetterQueue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    retentionPeriod: defaults.WORKER_DEAD_LETTER_RETENTION,
  });
  const queue = new sqs.Queue(scope, 'Queue', {
    encryption: sqs.QueueEncryption.SQS_MANAGED,
    enforceSSL: true,
    visibilityTimeout: defaults.WORKER_QUEUE_VISIBILITY_TIMEOUT,
    deadLetterQueue: { queue: deadLetterQueue, maxReceiveCount: defaults.WORKER_MAX_RECEIVE_COUNT },
  });
  return { queue, deadLetterQueue };
}

/** A queue of this app without a dead-letter queue redelivers a poison message until it expires. */
export function warnAboutQueue(scope: Construct, queue: sqs.IQueue): void {
  if (queue instanceof sqs.Queue && queue.deadLetterQueue === undefined) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:queueWithoutDeadLetterQueue',
      `'queue' ${queue.node.path} has no dead-letter queue: a message that always fails is received again and again ` +
      'until its retention ends, and keeps the worker from scaling to zero. Give the queue deadLetterQueue: { queue, maxReceiveCount }');
  }
}

/** Scaling reads Container Insights task counts; without them the worker never scales. */
export function warnAboutContainerInsights(scope: Construct, cluster: ecs.ICluster): void {
  if (!containerInsightsEnabled(cluster)) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:queueScalingNeedsContainerInsights',
      `the worker scales on ECS/ContainerInsights task counts, but Container Insights is not enabled on cluster '${cluster.node.path}': ` +
      'without it the worker neither wakes from zero nor follows the backlog. Set containerInsightsV2 on the cluster ' +
      '(or acknowledge this warning when the account setting enables it).');
  }
}
