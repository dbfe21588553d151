import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialEc2Capacity, EssentialEc2Service } from '../src';
import { DeploymentAssertions, ExactValue, HTTP_TIMEOUT, POLL_INTERVAL } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeEc2Capacity, acknowledgeLoadBalancer, acknowledgeVpcWithoutFlowLogs, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseEc2Capacity');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, minCapacityPerGroup: 1, maxCapacityPerGroup: 4 });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

const awsvpc = new EssentialEc2Service(stack, 'AwsVpcService', {
  capacity,
  image,
  containerPort: 80,
});
const bridge = new EssentialEc2Service(stack, 'BridgeService', {
  capacity,
  image,
  containerPort: 80,
  networkMode: ecs.NetworkMode.BRIDGE,
});

acknowledgeVpcWithoutFlowLogs(vpc);

acknowledgeEc2Capacity(capacity);

for (const service of [awsvpc, bridge]) {
  acknowledgeLoadBalancer(service.loadBalancer!, true);
}

Validations.of(awsvpc.taskDefinition).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'The only environment variable is AWS_REGION, which CDK\'s Ec2TaskDefinition adds to every container in awsvpc mode; it is the public Region name, not a secret, and the app sets no environment.',
});

const integ = new IntegTest(app, 'Ec2CapacityTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// Both capacity providers are ACTIVE: ECS accepted their Auto Scaling groups and managed scaling.
for (const provider of [capacity.onDemandProvider, capacity.spotProvider]) {
  const resource = provider.node.findAll().find((c) => c instanceof ecs.CfnCapacityProvider)!;
  check.apiAt('ECS', 'describeCapacityProviders', { capacityProviders: [check.physicalId(resource)] },
    'capacityProviders.0.status', new ExactValue('ACTIVE'));
}
// The instances (at least one per group: minCapacityPerGroup 1) registered with the cluster, so the
// user data, the instance role and the agent work: a second ARN means at least two registered.
check.chain(integ.assertions.awsApiCall('ECS', 'listContainerInstances', { cluster: check.physicalId(cluster), status: 'ACTIVE' },
  ['containerInstanceArns.1'])
  .assertAtPath('containerInstanceArns.1', ExpectedResult.stringLikeRegexp(':container-instance/'))
  .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
for (const service of [awsvpc, bridge]) {
  check.serviceSteady(service, { desiredCount: 2 });
  check.http(service.loadBalancer!, '/', { bodyPattern: 'Welcome to nginx' });
}
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
