import { App, AspectPriority, Aspects, Duration, Size, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EcsEssentialsSuppressions, EcsLeastPrivilegeChecks, EcsFastDeployChecks, EcsFastDeployChecksProps, FindingLevel } from '../../src';
import { changeAfterTheChecksVisited } from '../support/late-change';

const IMAGE = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest');
const SERVICE_PATH = '/Stack/Web/Service/Service';

interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly web: ecsPatterns.ApplicationLoadBalancedFargateService;
}

/** aws-ecs-patterns with all its defaults, running two tasks (50 % of one task keeps the task: no ECSE-FD6). */
function patternsDefault(): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', { taskImageOptions: { image: IMAGE }, desiredCount: 2 });
  return { app, stack, web };
}

/** aws-ecs-patterns configured by hand with the whole fast-deploy profile. */
function patternsFastDeploy(): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
    taskImageOptions: {
      image: IMAGE,
      logDriver: ecs.LogDrivers.awsLogs({
        streamPrefix: 'web',
        mode: ecs.AwsLogDriverMode.NON_BLOCKING,
        maxBufferSize: Size.mebibytes(25),
        logRetention: logs.RetentionDays.ONE_MONTH,
      }),
    },
    minHealthyPercent: 100,
    circuitBreaker: { rollback: true },
  });
  web.targetGroup.configureHealthCheck({ interval: Duration.seconds(5), timeout: Duration.seconds(4), healthyThresholdCount: 2 });
  web.targetGroup.setAttribute('deregistration_delay.timeout_seconds', '5');
  (web.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition).addPropertyOverride('ContainerDefinitions.0.StopTimeout', 2);
  return { app, stack, web };
}

function check(f: Fixture, props?: EcsFastDeployChecksProps): Annotations {
  Aspects.of(f.app).add(new EcsFastDeployChecks(props), { priority: AspectPriority.MUTATING });
  return Annotations.fromStack(f.stack);
}

function rule(id: string, text = ''): Match {
  return Match.stringLikeRegexp(`\\[${id}\\].*${text}`);
}

const RULE_IDS = ['ECSE-FD1', 'ECSE-FD2', 'ECSE-FD3', 'ECSE-FD4', 'ECSE-FD5', 'ECSE-FD6', 'ECSE-FD7', 'ECSE-FD8'];

describe('EcsFastDeployChecks', () => {
  describe('on a default aws-ecs-patterns ApplicationLoadBalancedFargateService', () => {
    test('reports every rule as a warning on the service', () => {
      // GIVEN
      const f = patternsDefault();
      // WHEN
      const annotations = check(f);
      // THEN
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD1', "Target group 'Web/LB/PublicListener/ECSGroup' checks health every 30 s \\(AWS default\\)"));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD2', 'needs 5 successful health checks \\(AWS default\\)'));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD3', 'drains stopping tasks for 300 s \\(AWS default\\)'));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD4', "container 'web' of Task definition 'Web/TaskDef' gets 30 s \\(default\\) between SIGTERM and SIGKILL"));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD5', "Service 'Web/Service' has no deployment circuit breaker"));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD6', 'lets a deployment drop to 50 % of its tasks'));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD7', 'does not set the awslogs mode'));
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD8', "Log group 'Web/TaskDef/web/LogGroup' of container 'web' keeps logs forever"));
      expect(annotations.findError('*', Match.stringLikeRegexp('ECSE-FD'))).toHaveLength(0);
    });

    test('with fix: true the template gets the fast-deploy profile', () => {
      // GIVEN
      const f = patternsDefault();
      // WHEN
      Aspects.of(f.app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
      const template = Template.fromStack(f.stack);
      // THEN
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        HealthCheckIntervalSeconds: 5,
        HealthCheckTimeoutSeconds: 4,
        HealthyThresholdCount: 2,
        TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
      });
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({
          StopTimeout: 2,
          LogConfiguration: { LogDriver: 'awslogs', Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '25m' }) },
        })],
      });
      template.hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: Match.objectLike({
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
        }),
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    test('with fix: true every change is listed as info and no warning remains', () => {
      // GIVEN
      const f = patternsDefault();
      // WHEN
      const annotations = check(f, { fix: true });
      // THEN
      for (const id of RULE_IDS) {
        annotations.hasInfo(SERVICE_PATH, rule(id, 'fixed by EcsFastDeployChecks'));
      }
      annotations.hasInfo(SERVICE_PATH, rule('ECSE-FD1', 'health check interval set from 30 s to 5 s and its timeout to 4 s'));
      expect(annotations.findWarning('*', Match.stringLikeRegexp('ECSE-FD'))).toHaveLength(0);
    });

    test('a read-only check after the fix finds nothing', () => {
      // GIVEN
      const f = patternsDefault();
      // WHEN
      Aspects.of(f.app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
      Aspects.of(f.app).add(new EcsFastDeployChecks(), { priority: AspectPriority.READONLY });
      Aspects.of(f.app).add(new EcsLeastPrivilegeChecks(), { priority: AspectPriority.READONLY });
      const annotations = Annotations.fromStack(f.stack);
      // THEN
      expect(annotations.findWarning('*', Match.stringLikeRegexp('ECSE-'))).toHaveLength(0);
      expect(annotations.findError('*', Match.stringLikeRegexp('ECSE-'))).toHaveLength(0);
    });
  });

  test('a service configured with the fast-deploy profile passes every rule', () => {
    const annotations = check(patternsFastDeploy());
    expect(annotations.findWarning('*', Match.stringLikeRegexp('ECSE-FD'))).toHaveLength(0);
    // ECSE-FD10 (info) is about where the image comes from (ECR Public here), not the profile: see image-pull-source.test.ts.
    expect(annotations.findInfo('*', Match.stringLikeRegexp('ECSE-FD(?!10)'))).toHaveLength(0);
  });

  describe.each(RULE_IDS)('%s', (id) => {
    test('compliant: the fast-deploy profile', () => {
      const annotations = check(patternsFastDeploy());
      expect(annotations.findWarning('*', rule(id))).toHaveLength(0);
    });

    test('non-compliant: aws-ecs-patterns defaults', () => {
      check(patternsDefault()).hasWarning(SERVICE_PATH, rule(id));
    });

    test('suppressed on the pattern: listed as info, not fixed', () => {
      // GIVEN
      const f = patternsDefault();
      EcsEssentialsSuppressions.add(f.web, [{ id, reason: 'measured: this service needs the defaults' }]);
      // WHEN
      const annotations = check(f, { fix: true });
      // THEN
      expect(annotations.findWarning('*', rule(id))).toHaveLength(0);
      expect(annotations.findInfo('*', rule(id, 'fixed'))).toHaveLength(0);
      annotations.hasInfo(SERVICE_PATH, rule(id, 'suppressed: measured: this service needs the defaults'));
    });
  });

  test('suppressed ECSE-FD3 keeps the deregistration delay while the rest is fixed', () => {
    // GIVEN
    const f = patternsDefault();
    EcsEssentialsSuppressions.add(f.web, [{ id: 'ECSE-FD3', reason: 'WebSocket clients need 300 s to reconnect' }]);
    // WHEN
    Aspects.of(f.app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
    const template = Template.fromStack(f.stack);
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: 5,
      TargetGroupAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: 'deregistration_delay.timeout_seconds' })])),
    });
  });

  test('a plain aws-ecs service without load balancer is checked and fixed, its worker container keeps its stop timeout', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    taskDefinition.addContainer('worker', { image: IMAGE, logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' }) });
    new ecs.FargateService(stack, 'Worker', { cluster, taskDefinition });
    // WHEN
    const annotations = check({ app, stack } as Fixture, { fix: true });
    // THEN
    annotations.hasInfo('/Stack/Worker/Service', rule('ECSE-FD5', "Service 'Worker' circuit breaker enabled with rollback"));
    annotations.hasWarning('/Stack/Worker/Service', rule('ECSE-FD4', "container 'worker'.*no load-balanced traffic.*left unchanged by fix mode"));
    expect(annotations.findInfo('*', rule('ECSE-FD4', 'fixed'))).toHaveLength(0);
    expect(annotations.findInfo('*', rule('ECSE-FD1'))).toHaveLength(0);
  });

  test('ECSE-FD4 leaves a non-essential sidecar with an explicit stop timeout alone, but not one on the default', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 }) });
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    const logging = ecs.LogDrivers.awsLogs({ streamPrefix: 'worker' });
    taskDefinition.addContainer('worker', { image: IMAGE, logging, stopTimeout: Duration.seconds(2) });
    taskDefinition.addContainer('agent', { image: IMAGE, logging, essential: false, stopTimeout: Duration.seconds(10) });
    taskDefinition.addContainer('proxy', { image: IMAGE, logging, essential: false });
    new ecs.FargateService(stack, 'Worker', { cluster, taskDefinition });
    // WHEN
    const annotations = check({ app, stack } as Fixture);
    // THEN
    expect(annotations.findWarning('*', rule('ECSE-FD4', "container 'agent'"))).toHaveLength(0);
    expect(annotations.findWarning('*', rule('ECSE-FD4', "container 'worker'"))).toHaveLength(0);
    annotations.hasWarning('/Stack/Worker/Service', rule('ECSE-FD4', "container 'proxy' of Task definition 'TaskDef' gets 30 s \\(default\\)"));
  });

  test('a log group outside the app is reported, not passed', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const web = new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      taskImageOptions: {
        image: IMAGE,
        logDriver: ecs.LogDrivers.awsLogs({ streamPrefix: 'web', logGroup: logs.LogGroup.fromLogGroupName(stack, 'Shared', 'shared-logs') }),
      },
    });
    // WHEN
    const annotations = check({ app, stack, web });
    // THEN
    annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD8', "the log group 'shared-logs' of container 'web' is not defined in this app"));
  });

  test('ruleLevels turn a rule into an error', () => {
    const annotations = check(patternsDefault(), { ruleLevels: [{ ruleId: 'ECSE-FD5', level: FindingLevel.ERROR }] });
    annotations.hasError(SERVICE_PATH, rule('ECSE-FD5'));
    annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD6'));
  });

  test('fails when ruleLevels names an unknown rule', () => {
    expect(() => new EcsFastDeployChecks({ ruleLevels: [{ ruleId: 'FD1', level: FindingLevel.ERROR }] }))
      .toThrow(/EcsFastDeployChecks: 'ruleLevels\[0\]\.ruleId' must be one of ECSE-FD1, .* or ECSE-FD\d+, got 'FD1'/);
  });

  describe('what it reads: the template as synthesized', () => {
    test('compliant: a health check fixed by an Aspect that runs after it is judged as fixed', () => {
      // GIVEN a user Aspect that sets a 5 s interval later than the checks run
      const f = patternsDefault();
      changeAfterTheChecksVisited(f.stack, () =>
        f.web.targetGroup.configureHealthCheck({ interval: Duration.seconds(5), timeout: Duration.seconds(4) }));
      // WHEN
      const annotations = check(f);
      // THEN FD1 is judged on the synthesized target group; the untouched rules still report
      expect(annotations.findWarning('*', rule('ECSE-FD1'))).toHaveLength(0);
      annotations.hasWarning(SERVICE_PATH, rule('ECSE-FD2'));
    });
  });
});
