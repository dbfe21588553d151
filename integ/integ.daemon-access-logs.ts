// A log-router daemon on every EC2 instance, and an EC2 service whose public ALB writes access logs.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AlbAccessLogs, EssentialEc2Capacity, EssentialEc2Service, LoadBalancing } from '../src';
import { DeploymentAssertions } from './support/assertions';
import { acknowledgeFinding, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
// ALB access logs need the Region at synth: the bucket policy names the Region's log writer.
const stack = new Stack(app, 'EcseDaemonAccessLogs', { env: { region: 'us-east-1' } });

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
// One On-Demand and one Spot instance: the daemon runs one task on each.
const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, minCapacityPerGroup: 1, maxCapacityPerGroup: 2 });

// Fluent Bit listening for the forward protocol on port 24224 of each instance (bridge mode, fixed host port).
const router = new EssentialEc2Service(stack, 'LogRouter', {
  capacity,
  daemon: true,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
  command: ['/fluent-bit/bin/fluent-bit', '-i', 'forward', '-o', 'stdout'],
  containerPort: 24224,
  cpu: 128,
  memoryLimitMiB: 128,
});

const web = new EssentialEc2Service(stack, 'Web', {
  capacity,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 80,
  networkMode: ecs.NetworkMode.BRIDGE,
  loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket() }),
});
const accessLogs = web.node.findChild('AccessLogs') as s3.Bucket;

Validations.of(vpc).acknowledge({
  id: 'AwsSolutions-VPC7',
  reason: 'VPC Flow Logs are billed per GB ingested and belong to the VPC owner; this library takes the cluster (and its VPC) as input. Production apps bring a VPC with the flow logs their organisation requires.',
});
Validations.of(capacity.role).acknowledge({
  id: 'AwsSolutions-IAM5[Action::ecs:Submit*]',
  reason: 'The ECS agent reports container, task and attachment state through ecs:SubmitContainerStateChange, SubmitTaskStateChange and SubmitAttachmentStateChanges (the Submit* of AmazonEC2ContainerServiceforEC2Role); the statement is scoped to the cluster ARN.',
});
Validations.of(capacity.role).acknowledge({
  id: 'AwsSolutions-IAM5[Resource::*]',
  reason: 'ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken support no resource-level permissions; ecs:Poll and ecs:StartTelemetrySession are conditioned on ecs:cluster; logs:CreateLogStream/PutLogEvents let the agent ship awslogs for tasks without an execution role, as in AmazonEC2ContainerServiceforEC2Role.',
});
for (const group of [capacity.onDemandGroup, capacity.spotGroup]) {
  Validations.of(group).acknowledge({
    id: 'AwsSolutions-AS3',
    reason: 'ECS managed scaling sets the desired capacity of these groups and managed draining moves tasks off terminating instances; ECS emits container instance state change events (the services notify on DRAINING), so ASG SNS notifications would duplicate them.',
  });
  Validations.of(group).acknowledge({
    id: 'AwsSolutions-EC26',
    reason: 'cdk-nag 3.0.2 EC26 reads only an ASG\'s LaunchTemplate property and throws on a MixedInstancesPolicy. Both launch templates map the root volume /dev/xvda as an encrypted gp3 EBS volume (pinned by the unit tests), so EBS encryption at rest holds.',
  });
}
// No AwsSolutions-ELB2 to acknowledge: the ALB writes access logs.
acknowledgeFinding(web.loadBalancer!, 'AwsSolutions-EC23',
  'An internet-facing ALB must accept 0.0.0.0/0 on its listener port to serve the public; the instances accept traffic from the ALB security group only.');
acknowledgeFinding(accessLogs, 'AwsSolutions-S1',
  'The bucket holds ALB access logs written by Elastic Load Balancing only; S3 server access logs of it would need a second log bucket. AlbAccessLogs.createBucket({ serverAccessLogsBucket }) takes a central logging bucket where the organisation requires one.');

const integ = new IntegTest(app, 'DaemonAccessLogsTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// One router task per instance (two instances: minCapacityPerGroup 1 in each group).
check.serviceSteady(router, { desiredCount: 2 });
check.serviceSteady(web, { desiredCount: 2 });
check.http(web.loadBalancer!, '/', { bodyPattern: 'Welcome to nginx' });
// Access logging is on: Elastic Load Balancing accepted the bucket (it refuses to enable logs on a bucket
// whose policy does not let it write, which would have failed the deployment).
check.chain(integ.assertions.awsApiCall('@aws-sdk/client-elastic-load-balancing-v2', 'describeLoadBalancerAttributes',
  { LoadBalancerArn: check.physicalId(web.loadBalancer!) })
  .expect(ExpectedResult.objectLike({ Attributes: Match.arrayWith([{ Key: 'access_logs.s3.enabled', Value: 'true' }]) })));
synthWithAwsSolutionsChecks(app);
