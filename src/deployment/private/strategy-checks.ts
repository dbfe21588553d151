import { Duration } from 'aws-cdk-lib';
import { RolloutValidationContext } from './rollout-binding';
import { CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES, checkTenthPercent, checkWaitMinutes, minutesOf } from './strategy-limits';
import * as defaults from '../../private/defaults';
import { MAX_HEALTHY_PERCENT, MIN_HEALTHY_PERCENT } from '../../private/limits';
import { checkTestTraffic } from '../../private/test-traffic';
import { PropsValidator, isKnown } from '../../private/validation';
import { RollingRolloutOptions, RolloutTestTrafficOptions } from '../rollout-options';

/** The deployment limits of a rolling rollout and its circuit breaker. */
export function checkRollingLimits(v: PropsValidator, o: RollingRolloutOptions): void {
  v.integerInRange('rollout.minHealthyPercent', o.minHealthyPercent, MIN_HEALTHY_PERCENT.min!, MIN_HEALTHY_PERCENT.max!);
  // Above 100 %: the ECS API caps it at the Int32 range only.
  v.integerInRange('rollout.maxHealthyPercent', o.maxHealthyPercent, MAX_HEALTHY_PERCENT.min!, MAX_HEALTHY_PERCENT.max!);
  const min = o.minHealthyPercent ?? defaults.MIN_HEALTHY_PERCENT;
  const max = o.maxHealthyPercent ?? defaults.MAX_HEALTHY_PERCENT;
  if (isKnown(min) && isKnown(max) && max <= min) {
    v.fail(`'rollout.maxHealthyPercent' must be above 'rollout.minHealthyPercent' (${min}) or deployments cannot start a new task, got ${max}`);
  }
  if (o.circuitBreaker?.enable === false && o.circuitBreaker.rollback === true) {
    v.fail('\'rollout.circuitBreaker.rollback\' needs \'rollout.circuitBreaker.enable\' true, got enable false');
  }
}

/** The traffic steps of a canary or linear rollout. */
export interface TrafficSteps {
  /** How the rollout is named in messages, e.g. `Rollout.canary()`. */
  readonly rollout: string;
  /** How CloudFormation's limit names the deployments, e.g. `canary`. */
  readonly deployments: string;
  /** The option that holds the share of each step. */
  readonly field: string;
  /** Its value. */
  readonly percent: number | undefined;
  /** The ECS range of the share. */
  readonly range: { readonly min: number; readonly max: number };
  /** The waits between steps that the share makes (CloudFormation's count). */
  readonly waitsOf: (percent: number) => number;
  readonly interval?: Duration;
  readonly bakeTime?: Duration;
}

/** The share of each step, the interval, and the whole deployment against CloudFormation's 33 hours. */
export function checkTrafficSteps(v: PropsValidator, steps: TrafficSteps): void {
  const { field, percent, range, waitsOf } = steps;
  if (percent === undefined || percent === null) {
    v.fail(`'rollout.${field}' is required by ${steps.rollout}: a multiple of 0.1 from ${range.min} to ${range.max}, got none`);
  } else {
    checkTenthPercent(v, `rollout.${field}`, percent, range);
  }
  checkWaitMinutes(v, 'rollout.interval', steps.interval);
  const interval = minutesOf(steps.interval ?? defaults.ROLLOUT_STEP_INTERVAL);
  const bake = minutesOf(steps.bakeTime ?? defaults.ROLLOUT_BAKE_TIME);
  if (!isKnown(percent) || interval === undefined || bake === undefined || percent < range.min || percent > range.max) {
    return;
  }
  const total = bake + interval * waitsOf(percent);
  if (total > CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES) {
    v.fail(`'rollout.bakeTime' plus 'rollout.interval' × ${waitsOf(percent)} step(s) must not exceed ${CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES} ` +
      `minutes (CloudFormation rejects longer ${steps.deployments} deployments, its operations time out after 36 hours), got ${total} min`);
  }
}

/** What a traffic-shifting rollout is checked with against the rest of the service's props. */
export interface TrafficShiftChecks {
  /** How the rollout is named in messages, e.g. `Rollout.canary()`. */
  readonly rollout: string;
  /** True when ECS must manage the traffic (weights need a load balancer or Service Connect). */
  readonly needsTrafficManagement: boolean;
  readonly testTraffic?: RolloutTestTrafficOptions;
}

/** What a traffic-shifting strategy needs from the load balancing, the network mode and the scaling of the service. */
export function checkTrafficShiftAgainstService(v: PropsValidator, context: RolloutValidationContext, checks: TrafficShiftChecks): void {
  const { rollout } = checks;
  if (checks.needsTrafficManagement && !context.hasLoadBalancer && !context.serviceConnectServer) {
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
  if (checks.testTraffic !== undefined) {
    checkTestTraffic(v, checks.testTraffic, { ...context, rollout });
  }
  if (context.hasLoadBalancer && context.scalesOnRequestsPerTarget) {
    v.fail(`'scaling.requestsPerTarget' cannot follow 'rollout' ${rollout}: ALBRequestCountPerTarget tracks one target group, ` +
      'and every deployment moves production traffic to the other one, so scaling would see no requests after the first deployment; ' +
      'scale on \'scaling.targetCpuPercent\' instead, or use Rollout.rolling()');
  }
}
