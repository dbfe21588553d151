import { Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { image, newStack } from './support';
import {
  EnvironmentNetwork, EssentialDaemonService, EssentialEc2Capacity, EssentialEc2Service, EssentialEnvironment, EssentialFargateService,
  EssentialManagedInstancesCapacity, EssentialManagedInstancesService, EssentialQueueWorker, EssentialScheduledJob, JobSchedule, LoadBalancing,
} from '../../src';

const schedule = JobSchedule.rate(Duration.hours(6));

/** A worker and a job in an environment of `network`, and the template. */
function workerAndJob(network: EnvironmentNetwork) {
  const stack = newStack();
  const env = new EssentialEnvironment(stack, 'Env', { network });
  new EssentialQueueWorker(stack, 'Worker', { essentialEnvironment: env, image });
  new EssentialScheduledJob(stack, 'Job', { essentialEnvironment: env, image, schedule });
  new EssentialFargateService(stack, 'Backend', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.none() });
  return { stack, env, template: Template.fromStack(stack) };
}

/** The subnet refs the environment's `type` subnets have. */
function subnetRefs(env: EssentialEnvironment, type: ec2.SubnetType): unknown[] {
  return env.vpc.selectSubnets({ subnetType: type }).subnets.map((s) => ({ Ref: Stack.of(env).getLogicalId(s.node.defaultChild as ec2.CfnSubnet) }));
}

describe('placement in an environment', () => {
  test('publicSubnetsOnly(): the service, the worker and the job run in public subnets with a public IP', () => {
    const { env, template } = workerAndJob(EnvironmentNetwork.publicSubnetsOnly());
    const publicSubnets = subnetRefs(env, ec2.SubnetType.PUBLIC);
    const services = template.findResources('AWS::ECS::Service');
    expect(Object.keys(services)).toHaveLength(2);
    for (const service of Object.values(services)) {
      expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration).toEqual(expect.objectContaining({ AssignPublicIp: 'ENABLED', Subnets: publicSubnets }));
    }
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: { EcsParameters: { NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'ENABLED', Subnets: publicSubnets } } } },
    });
  });

  test.each([
    ['natPerAz', EnvironmentNetwork.natPerAz()],
    ['singleNat', EnvironmentNetwork.singleNat()],
  ])('%s(): the service, the worker and the job run in private subnets without a public IP', (_name, network) => {
    const { env, template } = workerAndJob(network);
    const privateSubnets = subnetRefs(env, ec2.SubnetType.PRIVATE_WITH_EGRESS);
    for (const service of Object.values(template.findResources('AWS::ECS::Service'))) {
      expect(service.Properties.NetworkConfiguration.AwsvpcConfiguration).toEqual(expect.objectContaining({ AssignPublicIp: 'DISABLED', Subnets: privateSubnets }));
    }
    const job = Object.values(template.findResources('AWS::Scheduler::Schedule'))[0];
    const awsvpc = job.Properties.Target.EcsParameters.NetworkConfiguration.AwsvpcConfiguration;
    expect(awsvpc.AssignPublicIp).not.toBe('ENABLED');
    expect(awsvpc.Subnets).toEqual(privateSubnets);
  });

  test('an explicit assignPublicIp and taskSubnets win over the environment\'s', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env', { network: EnvironmentNetwork.publicSubnetsOnly() });
    const first = env.vpc.publicSubnets[0];
    new EssentialQueueWorker(stack, 'Worker', { essentialEnvironment: env, image, assignPublicIp: false, taskSubnets: { subnets: [first] } });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED', Subnets: [{ Ref: stack.getLogicalId(first.node.defaultChild as ec2.CfnSubnet) }] } },
    });
  });

  test('every workload runs in the environment\'s cluster', () => {
    const { env, template } = workerAndJob(EnvironmentNetwork.singleNat());
    const clusterId = Stack.of(env).getLogicalId(env.cluster.node.defaultChild as ecs.CfnCluster);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.allResourcesProperties('AWS::ECS::Service', { Cluster: { Ref: clusterId } });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { Target: { Arn: { 'Fn::GetAtt': [clusterId, 'Arn'] } } });
  });

  test('EC2 and Managed Instances capacities and their services take the environment', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env', { network: EnvironmentNetwork.publicSubnetsOnly() });
    const ec2Capacity = new EssentialEc2Capacity(stack, 'Ec2', { essentialEnvironment: env });
    const miCapacity = new EssentialManagedInstancesCapacity(stack, 'Mi', { essentialEnvironment: env });
    new EssentialEc2Service(stack, 'Api', { essentialEnvironment: env, capacity: ec2Capacity, image, loadBalancing: LoadBalancing.none() });
    new EssentialManagedInstancesService(stack, 'MiApi', { essentialEnvironment: env, capacity: miCapacity, image, loadBalancing: LoadBalancing.none() });
    expect(ec2Capacity.cluster).toBe(env.cluster);
    expect(miCapacity.cluster).toBe(env.cluster);
    const template = Template.fromStack(stack);
    // Without NAT, instances in the public subnets reach ECS and ECR through a public IP.
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ NetworkInterfaces: [Match.objectLike({ AssociatePublicIpAddress: true })] }),
    });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', { VPCZoneIdentifier: subnetRefs(env, ec2.SubnetType.PUBLIC) });
  });

  test('awsvpc tasks on EC2 and Managed Instances warn in publicSubnetsOnly(): ECS gives them no public IP; bridge tasks and NAT profiles do not', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env', { network: EnvironmentNetwork.publicSubnetsOnly() });
    const ec2Capacity = new EssentialEc2Capacity(stack, 'Ec2', { essentialEnvironment: env });
    const miCapacity = new EssentialManagedInstancesCapacity(stack, 'Mi', { essentialEnvironment: env });
    new EssentialEc2Service(stack, 'Awsvpc', { essentialEnvironment: env, capacity: ec2Capacity, image, loadBalancing: LoadBalancing.none() });
    new EssentialEc2Service(stack, 'Bridge', {
      essentialEnvironment: env, capacity: ec2Capacity, image, loadBalancing: LoadBalancing.none(), networkMode: ecs.NetworkMode.BRIDGE,
    });
    new EssentialManagedInstancesService(stack, 'MiApi', { essentialEnvironment: env, capacity: miCapacity, image, loadBalancing: LoadBalancing.none() });
    const warned = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('awsvpcTasksWithoutPublicIp')).map((w) => w.id);
    expect(warned).toEqual(['/Test/Awsvpc', '/Test/MiApi']);

    const withNat = newStack();
    const natEnv = new EssentialEnvironment(withNat, 'Env', { network: EnvironmentNetwork.singleNat() });
    new EssentialEc2Service(withNat, 'Awsvpc', {
      essentialEnvironment: natEnv, capacity: new EssentialEc2Capacity(withNat, 'Ec2', { essentialEnvironment: natEnv }), image, loadBalancing: LoadBalancing.none(),
    });
    Annotations.fromStack(withNat).hasNoWarning('*', Match.stringLikeRegexp('awsvpcTasksWithoutPublicIp'));
  });

  test('no awsvpc warning in publicSubnetsOnly() when the environment has the ECR and CloudWatch Logs interface endpoints', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env', {
      network: EnvironmentNetwork.publicSubnetsOnly(),
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      ],
    });
    const capacity = new EssentialEc2Capacity(stack, 'Ec2', { essentialEnvironment: env });
    new EssentialEc2Service(stack, 'Awsvpc', { essentialEnvironment: env, capacity, image, loadBalancing: LoadBalancing.none() });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('awsvpcTasksWithoutPublicIp'));

    // ECR alone is not enough: awslogs needs the Logs endpoint too.
    const partial = newStack();
    const ecrOnly = new EssentialEnvironment(partial, 'Env', {
      network: EnvironmentNetwork.publicSubnetsOnly(),
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER],
    });
    new EssentialEc2Service(partial, 'Awsvpc', {
      essentialEnvironment: ecrOnly, capacity: new EssentialEc2Capacity(partial, 'Ec2', { essentialEnvironment: ecrOnly }), image, loadBalancing: LoadBalancing.none(),
    });
    Annotations.fromStack(partial).hasWarning('/Test/Awsvpc', Match.stringLikeRegexp('ECR, ECR_DOCKER and CLOUDWATCH_LOGS.*awsvpcTasksWithoutPublicIp'));
  });

  test('fails when an internal ALB is asked for in publicSubnetsOnly()', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env', { network: EnvironmentNetwork.publicSubnetsOnly() });
    expect(() => new EssentialFargateService(stack, 'Api', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.internalAlb() }))
      .toThrow(/'loadBalancing' LoadBalancing.internalAlb\(\) needs private subnets, and the environment 'Test\/Env' has public subnets only .*got internalAlb\(\)/);
  });

  test.each([
    ['EssentialFargateService', 'cluster', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialFargateService(s, 'X', { essentialEnvironment: env, cluster, image })],
    ['EssentialQueueWorker', 'cluster', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialQueueWorker(s, 'X', { essentialEnvironment: env, cluster, image })],
    ['EssentialScheduledJob', 'cluster', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialScheduledJob(s, 'X', { essentialEnvironment: env, cluster, image, schedule })],
    ['EssentialFargateService', 'vpc', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialFargateService(s, 'X', { essentialEnvironment: env, vpc: cluster.vpc, image })],
    ['EssentialScheduledJob', 'vpc', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialScheduledJob(s, 'X', { essentialEnvironment: env, vpc: cluster.vpc, image, schedule })],
    ['EssentialEc2Capacity', 'cluster', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialEc2Capacity(s, 'X', { essentialEnvironment: env, cluster })],
    ['EssentialManagedInstancesCapacity', 'cluster', (s: Stack, env: EssentialEnvironment, cluster: ecs.Cluster) =>
      new EssentialManagedInstancesCapacity(s, 'X', { essentialEnvironment: env, cluster })],
  ])('fails when %s gets both essentialEnvironment and %s', (_construct, prop, create) => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env');
    const cluster = new ecs.Cluster(stack, 'Cluster');
    expect(() => create(stack, env, cluster))
      .toThrow(new RegExp(`'essentialEnvironment' and '${prop}' are exclusive: the environment brings its cluster and VPC, give one or the other, got both`));
  });

  test('fails when a capacity gets neither cluster nor essentialEnvironment', () => {
    const stack = newStack();
    expect(() => new EssentialEc2Capacity(stack, 'Ec2', {}))
      .toThrow(/'cluster' or 'essentialEnvironment' is required: the capacity providers belong to one cluster, got neither/);
  });

  test.each([
    ['EssentialEc2Service', (s: Stack, env: EssentialEnvironment, capacity: EssentialEc2Capacity) =>
      new EssentialEc2Service(s, 'Api', { essentialEnvironment: env, capacity, image })],
    ['EssentialDaemonService', (s: Stack, env: EssentialEnvironment, capacity: EssentialEc2Capacity) =>
      new EssentialDaemonService(s, 'Agent', { essentialEnvironment: env, capacity, image })],
  ])('fails when %s gets a capacity of another cluster than its environment\'s', (_construct, create) => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env');
    const capacity = new EssentialEc2Capacity(stack, 'Other', { cluster: new ecs.Cluster(stack, 'Cluster') });
    expect(() => create(stack, env, capacity))
      .toThrow(/'capacity' must belong to the cluster of 'essentialEnvironment' 'Test\/Env': create it with essentialEnvironment, got capacity 'Test\/Other' of another cluster/);
  });

  test('fails when an EC2 service gets both essentialEnvironment and cluster', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Env');
    const capacity = new EssentialEc2Capacity(stack, 'Ec2', { essentialEnvironment: env });
    expect(() => new EssentialEc2Service(stack, 'Api', { essentialEnvironment: env, cluster: env.cluster, capacity, image }))
      .toThrow(/'essentialEnvironment' and 'cluster' are exclusive/);
  });
});
