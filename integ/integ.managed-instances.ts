import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialManagedInstancesCapacity, EssentialManagedInstancesService, LoadBalancing, ServiceConnectMode } from '../src';
import { acknowledgeFinding, acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseManagedInstances');

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

Validations.of(vpc).acknowledge({
  id: 'AwsSolutions-VPC7',
  reason: 'VPC Flow Logs are billed per GB ingested and belong to the VPC owner; this library takes the cluster (and its VPC) as input. Production apps bring a VPC with the flow logs their organisation requires.',
});

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

new IntegTest(app, 'ManagedInstancesTest', { testCases: [stack] });
synthWithAwsSolutionsChecks(app);
