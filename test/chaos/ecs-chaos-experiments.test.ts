import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { fargateFixture } from './fixtures';
import { EcsChaosExperiments, EcsFault, EmptyTargetResolution, TaskSelection, TrafficType } from '../../src';
import { expectCfnLintClean } from '../support/cfn-lint';

const arn = (rest: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, rest]] });

describe('EcsChaosExperiments', () => {
  test('by default creates stopTask, cpuStress and networkLatency templates for a service with fault injection', () => {
    // GIVEN
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    // WHEN
    const chaos = new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm] });
    // THEN
    expect(chaos.faults.map(f => f.name)).toEqual(['stopTask', 'cpuStress', 'networkLatency']);
    expect(chaos.experimentTemplates).toHaveLength(3);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
    for (const actionId of ['aws:ecs:stop-task', 'aws:ecs:task-cpu-stress', 'aws:ecs:task-network-latency']) {
      template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
        Actions: Match.objectLike({
          [actionId === 'aws:ecs:stop-task' ? 'stopTask' : actionId.endsWith('cpu-stress') ? 'cpuStress' : 'networkLatency']:
          Match.objectLike({ ActionId: actionId }),
        }),
      });
    }
    expect(chaos.findTemplate('cpuStress')).toBe(chaos.experimentTemplates[1]);
    expect(chaos.findTemplate('ioStress')).toBeUndefined();
  });

  test('targets the service tasks by cluster and service name, COUNT(1) by default, with alarm stop conditions', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.stopTask()] });
    Template.fromStack(stack).hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Description: Match.stringLikeRegexp('aws:ecs:stop-task on the tasks of ECS service Stack/Service'),
      RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChaosRole'), 'Arn'] },
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('Errors'), 'Arn'] } }],
      Targets: {
        serviceTasks: {
          ResourceType: 'aws:ecs:task',
          SelectionMode: 'COUNT(1)',
          Parameters: { cluster: { Ref: Match.stringLikeRegexp('Cluster') }, service: { 'Fn::GetAtt': [Match.stringLikeRegexp('Service'), 'Name'] } },
        },
      },
      Actions: { stopTask: { ActionId: 'aws:ecs:stop-task', Targets: { Tasks: 'serviceTasks' } } },
      ExperimentOptions: { EmptyTargetResolutionMode: 'fail' },
      Tags: { Name: 'Stack/Chaos/StopTask' },
    });
  });

  test('logs to a new log group with three months of retention, schema version 2', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    const chaos = new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.stopTask()] });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      LogConfiguration: {
        LogSchemaVersion: 2,
        CloudWatchLogsConfiguration: { LogGroupArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('ChaosLogs'), 'Arn'] } },
      },
    });
    expect(chaos.logGroup).toBeInstanceOf(logs.LogGroup);
  });

  test('uses a given log group, selection and empty-target resolution', () => {
    const { stack, service, alarm, logGroup } = fargateFixture({ faultInjection: true });
    const chaos = new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      faults: [EcsFault.stopTask()],
      logGroup,
      selection: TaskSelection.percent(50),
      emptyTargetResolution: EmptyTargetResolution.SKIP,
    });
    expect(chaos.logGroup).toBe(logGroup);
    Template.fromStack(stack).hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Targets: { serviceTasks: Match.objectLike({ SelectionMode: 'PERCENT(50)' }) },
      ExperimentOptions: { EmptyTargetResolutionMode: 'skip' },
    });
  });

  test('experiment role trusts fis.amazonaws.com from this account only', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.stopTask()] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'fis.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnLike: { 'aws:SourceArn': arn(':fis:eu-west-1:111122223333:experiment/*') },
          },
        }],
      },
    });
  });

  test('stopTask alone gets only ECS stop permissions on this cluster, plus vended-log delivery', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.stopTask()] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ChaosRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: ['ecs:DescribeTasks', 'ecs:StopTask'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111122223333:task/', { Ref: Match.anyValue() }, '/*']] },
          },
          {
            Action: 'ecs:ListTasks',
            Effect: 'Allow',
            Resource: '*',
            Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] } } },
          },
          { Action: 'tag:GetResources', Effect: 'Allow', Resource: '*' },
          // only CreateLogDelivery has no resource type; the others stay in this account and Region
          { Action: 'logs:CreateLogDelivery', Effect: 'Allow', Resource: '*' },
          {
            Action: ['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111122223333:*']] },
          },
        ],
      },
    });
  });

  test('SSM faults get SendCommand on the AWSFIS-Run documents and on this cluster\'s managed instances only', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.cpuStress()] });
    const policy = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('ChaosRole') }] },
    });
    const statements = (Object.values(policy)[0] as any).Properties.PolicyDocument.Statement;
    const actions = statements.flatMap((s: any) => [].concat(s.Action));
    expect(actions).toEqual(expect.arrayContaining(['ecs:DescribeTasks', 'ssm:SendCommand', 'ssm:ListCommands', 'ssm:CancelCommand']));
    expect(actions).not.toContain('ecs:StopTask');
    expect(actions).not.toContain('ec2:DescribeInstances');
    expect(statements).toEqual(expect.arrayContaining([
      { Action: 'ssm:SendCommand', Effect: 'Allow', Resource: arn(':ssm:eu-west-1::document/AWSFIS-Run-*') },
      {
        Action: 'ssm:SendCommand',
        Effect: 'Allow',
        Resource: arn(':ssm:eu-west-1:111122223333:managed-instance/*'),
        Condition: { StringLike: { 'ssm:resourceTag/ECS_TASK_ARN': expect.anything() } },
      },
      { Action: ['ssm:ListCommands', 'ssm:CancelCommand'], Effect: 'Allow', Resource: '*' },
    ]));
  });

  test('latency and packet loss also describe container instances, instances and subnets', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.networkPacketLoss()] });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('ChaosRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: 'ecs:DescribeContainerInstances',
            Effect: 'Allow',
            Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111122223333:container-instance/', { Ref: Match.anyValue() }, '/*']] },
          },
          { Action: ['ec2:DescribeInstances', 'ec2:DescribeSubnets'], Effect: 'Allow', Resource: '*' },
        ]),
      },
    });
  });

  test('templateFor returns the template of a given fault, and fails for another fault', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    const cpu = EcsFault.cpuStress();
    const cpuHot = EcsFault.cpuStress({ percent: 90 });
    const chaos = new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [cpu, cpuHot] });
    expect(chaos.templateFor(cpu).node.id).toBe('CpuStress');
    expect(chaos.templateFor(cpuHot).node.id).toBe('CpuStress2');
    expect(() => chaos.templateFor(EcsFault.stopTask())).toThrow(/'fault' stopTask is not one of 'faults'/);
  });

  test('game day runs faults in sequence with startAfter', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    const chaos = new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      faults: [EcsFault.stopTask()],
      gameDay: { faults: [EcsFault.cpuStress(), EcsFault.networkLatency(), EcsFault.networkPacketLoss(), EcsFault.stopTask()] },
    });
    expect(chaos.gameDayTemplate).toBeDefined();
    Template.fromStack(stack).hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Tags: { Name: 'Stack/Chaos/GameDay' },
      Actions: {
        cpuStress: Match.objectLike({ ActionId: 'aws:ecs:task-cpu-stress', StartAfter: Match.absent() }),
        networkLatency: Match.objectLike({ StartAfter: ['cpuStress'] }),
        networkPacketLoss: Match.objectLike({ StartAfter: ['networkLatency'] }),
        stopTask: Match.objectLike({ StartAfter: ['networkPacketLoss'] }),
      },
    });
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('stopTask before other faults'));
  });

  test('game day in parallel allows one network fault', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      faults: [EcsFault.stopTask()],
      gameDay: { faults: [EcsFault.cpuStress(), EcsFault.networkLatency()], parallel: true },
    });
    Template.fromStack(stack).hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      Actions: {
        cpuStress: Match.objectLike({ StartAfter: Match.absent() }),
        networkLatency: Match.objectLike({ StartAfter: Match.absent() }),
      },
    });
  });

  test('warns when every task is selected, and when a game day stops a task before other faults', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      selection: TaskSelection.all(),
      gameDay: { faults: [EcsFault.stopTask(), EcsFault.cpuStress()] },
    });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Stack/Chaos', Match.stringLikeRegexp('TaskSelection.all\\(\\) faults every task'));
    annotations.hasWarning('/Stack/Chaos', Match.stringLikeRegexp('cdk-ecs-essentials:chaosGameDayStopTaskNotLast'));
  });

  test('without the prerequisites the default is stopTask only, with a warning', () => {
    const { stack, service, alarm } = fargateFixture();
    const chaos = new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm] });
    expect(chaos.faults.map(f => f.name)).toEqual(['stopTask']);
    Annotations.fromStack(stack).hasWarning('/Stack/Chaos', Match.stringLikeRegexp('cdk-ecs-essentials:chaosDefaultFaultsReduced'));
  });

  test('works with a plain service set up by hand the AWS-documented way', () => {
    const { stack, service, alarm, taskDefinition } = fargateFixture({ propsOnly: true });
    taskDefinition.addContainer('amazon-ssm-agent', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest'),
      essential: false,
    });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', {
      service, stopConditions: [alarm], faults: [EcsFault.killProcess({ processName: 'nginx' })],
    })).not.toThrow();
  });

  test('fails when stopConditions is empty, saying to pass an alarm', () => {
    const { stack, service } = fargateFixture({ faultInjection: true });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [] }))
      .toThrow(/'stopConditions' must list at least one CloudWatch alarm .*pass an alarm, got \[\]/);
  });

  test('fails when faults is empty', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [] }))
      .toThrow(/'faults' must list at least one EcsFault/);
  });

  test('fails when the selection count is below 1 or the percent is outside 1-100; tokens pass', () => {
    const make = (selection: TaskSelection) => () => {
      const { stack, service, alarm } = fargateFixture({ faultInjection: true });
      return new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], selection, faults: [EcsFault.stopTask()] });
    };
    expect(make(TaskSelection.count(0))).toThrow(/'selection' TaskSelection.count\(\) must be an integer of 1 or more, got 0/);
    expect(make(TaskSelection.percent(0))).toThrow(/'selection' TaskSelection.percent\(\) must be an integer from 1 to 100, got 0/);
    expect(make(TaskSelection.percent(101))).toThrow(/got 101/);
    expect(make(TaskSelection.count(Token.asNumber({ Ref: 'N' })))).not.toThrow();
  });

  test('fails when task faults target a service without the fault-injection prerequisites', () => {
    const { stack, service, alarm } = fargateFixture();
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.cpuStress()] }))
      .toThrow(/'faults' include cpuStress, which need the fault-injection prerequisites .*missing 'enableFaultInjection: true' on the task definition and the 'amazon-ssm-agent' SSM agent sidecar/);
  });

  test('fails when network faults target a task definition without pidMode task', () => {
    const { stack, service, alarm, taskDefinition } = fargateFixture();
    (taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).enableFaultInjection = true;
    taskDefinition.addContainer('amazon-ssm-agent', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest') });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.networkLatency()] }))
      .toThrow(/'faults' include networkLatency, which need 'pidMode: task'/);
  });

  test('fails when network faults target a Windows or bridge-mode service', () => {
    const win = fargateFixture({ windows: true });
    expect(() => new EcsChaosExperiments(win.stack, 'Chaos', { service: win.service, stopConditions: [win.alarm], faults: [EcsFault.networkLatency()] }))
      .toThrow(/runs Windows tasks: FIS task faults run on Linux only/);

    const stack = new Stack(new App(), 'Ec2', { env: { account: '111122223333', region: 'eu-west-1' } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { natGateways: 0 }) });
    cluster.addCapacity('Asg', { instanceType: new ec2.InstanceType('t3.small') });
    const td = new ecs.Ec2TaskDefinition(stack, 'TD', { networkMode: ecs.NetworkMode.BRIDGE, pidMode: ecs.PidMode.TASK });
    td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx'), memoryLimitMiB: 256 });
    td.addContainer('amazon-ssm-agent', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest'), memoryLimitMiB: 128, essential: false });
    const service = new ecs.Ec2Service(stack, 'Service', { cluster, taskDefinition: td });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:errors');
    expect(() => new EcsChaosExperiments(stack, 'Chaos', {
      service, stopConditions: [alarm], faults: [EcsFault.networkBlackholePort({ port: 80, trafficType: TrafficType.INGRESS })],
    })).toThrow(/'faults' include networkBlackholePort, which do not run in the 'bridge' network mode/);
  });

  test('fails when ECS Exec is enabled on the service, naming enableExecuteCommand and enableFaultInjection', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true, enableExecuteCommand: true });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [EcsFault.cpuStress()] }))
      .toThrow(/'enableExecuteCommand' is true on service 'Stack\/Service' .*\('enableFaultInjection'\) are mutually exclusive/);
    // stopTask does not use the sidecar, so ECS Exec is fine with it
    const other = fargateFixture({ enableExecuteCommand: true });
    expect(() => new EcsChaosExperiments(other.stack, 'Chaos', { service: other.service, stopConditions: [other.alarm], faults: [EcsFault.stopTask()] }))
      .not.toThrow();
  });

  test('fails when a parallel game day has two network faults', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      gameDay: { faults: [EcsFault.networkLatency(), EcsFault.networkPacketLoss()], parallel: true },
    })).toThrow(/'gameDay.parallel' is true but 'gameDay.faults' include 2 network faults \(networkLatency, networkPacketLoss\)/);
  });

  test('fails when a game day is empty or runs longer than 12 hours', () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    expect(() => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], gameDay: { faults: [] } }))
      .toThrow(/'gameDay.faults' must list at least one EcsFault/);
    const long = fargateFixture({ faultInjection: true });
    expect(() => new EcsChaosExperiments(long.stack, 'Chaos', {
      service: long.service,
      stopConditions: [long.alarm],
      gameDay: { faults: [EcsFault.cpuStress({ duration: Duration.hours(7) }), EcsFault.ioStress({ duration: Duration.hours(6) })] },
    })).toThrow(/'gameDay.faults' run for 46800 seconds in total, but FIS stops an experiment after 12 hours/);
  });

  test('the synthesized template passes cfn-lint', async () => {
    const { stack, service, alarm } = fargateFixture({ faultInjection: true });
    new EcsChaosExperiments(stack, 'Chaos', {
      service,
      stopConditions: [alarm],
      faults: [EcsFault.stopTask(), EcsFault.cpuStress(), EcsFault.ioStress(), EcsFault.killProcess({ processName: 'nginx' }),
        EcsFault.networkBlackholePort({ port: 8080, trafficType: TrafficType.INGRESS }), EcsFault.networkLatency(), EcsFault.networkPacketLoss()],
      gameDay: { faults: [EcsFault.cpuStress(), EcsFault.networkLatency()] },
    });
    await expectCfnLintClean([Template.fromStack(stack)]);
  });
});
