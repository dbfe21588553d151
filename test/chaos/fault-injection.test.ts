import { createHash } from 'crypto';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { fargateFixture } from './fixtures';
import {
  FAULT_INJECTION_SIDECAR_NAME,
  FAULT_INJECTION_SIDECAR_SCRIPT,
  addFaultInjectionPrerequisites,
  checkFaultInjectionWithExecuteCommand,
  faultInjectionTaskDefinitionProps,
  inspectFaultInjectionReadiness,
} from '../../src/private/fault-injection';
import { PropsValidator } from '../../src/private/validation';

function sidecarOf(template: Template): any {
  const defs = template.findResources('AWS::ECS::TaskDefinition');
  const [def] = Object.values(defs) as any[];
  return def.Properties.ContainerDefinitions.find((c: any) => c.Name === FAULT_INJECTION_SIDECAR_NAME);
}

describe('addFaultInjectionPrerequisites', () => {
  test('sets enableFaultInjection and pidMode task through the task-definition props', () => {
    // GIVEN / WHEN
    const { stack } = fargateFixture({ faultInjection: true });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      EnableFaultInjection: true,
      PidMode: 'task',
      RuntimePlatform: { OperatingSystemFamily: 'LINUX' },
    });
    expect(faultInjectionTaskDefinitionProps()).toEqual({ enableFaultInjection: true, pidMode: ecs.PidMode.TASK });
  });

  test('adds a non-essential SSM agent sidecar with AWS image, command, env var and its own awslogs configuration', () => {
    // GIVEN / WHEN
    const { stack } = fargateFixture({ faultInjection: true });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Name: 'amazon-ssm-agent',
        Image: 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest',
        Essential: false,
        Cpu: 0,
        Command: ['/bin/bash', '-c', FAULT_INJECTION_SIDECAR_SCRIPT],
        Environment: [{ Name: 'MANAGED_INSTANCE_ROLE_NAME', Value: { Ref: Match.stringLikeRegexp('FaultInjectionManagedInstanceRole') } }],
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: Match.objectLike({
            'awslogs-group': { Ref: Match.stringLikeRegexp('Logs') },
            'awslogs-stream-prefix': 'fis-ssm-agent',
            'mode': 'non-blocking',
            'max-buffer-size': '26214400b',
          }),
        },
      })]),
    });
  });

  test('the sidecar script is AWS script verbatim', () => {
    // GIVEN the script as published on the FIS ecs-task-actions page (sha256 of the JSON-decoded command)
    const hash = createHash('sha256').update(FAULT_INJECTION_SIDECAR_SCRIPT).digest('hex');
    // THEN
    expect(hash).toBe('8d285847214213a90da2cea2b83662c5ac471702cf6d9eb8178272ef389e575a');
    expect(FAULT_INJECTION_SIDECAR_SCRIPT).toContain('dnf install jq procps awscli -y');
    expect(FAULT_INJECTION_SIDECAR_SCRIPT).toContain('curl "${ECS_CONTAINER_METADATA_URI_V4}/task"');
    expect(FAULT_INJECTION_SIDECAR_SCRIPT).toContain('aws ssm create-activation --iam-role $MANAGED_INSTANCE_ROLE_NAME '
      + '--tags Key=ECS_TASK_AVAILABILITY_ZONE,Value=$ECS_TASK_AVAILABILITY_ZONE Key=ECS_TASK_ARN,Value=$ECS_TASK_ARN '
      + 'Key=FAULT_INJECTION_SIDECAR,Value=true');
    expect(FAULT_INJECTION_SIDECAR_SCRIPT).toContain('trap term_handler SIGTERM SIGINT');
  });

  test('sidecar image can be overridden for isolated subnets', () => {
    // GIVEN
    const stack = new Stack(new App(), 'S');
    const td = new ecs.FargateTaskDefinition(stack, 'TD', {
      runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
      ...faultInjectionTaskDefinitionProps(),
    });
    // WHEN
    addFaultInjectionPrerequisites(stack, td, {
      logGroup: new logs.LogGroup(stack, 'L'),
      sidecarImage: ecs.ContainerImage.fromRegistry('111122223333.dkr.ecr.eu-west-1.amazonaws.com/ssm-agent:3.3'),
    });
    // THEN
    expect(sidecarOf(Template.fromStack(stack)).Image).toBe('111122223333.dkr.ecr.eu-west-1.amazonaws.com/ssm-agent:3.3');
  });

  test('managed-instance role trusts ssm.amazonaws.com from this account, without AmazonSSMManagedInstanceCore', () => {
    const { stack } = fargateFixture({ faultInjection: true });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: {
        Statement: [{
          Action: 'sts:AssumeRole',
          Effect: 'Allow',
          Principal: { Service: 'ssm.amazonaws.com' },
          Condition: {
            StringEquals: { 'aws:SourceAccount': '111122223333' },
            ArnEquals: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111122223333:*']] } },
          },
        }],
      },
      // AmazonSSMManagedInstanceCore grants ssm:GetParameter(s) on '*': a machine registered with a task's
      // activation could read every parameter of the account.
      ManagedPolicyArns: Match.absent(),
    });
  });

  test('managed-instance role holds the run-command channel, its heartbeat, and the sidecar\'s own cleanup only', () => {
    const { stack } = fargateFixture({ faultInjection: true });
    const managedInstances = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ssm:eu-west-1:111122223333:managed-instance/*']] };
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('FaultInjectionManagedInstanceRole') }],
      PolicyDocument: {
        Statement: [
          {
            Action: [
              'ec2messages:AcknowledgeMessage', 'ec2messages:DeleteMessage', 'ec2messages:FailMessage',
              'ec2messages:GetEndpoint', 'ec2messages:GetMessages', 'ec2messages:SendReply',
              'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
              'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
            ],
            Effect: 'Allow',
            Resource: '*',
          },
          { Action: 'ssm:UpdateInstanceInformation', Effect: 'Allow', Resource: managedInstances },
          {
            Action: 'ssm:DeregisterManagedInstance',
            Effect: 'Allow',
            Resource: managedInstances,
            Condition: { StringEquals: { 'aws:ResourceTag/FAULT_INJECTION_SIDECAR': 'true' } },
          },
          { Action: 'ssm:DeleteActivation', Effect: 'Allow', Resource: '*' },
        ],
      },
    });
  });

  test('the managed-instance role cannot read parameters, documents or anything outside the agent channel', () => {
    const { stack } = fargateFixture({ faultInjection: true });
    const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', {
      Properties: { Roles: [{ Ref: Match.stringLikeRegexp('FaultInjectionManagedInstanceRole') }] },
    });
    const actions = Object.values(policies).flatMap((p) => (p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>)
      .flatMap((st) => ([] as string[]).concat(st.Action)));
    expect(actions.filter((a) => /^ssm:(Get|Describe|List|Put)/.test(a))).toEqual([]);
  });

  test('task role may create activations tagged with the sidecar\'s keys only, and pass only the managed-instance role to SSM', () => {
    const { stack } = fargateFixture({ faultInjection: true });
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('TaskDefTaskRole') }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Action: ['ssm:CreateActivation', 'ssm:AddTagsToResource'],
            Effect: 'Allow',
            Resource: '*',
            Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['ECS_TASK_AVAILABILITY_ZONE', 'ECS_TASK_ARN', 'FAULT_INJECTION_SIDECAR'] } },
          },
          {
            Action: 'iam:PassRole',
            Effect: 'Allow',
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('FaultInjectionManagedInstanceRole'), 'Arn'] },
            Condition: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
          },
        ]),
      },
    });
  });

  test('inspectFaultInjectionReadiness sees the prerequisites, and accepts an AWS-documented hand-made sidecar', () => {
    expect(inspectFaultInjectionReadiness(fargateFixture({ faultInjection: true }).taskDefinition).missing).toEqual([]);
    const plain = fargateFixture().taskDefinition;
    expect(inspectFaultInjectionReadiness(plain).missing).toHaveLength(2);
    // GIVEN a task definition set up by hand: enableFaultInjection plus an SSM agent container under another name
    const { taskDefinition } = fargateFixture({ propsOnly: true });
    taskDefinition.addContainer('ssm', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:3.3.1'),
      essential: false,
    });
    // THEN
    const readiness = inspectFaultInjectionReadiness(taskDefinition);
    expect(readiness.missing).toEqual([]);
    expect(readiness.pidModeTask).toBe(true);
  });

  test('fails when the task definition was created without enableFaultInjection and pidMode', () => {
    const stack = new Stack(new App(), 'S');
    const td = new ecs.FargateTaskDefinition(stack, 'TD');
    expect(() => addFaultInjectionPrerequisites(stack, td, { logGroup: new logs.LogGroup(stack, 'L') }))
      .toThrow(/'enableFaultInjection' needs the task definition created with 'enableFaultInjection: true'[\s\S]*'enableFaultInjection' needs the task definition created with 'pidMode: task'/);
  });

  test('fails when the task definition already has an amazon-ssm-agent container', () => {
    const { stack, taskDefinition } = fargateFixture({ faultInjection: true });
    expect(() => addFaultInjectionPrerequisites(stack, taskDefinition, { logGroup: new logs.LogGroup(stack, 'L2') }))
      .toThrow(/already has one/);
  });

  test('fails when ECS Exec is enabled together with fault injection, naming both props', () => {
    const v = new PropsValidator();
    checkFaultInjectionWithExecuteCommand(v, true, true);
    expect(() => v.throwIfInvalid(new Stack(new App(), 'S')))
      .toThrow(/'enableFaultInjection' and 'enableExecuteCommand' cannot both be true/);
    const ok = new PropsValidator();
    checkFaultInjectionWithExecuteCommand(ok, true, false);
    checkFaultInjectionWithExecuteCommand(ok, undefined, true);
    expect(() => ok.throwIfInvalid(new Stack(new App(), 'S2'))).not.toThrow();
  });
});
