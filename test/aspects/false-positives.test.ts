import { Aspects, CfnParameter } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcsLeastPrivilegeChecks, EcsFastDeployChecks } from '../../src';
import { appMeshApp } from './fixtures/app-mesh-app';
import { ecsExecApp } from './fixtures/ecs-exec-app';
import { errorsAndWarnings, rule } from './fixtures/findings';
import { fireLensApp } from './fixtures/firelens-app';

// Issue 13, "False positives": an error by default fails `cdk synth`, so none may be wrong.
describe('no false positives on apps shaped like public ones', () => {
  describe('ECSE-IAM3 on partially resolved ARNs', () => {
    test('compliant: the Envoy repository ARN whose account comes from Fn::FindInMap is scoped', () => {
      // GIVEN the App Mesh extension shape: arn:${Partition}:ecr:${Region}:<FindInMap>:repository/aws-appmesh-envoy
      const { app, stack } = appMeshApp();
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      // THEN neither an error nor a "cannot be resolved" warning
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM3')).toEqual([]);
    });

    test.each([
      ['Fn::Join', (p: string) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::reports-', { Ref: p }, '/*']] })],
      ['Fn::Sub', (p: string) => ({ 'Fn::Sub': `arn:\${AWS::Partition}:dynamodb:\${AWS::Region}:\${AWS::AccountId}:table/orders-\${${p}}` })],
      ['Fn::Sub with a variable map', (p: string) => ({ 'Fn::Sub': ['arn:${AWS::Partition}:sqs:${AWS::Region}:${Owner}:jobs', { Owner: { Ref: p } }] })],
    ])('compliant: a parameter inside an ARN built with %s is scoped by the literal parts', (_kind, arn) => {
      // GIVEN
      const { app, stack, taskDefinition } = appMeshApp();
      const parameter = new CfnParameter(stack, 'Suffix');
      taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
        actions: ['s3:GetObject'],
        resources: [stack.resolve(arn(parameter.logicalId)) as unknown as string],
      }));
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      // THEN
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM3')).toEqual([]);
    });

    test('unresolved: a whole resource from a parameter could be "*" and is still reported as a warning', () => {
      // GIVEN
      const { app, stack, taskDefinition } = appMeshApp();
      const parameter = new CfnParameter(stack, 'AnyArn');
      taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [parameter.valueAsString] }));
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN
      annotations.hasWarning('*', rule('ECSE-IAM3', "cannot be resolved at synth time: \\{\"Ref\":\"AnyArn\"\\}.*do not rule out '\\*'"));
      expect(annotations.findError('*', rule('ECSE-IAM3'))).toHaveLength(0);
    });
  });

  describe('ECS Exec', () => {
    test.each([
      ['with session logging to CloudWatch Logs and S3 with KMS', true, false],
      ['without session logging, with the flags of a new app', false, true],
    ])('compliant: an unmodified aws-ecs service with ECS Exec %s synthesizes clean with both packs', (_name, execLogging, newAppFlags) => {
      // GIVEN the shape of aws-cdk's integ.exec-command.ts, rollout settings as EcsFastDeployChecks wants them
      const { app, stack } = ecsExecApp({ execLogging, newAppFlags, fastDeployProfile: true });
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      Aspects.of(app).add(new EcsFastDeployChecks());
      // THEN not one finding
      expect(errorsAndWarnings(Annotations.fromStack(stack))).toEqual([]);
    });

    test('non-compliant, as a warning naming aws-ecs and the flag: ECS Exec log writes on "*" when the cluster names no log group', () => {
      // GIVEN ECS Exec without session logging, in an app without the feature flag of new apps
      const { app, stack } = ecsExecApp({ execLogging: false });
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN
      expect(annotations.findError('*', rule('ECSE-IAM'))).toHaveLength(0);
      annotations.hasWarning('*', rule('ECSE-IAM3', "'logs:PutLogEvents' on Resource '\\*'.*added by aws-ecs for ECS Exec session logging.*" +
        'reduceEc2FargateCloudWatchPermissions'));
    });
  });

  describe('AWS managed policies attached for a feature', () => {
    test('compliant: AWSXRayDaemonWriteAccess on the task role is checked by its statements, not reported as unreadable', () => {
      // GIVEN the X-Ray extension shape
      const { app, stack } = appMeshApp();
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      // THEN
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM')).toEqual([]);
    });

    test('non-compliant: CloudWatchAgentServerPolicy writes every log group, named with the policy version it was read from', () => {
      // GIVEN the CloudWatch agent sidecar with the policy AWS documents for it
      const { app, stack } = appMeshApp(true);
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN the logs writes on '*' are an IAM3 error; nothing is "cannot be read"
      annotations.hasError('*', rule('ECSE-IAM3', "'logs:PutLogEvents'.*on Resource '\\*' \\(AWS managed policy 'CloudWatchAgentServerPolicy' \\(v3"));
      expect(annotations.findError('*', rule('ECSE-IAM3', 'cloudwatch:PutMetricData'))).toHaveLength(0);
      expect(annotations.findWarning('*', rule('ECSE-IAM8'))).toHaveLength(0);
    });

    test('non-compliant: AWSXRayDaemonWriteAccess on the execution role is more than the execution role needs', () => {
      // GIVEN
      const { app, stack, taskDefinition } = appMeshApp();
      taskDefinition.obtainExecutionRole().addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AWSXRayDaemonWriteAccess'));
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      // THEN
      Annotations.fromStack(stack).hasError('*', rule('ECSE-IAM6', "Execution role .* allows 'xray:PutTraceSegments'"));
    });
  });

  test('compliant: the S3 reads aws-ecs grants the execution role for a FireLens configuration file in S3', () => {
    // GIVEN a log router whose configuration file is in S3, as the FireLens guide sets it up
    const { app, stack, taskDefinition } = fireLensApp();
    taskDefinition.addFirelensLogRouter('custom-router', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable'),
      firelensConfig: {
        type: ecs.FirelensLogRouterType.FLUENTBIT,
        options: { configFileType: ecs.FirelensConfigFileType.S3, configFileValue: 'arn:aws:s3:::log-config/extra.conf' },
      },
      memoryReservationMiB: 50,
    });
    // WHEN
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    // THEN
    expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM6')).toEqual([]);
  });

  describe('grants aws-cdk-lib adds on "*" with no option to scope them', () => {
    test('non-compliant, as warnings naming aws-ecs: the FireLens log router image pull and its cloudwatch output', () => {
      // GIVEN the shape of aws-cdk's integ.firelens-cloudwatch.ts
      const { app, stack } = fireLensApp();
      // WHEN
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN reported, named, and not failing synthesis
      expect(annotations.findError('*', rule('ECSE-IAM'))).toHaveLength(0);
      annotations.hasWarning('*', rule('ECSE-IAM3', "Execution role .*'ecr:BatchGetImage' on Resource '\\*'.*added by aws-ecs for the FireLens log router image"));
      annotations.hasWarning('*', rule('ECSE-IAM3', "Task role .*'logs:CreateLogGroup'.*added by aws-ecs for the FireLens 'cloudwatch' output"));
    });
  });
});
