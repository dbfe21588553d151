import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EssentialEc2Capacity, EssentialEc2CapacityProps, EssentialEc2Service, EssentialEc2ServiceProps, LoadBalancerExposure } from '../../src';

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

  test('awsvpc EC2 task definition; app container with 512 MiB, 256 CPU units, port 8080, 2 s stop timeout', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'awsvpc',
      RequiresCompatibilities: ['EC2'],
      Cpu: Match.absent(),
      Memory: Match.absent(),
      ContainerDefinitions: [Match.objectLike({
        Name: 'app',
        Memory: 512,
        Cpu: 256,
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
    expect(service.taskDefinition).toBeInstanceOf(ecs.Ec2TaskDefinition);
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
      ContainerDefinitions: [Match.objectLike({ Cpu: 1024, Memory: 2048 })],
    });
    template.hasResourceProperties('AWS::ECS::Service', { PlacementStrategies: [{ Type: 'binpack', Field: 'CPU' }] });
  });

  test('stop timeouts above the Fargate cap of 120 s are allowed on EC2', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(300) } }, { spotWeight: 0 })).not.toThrow();
  });

  test('notifications include container instances of the cluster that start draining', () => {
    const { stack, cluster, capacity } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    new EssentialEc2Service(stack, 'Api', { image, cluster, capacity, notifications: topic });
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

  test('fault injection: enableFaultInjection and pidMode task on the EC2 task definition, plus the SSM agent sidecar with a 128 MiB soft reservation', () => {
    const { template } = synth({ faultInjection: true });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      EnableFaultInjection: true,
      PidMode: 'task',
      ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'app', Memory: 512 })]),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'amazon-ssm-agent', MemoryReservation: 128, Memory: Match.absent() })]),
    });
  });

  test('no load balancer with exposure NONE', () => {
    const { template } = synth({ exposure: LoadBalancerExposure.NONE });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
  });
});

describe('EssentialEc2Service warnings', () => {
  test('warns when the stop timeout outlasts the two-minute Spot warning', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(180) } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp("'fastDeploy.stopTimeout' 180 s is longer than the two-minute Spot"));
  });

  test('warns when the deregistration delay is not shorter than the Spot warning', () => {
    const { stack } = synth({ fastDeploy: { deregistrationDelay: Duration.seconds(120) } });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp("'fastDeploy.deregistrationDelay' 120 s is not shorter"));
  });

  test('no Spot warnings when the capacity places nothing on Spot', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(180) } }, { spotWeight: 0 });
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
      sharedListener: { listener, priority: 10, pathPatterns: ['/api/*'] },
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
    expect(build({ networkMode: ecs.NetworkMode.BRIDGE, faultInjection: true })).toThrow(/'faultInjection' needs 'networkMode' AWS_VPC.*got BRIDGE/);
  });

  test('fails when a bridge service sets task subnets or security groups', () => {
    expect(build({ networkMode: ecs.NetworkMode.BRIDGE, taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }))
      .toThrow(/'taskSubnets' and 'securityGroups' apply to AWS_VPC tasks only.*got 'networkMode' BRIDGE/);
  });

  test('fails when memoryLimitMiB does not fit the smallest instance type', () => {
    expect(build({ memoryLimitMiB: 8000 })).toThrow(/'memoryLimitMiB' must fit the smallest instance type of 'capacity' \(7936 MiB after reservedMemoryMiB\), got 8000/);
  });

  test('fails when memoryLimitMiB is below the 6 MiB Docker minimum', () => {
    expect(build({ memoryLimitMiB: 0 })).toThrow(/'memoryLimitMiB' must be an integer from 6 to \d+, got 0/);
  });

  test('skips memoryLimitMiB for tokens', () => {
    expect(build({ memoryLimitMiB: Token.asNumber({ Ref: 'Memory' }) })).not.toThrow();
  });

  test('fails when cpu does not fit the smallest instance type', () => {
    expect(build({ cpu: 4096 })).toThrow(/'cpu' must fit the smallest instance type of 'capacity' \(2048 units\), got 4096/);
    expect(build({ cpu: -1 })).toThrow(/'cpu' must be an integer from 0 to \d+, got -1/);
  });

  test('skips cpu for tokens', () => {
    expect(build({ cpu: Token.asNumber({ Ref: 'Cpu' }) })).not.toThrow();
  });

  test('fails when the stop timeout is above a day', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.days(2) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 86400/);
  });

  test('still applies the shared validation', () => {
    expect(build({ containerPort: 0 })).toThrow(/'containerPort' must be an integer from 1 to 65535, got 0/);
  });
});
