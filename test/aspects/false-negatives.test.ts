import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcsEssentialsSuppressions, EcsLeastPrivilegeChecks, EcsFastDeployChecks, FindingLevel } from '../../src';
import { errorsAndWarnings, infos, rule } from './fixtures/findings';
import { DESCRIBE_LOAD_BALANCERS, S3_GET_ANYTHING, partialWildcardsApp } from './fixtures/partial-wildcards-app';
import { scheduledTaskApp } from './fixtures/scheduled-task-app';
import { serviceConnectApp } from './fixtures/service-connect-app';

// Issue 13, "False negatives": nothing may pass unchecked without anyone noticing.
describe('no silent gaps', () => {
  describe('ECSE-IAM9 partial wildcard actions', () => {
    test("non-compliant: 's3:Get*' on a bucket's objects (task role)", () => {
      const { app, stack } = partialWildcardsApp(S3_GET_ANYTHING);
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      Annotations.fromStack(stack).hasWarning('/Wildcards/Task/Resource',
        rule('ECSE-IAM9', "Task role 'Task/TaskRole' allows partial wildcard action 's3:Get\\*' \\(policy 'Task/TaskRole/DefaultPolicy'\\)"));
    });

    test("non-compliant: 'elasticloadbalancing:Describe*' on '*'", () => {
      const { app, stack } = partialWildcardsApp(DESCRIBE_LOAD_BALANCERS);
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      Annotations.fromStack(stack).hasWarning('*', rule('ECSE-IAM9', "'elasticloadbalancing:Describe\\*'"));
    });

    test("non-compliant: 'ecr:Batch*' on the execution role", () => {
      const { app, stack } = partialWildcardsApp((td) =>
        td.addToExecutionRolePolicy(new iam.PolicyStatement({ actions: ['ecr:Batch*'], resources: ['arn:aws:ecr:us-east-1:111111111111:repository/app'] })));
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      Annotations.fromStack(stack).hasWarning('*', rule('ECSE-IAM9', "Execution role 'Task/ExecutionRole' allows partial wildcard action 'ecr:Batch\\*'"));
    });

    test('compliant: the wildcards of bucket.grantRead() are listed as info, naming the grant', () => {
      const { app, stack } = partialWildcardsApp((td, bucket) => bucket.grantRead(td.taskRole));
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      expect(errorsAndWarnings(annotations, 'ECSE-IAM')).toEqual([]);
      annotations.hasInfo('*', rule('ECSE-IAM9', "'s3:GetObject\\*', 's3:GetBucket\\*', 's3:List\\*'.*added by aws-s3 Bucket.grantRead\\(\\)"));
    });

    test('the level can be tuned: an error', () => {
      const { app, stack } = partialWildcardsApp(S3_GET_ANYTHING);
      Aspects.of(app).add(new EcsLeastPrivilegeChecks({ ruleLevels: [{ ruleId: 'ECSE-IAM9', level: FindingLevel.ERROR }] }));
      Annotations.fromStack(stack).hasError('*', rule('ECSE-IAM9', "'s3:Get\\*'"));
    });

    test('suppressed: listed as info with the reason', () => {
      const { app, stack, taskDefinition } = partialWildcardsApp(S3_GET_ANYTHING);
      EcsEssentialsSuppressions.add(taskDefinition, [{ id: 'ECSE-IAM9', reason: 'reads object metadata and tags too' }]);
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      const annotations = Annotations.fromStack(stack);
      expect(errorsAndWarnings(annotations, 'ECSE-IAM9')).toEqual([]);
      annotations.hasInfo('*', rule('ECSE-IAM9', 'suppressed: reads object metadata'));
    });
  });

  describe('the Service Connect proxy log configuration (ECSE-FD7, ECSE-FD8)', () => {
    test('non-compliant: the proxy logs of serviceConnectConfiguration.logDriver are blocking and kept forever', () => {
      // GIVEN the shape of aws-cdk's integ.service-connect.ts
      const { app, stack } = serviceConnectApp();
      // WHEN
      Aspects.of(app).add(new EcsFastDeployChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN
      annotations.hasWarning('/Mesh/Api/Service', rule('ECSE-FD7', "the Service Connect proxy of Service 'Api' does not set the awslogs mode"));
      annotations.hasWarning('/Mesh/Api/Service', rule('ECSE-FD8', "Log group 'Api/LogGroup' of the Service Connect proxy of Service 'Api' keeps logs forever"));
      // and the app container, configured as advised, is not reported
      expect(annotations.findWarning('*', rule('ECSE-FD[78]', "container 'api'"))).toHaveLength(0);
    });

    test('compliant: proxy logs in non-blocking mode with a retention', () => {
      const { app, stack } = serviceConnectApp(true);
      Aspects.of(app).add(new EcsFastDeployChecks());
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD[78]')).toEqual([]);
    });

    test('fix: the proxy gets non-blocking mode, a buffer and its log group a retention', () => {
      const { app, stack } = serviceConnectApp();
      Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ECS::Service', {
        ServiceConnectConfiguration: Match.objectLike({
          LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '25m' }) },
        }),
      });
      expect(Object.values(template.findResources('AWS::Logs::LogGroup')).map((r) => r.Properties?.RetentionInDays)).toEqual([30, 30]);
    });

    test('suppressed on the service', () => {
      const { app, stack, service } = serviceConnectApp();
      EcsEssentialsSuppressions.add(service, [{ id: 'ECSE-FD7', reason: 'proxy access logs must never be dropped' }]);
      Aspects.of(app).add(new EcsFastDeployChecks());
      const annotations = Annotations.fromStack(stack);
      expect(errorsAndWarnings(annotations, 'ECSE-FD7')).toEqual([]);
      annotations.hasInfo('*', rule('ECSE-FD7', 'suppressed: proxy access logs'));
    });
  });

  describe('task definitions that run without a service (ECSE-FD7, ECSE-FD8)', () => {
    test('non-compliant: a ScheduledFargateTask and an EventBridge-triggered task are reported on their task definitions', () => {
      // GIVEN the shapes of ecs-patterns ScheduledFargateTask and aws-cdk-examples' s3-eventbridge-ecs
      const { app, stack } = scheduledTaskApp();
      // WHEN
      Aspects.of(app).add(new EcsFastDeployChecks());
      const annotations = Annotations.fromStack(stack);
      // THEN
      annotations.hasWarning('/Jobs/Nightly/ScheduledTaskDef/Resource',
        rule('ECSE-FD7', "container 'ScheduledContainer' of Task definition 'Nightly/ScheduledTaskDef' does not set the awslogs mode"));
      annotations.hasWarning('/Jobs/Nightly/ScheduledTaskDef/Resource', rule('ECSE-FD8', "of container 'ScheduledContainer' keeps logs forever"));
      annotations.hasWarning('/Jobs/OnUpload/Resource', rule('ECSE-FD7', "container 'convert'"));
      annotations.hasWarning('/Jobs/OnUpload/Resource', rule('ECSE-FD8', "container 'convert'"));
    });

    test('compliant: a task definition a service runs is reported once, on the service', () => {
      const { app, stack } = serviceConnectApp();
      Aspects.of(app).add(new EcsFastDeployChecks());
      expect(Annotations.fromStack(stack).findWarning('/Mesh/Task/Resource', rule('ECSE-FD'))).toHaveLength(0);
    });

    test('fix: the scheduled task logs in non-blocking mode and its log group gets a retention', () => {
      const { app, stack } = scheduledTaskApp();
      Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
      const annotations = Annotations.fromStack(stack);
      annotations.hasInfo('/Jobs/Nightly/ScheduledTaskDef/Resource', rule('ECSE-FD7', "fixed by EcsFastDeployChecks: container 'ScheduledContainer'.*'non-blocking'"));
      expect(errorsAndWarnings(annotations, 'ECSE-FD')).toEqual([]);
      expect(infos(annotations, 'ECSE-FD8.*fixed')).toHaveLength(2);
    });

    test('compliant: a standalone task definition configured as advised', () => {
      const { app, stack, onUpload } = scheduledTaskApp();
      (onUpload.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.LogConfiguration.Options.mode', 'non-blocking');
      Aspects.of(app).add(new EcsFastDeployChecks());
      expect(Annotations.fromStack(stack).findWarning('/Jobs/OnUpload/Resource', rule('ECSE-FD7'))).toHaveLength(0);
    });
  });
});
