import { Annotations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { checkRenderedRollout } from './private/late-checks';
import { createDefaultRollbackAlarms, lazyRollbackAlarmNames, registerRollbackAlarms } from '../private/rollback-alarms';
import { RolloutBinding, RolloutCompletion, RolloutContext, RolloutValidationContext } from './private/rollout-binding';
import { checkRollingLimits, checkTrafficShiftAgainstService, checkTrafficSteps } from './private/strategy-checks';
import { CANARY_PERCENT, LINEAR_STEP_PERCENT, checkWaitMinutes, linearWaitCount } from './private/strategy-limits';
import { BlueGreenRolloutOptions, CanaryRolloutOptions, LinearRolloutOptions, RollingRolloutOptions, RolloutTestTrafficOptions } from './rollout-options';
import * as defaults from '../private/defaults';
import { HEALTH_CHECK_GRACE_PERIOD } from '../private/limits';
import { PropsValidator } from '../private/validation';

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
export abstract class Rollout {
  /**
   * A rolling deployment with the fast-deploy defaults: min healthy 100 %, max healthy 200 %,
   * circuit breaker with rollback, a 10 s health-check grace period behind a load balancer.
   *
   * @param options override any of the deployment limits
   */
  public static rolling(options: RollingRolloutOptions = {}): Rollout {
    return new RollingRollout(options ?? {});
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
    return new BlueGreenRollout(options ?? {});
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
    return new CanaryRollout(options ?? ({} as CanaryRolloutOptions));
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
    return new LinearRollout(options ?? ({} as LinearRolloutOptions));
  }

  /**
   * True for blue/green, canary and linear: ECS moves traffic between two target groups.
   *
   * @internal
   */
  public abstract get _shiftsTraffic(): boolean;

  /**
   * The test listener rule's options of a traffic-shifting rollout.
   *
   * @internal
   */
  public abstract get _testTraffic(): RolloutTestTrafficOptions | undefined;

  /**
   * The rolling options as the user gave them (no defaults applied): daemon services read which
   * limits were set explicitly.
   *
   * @internal
   */
  public abstract get _rollingOptions(): RollingRolloutOptions;

  /**
   * The rollout as written in code, e.g. `Rollout.canary()`.
   *
   * @internal
   */
  public abstract _describe(): string;

  /**
   * Record every problem of the options, and of the options against the rest of the service's props,
   * with `rollout.<field>` names.
   *
   * @internal
   */
  public abstract _validate(v: PropsValidator, context: RolloutValidationContext): void;

  /**
   * The deployment props of the ECS service.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, context: RolloutContext): RolloutBinding;

  /**
   * Create the default alarms once the target groups exist, record every rollback alarm, and check
   * the rendered service at synthesis. Returns the alarms the deployments roll back on.
   *
   * @internal
   */
  public abstract _complete(scope: Construct, context: RolloutCompletion): cloudwatch.IAlarm[];
}

/** The options of any strategy, as the user gave them. */
interface StrategyOptions extends RollingRolloutOptions, BlueGreenRolloutOptions {}

/** The deployment props every strategy sets the same way. */
type CommonDeploymentProps = Pick<RolloutBinding, 'healthCheckGracePeriod' | 'deploymentAlarms'>;

/** What every strategy shares: the grace period, the rollback alarms and the checks of the rendered service. */
abstract class RolloutStrategy extends Rollout {
  /** `DeploymentConfiguration.Strategy` the strategy renders (undefined for rolling: CloudFormation's default). */
  protected abstract readonly ecsStrategy: ecs.DeploymentStrategy | undefined;
  /** Whether the default rollback alarms are on when `defaultAlarms` is left out. */
  protected abstract readonly defaultAlarmsByDefault: boolean;

  constructor(protected readonly options: StrategyOptions) {
    super();
  }

  public get _rollingOptions(): RollingRolloutOptions {
    return this.options;
  }

  public _complete(scope: Construct, context: RolloutCompletion): cloudwatch.IAlarm[] {
    const user = context.rollbackAlarms ?? [];
    const hasLoadBalancer = context.targetGroups.length > 0;
    const created = this.defaultAlarms && hasLoadBalancer ? createDefaultRollbackAlarms(scope, context.targetGroups) : [];
    const alarms = [...user, ...created];
    registerRollbackAlarms(scope, alarms);
    checkRenderedRollout(scope, context.service, {
      description: this._describe(),
      strategy: this.ecsStrategy,
      needsEcsController: this.needsEcsController(alarms),
      alarms,
    });
    return alarms;
  }

  /** True when the rollout relies on the ECS deployment controller (circuit breaker, alarms, strategies). */
  protected abstract needsEcsController(alarms: cloudwatch.IAlarm[]): boolean;

  /** The health-check grace period and the rollback alarms of the service. */
  protected commonProps(scope: Construct, context: RolloutContext): CommonDeploymentProps {
    const o = this.options;
    const healthCheckGracePeriod = context.hasLoadBalancer
      ? o.healthCheckGracePeriod ?? defaults.HEALTH_CHECK_GRACE_PERIOD
      : o.healthCheckGracePeriod;
    const hasAlarms = (context.rollbackAlarms ?? []).length > 0 || (this.defaultAlarms && context.hasLoadBalancer);
    const deploymentAlarms = hasAlarms
      ? { alarmNames: lazyRollbackAlarmNames(scope), behavior: ecs.AlarmBehavior.ROLLBACK_ON_ALARM }
      : undefined;
    return { healthCheckGracePeriod, deploymentAlarms };
  }

  protected validateGracePeriod(v: PropsValidator): void {
    v.durationInRange('rollout.healthCheckGracePeriod', this.options.healthCheckGracePeriod, HEALTH_CHECK_GRACE_PERIOD.min!, HEALTH_CHECK_GRACE_PERIOD.max!);
  }

  private get defaultAlarms(): boolean {
    return this.options.defaultAlarms ?? this.defaultAlarmsByDefault;
  }
}

/** `Rollout.rolling()`: ECS replaces the tasks in place, within the healthy-percent limits. */
class RollingRollout extends RolloutStrategy {
  public readonly _shiftsTraffic = false;
  protected readonly ecsStrategy = undefined;
  protected readonly defaultAlarmsByDefault = defaults.ROLLING_DEFAULT_ALARMS;

  public get _testTraffic(): RolloutTestTrafficOptions | undefined {
    return undefined;
  }

  public _describe(): string {
    return 'Rollout.rolling()';
  }

  public _validate(v: PropsValidator): void {
    this.validateGracePeriod(v);
    checkRollingLimits(v, this.options);
  }

  public _bind(scope: Construct, context: RolloutContext): RolloutBinding {
    const o = this.options;
    const enable = o.circuitBreaker?.enable ?? true;
    const { healthCheckGracePeriod, deploymentAlarms } = this.commonProps(scope, context);
    return {
      minHealthyPercent: o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT,
      maxHealthyPercent: o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT,
      circuitBreaker: enable ? { enable: true, rollback: o.circuitBreaker?.rollback ?? defaults.CIRCUIT_BREAKER_ROLLBACK } : undefined,
      healthCheckGracePeriod,
      deploymentAlarms,
    };
  }

  protected needsEcsController(alarms: cloudwatch.IAlarm[]): boolean {
    return alarms.length > 0 || (this.options.circuitBreaker?.enable ?? true);
  }
}

/** The traffic-shift settings of a strategy: canary or linear steps, none for blue/green. */
type TrafficShiftConfiguration = Pick<RolloutBinding, 'canaryConfiguration' | 'linearConfiguration'>;

/**
 * Blue/green, canary and linear: ECS starts a full set of new tasks beside the old ones and moves
 * traffic between two target groups (or Service Connect revisions).
 */
abstract class TrafficShiftRollout extends RolloutStrategy {
  public readonly _shiftsTraffic = true;
  protected readonly defaultAlarmsByDefault = defaults.TRAFFIC_SHIFT_DEFAULT_ALARMS;
  /** True when ECS must manage the traffic: weights need a load balancer or Service Connect. */
  protected abstract readonly needsTrafficManagement: boolean;

  public get _testTraffic(): RolloutTestTrafficOptions | undefined {
    return this.options.testTraffic;
  }

  public _validate(v: PropsValidator, context: RolloutValidationContext): void {
    this.validateGracePeriod(v);
    checkWaitMinutes(v, 'rollout.bakeTime', this.options.bakeTime);
    this.validateSteps(v);
    checkTrafficShiftAgainstService(v, context, {
      rollout: this._describe(),
      needsTrafficManagement: this.needsTrafficManagement,
      testTraffic: this.options.testTraffic,
    });
  }

  public _bind(scope: Construct, context: RolloutContext): RolloutBinding {
    const o = this.options;
    const { healthCheckGracePeriod, deploymentAlarms } = this.commonProps(scope, context);
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
      deploymentStrategy: this.ecsStrategy,
      bakeTime: o.bakeTime ?? defaults.ROLLOUT_BAKE_TIME,
      lifecycleHooks: o.lifecycleHooks && o.lifecycleHooks.length > 0 ? o.lifecycleHooks : undefined,
      ...this.trafficShiftConfiguration(),
      deploymentAlarms,
    };
  }

  public _complete(scope: Construct, context: RolloutCompletion): cloudwatch.IAlarm[] {
    const alarms = super._complete(scope, context);
    if (alarms.length === 0) {
      const hasLoadBalancer = context.targetGroups.length > 0;
      Annotations.of(scope).addWarningV2('cdk-ecs-essentials:rolloutWithoutAlarms',
        `'rollout' ${this._describe()} has no rollback alarm (${hasLoadBalancer ? '\'defaultAlarms\' is false' : 'no load balancer to alarm on'}) ` +
        'and \'rollbackAlarms\' is empty: only the circuit breaker, which sees tasks that fail to start or to pass health checks, ' +
        'can roll a deployment back. Pass \'rollbackAlarms\' (e.g. on error rates or latency) so that a revision that serves errors rolls back too');
    }
    return alarms;
  }

  protected needsEcsController(): boolean {
    return true;
  }

  /** Record the problems of the traffic steps. */
  protected abstract validateSteps(v: PropsValidator): void;

  /** The canary or linear settings of the deployment configuration. */
  protected abstract trafficShiftConfiguration(): TrafficShiftConfiguration;
}

/** `Rollout.blueGreen()`: all production traffic at once. */
class BlueGreenRollout extends TrafficShiftRollout {
  protected readonly ecsStrategy = ecs.DeploymentStrategy.BLUE_GREEN;
  // Without a load balancer or Service Connect, ECS replaces the tasks without managing traffic.
  protected readonly needsTrafficManagement = false;

  public _describe(): string {
    return 'Rollout.blueGreen()';
  }

  protected validateSteps(): void {}

  protected trafficShiftConfiguration(): TrafficShiftConfiguration {
    return {};
  }
}

/** `Rollout.canary()`: a share of the traffic first, the rest after an interval. */
class CanaryRollout extends TrafficShiftRollout {
  protected readonly ecsStrategy = ecs.DeploymentStrategy.CANARY;
  protected readonly needsTrafficManagement = true;

  constructor(private readonly canary: CanaryRolloutOptions) {
    super(canary);
  }

  public _describe(): string {
    return 'Rollout.canary()';
  }

  protected validateSteps(v: PropsValidator): void {
    checkTrafficSteps(v, {
      rollout: this._describe(),
      deployments: 'canary',
      field: 'percent',
      percent: this.canary.percent,
      range: CANARY_PERCENT,
      waitsOf: () => 1,
      interval: this.canary.interval,
      bakeTime: this.canary.bakeTime,
    });
  }

  protected trafficShiftConfiguration(): TrafficShiftConfiguration {
    return { canaryConfiguration: { stepPercent: this.canary.percent, stepBakeTime: this.canary.interval ?? defaults.ROLLOUT_STEP_INTERVAL } };
  }
}

/** `Rollout.linear()`: equal steps of traffic, an interval apart. */
class LinearRollout extends TrafficShiftRollout {
  protected readonly ecsStrategy = ecs.DeploymentStrategy.LINEAR;
  protected readonly needsTrafficManagement = true;

  constructor(private readonly linear: LinearRolloutOptions) {
    super(linear);
  }

  public _describe(): string {
    return 'Rollout.linear()';
  }

  protected validateSteps(v: PropsValidator): void {
    checkTrafficSteps(v, {
      rollout: this._describe(),
      deployments: 'linear',
      field: 'stepPercent',
      percent: this.linear.stepPercent,
      range: LINEAR_STEP_PERCENT,
      waitsOf: linearWaitCount,
      interval: this.linear.interval,
      bakeTime: this.linear.bakeTime,
    });
  }

  protected trafficShiftConfiguration(): TrafficShiftConfiguration {
    return { linearConfiguration: { stepPercent: this.linear.stepPercent, stepBakeTime: this.linear.interval ?? defaults.ROLLOUT_STEP_INTERVAL } };
  }
}
