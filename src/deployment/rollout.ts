import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { checkRenderedRollout } from './private/late-checks';
import { createDefaultRollbackAlarms, lazyRollbackAlarmNames, registerRollbackAlarms } from './private/rollback-alarms';
import { RolloutBinding, RolloutCompletion, RolloutContext, RolloutValidationContext } from './private/rollout-binding';
import {
  CANARY_PERCENT, CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES, LINEAR_STEP_PERCENT, checkTenthPercent, checkWaitMinutes, linearWaitCount, minutesOf,
} from './private/strategy-limits';
import { checkTestTraffic } from './private/test-traffic';
import { BlueGreenRolloutOptions, CanaryRolloutOptions, LinearRolloutOptions, RollingRolloutOptions, RolloutTestTrafficOptions } from './rollout-options';
import * as defaults from '../private/defaults';
import { PropsValidator, isKnown } from '../private/validation';

/** The options of any strategy, read by kind. */
interface StrategyOptions extends RollingRolloutOptions, BlueGreenRolloutOptions {
  readonly percent?: number;
  readonly stepPercent?: number;
  readonly interval?: Duration;
}

const ECS_STRATEGY: Record<string, ecs.DeploymentStrategy | undefined> = {
  rolling: undefined,
  blueGreen: ecs.DeploymentStrategy.BLUE_GREEN,
  canary: ecs.DeploymentStrategy.CANARY,
  linear: ecs.DeploymentStrategy.LINEAR,
};

/**
 * How a service replaces its tasks on a deployment.
 *
 * - `Rollout.rolling()`, the default: the playbook's fast rolling deployment (min 100 %, max 200 %,
 *   circuit breaker with rollback). How long the new tasks take to get traffic and the old ones to
 *   stop is set by the ALB and container timing in `fastDeploy`.
 * - `Rollout.blueGreen()`: a full set of new tasks, all production traffic at once, the old tasks
 *   kept for a bake time so that a rollback is an instant traffic shift.
 * - `Rollout.canary()`: a share of the traffic first, the rest after an interval.
 * - `Rollout.linear()`: equal steps of traffic, an interval apart.
 *
 * The last three are ECS-native strategies (deployment controller ECS, no CodeDeploy): behind an ALB
 * the service gets a second target group, a production listener rule and the least-privilege role
 * ECS uses to shift traffic, and deployments roll back when one of the default alarms (5xx rate,
 * unhealthy targets of both target groups) or one of `rollbackAlarms` fires. The circuit breaker
 * stays on for every strategy.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-types.html
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

  /**
   * An ECS blue/green deployment: the new tasks start beside the old ones and get all production
   * traffic at once once healthy; the old tasks stay for `bakeTime` (3 minutes by default), during
   * which an alarm rolls traffic back instantly.
   *
   * Behind a load balancer the service gets an alternate target group, a production listener rule
   * and the role ECS shifts traffic with. Without a load balancer ECS shifts Service Connect traffic,
   * or (neither) replaces the tasks without managing traffic.
   *
   * @param options bake time, lifecycle hooks, default alarms
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
   */
  public static blueGreen(options: BlueGreenRolloutOptions = {}): Rollout {
    return new Rollout('blueGreen', options);
  }

  /**
   * An ECS canary deployment: `percent` of production traffic goes to the new tasks for `interval`
   * (3 minutes by default), then the rest; the old tasks stay for `bakeTime`. Needs a load balancer
   * or a Service Connect server.
   *
   * @param options the canary share, its interval, bake time, lifecycle hooks, default alarms
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/canary-deployment.html
   */
  public static canary(options: CanaryRolloutOptions): Rollout {
    return new Rollout('canary', options);
  }

  /**
   * An ECS linear deployment: production traffic shifts to the new tasks in steps of `stepPercent`,
   * `interval` apart (3 minutes by default); the old tasks stay for `bakeTime`. Needs a load balancer
   * or a Service Connect server.
   *
   * @param options the step size, the interval, bake time, lifecycle hooks, default alarms
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/linear-deployment.html
   */
  public static linear(options: LinearRolloutOptions): Rollout {
    return new Rollout('linear', options);
  }

  /** The strategy's name: `rolling`, `blueGreen`, `canary` or `linear`. */
  public readonly strategy: string;

  private readonly options: StrategyOptions;

  private constructor(strategy: string, options: StrategyOptions) {
    this.strategy = strategy;
    this.options = options ?? {};
  }

  /**
   * True for blue/green, canary and linear: ECS moves traffic between two target groups.
   *
   * @internal
   */
  public get _shiftsTraffic(): boolean {
    return this.strategy !== 'rolling';
  }

  /**
   * The test listener rule's options of a traffic-shifting rollout.
   *
   * @internal
   */
  public get _testTraffic(): RolloutTestTrafficOptions | undefined {
    return this._shiftsTraffic ? this.options.testTraffic : undefined;
  }

  /**
   * Record every problem of the options, and of the options against the rest of the service's props,
   * with `rollout.<field>` names.
   *
   * @internal
   */
  public _validate(v: PropsValidator, context: RolloutValidationContext): void {
    const o = this.options;
    v.durationInRange('rollout.healthCheckGracePeriod', o.healthCheckGracePeriod, 0, 2_147_483_647);
    if (!this._shiftsTraffic) {
      this.validateRolling(v);
      return;
    }
    checkWaitMinutes(v, 'rollout.bakeTime', o.bakeTime);
    if (this.strategy === 'canary') {
      this.validateSteps(v, 'percent', CANARY_PERCENT, () => 1);
    } else if (this.strategy === 'linear') {
      this.validateSteps(v, 'stepPercent', LINEAR_STEP_PERCENT, linearWaitCount);
    }
    this.validateAgainstService(v, context);
  }

  /**
   * The deployment props of the ECS service.
   *
   * @internal
   */
  public _bind(scope: Construct, context: RolloutContext): RolloutBinding {
    const o = this.options;
    const healthCheckGracePeriod = context.hasLoadBalancer
      ? o.healthCheckGracePeriod ?? defaults.HEALTH_CHECK_GRACE_PERIOD
      : o.healthCheckGracePeriod;
    const deploymentAlarms = this.hasAlarms(context.hasLoadBalancer, context.rollbackAlarms)
      ? { alarmNames: lazyRollbackAlarmNames(scope), behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }
      : undefined;
    if (!this._shiftsTraffic) {
      const enable = o.circuitBreaker?.enable ?? true;
      return {
        minHealthyPercent: o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT,
        maxHealthyPercent: o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT,
        circuitBreaker: enable ? { enable: true, rollback: o.circuitBreaker?.rollback ?? defaults.CIRCUIT_BREAKER_ROLLBACK } : undefined,
        healthCheckGracePeriod,
        deploymentAlarms,
      };
    }
    const step = { stepPercent: this.strategy === 'canary' ? o.percent : o.stepPercent, stepBakeTime: o.interval ?? defaults.ROLLOUT_STEP_INTERVAL };
    return {
      // ECS sizes the new revision at the full desired count beside the old one; these render as
      // they do for rolling (aws-cdk-lib always renders both) and keep the service's limits if the
      // strategy is switched back.
      minHealthyPercent: defaults.MIN_HEALTHY_PERCENT,
      maxHealthyPercent: defaults.MAX_HEALTHY_PERCENT,
      // ECS's failure detection (circuit breaker and alarms) covers rolling and blue/green deployments.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-failure-detection.html
      circuitBreaker: { enable: true, rollback: defaults.CIRCUIT_BREAKER_ROLLBACK },
      healthCheckGracePeriod,
      deploymentStrategy: ECS_STRATEGY[this.strategy],
      bakeTime: o.bakeTime ?? defaults.ROLLOUT_BAKE_TIME,
      lifecycleHooks: o.lifecycleHooks && o.lifecycleHooks.length > 0 ? o.lifecycleHooks : undefined,
      canaryConfiguration: this.strategy === 'canary' ? step : undefined,
      linearConfiguration: this.strategy === 'linear' ? step : undefined,
      deploymentAlarms,
    };
  }

  /**
   * Create the default alarms once the target groups exist, record every rollback alarm, and check
   * the rendered service at synthesis. Returns the alarms the deployments roll back on.
   *
   * @internal
   */
  public _complete(scope: Construct, context: RolloutCompletion): cloudwatch.IAlarm[] {
    const user = context.rollbackAlarms ?? [];
    const hasLoadBalancer = context.targetGroups.length > 0;
    const created = this.defaultAlarms && hasLoadBalancer ? createDefaultRollbackAlarms(scope, context.targetGroups) : [];
    const alarms = [...user, ...created];
    registerRollbackAlarms(scope, alarms);
    checkRenderedRollout(scope, context.service, {
      description: this._describe(),
      strategy: ECS_STRATEGY[this.strategy],
      needsEcsController: this._shiftsTraffic || alarms.length > 0 || (this.options.circuitBreaker?.enable ?? true),
      alarms,
    });
    if (this._shiftsTraffic && alarms.length === 0) {
      Annotations.of(scope).addWarningV2('cdk-ecs-essentials:rolloutWithoutAlarms',
        `'rollout' ${this._describe()} has no rollback alarm (${hasLoadBalancer ? '\'defaultAlarms\' is false' : 'no load balancer to alarm on'}) ` +
        'and \'rollbackAlarms\' is empty: only the circuit breaker, which sees tasks that fail to start or to pass health checks, ' +
        'can roll a deployment back. Pass \'rollbackAlarms\' (e.g. on error rates or latency) so that a revision that serves errors rolls back too');
    }
    return alarms;
  }

  /**
   * The rollout as written in code, e.g. `Rollout.canary()`.
   *
   * @internal
   */
  public _describe(): string {
    return `Rollout.${this.strategy}()`;
  }

  /**
   * The rolling options as the user gave them (no defaults applied): daemon services read which
   * limits were set explicitly.
   *
   * @internal
   */
  public get _rollingOptions(): RollingRolloutOptions {
    return this.options;
  }

  private get defaultAlarms(): boolean {
    return this.options.defaultAlarms ?? (this._shiftsTraffic ? defaults.TRAFFIC_SHIFT_DEFAULT_ALARMS : defaults.ROLLING_DEFAULT_ALARMS);
  }

  private hasAlarms(hasLoadBalancer: boolean, rollbackAlarms: cloudwatch.IAlarm[] | undefined): boolean {
    return (rollbackAlarms ?? []).length > 0 || (this.defaultAlarms && hasLoadBalancer);
  }

  private validateRolling(v: PropsValidator): void {
    const o = this.options;
    v.integerInRange('rollout.minHealthyPercent', o.minHealthyPercent, 0, 100);
    // Above 100 %: the ECS API caps it at the Int32 range only.
    v.integerInRange('rollout.maxHealthyPercent', o.maxHealthyPercent, 100, 2_147_483_647);
    const min = o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT;
    const max = o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT;
    if (isKnown(min) && isKnown(max) && max <= min) {
      v.fail(`'rollout.maxHealthyPercent' must be above 'rollout.minHealthyPercent' (${min}) or deployments cannot start a new task, got ${max}`);
    }
    if (o.circuitBreaker?.enable === false && o.circuitBreaker.rollback === true) {
      v.fail('\'rollout.circuitBreaker.rollback\' needs \'rollout.circuitBreaker.enable\' true, got enable false');
    }
  }

  /** The share of each step, the interval, and the whole deployment against CloudFormation's 33 hours. */
  private validateSteps(v: PropsValidator, field: 'percent' | 'stepPercent', range: { min: number; max: number },
    waitsOf: (percent: number) => number): void {
    const o = this.options;
    const percent = o[field];
    if (percent === undefined || percent === null) {
      v.fail(`'rollout.${field}' is required by ${this._describe()}: a multiple of 0.1 from ${range.min} to ${range.max}, got none`);
    } else {
      checkTenthPercent(v, `rollout.${field}`, percent, range);
    }
    checkWaitMinutes(v, 'rollout.interval', o.interval);
    const interval = minutesOf(o.interval ?? defaults.ROLLOUT_STEP_INTERVAL);
    const bake = minutesOf(o.bakeTime ?? defaults.ROLLOUT_BAKE_TIME);
    if (!isKnown(percent) || interval === undefined || bake === undefined || percent < range.min || percent > range.max) {
      return;
    }
    const total = bake + interval * waitsOf(percent);
    if (total > CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES) {
      v.fail(`'rollout.bakeTime' plus 'rollout.interval' × ${waitsOf(percent)} step(s) must not exceed ${CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES} ` +
        `minutes (CloudFormation rejects longer ${this.strategy} deployments, its operations time out after 36 hours), got ${total} min`);
    }
  }

  /** What the strategy needs from the load balancing, the network mode and the scaling of the service. */
  private validateAgainstService(v: PropsValidator, context: RolloutValidationContext): void {
    const rollout = this._describe();
    if (this.strategy !== 'blueGreen' && !context.hasLoadBalancer && !context.serviceConnectServer) {
      // Canary and linear shift traffic by weights: ECS needs Elastic Load Balancing or Service Connect.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/canary-deployment-implementation.html
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/linear-deployment-implementation.html
      v.fail(`'rollout' ${rollout} shifts production traffic by weight and needs a load balancer or a Service Connect server: ` +
        'set \'loadBalancing\' to LoadBalancing.publicAlb(), internalAlb() or sharedListener(), or \'serviceConnect\' to ' +
        'ServiceConnectMode.server(), or use Rollout.blueGreen() (which also runs without traffic management), got \'loadBalancing\' LoadBalancing.none()');
    }
    if (context.hasLoadBalancer && context.bridgeNetworking) {
      // ECS documents the blue/green target groups as type ip (Fargate, or EC2 with awsvpc); bridge
      // tasks register as instance targets.
      // https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
      v.fail(`'rollout' ${rollout} behind a load balancer needs 'networkMode' ecs.NetworkMode.AWS_VPC: ECS documents blue/green, ` +
        'canary and linear target groups of target type ip only, and bridge-mode tasks register as instance targets; ' +
        'use Rollout.rolling() for bridge mode, got \'networkMode\' BRIDGE');
    }
    if (this.options.testTraffic !== undefined) {
      checkTestTraffic(v, this.options.testTraffic, { ...context, rollout });
    }
    if (context.hasLoadBalancer && context.scalesOnRequestsPerTarget) {
      v.fail(`'scaling.requestsPerTarget' cannot follow 'rollout' ${rollout}: ALBRequestCountPerTarget tracks one target group, ` +
        'and every deployment moves production traffic to the other one, so scaling would see no requests after the first deployment; ' +
        'scale on \'scaling.targetCpuPercent\' instead, or use Rollout.rolling()');
    }
  }
}
