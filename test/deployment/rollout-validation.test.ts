import { Duration, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { build, image, setup, synth } from './fixtures';
import {
  CanaryRolloutOptions, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, LinearRolloutOptions, LoadBalancing, Rollout,
  ServiceConnectMode,
} from '../../src';

const canary = (options: CanaryRolloutOptions) => build({ rollout: Rollout.canary(options) });
const linear = (options: LinearRolloutOptions) => build({ rollout: Rollout.linear(options) });

describe('Rollout.canary() validation', () => {
  test('fails when percent is outside 0.1–100 or not a multiple of 0.1', () => {
    for (const percent of [0, 0.05, 100.1, -5, 12.34, Number.NaN]) {
      expect(canary({ percent })).toThrow(new RegExp(`^EssentialFargateService 'Test/Orders': 'rollout.percent' must be a multiple of 0.1 from 0.1 to 100, got ${percent}$`));
    }
    for (const percent of [0.1, 0.3, 12.5, 100]) {
      expect(canary({ percent })).not.toThrow();
    }
  });

  test('fails when percent is missing (JavaScript and other jsii languages can leave it out)', () => {
    expect(canary({} as CanaryRolloutOptions)).toThrow(/'rollout.percent' is required by Rollout.canary\(\): a multiple of 0.1 from 0.1 to 100, got none/);
  });

  test('fails when interval is not whole minutes from 0 to 1440', () => {
    expect(canary({ percent: 10, interval: Duration.seconds(90) })).toThrow(/'rollout.interval' must be a whole number of minutes from 0 to 1440 \(24 hours\), got 1.5 min/);
    expect(canary({ percent: 10, interval: Duration.minutes(1441) })).toThrow(/'rollout.interval' must be a whole number of minutes from 0 to 1440 \(24 hours\), got 1441 min/);
    expect(canary({ percent: 10, interval: Duration.minutes(0) })).not.toThrow();
    expect(canary({ percent: 10, interval: Duration.hours(24) })).not.toThrow();
  });

  test('fails when bakeTime plus interval exceeds CloudFormation\'s 33 hours', () => {
    expect(canary({ percent: 10, interval: Duration.hours(24), bakeTime: Duration.hours(10) }))
      .toThrow(/'rollout.bakeTime' plus 'rollout.interval' × 1 step\(s\) must not exceed 1980 minutes \(CloudFormation rejects longer canary deployments, its operations time out after 36 hours\), got 2040 min/);
    expect(canary({ percent: 10, interval: Duration.hours(24), bakeTime: Duration.hours(9) })).not.toThrow();
  });

  test('fails without a load balancer or a Service Connect server, naming rollout and loadBalancing', () => {
    expect(build({ loadBalancing: LoadBalancing.none(), rollout: Rollout.canary({ percent: 10 }) }))
      .toThrow(/'rollout' Rollout.canary\(\) shifts production traffic by weight and needs a load balancer or a Service Connect server: set 'loadBalancing' to .* got 'loadBalancing' LoadBalancing.none\(\)/);
    // a Service Connect client publishes nothing to shift
    expect(build({ loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.client(), rollout: Rollout.canary({ percent: 10 }) }))
      .toThrow(/'rollout' Rollout.canary\(\) shifts production traffic by weight/);
  });
});

describe('Rollout.linear() validation', () => {
  test('fails when stepPercent is outside 3–100 or not a multiple of 0.1', () => {
    for (const stepPercent of [2.9, 0, 100.5, 3.05]) {
      expect(linear({ stepPercent })).toThrow(new RegExp(`'rollout.stepPercent' must be a multiple of 0.1 from 3 to 100, got ${stepPercent}$`));
    }
    for (const stepPercent of [3, 3.3, 33.3, 100]) {
      expect(linear({ stepPercent })).not.toThrow();
    }
  });

  test('fails when bakeTime plus interval × steps exceeds CloudFormation\'s 33 hours (steps as CloudFormation counts them)', () => {
    // 100 / 10 = 10 steps, 9 waits; 9 × 220 + 3 = 1983 min
    expect(linear({ stepPercent: 10, interval: Duration.minutes(220) }))
      .toThrow(/'rollout.bakeTime' plus 'rollout.interval' × 9 step\(s\) must not exceed 1980 minutes .* got 1983 min/);
    expect(linear({ stepPercent: 10, interval: Duration.minutes(219) })).not.toThrow();
    // 100 / 30 is not whole: 3 waits; 3 × 659 + 3 = 1980 is allowed, 3 × 660 + 3 = 1983 is not
    expect(linear({ stepPercent: 30, interval: Duration.minutes(659) })).not.toThrow();
    expect(linear({ stepPercent: 30, interval: Duration.minutes(660) })).toThrow(/× 3 step\(s\) must not exceed 1980 minutes .* got 1983 min/);
  });

  test('fails without a load balancer or a Service Connect server', () => {
    expect(build({ loadBalancing: LoadBalancing.none(), rollout: Rollout.linear({ stepPercent: 10 }) }))
      .toThrow(/'rollout' Rollout.linear\(\) shifts production traffic by weight and needs a load balancer/);
  });
});

describe('shared validation of blue/green, canary and linear', () => {
  test('fails when bakeTime is not whole minutes from 0 to 1440', () => {
    expect(build({ rollout: Rollout.blueGreen({ bakeTime: Duration.seconds(30) }) }))
      .toThrow(/'rollout.bakeTime' must be a whole number of minutes from 0 to 1440 \(24 hours\), got 0.5 min/);
    expect(build({ rollout: Rollout.linear({ stepPercent: 50, bakeTime: Duration.days(2) }) }))
      .toThrow(/'rollout.bakeTime' must be a whole number of minutes from 0 to 1440 \(24 hours\), got 2880 min/);
  });

  test('fails when the grace period is not whole seconds', () => {
    expect(build({ rollout: Rollout.blueGreen({ healthCheckGracePeriod: Duration.millis(1500) }) }))
      .toThrow(/'rollout.healthCheckGracePeriod' must be a whole number of seconds/);
  });

  test('fails when an EC2 bridge-mode service behind a load balancer shifts traffic, naming rollout and networkMode', () => {
    const s = setup();
    const capacity = new EssentialEc2Capacity(s.stack, 'Capacity', { cluster: s.cluster });
    expect(() => new EssentialEc2Service(s.stack, 'Api', { image, capacity, networkMode: ecs.NetworkMode.BRIDGE, rollout: Rollout.blueGreen() }))
      .toThrow(/^EssentialEc2Service 'Test\/Api': 'rollout' Rollout.blueGreen\(\) behind a load balancer needs 'networkMode' ecs.NetworkMode.AWS_VPC: .* got 'networkMode' BRIDGE$/);
  });

  test('fails when scaling tracks requests per target of one target group', () => {
    expect(build({ rollout: Rollout.canary({ percent: 10 }), scaling: { maxCapacity: 10, requestsPerTarget: 100 } }))
      .toThrow(/'scaling.requestsPerTarget' cannot follow 'rollout' Rollout.canary\(\): ALBRequestCountPerTarget tracks one target group/);
    expect(build({ rollout: Rollout.canary({ percent: 10 }), scaling: { maxCapacity: 10, targetCpuPercent: 60 } })).not.toThrow();
  });

  test('reports several rollout problems together', () => {
    const rollout = Rollout.canary({ percent: 0, interval: Duration.seconds(1), bakeTime: Duration.seconds(1) });
    expect(build({ loadBalancing: LoadBalancing.none(), rollout }))
      .toThrow(/4 invalid props:[\s\S]*'rollout.bakeTime'[\s\S]*'rollout.percent'[\s\S]*'rollout.interval'[\s\S]*'rollout' Rollout.canary\(\) shifts/);
  });

  test('rolling options are not checked against traffic-shifting rules, and the reverse', () => {
    // requestsPerTarget is fine with rolling; bridge mode too
    expect(build({ scaling: { maxCapacity: 10, requestsPerTarget: 100 } })).not.toThrow();
  });
});

describe('tokens skip the checks and reach the template', () => {
  test('percent, step, interval and bake time as tokens', () => {
    // GIVEN
    const percent = Token.asNumber({ Ref: 'CanaryPercent' });
    const minutes = Token.asNumber({ Ref: 'Minutes' });
    // WHEN
    const waits = { interval: Duration.minutes(minutes), bakeTime: Duration.minutes(minutes) };
    const canaryTemplate = synth({ rollout: Rollout.canary({ percent, ...waits }) }).template;
    const linearTemplate = synth({ rollout: Rollout.linear({ stepPercent: Token.asNumber({ Ref: 'Step' }), interval: Duration.minutes(minutes) }) }).template;
    // THEN
    canaryTemplate.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        CanaryConfiguration: { CanaryPercent: { Ref: 'CanaryPercent' }, CanaryBakeTimeInMinutes: { Ref: 'Minutes' } },
        BakeTimeInMinutes: { Ref: 'Minutes' },
      }),
    });
    linearTemplate.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ LinearConfiguration: { StepPercent: { Ref: 'Step' }, StepBakeTimeInMinutes: { Ref: 'Minutes' } } }),
    });
  });

  test('a token on one side skips the 33-hour check only', () => {
    expect(linear({ stepPercent: Token.asNumber({ Ref: 'Step' }), interval: Duration.minutes(1440) })).not.toThrow();
    expect(linear({ stepPercent: 2, interval: Duration.minutes(Token.asNumber({ Ref: 'Minutes' })) })).toThrow(/'rollout.stepPercent' must be a multiple of 0.1 from 3 to 100, got 2/);
  });
});

describe('escape hatches that break the rollout fail at synthesis', () => {
  test.each(['CODE_DEPLOY', 'EXTERNAL'])('fails when the deployment controller is set to %s', (type) => {
    // GIVEN
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.canary({ percent: 10 }) });
    // WHEN
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentController.Type', type);
    // THEN
    expect(() => Template.fromStack(s.stack)).toThrow(new RegExp(`'rollout' Rollout.canary\\(\\) needs the ECS deployment controller .* got DeploymentController "${type}" set through an escape hatch`));
  });

  test('fails when the L1 property is changed instead of overridden', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen() });
    (service.service.node.defaultChild as ecs.CfnService).deploymentController = { type: 'CODE_DEPLOY' };
    expect(() => Template.fromStack(s.stack)).toThrow(/'rollout' Rollout.blueGreen\(\) needs the ECS deployment controller/);
  });

  test('rolling with its circuit breaker needs the ECS controller as well', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster });
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentController.Type', 'EXTERNAL');
    expect(() => Template.fromStack(s.stack)).toThrow(/'rollout' Rollout.rolling\(\) needs the ECS deployment controller/);
  });

  test('rolling without circuit breaker or alarms may use another controller', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.rolling({ circuitBreaker: { enable: false } }) });
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentController.Type', 'EXTERNAL');
    expect(() => Template.fromStack(s.stack)).not.toThrow();
  });

  test('fails when the strategy is overridden', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster });
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Strategy', 'BLUE_GREEN');
    expect(() => Template.fromStack(s.stack))
      .toThrow(/'rollout' Rollout.rolling\(\) renders DeploymentConfiguration.Strategy ROLLING \(unset\), got "BLUE_GREEN" set through an escape hatch: choose the strategy with 'rollout' instead/);
  });

  test('an explicit ROLLING strategy on a rolling service is accepted', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster });
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Strategy', 'ROLLING');
    expect(() => Template.fromStack(s.stack)).not.toThrow();
  });
});
