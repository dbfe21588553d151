import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialDaemonService, EssentialManagedInstancesCapacity, EssentialManagedInstancesService, LoadBalancing, ServiceConnectMode } from '../src';
import { DeploymentAssertions, ExactValue, HTTP_TIMEOUT, POLL_INTERVAL } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeLoadBalancer, acknowledgeVpcWithoutFlowLogs, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseManagedInstances');
// Every Service Connect server warns that a replacing update fails (cdk-ecs-essentials:serviceConnectReplacement):
// these test stacks are deployed and destroyed whole, never updated by replacement.
Annotations.of(stack).acknowledgeWarning('cdk-ecs-essentials:serviceConnectReplacement',
  'integ stacks are created and destroyed whole; no update replaces a Service Connect service');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
// The defaults: an On-Demand and a Spot provider over Graviton instances, 2:1 with one On-Demand task as a floor.
const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

const orders = new EssentialManagedInstancesService(stack, 'Orders', {
  capacity,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
});
const web = new EssentialManagedInstancesService(stack, 'Web', {
  capacity,
  image,
  containerPort: 80,
  serviceConnect: ServiceConnectMode.client(),
  scaling: { minCapacity: 2, maxCapacity: 6 },
});
web.connectTo(orders);

// An ECS Managed Daemon: one Fluent Bit task on every instance of both providers, started before the
// application tasks on each new instance (forward protocol on port 24224 of the instance).
const agent = new EssentialDaemonService(stack, 'LogRouter', {
  capacity,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
  command: ['/fluent-bit/bin/fluent-bit', '-i', 'forward', '-o', 'stdout'],
  containerPort: 24224,
  cpu: 128,
  memoryLimitMiB: 128,
});

acknowledgeVpcWithoutFlowLogs(vpc);

acknowledgeFinding(capacity.infrastructureRole, 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances]',
  'ECS documents AmazonECSInfrastructureRolePolicyForManagedInstances for the Managed Instances infrastructure role (infrastructure_IAM_role.html): ' +
  'it holds the EC2 fleet, launch-template and instance actions ECS calls on tagged resources, and AWS updates it with the service.');
acknowledgeFinding(capacity.instanceRole, 'AwsSolutions-IAM5[Resource::*]',
  'ecs:DiscoverPollEndpoint, which the ECS agent on every Managed Instance calls first, supports no resource-level permissions; ' +
  'the agent\'s other actions are scoped to the cluster and its container instances.');
acknowledgeFinding(capacity.instanceRole, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:container-instance/<ClusterEB0386A7>/*]',
  'ecs:Poll, StartTelemetrySession and PutSystemLogEvents act on the container instance ARN, which ECS assigns when an instance registers; ' +
  'the wildcard covers only the container instances of this cluster.');

acknowledgeLoadBalancer(web.loadBalancer!, true);

const integ = new IntegTest(app, 'ManagedInstancesTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// Both Managed Instances capacity providers are ACTIVE: ECS accepted the roles, the instance profile and the launch template.
for (const provider of [capacity.onDemandProvider, capacity.spotProvider]) {
  const resource = provider.node.findAll().find((c) => c instanceof ecs.CfnCapacityProvider)!;
  check.apiAt('ECS', 'describeCapacityProviders', { capacityProviders: [check.physicalId(resource)] },
    'capacityProviders.0.status', new ExactValue('ACTIVE'));
}
// The daemon is ACTIVE: ECS accepted the daemon task definition, the roles and both capacity providers.
check.apiAt('ECS', 'describeDaemon', { daemonArn: agent.daemon!.attrDaemonArn }, 'daemon.status', new ExactValue('ACTIVE'));
// Services start, which makes ECS launch instances for them; the instances register with the cluster.
for (const service of [orders, web]) {
  check.serviceSteady(service, { desiredCount: 2 });
}
check.chain(integ.assertions.awsApiCall('ECS', 'listContainerInstances', { cluster: check.physicalId(cluster), status: 'ACTIVE' },
  ['containerInstanceArns.0'])
  .assertAtPath('containerInstanceArns.0', ExpectedResult.stringLikeRegexp(':container-instance/'))
  .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
// The client answers through its ALB, and the server's endpoint is registered in the namespace its clients resolve.
check.http(web.loadBalancer!, '/', { bodyPattern: 'Welcome to nginx' });
check.chain(integ.assertions.awsApiCall('ServiceDiscovery', 'discoverInstances', {
  NamespaceName: cluster.defaultCloudMapNamespace!.namespaceName,
  ServiceName: 'orders',
  HealthStatus: 'HEALTHY',
}, ['Instances.0.Attributes.AWS_INSTANCE_IPV4'])
  .assertAtPath('Instances.0.Attributes.AWS_INSTANCE_IPV4', ExpectedResult.stringLikeRegexp('^\\d+\\.\\d+\\.\\d+\\.\\d+$'))
  .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
