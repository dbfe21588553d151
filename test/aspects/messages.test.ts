import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { EcsLeastPrivilegeChecks, EcsFastDeployChecks } from '../../src';
import { ecsExecApp } from './fixtures/ecs-exec-app';
import { rule } from './fixtures/findings';

function patternsDefault(): { app: App; stack: Stack; web: ecsPatterns.ApplicationLoadBalancedFargateService } {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/httpd:2.4') },
    desiredCount: 2, // one task keeps running at 50 % (ECS rounds up): no ECSE-FD6
  });
  return { app, stack, web };
}

// Issue 13, "Messages": each finding says where the fix goes for the apps people write.
describe('messages', () => {
  test('ECSE-FD7 says where aws-ecs-patterns takes the log driver and what to do for containers a library adds', () => {
    const { app, stack } = patternsDefault();
    Aspects.of(app).add(new EcsFastDeployChecks());
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('*', rule('ECSE-FD7', 'with aws-ecs-patterns pass it as taskImageOptions.logDriver'));
    annotations.hasWarning('*', rule('ECSE-FD7', "for a container a library adds, use the library's logging option or an escape hatch"));
  });

  test('ECSE-FD4 says what to do for images you do not build, and that AWS sidecars are left at their default', () => {
    const { app, stack } = patternsDefault();
    Aspects.of(app).add(new EcsFastDeployChecks());
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD4',
      'for an image you do not build, use the stop timeout its vendor documents.*AWS sidecars \\(FireLens/Fluent Bit, Envoy, the X-Ray daemon, ' +
      'the CloudWatch agent\\) are not checked'));
  });

  test('ECSE-FD6 states the EC2 caveat', () => {
    const { app, stack } = patternsDefault();
    Aspects.of(app).add(new EcsFastDeployChecks());
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD6', 'on EC2 this needs room for a second copy of every task'));
  });

  test('ECSE-IAM3 on a statement aws-ecs generated names the feature: ECS Exec', () => {
    const { app, stack } = ecsExecApp({ execLogging: false });
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-IAM3', 'added by aws-ecs for ECS Exec session logging'));
  });

  test('ECSE-IAM6 on a grant method names it', () => {
    const { app, stack, web } = patternsDefault();
    new s3.Bucket(stack, 'Config').grantRead(web.taskDefinition.obtainExecutionRole());
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    Annotations.fromStack(stack).hasError('*', rule('ECSE-IAM6', "'s3:GetObject\\*'.*added by aws-s3 Bucket.grantRead\\(\\)"));
  });

  test('a statement the user wrote is not attributed to aws-cdk-lib', () => {
    const { app, stack, web } = patternsDefault();
    web.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['logs:PutLogEvents'], resources: ['*'] }));
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    const annotations = Annotations.fromStack(stack);
    annotations.hasError('*', rule('ECSE-IAM3', "'logs:PutLogEvents' on Resource '\\*' \\(policy 'Web/TaskDef/TaskRole/DefaultPolicy'\\)"));
  });

  test('findings are deterministic: two builds of the same app report the same messages in the same order', () => {
    const messages = () => {
      const { app, stack } = ecsExecApp({ execLogging: false });
      Aspects.of(app).add(new EcsLeastPrivilegeChecks());
      Aspects.of(app).add(new EcsFastDeployChecks());
      return Annotations.fromStack(stack).findWarning('*', rule('ECSE-')).map((m) => `${m.id} ${String(m.entry.data)}`);
    };
    expect(messages()).toEqual(messages());
  });
});
