// Monitoring: one dashboard with the recommended alarms over a public web client and a Service Connect
// server (EssentialServiceMonitoring), and a queue worker monitored through enableMonitoring.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, Aspects, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  EcsLeastPrivilegeChecks, EssentialFargateService, EssentialQueueWorker, EssentialServiceMonitoring, EcsFastDeployChecks, LoadBalancing,
  ServiceConnectMode,
} from '../src';
import { DeploymentAssertions, ExactValue } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseMonitoring');
// Every Service Connect server warns that a replacing update fails (cdk-ecs-essentials:serviceConnectReplacement):
// these test stacks are deployed and destroyed whole, never updated by replacement.
Annotations.of(stack).acknowledgeWarning('cdk-ecs-essentials:serviceConnectReplacement',
  'integ stacks are created and destroyed whole; no update replaces a Service Connect service');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
cluster.addDefaultCloudMapNamespace({ name: 'monitoring.local', useForServiceConnect: true });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const alerts = new sns.Topic(stack, 'Alerts', { enforceSSL: true });

const orders = new EssentialFargateService(stack, 'Orders', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
});
const web = new EssentialFargateService(stack, 'Web', {
  cluster,
  image,
  containerPort: 80,
  serviceConnect: ServiceConnectMode.client(),
  environment: { ORDERS_URL: orders.serviceConnectEndpoint! },
});
web.connectTo(orders);
const ops = new EssentialServiceMonitoring(stack, 'Ops', { services: [web, orders], notificationTopic: alerts, dashboardName: 'ecse-monitoring-shop' });

// The shorthand: a worker with its own dashboard and alarms (a non-empty dead-letter queue among them).
const worker = new EssentialQueueWorker(stack, 'Thumbnails', {
  cluster,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
  command: ['sh', '-c', 'sleep 3600'],
  enableMonitoring: true,
  notificationTopic: alerts,
});

Validations.of(web.taskDefinition).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'The environment holds only the Service Connect endpoint of orders (http://orders:80), which is not a secret; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
});
Validations.of(worker.taskDefinition).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'The environment holds only QUEUE_URL, the address of the queue to poll, which is not a secret; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
});
acknowledgeFinding(worker.deadLetterQueue!, 'AwsSolutions-SQS3',
  'This queue is itself the dead-letter queue of the worker\'s queue (SQS redrive policy); SQS3 asks for a DLQ on source queues only.');
acknowledgeLoadBalancer(web.loadBalancer!, true);

Aspects.of(app).add(new EcsLeastPrivilegeChecks());
Aspects.of(app).add(new EcsFastDeployChecks());
const integ = new IntegTest(app, 'MonitoringTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
for (const service of [orders, web]) {
  check.serviceSteady(service, { desiredCount: 2 });
}
// CloudWatch accepted both dashboard bodies (PutDashboard validates every widget and metric).
for (const dashboard of [ops.dashboard, worker.monitoring!.dashboard]) {
  check.apiAt('CloudWatch', 'getDashboard', { DashboardName: check.physicalId(dashboard) }, 'DashboardName',
    new ExactValue(check.physicalId(dashboard)));
}
// The recommended alarms exist with their documented thresholds and notify the topic.
const alarmThresholds: Array<[cloudwatch.Alarm, number]> = [
  [ops.alarmsOf(web).find((a) => a.node.id === 'CpuHigh')!, 85],
  [ops.alarmsOf(orders).find((a) => a.node.id === 'ServiceConnect5xxRate')!, 5],
  [worker.monitoring!.alarmsOf(worker).find((a) => a.node.id === 'DeadLetterQueueNotEmpty')!, 1],
];
for (const [alarm, threshold] of alarmThresholds) {
  check.apiAt('CloudWatch', 'describeAlarms', { AlarmNames: [check.physicalId(alarm)] }, 'MetricAlarms.0.Threshold', new ExactValue(threshold));
}
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
