import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as defaults from '../private/defaults';
import { PropsValidator, isKnown } from '../private/validation';
import { RolloutBinding, RolloutContext } from './private/rollout-binding';

/**
 * Options of the rolling deployment (`Rollout.rolling()`).
 *
 * Every default follows the ECS best-practices guide for fast deployments: a whole new set of tasks
 * starts at once while the old set keeps serving, and a deployment whose tasks keep failing is rolled
 * back by the circuit breaker.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/deployment.html
 */
export interface RollingRolloutOptions {
  /**
   * Lower limit of running tasks during a deployment, in percent of the desired count (0–100).
   *
   * @default 100
   */
  readonly minHealthyPercent?: number;

  /**
   * Upper limit of running tasks during a deployment, in percent of the desired count (100 or more).
   *
   * @default 200
   */
  readonly maxHealthyPercent?: number;

  /**
   * The deployment circuit breaker: stop a deployment whose tasks keep failing to start or to pass
   * health checks, and roll it back. Fields left out take this library's values (`enable: true`,
   * `rollback: true`), not CloudFormation's; `{ enable: false }` turns the circuit breaker off.
   *
   * Without a circuit breaker a failing deployment keeps CloudFormation waiting for about three hours.
   *
   * @default - enabled, with rollback
   */
  readonly circuitBreaker?: ecs.DeploymentCircuitBreaker;

  /**
   * Time ECS ignores failing load balancer health checks after a task starts.
   *
   * @default Duration.seconds(10) when the service has a load balancer, otherwise none
   */
  readonly healthCheckGracePeriod?: Duration;
}

/**
 * How a service replaces its tasks on a deployment.
 *
 * `Rollout.rolling()` is the default: the playbook's fast rolling deployment (min 100 %, max 200 %,
 * circuit breaker with rollback). How long the new tasks take to get traffic and the old ones to stop
 * is set by the ALB and container timing in `fastDeploy`.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-ecs.html
 */
export class Rollout {
  /**
   * A rolling deployment with the fast-deploy defaults: min healthy 100 %, max healthy 200 %,
   * circuit breaker with rollback, a 10 s health-check grace period behind a load balancer.
   *
   * @param options override any of the deployment limits
   */
  public static rolling(options: RollingRolloutOptions = {}): Rollout {
    return new Rollout('rolling', options);
  }

  /** The strategy's name, e.g. `rolling`. */
  public readonly strategy: string;

  private readonly options: RollingRolloutOptions;

  private constructor(strategy: string, options: RollingRolloutOptions) {
    this.strategy = strategy;
    this.options = options;
  }

  /**
   * Record every problem of the options with `rollout.<field>` names.
   *
   * @internal
   */
  public _validate(v: PropsValidator): void {
    const o = this.options;
    v.integerInRange('rollout.minHealthyPercent', o.minHealthyPercent, 0, 100);
    // Above 100 %: the ECS API caps it at the Int32 range only.
    v.integerInRange('rollout.maxHealthyPercent', o.maxHealthyPercent, 100, 2_147_483_647);
    v.durationInRange('rollout.healthCheckGracePeriod', o.healthCheckGracePeriod, 0, 2_147_483_647);
    const min = o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT;
    const max = o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT;
    if (isKnown(min) && isKnown(max) && max <= min) {
      v.fail(`'rollout.maxHealthyPercent' must be above 'rollout.minHealthyPercent' (${min}) or deployments cannot start a new task, got ${max}`);
    }
    if (o.circuitBreaker?.enable === false && o.circuitBreaker.rollback === true) {
      v.fail('\'rollout.circuitBreaker.rollback\' needs \'rollout.circuitBreaker.enable\' true, got enable false');
    }
  }

  /**
   * The deployment props of the ECS service.
   *
   * @internal
   */
  public _bind(context: RolloutContext): RolloutBinding {
    const o = this.options;
    const enable = o.circuitBreaker?.enable ?? true;
    return {
      minHealthyPercent: o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT,
      maxHealthyPercent: o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT,
      circuitBreaker: enable ? { enable: true, rollback: o.circuitBreaker?.rollback ?? defaults.CIRCUIT_BREAKER_ROLLBACK } : undefined,
      healthCheckGracePeriod: context.hasLoadBalancer
        ? o.healthCheckGracePeriod ?? defaults.HEALTH_CHECK_GRACE_PERIOD
        : o.healthCheckGracePeriod,
    };
  }
}
