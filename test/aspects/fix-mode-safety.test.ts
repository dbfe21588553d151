import { App, AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EcsFastDeployChecks, EcsFastDeployChecksProps } from '../../src';
import { appMeshApp } from './fixtures/app-mesh-app';
import { ec2App } from './fixtures/ec2-static-port-app';
import { explicitValuesApp } from './fixtures/explicit-values-app';
import { infos, rule } from './fixtures/findings';
import { fireLensApp } from './fixtures/firelens-app';

function fix(app: App, props: EcsFastDeployChecksProps = {}): void {
  Aspects.of(app).add(new EcsFastDeployChecks({ fix: true, ...props }), { priority: AspectPriority.MUTATING });
}

/** Container name → StopTimeout of the stack's one task definition. */
function stopTimeouts(stack: Stack): Record<string, unknown> {
  const taskDefinitions = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'));
  const containers: Array<{ Name: string; StopTimeout?: number }> = taskDefinitions[0].Properties.ContainerDefinitions;
  return Object.fromEntries(containers.map((c) => [c.Name, c.StopTimeout]));
}

// Issue 13, "Fix mode must never make things worse".
describe('EcsFastDeployChecks fix mode never makes things worse', () => {
  describe('ECSE-FD6 on EC2 services whose new task cannot start beside the old one', () => {
    test.each([
      ['a static host port in bridge mode', { hostPort: 8080, instances: 3, desiredCount: 2 }, 'maps the static host port 8080'],
      ['distinctInstance placement', { hostPort: 0, distinctInstances: true, instances: 3, desiredCount: 2 }, 'distinctInstance placement constraint'],
      ['a one-instance Auto Scaling group', { hostPort: 0, instances: 1, desiredCount: 2 }, "its capacity is one instance, Auto Scaling group 'Cluster/Instances' has MaxSize 1"],
    ])('not fixed, and reported with the reason: %s', (_name, options, reason) => {
      // GIVEN the aws-cdk-examples ecs-service-with-task-placement shape
      const { app, stack } = ec2App(options);
      // WHEN
      fix(app);
      const annotations = Annotations.fromStack(stack);
      // THEN the service keeps the 50 % aws-ecs renders, and the warning says why fix mode left it
      Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50 }) });
      annotations.hasWarning('/Ec2Stack/Web/Service', rule('ECSE-FD6', `on EC2 a new task cannot start beside the old one \\(.*${reason}.*\\), so 100 % would stall` +
        '.*left unchanged by fix mode: raising it would stall the deployment'));
      expect(infos(annotations, 'ECSE-FD6.*fixed')).toEqual([]);
    });

    test('fixed: an EC2 service with dynamic host ports on three instances', () => {
      const { app, stack } = ec2App({ hostPort: 0, instances: 3, desiredCount: 2 });
      fix(app);
      Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100 }) });
      Annotations.fromStack(stack).hasInfo('/Ec2Stack/Web/Service', rule('ECSE-FD6', 'fixed by EcsFastDeployChecks: .*set from 50 to 100 \\(50 is what aws-ecs renders'));
    });

    test('the report-only message states the EC2 caveat too', () => {
      const { app, stack } = ec2App({ hostPort: 0, instances: 3, desiredCount: 2 });
      Aspects.of(app).add(new EcsFastDeployChecks());
      Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD6', 'on EC2 this needs room for a second copy of every task'));
    });
  });

  describe('ECSE-FD4 and AWS sidecars', () => {
    test('compliant: Envoy, the X-Ray daemon and the CloudWatch agent are left alone; the app container is fixed', () => {
      // GIVEN the App Mesh / X-Ray / CloudWatch agent extension shape
      const { app, stack } = appMeshApp();
      // WHEN
      fix(app);
      const annotations = Annotations.fromStack(stack);
      // THEN
      expect(stopTimeouts(stack)).toEqual({ app: 2, envoy: undefined, xray: undefined, cwagent: undefined });
      expect(annotations.findWarning('*', rule('ECSE-FD4'))).toHaveLength(0);
      annotations.hasInfo('*', rule('ECSE-FD4', "fixed by EcsFastDeployChecks: container 'app'.*from 30 s to 2 s \\(30 s is the ECS default\\)"));
    });

    test('compliant: the FireLens log router (recognised by its firelensConfiguration, its image a parameter) is left alone', () => {
      const { app, stack } = fireLensApp();
      fix(app);
      // 'web' takes no load-balanced traffic, so it is a worker and keeps its stop timeout too (issue 24)
      expect(stopTimeouts(stack)).toEqual({ 'web': undefined, 'log-router': undefined });
    });
  });

  describe('values the author set on purpose are reported, not rewritten', () => {
    test('a 20 s health check timeout, a 30 s deregistration delay, minHealthyPercent 0, a 10 s stop timeout, blocking awslogs', () => {
      // GIVEN
      const { app, stack } = explicitValuesApp();
      // WHEN
      fix(app);
      const template = Template.fromStack(stack);
      const annotations = Annotations.fromStack(stack);
      // THEN nothing the author set changed
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckTimeoutSeconds: 20,
        HealthCheckIntervalSeconds: Match.absent(),
        TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '30' }]),
      });
      template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 0, MaximumPercent: 100 }) });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({ Name: 'web', LogConfiguration: Match.objectLike({ Options: Match.objectLike({ mode: 'blocking' }) }) })],
      });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ Name: 'web', StopTimeout: 2 })] });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', { ContainerDefinitions: [Match.objectLike({ StopTimeout: 10 })] });
      // and each is reported with why fix mode left it
      const explicit = 'left unchanged by fix mode: the value was set explicitly; fix mode only changes values left at the AWS or CDK default';
      annotations.hasWarning('/Tuned/Web/Service/Service', rule('ECSE-FD1', 'the health check timeout was set explicitly to 20 s and must stay below the interval'));
      annotations.hasWarning('/Tuned/Web/Service/Service', rule('ECSE-FD3', `drains stopping tasks for 30 s \\(set explicitly\\).*${explicit}`));
      annotations.hasWarning('/Tuned/Web/Service/Service', rule('ECSE-FD7', `logs in 'blocking' mode \\(set explicitly\\).*${explicit}`));
      annotations.hasWarning('/Tuned/Database/Service/Service', rule('ECSE-FD6', `drop to 0 % of its tasks \\(set explicitly\\).*${explicit}`));
      annotations.hasWarning('/Tuned/Database/Service/Service', rule('ECSE-FD4', `gets 10 s \\(set explicitly\\).*${explicit}`));
      // values left at their default are still fixed
      annotations.hasInfo('/Tuned/Web/Service/Service', rule('ECSE-FD2', 'fixed by EcsFastDeployChecks: .*healthy threshold set from 5 to 2 \\(5 is the ELB default\\)'));
    });

    test('fixExplicitValues: true rewrites them, each change with its old value', () => {
      const { app, stack } = explicitValuesApp();
      fix(app, { fixExplicitValues: true });
      const template = Template.fromStack(stack);
      const annotations = Annotations.fromStack(stack);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
      });
      annotations.hasInfo('*', rule('ECSE-FD1', 'and its timeout to 4 s \\(from 20 s, set explicitly'));
      annotations.hasInfo('*', rule('ECSE-FD3', 'deregistration delay set from 30 s to 5 s \\(it was set explicitly\\)'));
      annotations.hasInfo('*', rule('ECSE-FD7', "awslogs mode set to 'non-blocking'.*\\(before: 'blocking', set explicitly\\)"));
      // minHealthyPercent 0 with maxHealthyPercent 100 cannot become 100: no room to start a task
      template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 0 }) });
    });

    test('an explicit health check interval (60 s on an EC2 service behind an ALB) is reported, not rewritten', () => {
      const { app, stack } = ec2App({ hostPort: 0, instances: 3, loadBalancer: true });
      fix(app);
      Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { HealthCheckIntervalSeconds: 60, HealthCheckTimeoutSeconds: 5 });
      Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD1', 'checks health every 60 s \\(set explicitly\\).*left unchanged by fix mode'));
    });
  });

  test('every fix message gives the old and the new value', () => {
    // GIVEN an aws-ecs-patterns service at its defaults, in the App Mesh shape's stack
    const { app, stack } = explicitValuesApp();
    // WHEN
    fix(app);
    // THEN
    for (const message of infos(Annotations.fromStack(stack), 'fixed by EcsFastDeployChecks')) {
      expect(message).toMatch(/(set from .+ to .+|before: )/);
    }
  });
});
