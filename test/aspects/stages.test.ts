import { App, AspectPriority, Aspects, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { EcsLeastPrivilegeChecks, EcsFastDeployChecks } from '../../src';
import { errorsAndWarnings, rule } from './fixtures/findings';
import { pipelineApp } from './fixtures/pipeline-app';

const STAGE_NOT_CHECKED = Match.stringLikeRegexp('cdk-ecs-essentials:stageNotChecked');

// Issue 13, "False negatives" / CDK Pipelines: addStage() synthesizes a Stage at once, so Aspects
// added to the App (or to the Stage after addStage) never visit it.
describe('Stages and CDK Pipelines', () => {
  test('non-compliant: Aspects added to the App warn on the pipeline stack, naming the stage, why, and the fix', () => {
    // GIVEN the aws-cdk-examples cdkpipeline-ecs shape, the Aspects added to the App as usual
    const { app, pipelineStack, stage } = pipelineApp();
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    // WHEN
    const annotations = Annotations.fromStack(pipelineStack);
    // THEN
    annotations.hasWarning('/Delivery', Match.stringLikeRegexp(
      "EcsLeastPrivilegeChecks did not check Stage 'Delivery/Prod' \\(stacks 'Delivery/Prod/WebStack'\\): Aspects of an enclosing " +
      "scope never enter a Stage, and CDK Pipelines' addStage\\(\\) synthesizes a Stage at once. Call " +
      'EcsLeastPrivilegeChecks.applyTo\\(app\\) before the pipeline adds its stages'));
    // and indeed the stage's stack was not checked
    expect(errorsAndWarnings(Annotations.fromStack(stage.webStack))).toEqual([]);
  });

  test('non-compliant: an Aspect added to the Stage after addStage() is named as the reason', () => {
    const { app, pipelineStack, stage } = pipelineApp();
    Aspects.of(stage).add(new EcsLeastPrivilegeChecks());
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    Annotations.fromStack(pipelineStack).hasWarning('/Delivery', Match.stringLikeRegexp(
      "its EcsLeastPrivilegeChecks was added after the Stage had been synthesized \\(CDK Pipelines' addStage\\(\\) synthesizes a Stage at once\\)"));
  });

  test('compliant: EcsLeastPrivilegeChecks.applyTo(app) before the pipeline is built checks the stage, on its own resources', () => {
    // GIVEN
    const { pipelineStack, stage } = pipelineApp((app) => EcsLeastPrivilegeChecks.applyTo(app));
    // WHEN
    const stageFindings = Annotations.fromStack(stage.webStack);
    // THEN the stage's task definition has its finding, and nothing is left unchecked
    stageFindings.hasError('/Delivery/Prod/WebStack/Web/TaskDef/Resource', rule('ECSE-IAM3', "'s3:GetObject' on Resource '\\*'"));
    expect(Annotations.fromStack(pipelineStack).findWarning('*', STAGE_NOT_CHECKED)).toHaveLength(0);
  });

  test('compliant: the Aspect added to the Stage before addStage() is enough', () => {
    const { app, pipelineStack, stage } = pipelineApp(undefined, (s) => Aspects.of(s).add(new EcsLeastPrivilegeChecks()));
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    Annotations.fromStack(stage.webStack).hasError('*', rule('ECSE-IAM3', "'s3:GetObject'"));
    expect(Annotations.fromStack(pipelineStack).findWarning('*', STAGE_NOT_CHECKED)).toHaveLength(0);
  });

  test('fix: EcsFastDeployChecks.applyTo(app, { fix: true }) fixes the services of every stage', () => {
    // GIVEN
    const { stage } = pipelineApp((app) => EcsFastDeployChecks.applyTo(app, { fix: true }));
    // WHEN
    const template = Template.fromStack(stage.webStack);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckIntervalSeconds: 5, HealthyThresholdCount: 2 });
    // one task: 50 % keeps it (ECS rounds up), so ECSE-FD6 has nothing to fix; the breaker is added
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }) });
    Annotations.fromStack(stage.webStack).hasInfo('*', rule('ECSE-FD1', 'fixed by EcsFastDeployChecks'));
  });

  test('non-compliant: in fix mode the warning says the stage was neither checked nor fixed', () => {
    const { app, pipelineStack } = pipelineApp();
    Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
    Annotations.fromStack(pipelineStack).hasWarning('/Delivery',
      Match.stringLikeRegexp("EcsFastDeployChecks did not check or fix Stage 'Delivery/Prod'.*EcsFastDeployChecks.applyTo\\(app\\)"));
  });

  test('non-compliant: a Stage directly under the App, next to a top-level stack, is reported on that stack', () => {
    // GIVEN an app with one stack of its own and a stage, Aspects on the App
    const app = new App();
    const shared = new Stack(app, 'Shared');
    const stage = new Stage(app, 'Prod');
    const stack = new Stack(stage, 'Api');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/httpd:2.4') });
    taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    // WHEN / THEN
    Annotations.fromStack(shared).hasWarning('/Shared', Match.stringLikeRegexp("did not check Stage 'Prod' \\(stacks 'Prod/Api'\\)"));
  });

  test('non-compliant: an app made only of Stages prints the warning, since annotations outside a stack are not reported', () => {
    // GIVEN
    const app = new App();
    const stage = new Stage(app, 'Prod');
    new ecs.FargateTaskDefinition(new Stack(stage, 'Api'), 'Task')
      .addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/httpd:2.4') });
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      // WHEN
      app.synth();
      // THEN
      expect(warn).toHaveBeenCalledWith(expect.stringMatching(/\[Warning cdk-ecs-essentials:stageNotChecked\] EcsLeastPrivilegeChecks did not check Stage 'Prod'/));
    } finally {
      warn.mockRestore();
    }
  });

  test('applyTo(app) leaves the Stages of other apps alone', () => {
    EcsLeastPrivilegeChecks.applyTo(new App());
    const other = new App();
    const stage = new Stage(other, 'Prod');
    new Stack(stage, 'Api');
    other.synth();
    expect(Aspects.of(stage).all).toHaveLength(0);
  });

  test('compliant: a Stage without task definitions or services gets no warning', () => {
    const app = new App();
    const shared = new Stack(app, 'Shared');
    new iam.Role(new Stack(new Stage(app, 'Network'), 'Roles'), 'Deployer', { assumedBy: new iam.AccountRootPrincipal() });
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    Aspects.of(app).add(new EcsFastDeployChecks());
    expect(Annotations.fromStack(shared).findWarning('*', STAGE_NOT_CHECKED)).toHaveLength(0);
  });

  test('compliant: applyTo(app) reaches a Stage created after the call, without a pipeline', () => {
    const app = new App();
    EcsLeastPrivilegeChecks.applyTo(app);
    const stack = new Stack(new Stage(app, 'Prod'), 'Api');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/httpd:2.4') });
    taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::reports'] }));
    Annotations.fromStack(stack).hasError('/Prod/Api/Task/Resource', rule('ECSE-IAM2', "'s3:\\*'"));
  });
});
