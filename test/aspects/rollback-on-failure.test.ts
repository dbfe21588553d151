import { App, AspectPriority, Aspects, CfnParameter, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { EcsEssentialsSuppressions, EssentialFargateService, EcsFastDeployChecks, EcsFastDeployChecksProps, Rollout } from '../../src';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const SERVICE_PATH = '/Stack/Web/Service/Service';
const FD9 = Match.stringLikeRegexp('\\[ECSE-FD9\\]');

interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly web: ecsPatterns.ApplicationLoadBalancedFargateService;
}

function patterns(props: Partial<ecsPatterns.ApplicationLoadBalancedFargateServiceProps> = {}): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', { taskImageOptions: { image: IMAGE }, ...props });
  return { app, stack, web };
}

function fiveHundredsAlarm(f: Fixture): cloudwatch.Alarm {
  return new cloudwatch.Alarm(f.stack, 'Target5xx', {
    metric: f.web.targetGroup.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT),
    threshold: 1,
    evaluationPeriods: 1,
  });
}

function findings(f: Fixture, props?: EcsFastDeployChecksProps): Annotations {
  Aspects.of(f.app).add(new EcsFastDeployChecks(props), { priority: AspectPriority.MUTATING });
  return Annotations.fromStack(f.stack);
}

describe('ECSE-FD9 rollback on a failed deployment', () => {
  test('non-compliant: aws-ecs-patterns defaults (no alarms, no circuit breaker) get one finding, ECSE-FD5 (issue 24)', () => {
    // GIVEN / WHEN
    const annotations = findings(patterns());
    // THEN
    annotations.hasWarning(SERVICE_PATH, Match.stringLikeRegexp(
      '\\[ECSE-FD5\\] Service \'Web/Service\' has no deployment circuit breaker and no deployment alarm with rollback'));
    expect(annotations.findWarning('*', FD9)).toHaveLength(0);
  });

  test('compliant: the circuit breaker with rollback alone', () => {
    const annotations = findings(patterns({ circuitBreaker: { rollback: true } }));
    expect(annotations.findWarning('*', FD9)).toHaveLength(0);
  });

  test('compliant: deployment alarms with rollback alone', () => {
    // GIVEN
    const f = patterns();
    f.web.service.enableDeploymentAlarms([fiveHundredsAlarm(f).alarmName], { behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM });
    // WHEN
    const annotations = findings(f);
    // THEN
    expect(annotations.findWarning('*', FD9)).toHaveLength(0);
  });

  test('non-compliant: deployment alarms that only fail the deployment, without rollback', () => {
    // GIVEN
    const f = patterns();
    f.web.service.enableDeploymentAlarms([fiveHundredsAlarm(f).alarmName], { behavior: ecs.AlarmBehavior.FAIL_ON_ALARM });
    // WHEN / THEN reported once, by ECSE-FD5
    findings(f).hasWarning(SERVICE_PATH, Match.stringLikeRegexp('\\[ECSE-FD5\\].*no deployment alarm with rollback'));
  });

  test('non-compliant: a canary strategy with a circuit breaker but no alarm', () => {
    // GIVEN
    const f = patterns({ circuitBreaker: { rollback: true } });
    (f.web.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Strategy', 'CANARY');
    // WHEN / THEN
    findings(f).hasWarning(SERVICE_PATH, Match.stringLikeRegexp('\\[ECSE-FD9\\].*strategy CANARY but no deployment alarm rolls it back'));
  });

  test('skipped: a service without a load balancer', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
    taskDefinition.addContainer('worker', { image: IMAGE });
    new ecs.FargateService(stack, 'Worker', { cluster, taskDefinition, minHealthyPercent: 100 });
    // WHEN
    Aspects.of(app).add(new EcsFastDeployChecks());
    // THEN
    expect(Annotations.fromStack(stack).findWarning('*', FD9)).toHaveLength(0);
  });

  test('skipped: the CODE_DEPLOY deployment controller (CodeDeploy owns rollbacks)', () => {
    const annotations = findings(patterns({ deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY } }));
    expect(annotations.findWarning('*', FD9)).toHaveLength(0);
  });

  test('token: alarm names only known at deploy time are reported, not passed', () => {
    // GIVEN
    const f = patterns();
    const names = new CfnParameter(f.stack, 'AlarmNames', { type: 'CommaDelimitedList' });
    (f.web.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Alarms',
      { AlarmNames: names.valueAsList, Enable: true, Rollback: true });
    // WHEN / THEN
    findings(f).hasWarning(SERVICE_PATH, Match.stringLikeRegexp('\\[ECSE-FD9\\].*cannot be resolved at synth time'));
  });

  test('suppressed: listed as info', () => {
    // GIVEN
    const f = patterns();
    EcsEssentialsSuppressions.add(f.web, [
      { id: 'ECSE-FD5', reason: 'a staging service, rolled back by hand' },
      { id: 'ECSE-FD9', reason: 'a staging service, rolled back by hand' },
    ]);
    // WHEN
    const annotations = findings(f);
    // THEN
    expect(annotations.findWarning('*', FD9)).toHaveLength(0);
    annotations.hasInfo(SERVICE_PATH, Match.stringLikeRegexp('\\[ECSE-FD9\\].*suppressed: a staging service, rolled back by hand'));
  });

  test('fix mode leaves it to the author and still reports it when nothing else rolls back', () => {
    // GIVEN: fix mode adds the circuit breaker (ECSE-FD5), which also satisfies ECSE-FD9
    const fixed = findings(patterns(), { fix: true });
    expect(fixed.findWarning('*', FD9)).toHaveLength(0);
    // GIVEN: the breaker suppressed, nothing rolls back
    const f = patterns();
    EcsEssentialsSuppressions.add(f.web, [{ id: 'ECSE-FD5', reason: 'the breaker is managed by the platform team' }]);
    // WHEN / THEN
    findings(f, { fix: true }).hasWarning(SERVICE_PATH, FD9);
  });

  test.each([
    ['rolling', Rollout.rolling()],
    ['rolling with a breaker that does not roll back (default alarms)', Rollout.rolling({ circuitBreaker: { enable: true, rollback: false }, defaultAlarms: true })],
    ['blue/green', Rollout.blueGreen()],
    ['canary', Rollout.canary({ percent: 10 })],
    ['linear', Rollout.linear({ stepPercent: 25 })],
  ])('the library\'s own %s service passes', (_name, rollout) => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Own');
    new EssentialFargateService(stack, 'Web', { image: IMAGE, rollout });
    // WHEN
    Aspects.of(app).add(new EcsFastDeployChecks());
    // THEN
    expect(Annotations.fromStack(stack).findWarning('*', FD9)).toHaveLength(0);
  });
});
