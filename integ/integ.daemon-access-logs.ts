// A log-router daemon on every EC2 instance, and an EC2 service whose public ALB writes access logs.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AlbAccessLogs, EssentialDaemonService, EssentialEc2Capacity, EssentialEc2Service, LoadBalancing } from '../src';
import { DeploymentAssertions } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeEc2Capacity, acknowledgeFinding, acknowledgeVpcWithoutFlowLogs, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
// ALB access logs need the Region at synth: the bucket policy names the Region's log writer.
const stack = new Stack(app, 'EcseDaemonAccessLogs', { env: { region: 'us-east-1' } });

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
// One On-Demand and one Spot instance: the daemon runs one task on each.
const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, minCapacityPerGroup: 1, maxCapacityPerGroup: 2 });

// Fluent Bit listening for the forward protocol on port 24224 of each instance (bridge mode, fixed host port).
const router = new EssentialDaemonService(stack, 'LogRouter', {
  capacity,
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

acknowledgeVpcWithoutFlowLogs(vpc);
acknowledgeEc2Capacity(capacity);
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
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
