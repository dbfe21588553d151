import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import * as fc from 'fast-check';
import {
  AlbAccessLogs, EcsFault, EssentialDaemonService, EssentialDaemonServiceProps, EssentialEc2Capacity, EssentialEc2Service,
  EssentialManagedInstancesCapacity, EssentialManagedInstancesService, FireLensDestination, IEssentialCapacity, LoadBalancing, Rollout,
  ServiceConnectMode, ServiceLogging,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable');

function ec2Setup() {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
  return { stack, cluster, capacity };
}

function miSetup() {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster });
  return { stack, cluster, capacity };
}

function synthEc2(props: Partial<EssentialDaemonServiceProps> = {}) {
  const { stack, capacity } = ec2Setup();
  const service = new EssentialDaemonService(stack, 'Agent', { image, capacity, containerPort: 24224, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}

function synthMi(props: Partial<EssentialDaemonServiceProps> = {}) {
  const { stack, capacity } = miSetup();
  const service = new EssentialDaemonService(stack, 'Agent', { image, capacity, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}

function buildEc2(props: Partial<EssentialDaemonServiceProps>): () => EssentialDaemonService {
  return () => {
    const { stack, capacity } = ec2Setup();
    return new EssentialDaemonService(stack, 'Agent', { image, capacity, ...props });
  };
}

function buildMi(props: Partial<EssentialDaemonServiceProps>): () => EssentialDaemonService {
  return () => {
    const { stack, capacity } = miSetup();
    return new EssentialDaemonService(stack, 'Agent', { image, capacity, ...props });
  };
}

describe('EssentialDaemonService on EC2 capacity', () => {
  const { stack, service, template } = synthEc2();

  test('DAEMON scheduling with the EC2 launch type, no desired count, no capacity-provider strategy, no placement strategy', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      SchedulingStrategy: 'DAEMON',
      LaunchType: 'EC2',
      DesiredCount: Match.absent(),
      CapacityProviderStrategy: Match.absent(),
      PlacementStrategies: Match.absent(),
    });
    expect(service.daemon).toBeUndefined();
    expect(service.daemonTaskDefinition).toBeUndefined();
    expect(service.service).toBeInstanceOf(ecs.Ec2Service);
  });

  test('deploys at minimum healthy 0 % and maximum 100 %, circuit breaker with rollback', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 0,
        MaximumPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  test('no load balancer', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
  });

  test('bridge mode by default, with the container port fixed on the instance', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'bridge',
      RequiresCompatibilities: ['EC2'],
      Cpu: '256',
      Memory: '512',
      ContainerDefinitions: [Match.objectLike({
        PortMappings: [{ ContainerPort: 24224, HostPort: 24224, Protocol: 'tcp' }],
        StopTimeout: 2,
        LogConfiguration: Match.objectLike({ LogDriver: 'awslogs', Options: Match.objectLike({ mode: 'non-blocking' }) }),
      })],
    });
    expect(service.networkMode).toBe(ecs.NetworkMode.BRIDGE);
  });

  test('a log group with one month of retention', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('propagates the service tags and keeps ECS Exec off', () => {
    template.hasResourceProperties('AWS::ECS::Service', { PropagateTags: 'SERVICE', EnableExecuteCommand: false });
  });

  test('no aws-ecs minHealthyPercent warnings', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('minHealthyPercent'));
  });

  test('exposes the task role, the execution role and no scalable task count', () => {
    expect(service.taskRole).toBe(service.taskDefinition.taskRole);
    expect(service.executionRole).toBe(service.taskDefinition.executionRole);
    expect(service.scalableTaskCount).toBeUndefined();
    expect(service.rollbackAlarms).toEqual([]);
  });
});

describe('EssentialDaemonService options on EC2', () => {
  test('awsvpc when asked for, with a container port only', () => {
    const { template } = synthEc2({ networkMode: ecs.NetworkMode.AWS_VPC });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'awsvpc',
      ContainerDefinitions: [Match.objectLike({ PortMappings: [{ ContainerPort: 24224, Protocol: 'tcp' }] })],
    });
  });

  test('a minimum healthy percent below 100 is kept', () => {
    const { template } = synthEc2({ rollout: Rollout.rolling({ minHealthyPercent: 50 }) });
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50, MaximumPercent: 100 }),
    });
  });

  test('maximumHealthyPercent 100 given explicitly is accepted', () => {
    expect(buildEc2({ rollout: Rollout.rolling({ maxHealthyPercent: 100 }) })).not.toThrow();
  });

  test('the stop timeout reaches the container', () => {
    const { template } = synthEc2({ stopTimeout: Duration.seconds(30) });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 30 })] });
  });

  test('rollback alarms become deployment alarms with rollback', () => {
    const { stack, capacity } = ec2Setup();
    const alarm = cloudwatch.Alarm.fromAlarmName(stack, 'Errors', 'agent-errors');
    const service = new EssentialDaemonService(stack, 'Agent', { image, capacity, rollbackAlarms: [alarm] });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Alarms: { AlarmNames: ['agent-errors'], Enable: true, Rollback: true } }),
    });
    expect(service.rollbackAlarms).toContain(alarm);
  });

  test('a Service Connect client daemon synthesizes and connects to a server', () => {
    const { stack, capacity, cluster } = ec2Setup();
    cluster.addDefaultCloudMapNamespace({ name: 'internal', useForServiceConnect: true });
    const server = new EssentialEc2Service(stack, 'Orders', {
      image, capacity, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
    });
    const agent = new EssentialDaemonService(stack, 'Agent', { image, capacity, serviceConnect: ServiceConnectMode.client() });
    agent.connectTo(server);
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      SchedulingStrategy: 'DAEMON',
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true }),
    });
  });

  test('notifications include draining instances', () => {
    const { stack, capacity } = ec2Setup();
    new EssentialDaemonService(stack, 'Agent', { image, capacity, notificationTopic: new sns.Topic(stack, 'Topic') });
    Template.fromStack(stack).hasResourceProperties('AWS::Events::Rule', {
      EventPattern: Match.objectLike({ 'detail-type': ['ECS Container Instance State Change'] }),
    });
  });

  test('monitoring on request', () => {
    const { service } = synthEc2({ enableMonitoring: true });
    expect(service.monitoring).toBeDefined();
  });

  test('an EFS volume in bridge mode admits the capacity\'s security group', () => {
    const { stack, capacity, cluster } = ec2Setup();
    const fileSystem = new efs.FileSystem(stack, 'Fs', { vpc: cluster.vpc });
    const agent = new EssentialDaemonService(stack, 'Agent', { image, capacity });
    agent.addEfsVolume('data', { fileSystem, containerPath: '/data' });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      Volumes: [Match.objectLike({ Name: 'data', EFSVolumeConfiguration: Match.objectLike({ TransitEncryption: 'ENABLED' }) })],
    });
  });

  test('chaos experiments target the daemon service', () => {
    const { service } = synthEc2();
    const stopConditions = [cloudwatch.Alarm.fromAlarmName(service, 'Stop', 'agent-errors')];
    expect(() => service.addChaosExperiments('Chaos', { faults: [EcsFault.stopTask()], stopConditions })).not.toThrow();
  });

  test('stop timeout beyond the Spot warning warns', () => {
    const { stack } = synthEc2({ stopTimeout: Duration.seconds(180) });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp("'stopTimeout' 180 s .*two-minute Spot interruption warning"));
  });

  test('fails when the rollout shifts traffic', () => {
    expect(buildEc2({ rollout: Rollout.blueGreen() })).toThrow(/'rollout' Rollout.blueGreen\(\) cannot be used with a daemon.*use Rollout.rolling\(\)/);
  });

  test('fails when maxHealthyPercent is not 100', () => {
    expect(buildEc2({ rollout: Rollout.rolling({ maxHealthyPercent: 200 }) })).toThrow(/'rollout.maxHealthyPercent' must be 100 for a daemon.*got 200/);
  });

  test('fails when minHealthyPercent is 100', () => {
    expect(buildEc2({ rollout: Rollout.rolling({ minHealthyPercent: 100 }) })).toThrow(/'rollout.minHealthyPercent' must be 0–99 for a daemon/);
  });

  test('fails when the stop timeout is beyond a day', () => {
    expect(buildEc2({ stopTimeout: Duration.days(2) })).toThrow(/'stopTimeout' must be a whole number of seconds from 2 to 86400 \(this library's limit.*got 172800 s/);
  });

  test('fails when drainPercent or bakeTime is given', () => {
    expect(buildEc2({ drainPercent: 10 })).toThrow(/'drainPercent' applies to ECS Managed Daemons .* only/);
    expect(buildEc2({ bakeTime: Duration.minutes(5) })).toThrow(/'bakeTime' applies to ECS Managed Daemons .* only/);
  });

  test('fails when the network mode is HOST', () => {
    expect(buildEc2({ networkMode: ecs.NetworkMode.HOST })).toThrow(/'networkMode' must be ecs.NetworkMode.AWS_VPC or ecs.NetworkMode.BRIDGE, got host/);
  });

  test('fails when fault injection is asked for in bridge mode', () => {
    expect(buildEc2({ enableFaultInjection: true })).toThrow(/'enableFaultInjection' needs 'networkMode' AWS_VPC/);
  });

  test('fails when the cluster is not the capacity\'s', () => {
    expect(() => {
      const { stack, capacity } = ec2Setup();
      const other = new ecs.Cluster(stack, 'Other', { vpc: capacity.cluster.vpc });
      new EssentialDaemonService(stack, 'Agent', { image, capacity, cluster: other });
    }).toThrow(/'capacity' must belong to 'cluster'/);
  });

  test('fails when the task does not fit the instances', () => {
    expect(buildEc2({ memoryLimitMiB: 65_536 })).toThrow(/'memoryLimitMiB' must fit the smallest instance type of 'capacity'/);
  });

  test('reports several problems at once', () => {
    expect(buildEc2({ rollout: Rollout.rolling({ maxHealthyPercent: 150 }), drainPercent: 10 }))
      .toThrow(/2 invalid props[\s\S]*maxHealthyPercent[\s\S]*drainPercent/);
  });

  test('token limits are not checked', () => {
    expect(buildEc2({
      rollout: Rollout.rolling({ minHealthyPercent: Token.asNumber({ Ref: 'Min' }) }),
      stopTimeout: Duration.seconds(Token.asNumber({ Ref: 'Stop' })),
    })).not.toThrow();
  });
});

describe('EssentialDaemonService deployment limits on EC2 (property)', () => {
  test('any minimum healthy percent from 0 to 99 renders with maximum 100; 100 and above fail naming the prop', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), (min) => {
      const create = buildEc2({ rollout: Rollout.rolling({ minHealthyPercent: min }) });
      if (min >= 100) {
        expect(create).toThrow(/'rollout.minHealthyPercent'/);
        return;
      }
      const service = create();
      const props = Template.fromStack(Stack.of(service)).findResources('AWS::ECS::Service');
      expect(Object.values(props)[0].Properties.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: min, MaximumPercent: 100 });
    }), { numRuns: 12 });
  });
});

describe('EssentialDaemonService on Managed Instances capacity', () => {
  const { service, template } = synthMi();

  test('an ECS Managed Daemon on both capacity providers of the cluster', () => {
    template.resourceCountIs('AWS::ECS::Daemon', 1);
    template.resourceCountIs('AWS::ECS::Service', 0);
    template.resourceCountIs('AWS::ECS::TaskDefinition', 0);
    const providers = Template.fromStack(Stack.of(service)).findResources('AWS::ECS::CapacityProvider');
    const arns = Object.keys(providers).map((logicalId) => ({
      'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, ':capacity-provider/', { Ref: logicalId }]],
    }));
    template.hasResourceProperties('AWS::ECS::Daemon', {
      DaemonName: 'Test-Agent-C85D8DAB',
      ClusterArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Cluster'), 'Arn'] },
      DaemonTaskDefinitionArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentTaskDefinition'), 'DaemonTaskDefinitionArn'] },
      CapacityProviderArns: Match.arrayEquals(arns),
      DeploymentConfiguration: { DrainPercent: 25 },
      EnableECSManagedTags: true,
      PropagateTags: 'DAEMON',
      EnableExecuteCommand: false,
    });
  });

  test('a daemon task definition with task size, both roles and non-blocking awslogs', () => {
    template.hasResourceProperties('AWS::ECS::DaemonTaskDefinition', {
      Family: 'Test-Agent-C85D8DAB',
      Cpu: '256',
      Memory: '512',
      ExecutionRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentExecutionRole'), 'Arn'] },
      TaskRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentTaskRole'), 'Arn'] },
      ContainerDefinitions: [{
        Name: 'app',
        Image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:stable',
        Essential: true,
        StopTimeout: 2,
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: {
            'awslogs-group': { Ref: Match.stringLikeRegexp('^AgentLogs') },
            'awslogs-stream-prefix': 'app',
            'awslogs-region': { Ref: 'AWS::Region' },
            'mode': 'non-blocking',
            'max-buffer-size': '26214400b',
          },
        },
      }],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('the execution role may write the daemon\'s log group and nothing else; both roles trust ECS tasks of this account', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AgentExecutionRole') }],
      PolicyDocument: {
        Statement: [{
          Action: ['logs:CreateLogStream', 'logs:PutLogEvents'],
          Effect: 'Allow',
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('^AgentLogs'), 'Arn'] },
        }],
      },
    });
    for (const role of ['AgentExecutionRole', 'AgentTaskRole']) {
      const roles = template.findResources('AWS::IAM::Role', { Properties: { Description: Match.stringLikeRegexp('Managed Daemon') } });
      expect(Object.keys(roles).some((id) => id.startsWith(role))).toBe(true);
    }
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [Match.objectLike({
          Principal: { Service: 'ecs-tasks.amazonaws.com' },
          Condition: Match.objectLike({ StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } } }),
        })],
      },
    });
  });

  test('the daemon waits for its roles\' policies', () => {
    const daemons = template.findResources('AWS::ECS::Daemon');
    expect(Object.values(daemons)[0].DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^AgentExecutionRoleDefaultPolicy/)]));
  });

  test('exposes the daemon, its task definition, the log group, the cluster and the capacity\'s security groups', () => {
    expect(service.daemon).toBeInstanceOf(ecs.CfnDaemon);
    expect(service.daemonTaskDefinition).toBeInstanceOf(ecs.CfnDaemonTaskDefinition);
    expect(service.logGroup).toBeDefined();
    expect(service.cluster).toBe(service.capacity.cluster);
    expect(service.connections).toBe((service.capacity as EssentialManagedInstancesCapacity).connections);
    expect(service.networkMode).toBeUndefined();
  });

  test('service, taskDefinition and container throw, naming what to use instead', () => {
    expect(() => service.service).toThrow(/'service' does not exist on Managed Instances.*use 'daemon'/);
    expect(() => service.taskDefinition).toThrow(/'taskDefinition' does not exist on Managed Instances.*use 'daemonTaskDefinition'/);
    expect(() => service.container).toThrow(/'container' does not exist on Managed Instances/);
  });

  test('connectTo, addChaosExperiments and addEfsVolume fail with the reason', () => {
    const { stack, capacity, cluster } = miSetup();
    const agent = new EssentialDaemonService(stack, 'Agent', { image, capacity });
    const server = new EssentialManagedInstancesService(stack, 'Orders', { image, capacity, loadBalancing: LoadBalancing.none() });
    expect(() => agent.connectTo(server)).toThrow(/connectTo\(\) needs Service Connect, which an ECS Managed Daemon does not take/);
    expect(() => agent.addChaosExperiments('Chaos', { stopConditions: [], faults: [EcsFault.stopTask()] })).toThrow(/addChaosExperiments\(\) targets the tasks of an ECS service/);
    const fileSystem = new efs.FileSystem(stack, 'Fs', { vpc: cluster.vpc });
    expect(() => agent.addEfsVolume('data', { fileSystem, containerPath: '/data' })).toThrow(/host volumes only \(ECS API DaemonVolume\)/);
  });
});

describe('EssentialDaemonService options on Managed Instances', () => {
  test('drain percent, bake time and rollback alarms make the deployment configuration', () => {
    const { stack, capacity } = miSetup();
    const alarm = cloudwatch.Alarm.fromAlarmName(stack, 'Errors', 'agent-errors');
    const service = new EssentialDaemonService(stack, 'Agent', {
      image, capacity, drainPercent: 50, bakeTime: Duration.minutes(10), rollbackAlarms: [alarm],
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Daemon', {
      DeploymentConfiguration: { DrainPercent: 50, BakeTimeInMinutes: 10, Alarms: { AlarmNames: ['agent-errors'], Enable: true } },
    });
    expect(service.rollbackAlarms).toEqual([alarm]);
  });

  test('a service name names the daemon', () => {
    const { template } = synthMi({ serviceName: 'log-router' });
    template.hasResourceProperties('AWS::ECS::Daemon', { DaemonName: 'log-router' });
  });

  test('ECS Exec turns on the daemon\'s execute command and grants the task role the four channels', () => {
    const { template } = synthMi({ enableExecuteCommand: true });
    template.hasResourceProperties('AWS::ECS::Daemon', { EnableExecuteCommand: true });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AgentTaskRole') }],
      PolicyDocument: {
        Statement: [{
          Action: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'],
          Effect: 'Allow',
          Resource: '*',
        }],
      },
    });
  });

  test('the container options reach the daemon container; secrets are granted to the execution role', () => {
    const { stack, capacity } = miSetup();
    const secret = new secretsmanager.Secret(stack, 'Key');
    new EssentialDaemonService(stack, 'Agent', {
      image,
      capacity,
      containerName: 'router',
      environment: { LEVEL: 'info' },
      secrets: { API_KEY: ecs.Secret.fromSecretsManager(secret) },
      entryPoint: ['/bin/sh', '-c'],
      command: ['exec fluent-bit'],
      healthCheck: { command: ['CMD-SHELL', 'curl -f http://localhost:2020'], interval: Duration.seconds(10) },
      stopTimeout: Duration.seconds(30),
      cpu: 128,
      memoryLimitMiB: 256,
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::DaemonTaskDefinition', {
      Cpu: '128',
      Memory: '256',
      ContainerDefinitions: [Match.objectLike({
        Name: 'router',
        Environment: [{ Name: 'LEVEL', Value: 'info' }],
        Secrets: [{ Name: 'API_KEY', ValueFrom: { Ref: Match.stringLikeRegexp('^Key') } }],
        EntryPoint: ['/bin/sh', '-c'],
        Command: ['exec fluent-bit'],
        HealthCheck: { Command: ['CMD-SHELL', 'curl -f http://localhost:2020'], Interval: 10, Retries: 3, Timeout: 5 },
        StopTimeout: 30,
        LogConfiguration: Match.objectLike({ Options: Match.objectLike({ 'awslogs-stream-prefix': 'router' }) }),
      })],
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^AgentExecutionRole') }],
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Action: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'] })]) },
    });
  });

  test('blocking awslogs when asked for', () => {
    const { template } = synthMi({ logging: ServiceLogging.awsLogs({ mode: ecs.AwsLogDriverMode.BLOCKING }) });
    template.hasResourceProperties('AWS::ECS::DaemonTaskDefinition', {
      ContainerDefinitions: [Match.objectLike({ LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'blocking', 'max-buffer-size': Match.absent() }) } })],
    });
  });

  test('the longest stop timeout (120 s) stays inside the Spot warning', () => {
    const { stack } = synthMi({ stopTimeout: Duration.seconds(120) });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('Spot interruption'));
  });

  test('fails when drainPercent is outside 0–100', () => {
    expect(buildMi({ drainPercent: 101 })).toThrow(/'drainPercent' must be a number from 0 to 100, got 101/);
    expect(buildMi({ drainPercent: -1 })).toThrow(/'drainPercent' must be a number from 0 to 100, got -1/);
  });

  test('fails when bakeTime is not whole minutes from 0 to 1440', () => {
    expect(buildMi({ bakeTime: Duration.days(2) })).toThrow(/'bakeTime' must be a whole number of minutes from 0 to 1440 .*got 172800 s/);
    expect(buildMi({ bakeTime: Duration.seconds(90) })).toThrow(/'bakeTime' must be a whole number of minutes/);
  });

  test('fails when the stop timeout is outside 2–120 s', () => {
    expect(buildMi({ stopTimeout: Duration.seconds(1) })).toThrow(/'stopTimeout' must be a whole number of seconds from 2 to 120 .*got 1 s/);
    expect(buildMi({ stopTimeout: Duration.seconds(300) })).toThrow(/'stopTimeout' must be a whole number of seconds from 2 to 120/);
  });

  test('fails when the daemon name or container name has characters ECS rejects', () => {
    expect(buildMi({ serviceName: 'log router' })).toThrow(/'serviceName' names the daemon: up to 255 letters, numbers, underscores and hyphens .*got 'log router'/);
    expect(buildMi({ containerName: 'a.b' })).toThrow(/'containerName' must be up to 255 letters/);
  });

  test('fails when the task does not fit the largest instance', () => {
    expect(buildMi({ cpu: 16_384 })).toThrow(/'cpu' must fit the largest instance 'capacity' may launch \(8192 units/);
    expect(buildMi({ memoryLimitMiB: 65_536 })).toThrow(/'memoryLimitMiB' must fit the largest instance 'capacity' may launch \(32768 MiB/);
    expect(buildMi({ cpu: 64 })).toThrow(/'cpu' must be an integer from 128 to 196608, got 64/);
  });

  test('fails when the architecture is not the instances\'', () => {
    expect(buildMi({ cpuArchitecture: ecs.CpuArchitecture.X86_64 })).toThrow(/'cpuArchitecture' must match the instances of 'capacity' \(ARM64/);
  });

  test('fails for each option a Managed Daemon does not take', () => {
    const cases: Array<[Partial<EssentialDaemonServiceProps>, string]> = [
      [{ networkMode: ecs.NetworkMode.AWS_VPC }, 'networkMode'],
      [{ taskSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS } }, 'taskSubnets'],
      [{ rollout: Rollout.rolling() }, 'rollout'],
      [{ serviceConnect: ServiceConnectMode.client() }, 'serviceConnect'],
      [{ enableFaultInjection: true }, 'enableFaultInjection'],
      [{ enableMonitoring: true }, 'enableMonitoring'],
      [{ ephemeralStorageGiB: 30 }, 'ephemeralStorageGiB'],
    ];
    for (const [props, prop] of cases) {
      expect(buildMi(props)).toThrow(new RegExp(`'${prop}' (is not available for an ECS Managed Daemon|is for Fargate tasks only)`));
    }
  });

  test('fails for FireLens logging', () => {
    const { stack, capacity } = miSetup();
    const topic = new sns.Topic(stack, 'Topic');
    expect(() => new EssentialDaemonService(stack, 'Agent', {
      image, capacity, notificationTopic: topic, logging: ServiceLogging.fireLens({ destination: FireLensDestination.cloudWatchLogs() }),
    })).toThrow(/2 invalid props[\s\S]*'notificationTopic' is not available[\s\S]*'logging' is not available .*awslogs only/);
  });

  test('fails when the cluster is not the capacity\'s', () => {
    expect(() => {
      const { stack, capacity } = miSetup();
      const other = new ecs.Cluster(stack, 'Other', { vpc: capacity.cluster.vpc });
      new EssentialDaemonService(stack, 'Agent', { image, capacity, cluster: other });
    }).toThrow(/'capacity' must belong to 'cluster'/);
  });

  test('token values are not checked', () => {
    expect(buildMi({
      drainPercent: Token.asNumber({ Ref: 'Drain' }),
      bakeTime: Duration.minutes(Token.asNumber({ Ref: 'Bake' })),
      stopTimeout: Duration.seconds(Token.asNumber({ Ref: 'Stop' })),
      cpu: Token.asNumber({ Ref: 'Cpu' }),
      serviceName: Token.asString({ Ref: 'Name' }),
    })).not.toThrow();
  });
});

describe('EssentialDaemonService capacity', () => {
  test('fails for a capacity that is not one of the library\'s', () => {
    const { stack, capacity } = ec2Setup();
    class OtherCapacity extends Construct implements IEssentialCapacity {
      public readonly cluster = capacity.cluster;
      public readonly mix = capacity.mix;
      public readonly capacityProviderStrategies = capacity.capacityProviderStrategies;
      public readonly connections = capacity.connections;
    }
    const other = new OtherCapacity(stack, 'Other');
    expect(() => new EssentialDaemonService(stack, 'Agent', { image, capacity: other }))
      .toThrow(/'capacity' must be an EssentialEc2Capacity or an EssentialManagedInstancesCapacity, got OtherCapacity 'Test\/Other'/);
  });
});

describe('the library passes its own Aspects with daemons', () => {
  test('no ECSE warning or error with an EC2 daemon and ALB access logs', () => {
    const app = new App();
    const stack = new Stack(app, 'Own', { env: { region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    new EssentialDaemonService(stack, 'Agent', { image, capacity });
    new EssentialEc2Service(stack, 'Web', {
      image, capacity, loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket() }),
    });
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });

  test('no ECSE warning or error with a Managed Daemon', () => {
    const app = new App();
    const stack = new Stack(app, 'Own', { env: { region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster });
    new EssentialDaemonService(stack, 'Agent', { image, capacity, enableExecuteCommand: true });
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });
});
