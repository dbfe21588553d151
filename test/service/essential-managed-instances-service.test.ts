import { App, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CapacityMix, EcsFault, EssentialManagedInstancesCapacity, EssentialManagedInstancesCapacityProps, EssentialManagedInstancesService,
  EssentialManagedInstancesServiceProps, LoadBalancing, ServiceConnectMode,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup(capacityProps: Partial<EssentialManagedInstancesCapacityProps> = {}) {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster, ...capacityProps });
  return { stack, cluster, capacity };
}

function synth(props: Partial<EssentialManagedInstancesServiceProps> = {}, capacityProps: Partial<EssentialManagedInstancesCapacityProps> = {}) {
  const { stack, cluster, capacity } = setup(capacityProps);
  const service = new EssentialManagedInstancesService(stack, 'Api', { image, capacity, ...props });
  return { stack, cluster, capacity, service, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialManagedInstancesServiceProps>, capacityProps: Partial<EssentialManagedInstancesCapacityProps> = {}) {
  return () => {
    const { stack, capacity } = setup(capacityProps);
    return new EssentialManagedInstancesService(stack, 'Api', { image, capacity, ...props });
  };
}

describe('EssentialManagedInstancesService defaults', () => {
  const { cluster, capacity, service, template } = synth();

  test('a MANAGED_INSTANCES task definition: awsvpc, Linux ARM64, task-level 256 CPU units and 512 MiB; app on 8080 with a 2 s stop timeout', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['MANAGED_INSTANCES'],
      NetworkMode: 'awsvpc',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      Cpu: '256',
      Memory: '512',
      EnableFaultInjection: Match.absent(),
      ContainerDefinitions: [Match.objectLike({
        Name: 'app',
        StopTimeout: 2,
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
        LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b' }) },
      })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    expect(service.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
  });

  test('the capacity strategy (On-Demand base 1 weight 2, Spot weight 1), no launch type and no platform version', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: Match.absent(),
      PlatformVersion: Match.absent(),
      CapacityProviderStrategy: [
        { CapacityProvider: { Ref: Match.stringLikeRegexp('CapacityOnDemandProvider') }, Weight: 2, Base: 1 },
        { CapacityProvider: { Ref: Match.stringLikeRegexp('CapacitySpotProvider') }, Weight: 1 },
      ],
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('fast-deploy service settings: 2 tasks, 100/200 %, circuit breaker with rollback, 10 s grace, tags propagated', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      HealthCheckGracePeriodSeconds: 10,
      EnableExecuteCommand: false,
      PropagateTags: 'SERVICE',
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  test('public ALB with an IP target group: 5 s checks, healthy after 2, 5 s deregistration delay', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8080,
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
    });
  });

  test('exposes a FargateService in capacity.cluster, the task definition, container, capacity and the tasks\' security group', () => {
    expect(service.service).toBeInstanceOf(ecs.FargateService);
    expect(service.cluster).toBe(cluster);
    expect(service.capacity).toBe(capacity);
    expect(service.taskDefinition.isManagedInstancesCompatible).toBe(true);
    expect(service.container.containerName).toBe('app');
    expect(service.containerPort).toBe(8080);
    expect(service.taskCpu).toBe(256);
    expect(service.taskMemoryMiB).toBe(512);
    expect(service.connections.securityGroups).toHaveLength(1);
    expect(service.targetGroup).toBeDefined();
    expect(service.scalableTaskCount).toBeUndefined();
  });

  test('no notification rules and no warnings without options', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(Annotations.fromStack(Stack.of(service)).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('EssentialManagedInstancesService overrides', () => {
  test('cpu, memory, architecture of an x86 capacity, no load balancer', () => {
    const props = { cpu: 1024, memoryLimitMiB: 2048, cpuArchitecture: ecs.CpuArchitecture.X86_64, loadBalancing: LoadBalancing.none() };
    const { template, service } = synth(props, {
      instanceRequirements: { cpuManufacturers: [ec2.CpuManufacturer.INTEL], vCpuCountMin: 2, memoryMin: Size.gibibytes(4) },
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '1024', Memory: '2048', RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'LINUX' } });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    expect(service.targetGroup).toBeUndefined();
  });

  test('the architecture follows an x86 capacity when not given', () => {
    const instanceRequirements = { cpuManufacturers: [ec2.CpuManufacturer.AMD], vCpuCountMin: 2, memoryMin: Size.gibibytes(4) };
    const { service } = synth({}, { instanceRequirements });
    expect(service.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
  });

  test('notificationTopic: Spot interruptions, task stops, failed deployments and draining instances of the cluster', () => {
    const { stack, capacity } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    new EssentialManagedInstancesService(stack, 'Api', { image, capacity, notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 4);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Container Instance State Change'], 'detail': Match.objectLike({ status: ['DRAINING'] }) }),
    });
  });

  test('Service Connect adds the proxy headroom to the task-level CPU and memory', () => {
    const { template, service } = synth({ serviceConnect: ServiceConnectMode.server() });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '512', Memory: '576' });
    template.hasResourceProperties('AWS::ECS::Service', { ServiceConnectConfiguration: Match.objectLike({ Enabled: true }) });
    expect(service.serviceConnectEndpoint).toBe('http://api:8080');
  });

  test('connectTo lets a client call a server and deploys the server first', () => {
    const { stack, capacity } = setup();
    const server = new EssentialManagedInstancesService(stack, 'Orders', {
      image, capacity, serviceConnect: ServiceConnectMode.server(), loadBalancing: LoadBalancing.none(),
    });
    const client = new EssentialManagedInstancesService(stack, 'Web', { image, capacity, serviceConnect: ServiceConnectMode.client() });
    client.connectTo(server);
    const template = Template.fromStack(stack);
    template.hasResource('AWS::ECS::Service', { DependsOn: Match.arrayWith([Match.stringLikeRegexp('OrdersService')]) });
  });

  test('scaling gives a scalable task count; stopTask chaos experiments need no fault injection', () => {
    const { stack, capacity } = setup();
    const service = new EssentialManagedInstancesService(stack, 'Api', { image, capacity, scaling: { minCapacity: 2, maxCapacity: 6 } });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:api-5xx');
    service.addChaosExperiments('Chaos', { faults: [EcsFault.stopTask()], stopConditions: [alarm] });
    const template = Template.fromStack(stack);
    expect(service.scalableTaskCount).toBeDefined();
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 2, MaxCapacity: 6 });
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
  });

  test('stop timeouts above the Fargate cap of 120 s are allowed', () => {
    const { stack, capacity } = setup({ mix: CapacityMix.onDemandOnly() });
    expect(() => new EssentialManagedInstancesService(stack, 'Api', { image, capacity, fastDeploy: { stopTimeout: Duration.seconds(300) } })).not.toThrow();
  });
});

describe('EssentialManagedInstancesService warnings', () => {
  test('warns when the stop timeout outlasts the two-minute Spot warning', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(150) } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('two-minute Spot interruption warning'));
  });

  test('no Spot warnings when the capacity places nothing on Spot', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(150) } }, { mix: CapacityMix.onDemandOnly() });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('EssentialManagedInstancesService validation', () => {
  test('fails when the capacity belongs to another cluster', () => {
    const { stack, capacity } = setup();
    const other = new ecs.Cluster(stack, 'Other', { vpc: capacity.cluster.vpc });
    expect(() => new EssentialManagedInstancesService(stack, 'Api', { image, capacity, cluster: other }))
      .toThrow(/'capacity' must belong to 'cluster'.*got cluster 'Test\/Other'/);
  });

  test('passing capacity.cluster explicitly is the same as leaving it out', () => {
    const { stack, capacity } = setup();
    expect(new EssentialManagedInstancesService(stack, 'Api', { image, capacity, cluster: capacity.cluster }).cluster).toBe(capacity.cluster);
  });

  test('fails when enableFaultInjection is set', () => {
    expect(build({ enableFaultInjection: true })).toThrow(/'enableFaultInjection' is not available on ECS Managed Instances.*got true/);
  });

  test('fails when faultInjectionSidecarImage is set', () => {
    expect(build({ faultInjectionSidecarImage: image })).toThrow(/'faultInjectionSidecarImage' only applies with 'enableFaultInjection'/);
  });

  test('fails when cpuArchitecture does not match the capacity\'s instances', () => {
    expect(build({ cpuArchitecture: ecs.CpuArchitecture.X86_64 }))
      .toThrow(/'cpuArchitecture' must match the instances of 'capacity' \(ARM64.*use ecs.CpuArchitecture.ARM64.*got X86_64/);
  });

  test('fails when cpu is outside the ECS task range', () => {
    expect(build({ cpu: 64 })).toThrow(/'cpu' must be an integer from 128 to 196608, got 64/);
  });

  test('fails when cpu does not fit the largest instance the capacity may launch', () => {
    expect(build({ cpu: 16384, memoryLimitMiB: 2048 })).toThrow(/'cpu' must fit the largest instance 'capacity' may launch \(8192 units.*got 16384/);
  });

  test('fails when memoryLimitMiB does not fit the largest instance the capacity may launch', () => {
    expect(build({ memoryLimitMiB: 40_000 })).toThrow(/'memoryLimitMiB' must fit the largest instance 'capacity' may launch \(32768 MiB.*got 40000/);
  });

  test('Service Connect proxy headroom counts against the largest instance', () => {
    expect(build({ cpu: 8192, memoryLimitMiB: 2048, serviceConnect: ServiceConnectMode.client() }))
      .toThrow(/\(8192 units.*256 of them for the Service Connect proxy/);
  });

  test('fails when memoryLimitMiB is below the 6 MiB Docker minimum', () => {
    expect(build({ memoryLimitMiB: 4 })).toThrow(/'memoryLimitMiB' must be an integer from 6 to 1048576, got 4/);
  });

  test('skips cpu and memory checks for tokens, which reach the task definition', () => {
    const cpu = Token.asNumber({ Ref: 'Cpu' });
    const memoryLimitMiB = Token.asNumber({ Ref: 'Memory' });
    const { template } = synth({ cpu, memoryLimitMiB });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: { Ref: 'Cpu' }, Memory: { Ref: 'Memory' } });
  });

  test('fails when the stop timeout is above a day', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.days(2) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 86400/);
  });

  test('still applies the shared validation and reports several problems at once', () => {
    expect(build({ containerPort: 0, enableFaultInjection: true })).toThrow(/2 invalid props/);
  });
});
