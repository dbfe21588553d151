import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import {
  CapacityMix, EssentialEc2Capacity, EssentialEc2CapacityProps, EssentialEc2Service, EssentialEc2ServiceProps, LoadBalancing, Rollout,
  ServiceConnectMode,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

interface Setup {
  readonly stack: Stack;
  readonly cluster: ecs.Cluster;
  readonly capacity: EssentialEc2Capacity;
}

function setup(capacityProps: Partial<EssentialEc2CapacityProps> = {}): Setup {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, ...capacityProps });
  return { stack, cluster, capacity };
}

function synth(props: Partial<EssentialEc2ServiceProps> = {}, capacityProps: Partial<EssentialEc2CapacityProps> = {}) {
  const { stack, cluster, capacity } = setup(capacityProps);
  const service = new EssentialEc2Service(stack, 'Api', { image, cluster, capacity, ...props });
  return { stack, capacity, service, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialEc2ServiceProps>, capacityProps: Partial<EssentialEc2CapacityProps> = {}): () => EssentialEc2Service {
  return () => {
    const { stack, cluster, capacity } = setup(capacityProps);
    return new EssentialEc2Service(stack, 'Api', { image, cluster, capacity, ...props });
  };
}

describe('EssentialEc2Service defaults', () => {
  const { stack, capacity, service, template } = synth();

  test('awsvpc EC2 task definition with task-level 256 CPU units and 512 MiB; app container on port 8080, 2 s stop timeout', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['EC2'],
      // Task-level sizes, as on Fargate: the application container has no limits of its own.
      Cpu: '256',
      Memory: '512',
      ContainerDefinitions: [Match.objectLike({
        Name: 'app',
        Memory: Match.absent(),
        MemoryReservation: Match.absent(),
        Cpu: Match.absent(),
        StopTimeout: 2,
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }],
      })],
    });
  });

  test('non-blocking awslogs into a log group kept one month', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b' }) },
      })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the capacity strategy: On-Demand base 1 weight 2, Spot weight 1, no launch type', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: Match.absent(),
      CapacityProviderStrategy: [
        { CapacityProvider: { Ref: Match.stringLikeRegexp('CapacityOnDemandProvider') }, Weight: 2, Base: 1 },
        { CapacityProvider: { Ref: Match.stringLikeRegexp('CapacitySpotProvider') }, Weight: 1 },
      ],
    });
  });

  test('placement: spread across Availability Zones, then binpack on memory', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      PlacementStrategies: [
        { Type: 'spread', Field: 'attribute:ecs.availability-zone' },
        { Type: 'binpack', Field: 'MEMORY' },
      ],
    });
  });

  test('fast-deploy service settings: 2 tasks, 100/200 %, circuit breaker with rollback, 10 s grace', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      HealthCheckGracePeriodSeconds: 10,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('public ALB with an IP target group: 5 s checks, healthy after 2, 5 s deregistration delay', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8080,
      HealthCheckIntervalSeconds: 5,
      HealthyThresholdCount: 2,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
    });
  });

  test('exposes the EC2 service, task definition, container, capacity and the tasks\' security group', () => {
    expect(service.service).toBeInstanceOf(ecs.Ec2Service);
    expect(service.taskDefinition).toBeInstanceOf(ecs.TaskDefinition);
    expect(service.taskDefinition.isEc2Compatible).toBe(true);
    expect(service.taskDefinition.isFargateCompatible).toBe(false);
    expect(service.cluster).toBe(capacity.cluster);
    expect(service.taskCpu).toBe(256);
    expect(service.taskMemoryMiB).toBe(512);
    expect(service.container.containerName).toBe('app');
    expect(service.capacity).toBe(capacity);
    expect(service.networkMode).toBe(ecs.NetworkMode.AWS_VPC);
    expect(service.connections.securityGroups).toHaveLength(1);
    expect(service.connections.securityGroups).not.toEqual(capacity.connections.securityGroups);
  });

  test('no notification rules and no warnings without options', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('EssentialEc2Service bridge mode', () => {
  const { capacity, template } = synth({ networkMode: ecs.NetworkMode.BRIDGE });

  test('dynamic host port and no awsvpc configuration', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'bridge',
      ContainerDefinitions: [Match.objectLike({ PortMappings: [{ ContainerPort: 8080, HostPort: 0, Protocol: 'tcp' }] })],
    });
    template.hasResourceProperties('AWS::ECS::Service', { NetworkConfiguration: Match.absent() });
  });

  test('instance target group whose health check follows the traffic port', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'instance',
      HealthCheckPort: 'traffic-port',
    });
  });

  test('the ALB reaches the instances on the ephemeral port range', () => {
    const stack = Stack.of(capacity);
    const instanceGroup = stack.resolve((capacity.connections.securityGroups[0] as ec2.SecurityGroup).securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 32768,
      ToPort: 65535,
      GroupId: instanceGroup,
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('ApiLoadBalancerSecurityGroup'), 'GroupId'] },
    });
  });
});

describe('EssentialEc2Service overrides', () => {
  test('cpu, memory and placement strategies are overridable', () => {
    const { template } = synth({ cpu: 1024, memoryLimitMiB: 2048, placementStrategies: [ecs.PlacementStrategy.packedByCpu()] });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '1024',
      Memory: '2048',
      ContainerDefinitions: [Match.objectLike({ Cpu: Match.absent(), Memory: Match.absent() })],
    });
    template.hasResourceProperties('AWS::ECS::Service', { PlacementStrategies: [{ Type: 'binpack', Field: 'CPU' }] });
  });

  test('stop timeouts above the Fargate cap of 120 s are allowed on EC2', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(300) } }, { mix: CapacityMix.onDemandOnly() })).not.toThrow();
  });

  test('notifications include container instances of the cluster that start draining', () => {
    const { stack, cluster, capacity } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    new EssentialEc2Service(stack, 'Api', { image, cluster, capacity, notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        'source': ['aws.ecs'],
        'detail-type': ['ECS Container Instance State Change'],
        'detail': { clusterArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] }], status: ['DRAINING'] },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ detail: Match.objectLike({ stopCode: ['SpotInterruption', 'TerminationNotice'] }) }),
    });
  });

  test('fault injection: enableFaultInjection and pidMode task on the EC2 task definition, plus the SSM agent sidecar sharing the task-level memory', () => {
    const { template } = synth({ enableFaultInjection: true });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      EnableFaultInjection: true,
      PidMode: 'task',
      Memory: '512',
      ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'app', Memory: Match.absent() })]),
    });
    // With task-level memory the sidecar needs no reservation of its own.
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'amazon-ssm-agent', MemoryReservation: Match.absent(), Memory: Match.absent() })]),
    });
  });

  test('no load balancer with LoadBalancing.none()', () => {
    const { template, service } = synth({ loadBalancing: LoadBalancing.none() });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: Match.absent(), LoadBalancers: Match.absent() });
    expect(service.targetGroup).toBeUndefined();
  });
});

describe('EssentialEc2Service warnings', () => {
  test('warns when the stop timeout outlasts the two-minute Spot warning', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(180) } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp("'fastDeploy.stopTimeout' 180 s is longer than the two-minute Spot.*cdk-ecs-essentials:stopTimeoutBeyondSpotWarning"));
  });

  test('warns when the deregistration delay is not shorter than the Spot warning', () => {
    const { stack } = synth({ fastDeploy: { deregistrationDelay: Duration.seconds(120) } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp("'fastDeploy.deregistrationDelay' 120 s .*not shorter than the two-minute Spot.*cdk-ecs-essentials:deregistrationDelayBeyondSpotWarning"));
  });

  test('no Spot warnings when the capacity places nothing on Spot', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(180) } }, { mix: CapacityMix.onDemandOnly() });
    expect(Annotations.fromStack(stack).findWarning('/Test/Api', Match.anyValue())).toEqual([]);
  });
});

describe('EssentialEc2Service validation', () => {
  test('fails when the capacity belongs to another cluster', () => {
    expect(() => {
      const { stack, capacity } = setup();
      const other = new ecs.Cluster(stack, 'Other', { vpc: capacity.cluster.vpc });
      new EssentialEc2Service(stack, 'Api', { image, cluster: other, capacity });
    }).toThrow(/'capacity' must belong to 'cluster'.*got cluster 'Test\/Other'/);
  });

  test('fails when networkMode is neither AWS_VPC nor BRIDGE', () => {
    expect(build({ networkMode: ecs.NetworkMode.HOST })).toThrow(/'networkMode' must be ecs.NetworkMode.AWS_VPC or ecs.NetworkMode.BRIDGE, got host/);
  });

  test('a bridge service on a shared listener registers instances on dynamic ports', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    const lb = new elbv2.ApplicationLoadBalancer(stack, 'Alb', { vpc: cluster.vpc });
    const listener = lb.addListener('Listener', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    // WHEN
    new EssentialEc2Service(stack, 'Api', {
      image,
      cluster,
      capacity,
      networkMode: ecs.NetworkMode.BRIDGE,
      loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/api/*'] }),
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'instance',
      HealthCheckPort: 'traffic-port',
      HealthCheckIntervalSeconds: 5,
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 10 });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 32768, ToPort: 65535, Description: 'Load balancer to target' });
  });

  test('fails when a bridge service asks for fault injection', () => {
    expect(build({ networkMode: ecs.NetworkMode.BRIDGE, enableFaultInjection: true })).toThrow(/'enableFaultInjection' needs 'networkMode' AWS_VPC.*got BRIDGE/);
  });

  test('fails when a bridge service sets task subnets or security groups', () => {
    expect(build({ networkMode: ecs.NetworkMode.BRIDGE, taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }))
      .toThrow(/'taskSubnets' and 'securityGroups' apply to AWS_VPC tasks only.*got 'networkMode' BRIDGE/);
  });

  test('fails when memoryLimitMiB does not fit the smallest instance type', () => {
    expect(build({ memoryLimitMiB: 8000 })).toThrow(/'memoryLimitMiB' must fit the smallest instance type of 'capacity' \(7690 MiB: the memory the agent registers, about 97 % of the installed, less reservedMemoryMiB\), got 8000/);
    // Nominal 8192 - 256 = 7936 would pass; the agent registers less, and such a task would never place.
    expect(build({ memoryLimitMiB: 7800 })).toThrow(/got 7800/);
  });

  test('fails when memoryLimitMiB is below the 6 MiB Docker minimum', () => {
    expect(build({ memoryLimitMiB: 0 })).toThrow(/'memoryLimitMiB' must be an integer from 6 to \d+, got 0/);
  });

  test('skips memoryLimitMiB for tokens', () => {
    expect(build({ memoryLimitMiB: Token.asNumber({ Ref: 'Memory' }) })).not.toThrow();
  });

  test('fails when cpu does not fit the smallest instance type', () => {
    expect(build({ cpu: 4096 })).toThrow(/'cpu' must fit the smallest instance type of 'capacity' \(2048 units\), got 4096/);
    expect(build({ cpu: -1 })).toThrow(/'cpu' must be an integer from 128 to 196608, got -1/);
  });

  test('skips cpu for tokens', () => {
    expect(build({ cpu: Token.asNumber({ Ref: 'Cpu' }) })).not.toThrow();
  });

  test('fails when the stop timeout is above a day', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.days(2) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 86400 \(this library's limit: ECS documents no maximum outside Fargate\), got 172800 s/);
  });

  test('still applies the shared validation', () => {
    expect(build({ containerPort: 0 })).toThrow(/'containerPort' must be an integer from 1 to 65535, got 0/);
  });
});

describe('EssentialEc2Service cluster and task size', () => {
  test('without cluster, the service runs in capacity.cluster', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    // WHEN
    const service = new EssentialEc2Service(stack, 'Api', { image, capacity });
    // THEN
    expect(service.cluster).toBe(cluster);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::Service', { Cluster: { Ref: Match.stringLikeRegexp('^Cluster') } });
  });

  test('fails when cluster is not capacity.cluster', () => {
    // GIVEN
    const { stack, capacity } = setup();
    const other = new ecs.Cluster(stack, 'Other', { vpc: capacity.cluster.vpc });
    // WHEN / THEN
    expect(() => new EssentialEc2Service(stack, 'Api', { image, cluster: other, capacity }))
      .toThrow(/^EssentialEc2Service 'Test\/Api': 'capacity' must belong to 'cluster': .*'Test\/Capacity'.*cluster 'Test\/Cluster', got cluster 'Test\/Other' \(leave 'cluster' out to use the capacity's\)/);
  });

  test('passing capacity.cluster explicitly is the same as leaving it out', () => {
    const { service } = synth();
    expect(service.cluster).toBe(service.capacity.cluster);
  });

  test('Service Connect adds the proxy headroom to the task-level CPU and memory', () => {
    // GIVEN
    const { stack, capacity } = setup();
    // WHEN
    const service = new EssentialEc2Service(stack, 'Api', {
      image, capacity, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(),
    });
    // THEN 256 + 256 CPU units and 512 + 64 MiB, at task level
    Template.fromStack(stack).hasResource('AWS::ECS::TaskDefinition', {
      Properties: Match.objectLike({
        Cpu: '512',
        Memory: '576',
        ContainerDefinitions: [Match.objectLike({ Name: 'app', Cpu: Match.absent(), Memory: Match.absent() })],
      }),
      Metadata: { 'cdk-ecs-essentials:serviceConnectProxy': { requestedCpu: 256, requestedMemoryMiB: 512, proxyCpu: 256, proxyMemoryMiB: 64 } },
    });
    expect(service.taskCpu).toBe(512);
    expect(service.taskMemoryMiB).toBe(576);
  });

  test('Service Connect with addProxyHeadroom false keeps the requested task size', () => {
    const { template, service } = synth({
      loadBalancing: LoadBalancing.none(),
      serviceConnect: ServiceConnectMode.client({ addProxyHeadroom: false }),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '256', Memory: '512' });
    expect(service.taskCpu).toBe(256);
    expect(service.taskMemoryMiB).toBe(512);
  });

  test('Service Connect proxy headroom counts against the smallest instance type', () => {
    // 2048 units per m7g.large; 1900 + 256 for the proxy does not fit
    expect(build({ cpu: 1900, serviceConnect: ServiceConnectMode.client(), loadBalancing: LoadBalancing.none() }))
      .toThrow(/'cpu' must fit the smallest instance type of 'capacity' \(2048 units, 256 of them for the Service Connect proxy\), got 1900/);
  });

  test('fails when cpu is below the 128-unit ECS minimum for a task', () => {
    expect(build({ cpu: 100 })).toThrow(/^EssentialEc2Service 'Test\/Api': 'cpu' must be an integer from 128 to 196608, got 100$/);
  });

  test('cpu 128, the ECS minimum, is accepted and rendered at task level', () => {
    const { template } = synth({ cpu: 128 });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: '128', Memory: '512' });
  });

  test('a token cpu and memory reach the task definition unchecked', () => {
    // GIVEN
    const { stack, capacity } = setup();
    // WHEN
    new EssentialEc2Service(stack, 'Api', {
      image, capacity, cpu: Token.asNumber({ Ref: 'Cpu' }), memoryLimitMiB: Token.asNumber({ Ref: 'Memory' }),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', { Cpu: { Ref: 'Cpu' }, Memory: { Ref: 'Memory' } });
  });
});

describe('EssentialEc2Service at the peak of a deployment', () => {
  const warningsOf = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('ec2CapacityBelowDeploymentPeak'));

  test('the defaults fit: no warning', () => {
    const { stack } = synth();
    expect(warningsOf(stack)).toEqual([]);
  });

  test('warns with the arithmetic when awsvpc tasks at 200 % exceed what the instances\' network interfaces hold', () => {
    // m7g.large: 3 network interfaces → 2 awsvpc tasks; 2 instances (1 per group) → 4 tasks; 3 tasks × 200 % = 6.
    const { stack } = synth({ desiredCount: 3 }, { maxCapacityPerGroup: 1 });
    const [warning] = warningsOf(stack);
    expect(warning.entry.data).toMatch(/runs 6 tasks \(3 × 200 %\), but its capacity holds at most 4: 2 instances .* × 2 tasks each \(by CPU \d+, by registrable memory \d+, by network interfaces 2\)/);
    expect(warning.entry.data).toMatch(/awsvpcTrunking/);
  });

  test('no warning when rollout maxHealthyPercent keeps the peak within the capacity', () => {
    const rollout = Rollout.rolling({ maxHealthyPercent: 100, minHealthyPercent: 50 });
    const { stack } = synth({ desiredCount: 3, rollout }, { maxCapacityPerGroup: 1 });
    expect(warningsOf(stack)).toEqual([]);
  });
});
