import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialFargateServiceProps, LoadBalancing, RollingRolloutOptions, Rollout,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A Fargate service in a supplied cluster (cheaper than the default VPC) and its template. */
function synth(props: Partial<EssentialFargateServiceProps> = {}): Template {
  const stack = new Stack(new App(), 'Test');
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }) });
  new EssentialFargateService(stack, 'Orders', { image, cluster, ...props });
  return Template.fromStack(stack);
}

function withRollout(options: RollingRolloutOptions): () => EssentialFargateService {
  return () => new EssentialFargateService(new Stack(new App(), 'Test'), 'Orders', { image, rollout: Rollout.rolling(options) });
}

describe('Rollout.rolling() defaults', () => {
  test('renders no DeploymentConfiguration.Strategy: ROLLING, the CloudFormation default', () => {
    for (const template of [synth(), synth({ rollout: Rollout.rolling() })]) {
      template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: Match.absent() }) });
    }
  });

  test('min healthy 100 %, max 200 %, circuit breaker with rollback, 10 s grace behind a load balancer', () => {
    // GIVEN / WHEN the default rollout and the same one given explicitly
    for (const template of [synth(), synth({ rollout: Rollout.rolling() }), synth({ rollout: Rollout.rolling({}) })]) {
      // THEN
      template.hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: {
          MinimumHealthyPercent: 100,
          MaximumPercent: 200,
          DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        },
        HealthCheckGracePeriodSeconds: 10,
        // the circuit breaker needs the ECS deployment controller
        DeploymentController: { Type: 'ECS' },
      });
    }
  });

  test('no grace period without a load balancer', () => {
    synth({ loadBalancing: LoadBalancing.none() }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100, MaximumPercent: 200 }),
      HealthCheckGracePeriodSeconds: Match.absent(),
    });
  });

  test('the same defaults on EC2', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }) });
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    // WHEN
    new EssentialEc2Service(stack, 'Api', { image, capacity });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: { MinimumHealthyPercent: 100, MaximumPercent: 200, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
      HealthCheckGracePeriodSeconds: 10,
    });
  });
});

describe('Rollout.rolling() overrides', () => {
  test('min and max healthy percent, grace period', () => {
    synth({ rollout: Rollout.rolling({ minHealthyPercent: 50, maxHealthyPercent: 150, healthCheckGracePeriod: Duration.seconds(60) }) })
      .hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: { MinimumHealthyPercent: 50, MaximumPercent: 150, DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
        HealthCheckGracePeriodSeconds: 60,
      });
  });

  test('a grace period of 0 s is rendered', () => {
    synth({ rollout: Rollout.rolling({ healthCheckGracePeriod: Duration.seconds(0) }) })
      .hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 0 });
  });

  test('an explicit grace period is kept without a load balancer (container health checks use it)', () => {
    synth({ loadBalancing: LoadBalancing.none(), rollout: Rollout.rolling({ healthCheckGracePeriod: Duration.seconds(30) }) })
      .hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: 30 });
  });

  test('only the max: min stays 100 %', () => {
    synth({ rollout: Rollout.rolling({ maxHealthyPercent: 150 }) }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 100, MaximumPercent: 150 }),
    });
  });

  test('circuitBreaker { enable: false } turns the circuit breaker off', () => {
    synth({ rollout: Rollout.rolling({ circuitBreaker: { enable: false } }) }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: Match.absent() }),
    });
  });

  test('circuitBreaker { enable: false, rollback: false } turns it off as well', () => {
    synth({ rollout: Rollout.rolling({ circuitBreaker: { enable: false, rollback: false } }) }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: Match.absent() }),
    });
  });

  test('circuitBreaker { rollback: false } keeps it on without rollback', () => {
    synth({ rollout: Rollout.rolling({ circuitBreaker: { rollback: false } }) }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: false } }),
    });
  });

  test('circuitBreaker {} takes this library\'s values, not CloudFormation\'s (rollback on)', () => {
    synth({ rollout: Rollout.rolling({ circuitBreaker: {} }) }).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ DeploymentCircuitBreaker: { Enable: true, Rollback: true } }),
    });
  });
});

describe('Rollout.rolling() validation', () => {
  test('fails when maxHealthyPercent is not above minHealthyPercent', () => {
    expect(withRollout({ minHealthyPercent: 100, maxHealthyPercent: 100 }))
      .toThrow(/^EssentialFargateService 'Test\/Orders': 'rollout.maxHealthyPercent' must be above 'rollout.minHealthyPercent' \(100\) or deployments cannot start a new task, got 100$/);
    // only the min given: compared with the default max of 200
    expect(withRollout({ minHealthyPercent: 50, maxHealthyPercent: 100 })).not.toThrow();
  });

  test('fails when minHealthyPercent is outside 0–100 or not an integer', () => {
    expect(withRollout({ minHealthyPercent: 101 })).toThrow(/'rollout.minHealthyPercent' must be an integer from 0 to 100, got 101/);
    expect(withRollout({ minHealthyPercent: -1 })).toThrow(/'rollout.minHealthyPercent' must be an integer from 0 to 100, got -1/);
    expect(withRollout({ minHealthyPercent: 50.5 })).toThrow(/'rollout.minHealthyPercent' must be an integer from 0 to 100, got 50.5/);
  });

  test('fails when maxHealthyPercent is below 100', () => {
    expect(withRollout({ minHealthyPercent: 0, maxHealthyPercent: 99 }))
      .toThrow(/'rollout.maxHealthyPercent' must be an integer from 100 to 2147483647, got 99/);
  });

  test('fails when rollback is asked with the circuit breaker off', () => {
    expect(withRollout({ circuitBreaker: { enable: false, rollback: true } }))
      .toThrow(/'rollout.circuitBreaker.rollback' needs 'rollout.circuitBreaker.enable' true, got enable false/);
  });

  test('fails when the grace period is not whole seconds', () => {
    expect(withRollout({ healthCheckGracePeriod: Duration.millis(1500) }))
      .toThrow(/'rollout.healthCheckGracePeriod' must be a whole number of seconds from 0 to 2147483647, got 1.5 s/);
  });

  test('reports several rollout problems together', () => {
    expect(withRollout({ minHealthyPercent: 101, maxHealthyPercent: 99, circuitBreaker: { enable: false, rollback: true } }))
      .toThrow(/invalid props:[\s\S]*'rollout.minHealthyPercent'[\s\S]*'rollout.maxHealthyPercent'[\s\S]*'rollout.circuitBreaker.rollback'/);
  });

  test('the same checks run on EC2', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 }) });
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    // WHEN / THEN
    expect(() => new EssentialEc2Service(stack, 'Api', { image, capacity, rollout: Rollout.rolling({ maxHealthyPercent: 100 }) }))
      .toThrow(/^EssentialEc2Service 'Test\/Api': 'rollout.maxHealthyPercent' must be above 'rollout.minHealthyPercent' \(100\)/);
  });

  test('token percentages and grace period skip the checks and reach the template', () => {
    // GIVEN
    const minHealthyPercent = Token.asNumber({ Ref: 'Min' });
    const maxHealthyPercent = Token.asNumber({ Ref: 'Max' });
    // WHEN
    const template = synth({
      rollout: Rollout.rolling({ minHealthyPercent, maxHealthyPercent, healthCheckGracePeriod: Duration.seconds(Token.asNumber({ Ref: 'Grace' })) }),
    });
    // THEN
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: { Ref: 'Min' }, MaximumPercent: { Ref: 'Max' } }),
      HealthCheckGracePeriodSeconds: { Ref: 'Grace' },
    });
  });

  test('a token on one side skips the max-above-min comparison only', () => {
    expect(withRollout({ minHealthyPercent: Token.asNumber({ Ref: 'Min' }), maxHealthyPercent: 100 })).not.toThrow();
    expect(withRollout({ minHealthyPercent: 100, maxHealthyPercent: Token.asNumber({ Ref: 'Max' }) })).not.toThrow();
    expect(withRollout({ minHealthyPercent: 101, maxHealthyPercent: Token.asNumber({ Ref: 'Max' }) }))
      .toThrow(/'rollout.minHealthyPercent' must be an integer from 0 to 100, got 101/);
  });
});
