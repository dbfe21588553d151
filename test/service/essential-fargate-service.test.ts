import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { CapacityMix, EssentialFargateService, EssentialFargateServiceProps, LoadBalancing, Rollout } from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function synth(props: Partial<EssentialFargateServiceProps> = {}): { stack: Stack; service: EssentialFargateService; template: Template } {
  const stack = new Stack(new App(), 'Test');
  const service = new EssentialFargateService(stack, 'Orders', { image, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialFargateServiceProps>): () => EssentialFargateService {
  return () => new EssentialFargateService(new Stack(new App(), 'Test'), 'Orders', { image, ...props });
}

describe('EssentialFargateService defaults', () => {
  const { template } = synth();

  test('health checks every 5 s, 4 s timeout, healthy after 2, unhealthy after 2, path /', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      UnhealthyThresholdCount: 2,
      HealthCheckPath: '/',
      Port: 8080,
      TargetType: 'ip',
    });
  });

  test('deregistration delay 5 s', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
    });
  });

  test('container stop timeout 2 s, port 8080, named app', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Name: 'app', StopTimeout: 2, PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp' }] })],
    });
  });

  test('awslogs in non-blocking mode with a 25 MiB buffer, log group kept one month', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b' }) },
      })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('256 CPU units, 512 MiB, ARM64 Linux', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Cpu: '256',
      Memory: '512',
      RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
      RequiresCompatibilities: ['FARGATE'],
    });
  });

  test('separate task and execution roles', () => {
    const td = Object.values(template.findResources('AWS::ECS::TaskDefinition'))[0];
    expect(td.Properties.TaskRoleArn).not.toEqual(td.Properties.ExecutionRoleArn);
  });

  test('2 tasks, min healthy 100 %, max 200 %, circuit breaker with rollback, grace period 10 s, no ECS Exec', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DesiredCount: 2,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
      HealthCheckGracePeriodSeconds: 10,
      EnableExecuteCommand: false,
      PropagateTags: 'SERVICE',
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
    });
  });

  test('2/3 On-Demand, 1/3 Spot with an On-Demand base of 1', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [
        { CapacityProvider: 'FARGATE', Base: 1, Weight: 2 },
        { CapacityProvider: 'FARGATE_SPOT', Weight: 1 },
      ],
    });
  });

  test('a public ALB with an HTTP listener on port 80 that drops invalid headers', () => {
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
  });

  test('a new 2-AZ VPC and a cluster with Container Insights and the Fargate capacity providers', () => {
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
    });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']),
    });
  });

  test('the service depends on the capacity-provider association', () => {
    const service = Object.values(template.findResources('AWS::ECS::Service'))[0];
    const association = Object.keys(template.findResources('AWS::ECS::ClusterCapacityProviderAssociations'))[0];
    expect(service.DependsOn).toEqual(expect.arrayContaining([association]));
  });

  test('no notification rules without a topic', () => {
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  test('exposes its parts', () => {
    const { service } = synth();
    expect(service.loadBalancer).toBeDefined();
    expect(service.listener).toBeDefined();
    expect(service.targetGroup).toBeDefined();
    expect(service.connections.securityGroups.length).toBe(1);
    expect(service.container.containerName).toBe('app');
    expect(service.capacity._describe()).toBe('FARGATE base 1 weight 2 + FARGATE_SPOT weight 1');
  });
});

describe('EssentialFargateService overrides', () => {
  test('every fast-deploy and rollout knob is overridable', () => {
    const { template } = synth({
      healthCheckPath: '/health',
      fastDeploy: {
        healthCheckInterval: Duration.seconds(10),
        healthCheckTimeout: Duration.seconds(5),
        healthyThresholdCount: 3,
        unhealthyThresholdCount: 4,
        deregistrationDelay: Duration.seconds(30),
        stopTimeout: Duration.seconds(20),
      },
      rollout: Rollout.rolling({
        healthCheckGracePeriod: Duration.seconds(60),
        minHealthyPercent: 50,
        maxHealthyPercent: 150,
        circuitBreaker: { rollback: false },
      }),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 10,
      HealthCheckTimeoutSeconds: 5,
      HealthyThresholdCount: 3,
      UnhealthyThresholdCount: 4,
      HealthCheckPath: '/health',
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 20 })] });
    template.hasResourceProperties('AWS::ECS::Service', {
      HealthCheckGracePeriodSeconds: 60,
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 50,
        MaximumPercent: 150,
        DeploymentCircuitBreaker: { Enable: true, Rollback: false },
      }),
    });
  });

  test('a supplied cluster is used and gets the Fargate capacity providers', () => {
    const stack = new Stack(new App(), 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc') });
    new EssentialFargateService(stack, 'Orders', { image, cluster });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: Match.arrayWith(['FARGATE_SPOT']) });
  });

  test('a supplied VPC gets a new cluster', () => {
    const stack = new Stack(new App(), 'Test');
    new EssentialFargateService(stack, 'Orders', { image, vpc: new ec2.Vpc(stack, 'Vpc') });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('CapacityMix.onDemandOnly() uses FARGATE only', () => {
    const { template } = synth({ capacity: CapacityMix.onDemandOnly() });
    template.hasResourceProperties('AWS::ECS::Service', { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }] });
  });

  test('CapacityMix.spotOnly() uses FARGATE_SPOT only', () => {
    const { template } = synth({ capacity: CapacityMix.spotOnly() });
    template.hasResourceProperties('AWS::ECS::Service', { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] });
  });

  test('Windows defaults to X86_64 and runs On-Demand', () => {
    const { template } = synth({
      operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
      cpu: 1024,
      memoryLimitMiB: 2048,
      capacity: CapacityMix.onDemandOnly(),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RuntimePlatform: { CpuArchitecture: 'X86_64', OperatingSystemFamily: 'WINDOWS_SERVER_2022_CORE' },
    });
  });

  test('environment, secrets and command reach the container', () => {
    const { template } = synth({ environment: { LOG_LEVEL: 'info' }, command: ['serve'] });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ Environment: [{ Name: 'LOG_LEVEL', Value: 'info' }], Command: ['serve'] })],
    });
  });

  test('notificationTopic: Spot interruption, unexpected stops and failed deployments go to the topic', () => {
    const stack = new Stack(new App(), 'Test');
    const topic = new sns.Topic(stack, 'Topic');
    new EssentialFargateService(stack, 'Orders', { image, notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::Events::Rule', 3);
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({
        'detail-type': ['ECS Task State Change'],
        'detail': Match.objectLike({ stopCode: ['SpotInterruption', 'TerminationNotice'], group: Match.anyValue(), clusterArn: Match.anyValue() }),
      }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Task State Change'], 'detail': Match.objectLike({ lastStatus: ['STOPPED'] }) }),
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Deployment State Change'], 'detail': { eventName: ['SERVICE_DEPLOYMENT_FAILED'] } }),
    });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', Match.anyValue());
  });
});

describe('EssentialFargateService validation', () => {
  test('fails when memoryLimitMiB does not fit cpu', () => {
    expect(build({ cpu: 256, memoryLimitMiB: 300 })).toThrow("'memoryLimitMiB' 300 is not valid with cpu 256: use 512, 1024 or 2048");
  });

  test('fails when cpu is not a Fargate size', () => {
    expect(build({ cpu: 300 })).toThrow(/'cpu' must be one of 256, 512, 1024, 2048, 4096, 8192 or 16384, got 300/);
  });

  test('fails when containerPort is out of range', () => {
    expect(build({ containerPort: 70000 })).toThrow(/'containerPort' must be an integer from 1 to 65535, got 70000/);
  });

  test('fails when desiredCount is negative', () => {
    expect(build({ desiredCount: -1 })).toThrow(/'desiredCount' must be an integer from 0 to 100000, got -1/);
  });

  test('fails when the health-check interval is outside 5–300 s', () => {
    expect(build({ fastDeploy: { healthCheckInterval: Duration.seconds(2), healthCheckTimeout: Duration.seconds(1) } }))
      .toThrow(/'fastDeploy.healthCheckInterval' must be a whole number of seconds from 5 to 300, got 2 s/);
  });

  test('fails when thresholds are outside 2–10', () => {
    expect(build({ fastDeploy: { healthyThresholdCount: 1, unhealthyThresholdCount: 11 } }))
      .toThrow(/2 invalid props:[\s\S]*'fastDeploy.healthyThresholdCount'[\s\S]*'fastDeploy.unhealthyThresholdCount'/);
  });

  test('fails when the timeout is not below the interval', () => {
    expect(build({ fastDeploy: { healthCheckTimeout: Duration.seconds(5) } }))
      .toThrow(/'fastDeploy.healthCheckTimeout' must be shorter than 'fastDeploy.healthCheckInterval' \(5 s\), got 5 s/);
  });

  test('fails when the deregistration delay is above 3600 s', () => {
    expect(build({ fastDeploy: { deregistrationDelay: Duration.hours(2) } })).toThrow(/'fastDeploy.deregistrationDelay' must be a whole number of seconds from 0 to 3600/);
  });

  test('fails when the Fargate stopTimeout is above 120 s', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(121) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120 \(the Fargate maximum\), got 121 s/);
  });

  test('fails when the stopTimeout is 0 s or 1 s: "The valid values for Fargate are 2-120 seconds" (ECS API), and 2 s synthesizes', () => {
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(0) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(1) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    synth({ fastDeploy: { stopTimeout: Duration.seconds(2) } }).template
      .hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 2 })] });
  });

  test('fails when healthCheckPath does not start with /', () => {
    expect(build({ healthCheckPath: 'health' })).toThrow("'healthCheckPath' must start with '/', got 'health'");
  });

  test('fails when both cluster and vpc are given', () => {
    const stack = new Stack(new App(), 'Test');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    expect(() => new EssentialFargateService(stack, 'Orders', { image, cluster, vpc })).toThrow(/'cluster' and 'vpc' are exclusive/);
  });

  test('fails when Windows is combined with Spot', () => {
    expect(build({ operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE, cpu: 1024, memoryLimitMiB: 2048 }))
      .toThrow(/'capacity' cannot use Fargate Spot with Windows tasks .*use CapacityMix.onDemandOnly\(\), got FARGATE base 1 weight 2 \+ FARGATE_SPOT weight 1/);
  });

  test('fails when Windows asks for ARM64 or a Linux-only size', () => {
    const windowsOnArm = {
      operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
      cpuArchitecture: ecs.CpuArchitecture.ARM64,
      capacity: CapacityMix.onDemandOnly(),
    };
    expect(build(windowsOnArm))
      .toThrow(/'cpu' must be one of 1024, 2048 or 4096 for Windows, got 256[\s\S]*'cpuArchitecture' ARM64 is not available for Windows/);
  });

  test('fails when capacity weights are out of range or all zero', () => {
    expect(build({ capacity: CapacityMix.custom({ onDemandWeight: 0, spotWeight: 0 }) })).toThrow(/'capacity' needs a weight above 0/);
    expect(build({ capacity: CapacityMix.custom({ onDemandWeight: 1001, onDemandBase: -1 }) }))
      .toThrow(/'capacity.onDemandBase' must be an integer from 0 to 100000, got -1[\s\S]*'capacity.onDemandWeight' must be an integer from 0 to 1000, got 1001/);
  });

  test('error messages name the construct path', () => {
    expect(build({ desiredCount: -1 })).toThrow(/^EssentialFargateService 'Test\/Orders': /);
  });

  test('unresolved tokens skip the numeric checks', () => {
    const stack = new Stack(new App(), 'Test');
    const n = (name: string) => Token.asNumber({ Ref: name });
    expect(() => new EssentialFargateService(stack, 'Orders', {
      image,
      cpu: n('Cpu'),
      memoryLimitMiB: n('Memory'),
      containerPort: n('Port'),
      desiredCount: n('Count'),
      fastDeploy: {
        healthCheckInterval: Duration.seconds(n('Interval')),
        healthCheckTimeout: Duration.seconds(n('Timeout')),
        healthyThresholdCount: n('Healthy'),
        unhealthyThresholdCount: n('Unhealthy'),
        deregistrationDelay: Duration.seconds(n('Drain')),
        stopTimeout: Duration.seconds(n('Stop')),
      },
      rollout: Rollout.rolling({ minHealthyPercent: n('Min'), maxHealthyPercent: n('Max') }),
    })).not.toThrow();
  });

  test('valid input produces no warnings', () => {
    const { stack } = synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-ecs-essentials'))).toHaveLength(0);
  });
});

describe('EssentialFargateService Spot-window warnings', () => {
  const spotWarnings = (stack: Stack) => Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('BeyondSpotWarning'));

  test('warns when the deregistration delay is not shorter than the two-minute Spot warning (default mix)', () => {
    // GIVEN the default mix, which places a third of the tasks on FARGATE_SPOT
    // WHEN
    const { stack } = synth({ fastDeploy: { deregistrationDelay: Duration.seconds(120) } });
    // THEN
    Annotations.fromStack(stack).hasWarning('/Test/Orders',
      Match.stringLikeRegexp("'fastDeploy.deregistrationDelay' 120 s .*not shorter than the two-minute Spot.*cdk-ecs-essentials:deregistrationDelayBeyondSpotWarning"));
  });

  test('counts the stop timeout into the Spot window: 118 s of draining plus the 2 s default stop warns, 117 s does not', () => {
    // GIVEN / WHEN
    const atLimit = synth({ fastDeploy: { deregistrationDelay: Duration.seconds(118) } });
    const below = synth({ fastDeploy: { deregistrationDelay: Duration.seconds(117) } });
    // THEN
    Annotations.fromStack(atLimit.stack).hasWarning('/Test/Orders', Match.stringLikeRegexp('cdk-ecs-essentials:deregistrationDelayBeyondSpotWarning'));
    expect(spotWarnings(below.stack)).toEqual([]);
  });

  test('no Spot-window warning with CapacityMix.onDemandOnly()', () => {
    // GIVEN / WHEN
    const { stack } = synth({
      capacity: CapacityMix.onDemandOnly(),
      fastDeploy: { deregistrationDelay: Duration.seconds(600), stopTimeout: Duration.seconds(120) },
    });
    // THEN
    expect(spotWarnings(stack)).toEqual([]);
  });

  test('no deregistration warning without a load balancer: nothing drains', () => {
    // GIVEN / WHEN
    const { stack } = synth({ loadBalancing: LoadBalancing.none(), fastDeploy: { deregistrationDelay: Duration.seconds(600) } });
    // THEN
    expect(spotWarnings(stack)).toEqual([]);
  });

  test('a Fargate stopTimeout of 121 s is an error, not a Spot-window warning', () => {
    // Fargate caps stopTimeout at 120 s, so 'stopTimeoutBeyondSpotWarning' (above 120 s) can only fire on EC2.
    expect(build({ fastDeploy: { stopTimeout: Duration.seconds(121) } })).toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
  });
});
