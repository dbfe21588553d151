// Workloads: a queue worker with its own queue, one on a given queue (both from and to zero), and a
// nightly job in a time zone, run by EventBridge Scheduler on Fargate Spot.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Aspects, Duration, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EcsLeastPrivilegeChecks, EssentialQueueWorker, EssentialScheduledJob, EcsFastDeployChecks, JobSchedule } from '../src';
import { DeploymentAssertions, SERVICE_STABLE_TIMEOUT, scalableResourceId } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeScheduledJob, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseWorkloads');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const alerts = new sns.Topic(stack, 'Alerts', { enforceSSL: true });

// A worker with its own queue and dead-letter queue, scaling from and to zero.
const thumbnails = new EssentialQueueWorker(stack, 'Thumbnails', {
  cluster,
  image,
  // Stands in for a consumer that is still busy: it keeps running (and leaves the message in the queue) until SIGTERM.
  command: ['sh', '-c', 'trap "exit 0" TERM; while true; do sleep 1; done'],
  queueScaling: { maxCapacity: 20, backlogPerTask: 10 },
  notificationTopic: alerts,
});

// A worker on a queue another team owns, staying at zero after five quiet minutes.
const ordersDlq = new sqs.Queue(stack, 'OrdersDlq', { enforceSSL: true, retentionPeriod: Duration.days(14) });
const orders = new sqs.Queue(stack, 'Orders', {
  enforceSSL: true,
  visibilityTimeout: Duration.minutes(5),
  deadLetterQueue: { queue: ordersDlq, maxReceiveCount: 3 },
});
const fulfilment = new EssentialQueueWorker(stack, 'Fulfilment', {
  cluster,
  image,
  queue: orders,
  stopTimeout: Duration.seconds(90),
  queueScaling: { maxCapacity: 5, backlogPerTask: 50, scaleToZeroAfter: Duration.minutes(5) },
});

// A nightly job at 02:00 in Seoul, on Fargate Spot, with failure notifications.
const nightly = new EssentialScheduledJob(stack, 'NightlyReport', {
  cluster,
  image,
  command: ['sh', '-c', 'echo report'],
  schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.ASIA_SEOUL }),
  notificationTopic: alerts,
});

for (const worker of [thumbnails, fulfilment]) {
  Validations.of(worker.taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason: 'The environment holds only QUEUE_URL, the address of the queue to poll, which is not a secret; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
  });
}
for (const dlq of [thumbnails.deadLetterQueue!, ordersDlq, nightly.deadLetterQueue]) {
  acknowledgeFinding(dlq, 'AwsSolutions-SQS3',
    'This queue is itself a dead-letter queue (of an SQS redrive policy or of an EventBridge Scheduler target); SQS3 asks for a DLQ on source queues only.');
}
acknowledgeScheduledJob(nightly);

Aspects.of(app).add(new EcsLeastPrivilegeChecks());
Aspects.of(app).add(new EcsFastDeployChecks());
const integ = new IntegTest(app, 'WorkloadsTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// The worker starts at zero tasks, and one message wakes it: the wake-up alarm raises the count from zero,
// which target tracking on backlog per task cannot do (it divides by the running count).
check.serviceSteady(thumbnails, { desiredCount: 0 });
check.chain(integ.assertions.awsApiCall('SQS', 'sendMessage', { QueueUrl: check.physicalId(thumbnails.queue), MessageBody: 'integ: wake up' }));
check.runningCount(thumbnails, 1, SERVICE_STABLE_TIMEOUT);
// The worker on a given queue scales on that queue: its backlog policy is attached to the service.
check.chain(integ.assertions.awsApiCall('ApplicationAutoScaling', 'describeScalableTargets', {
  ServiceNamespace: 'ecs', ResourceIds: [scalableResourceId(check.physicalId(fulfilment.service))],
}).expect(ExpectedResult.objectLike({ ScalableTargets: [Match.objectLike({ MinCapacity: 0, MaxCapacity: 5 })] })));
// The nightly job is scheduled at 02:00 in Seoul, enabled, with its retry policy and dead-letter queue.
check.chain(integ.assertions.awsApiCall('Scheduler', 'getSchedule', { Name: check.physicalId(nightly.schedule) })
  .expect(ExpectedResult.objectLike({
    ScheduleExpression: 'cron(0 2 * * ? *)',
    ScheduleExpressionTimezone: 'Asia/Seoul',
    State: 'ENABLED',
    Target: Match.objectLike({ DeadLetterConfig: Match.objectLike({}), RetryPolicy: Match.objectLike({}) }),
  })));
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
