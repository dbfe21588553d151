import { Annotations, Duration, Names, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import {
  DESIRED_COUNT,
  SCALING_SCALE_IN_COOLDOWN,
  SCALING_SCALE_OUT_COOLDOWN,
  SCALING_TARGET_CPU_PERCENT,
} from './defaults';
import * as limits from './limits';
import { checkTaskCount } from './task-checks';
import { PropsValidator, describe, isKnown, secondsOf } from './validation';
import type { ScheduledCapacity } from '../scaling/scheduled-capacity';
import type { ServiceScalingOptions } from '../scaling/service-scaling-options';

/** What the calling service construct knows that the scaling options do not. */
/**
 * Marks what `ScheduledCapacity`'s factories made, so this shared module can tell one from a look-alike
 * (a struct from another jsii language) without importing the scaling capability at run time.
 */
export const SCHEDULED_CAPACITY_BRAND = Symbol.for('cdk-ecs-essentials.ScheduledCapacity');

function isScheduledCapacity(x: unknown): x is ScheduledCapacity {
  return typeof x === 'object' && x !== null && (x as Record<symbol, unknown>)[SCHEDULED_CAPACITY_BRAND] === true;
}

export interface ScalingContext {
  /** The service's desired count: the default minimum capacity. */
  readonly desiredCount?: number;
  /**
   * The ALB target group of the service, already attached to a listener; needed by
   * `requestsPerTarget`.
   */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** Clock for the "event in the past" warning; tests pin it. Defaults to the current time. */
  readonly now?: Date;
}

/** Passed to each ScheduledCapacity while validating and rendering. */
export interface ScheduleContext {
  /** Where warnings go (the service construct). */
  readonly scope: Construct;
  readonly validator: PropsValidator;
  /** Prop path of the schedule in error messages, e.g. `scaling.schedules[0]`. */
  readonly prop: string;
  /** The service's own bounds, restored when a peak or an event ends. */
  readonly serviceMinCapacity: number;
  readonly serviceMaxCapacity: number;
  readonly now: Date;
}

/** One scheduled action for `ScalableTaskCount.scaleOnSchedule`. */
export interface ScheduledActionSpec {
  readonly actionName: string;
  readonly schedule: appscaling.Schedule;
  readonly minCapacity?: number;
  readonly maxCapacity?: number;
  readonly timeZone?: TimeZone;
}

const PROP = 'scaling';

/**
 * Turn `ServiceScalingOptions` into the service's scalable target, its target tracking policies and
 * its scheduled actions. Called once per service; throws one Error listing every bad prop.
 *
 * `scope` receives warnings and names the construct in errors (the L3 service construct).
 */
export function configureScaling(
  scope: Construct,
  service: ecs.BaseService,
  options: ServiceScalingOptions,
  context: ScalingContext = {},
): ecs.ScalableTaskCount {
  const minDefaulted = options.minCapacity === undefined;
  const minCapacity = options.minCapacity ?? context.desiredCount ?? DESIRED_COUNT;
  const maxCapacity = options.maxCapacity;
  const schedules = Array.isArray(options.schedules) ? options.schedules : [];
  const now = context.now ?? new Date();

  const v = new PropsValidator();
  validateOptions(v, options, context, minCapacity, minDefaulted);
  checkTaskCount(v, scope, `${PROP}.minCapacity`, options.minCapacity);
  checkTaskCount(v, scope, `${PROP}.maxCapacity`, maxCapacity);
  const scheduleContexts = schedules.map((_, i): ScheduleContext => ({
    scope,
    validator: v,
    prop: `${PROP}.schedules[${i}]`,
    serviceMinCapacity: minCapacity,
    serviceMaxCapacity: maxCapacity,
    now,
  }));
  schedules.forEach((schedule, i) => {
    if (isScheduledCapacity(schedule)) {
      schedule._validate(scheduleContexts[i]);
    } else {
      v.fail(`'${PROP}.schedules[${i}]' must be made with ScheduledCapacity.schedule(), dailyPeak() or event(), got ${describe(schedule)}`);
    }
  });
  checkUniqueScheduleNames(v, schedules);
  v.throwIfInvalid(scope);

  const actions = schedules.flatMap((schedule, i) => schedule._actions(scheduleContexts[i]));
  const actionNames = new PropsValidator();
  checkUniqueActionNames(actionNames, actions);
  actionNames.throwIfInvalid(scope);

  const taskCount = service.autoScaleTaskCount({ minCapacity, maxCapacity });
  addTargetTracking(scope, service, taskCount, options, context);
  for (const action of actions) {
    taskCount.scaleOnSchedule(action.actionName, {
      schedule: action.schedule,
      minCapacity: action.minCapacity,
      maxCapacity: action.maxCapacity,
      timeZone: action.timeZone,
    });
  }
  return taskCount;
}

function validateOptions(
  v: PropsValidator,
  options: ServiceScalingOptions,
  context: ScalingContext,
  minCapacity: number,
  minDefaulted: boolean,
): void {
  const { maxCapacity } = options;
  v.check(maxCapacity !== undefined, `'${PROP}.maxCapacity' is required when scaling is given, got undefined`);
  nonNegativeInteger(v, `${PROP}.maxCapacity`, maxCapacity);
  nonNegativeInteger(v, `${PROP}.minCapacity`, options.minCapacity);
  if (isKnown(minCapacity) && isKnown(maxCapacity)) {
    const origin = minDefaulted ? ' (defaulted from desiredCount: set minCapacity or raise maxCapacity)' : '';
    v.check(minCapacity <= maxCapacity, `'${PROP}.minCapacity' must be at most maxCapacity ${maxCapacity}, got ${minCapacity}${origin}`);
  }

  v.numberInRange(`${PROP}.targetCpuPercent`, options.targetCpuPercent, limits.SCALING_TARGET_PERCENT.min!, limits.SCALING_TARGET_PERCENT.max!);
  v.numberInRange(`${PROP}.targetMemoryPercent`, options.targetMemoryPercent, limits.SCALING_TARGET_PERCENT.min!, limits.SCALING_TARGET_PERCENT.max!);
  positiveNumber(v, `${PROP}.requestsPerTarget`, options.requestsPerTarget);
  if (options.requestsPerTarget !== undefined) {
    v.check(context.targetGroup !== undefined,
      `'${PROP}.requestsPerTarget' needs the service behind an Application Load Balancer `
      + '(LoadBalancing.publicAlb(), internalAlb() or sharedListener()), got LoadBalancing.none()');
  }

  positiveNumber(v, `${PROP}.backlogPerTask`, options.backlogPerTask);
  if (options.queue !== undefined) {
    v.check(options.backlogPerTask !== undefined,
      `'${PROP}.backlogPerTask' is required with 'queue' (acceptable latency / seconds per message), got undefined`);
  } else {
    v.check(options.backlogPerTask === undefined,
      `'${PROP}.backlogPerTask' needs 'queue' (the queue whose backlog is tracked), got no queue`);
  }

  v.check(options.schedules === undefined || Array.isArray(options.schedules),
    `'${PROP}.schedules' must be an array of ScheduledCapacity, got ${describe(options.schedules)}`);
  wholeSeconds(v, `${PROP}.scaleInCooldown`, options.scaleInCooldown);
  wholeSeconds(v, `${PROP}.scaleOutCooldown`, options.scaleOutCooldown);
}

function addTargetTracking(
  scope: Construct,
  service: ecs.BaseService,
  taskCount: ecs.ScalableTaskCount,
  options: ServiceScalingOptions,
  context: ScalingContext,
): void {
  const cooldowns = {
    scaleInCooldown: options.scaleInCooldown ?? SCALING_SCALE_IN_COOLDOWN,
    scaleOutCooldown: options.scaleOutCooldown ?? SCALING_SCALE_OUT_COOLDOWN,
  };
  const anyOtherTarget = options.targetMemoryPercent !== undefined
    || options.requestsPerTarget !== undefined
    || options.queue !== undefined;

  if (options.targetCpuPercent !== undefined || !anyOtherTarget) {
    taskCount.scaleOnCpuUtilization('CpuScaling', {
      targetUtilizationPercent: options.targetCpuPercent ?? SCALING_TARGET_CPU_PERCENT,
      ...cooldowns,
    });
  }
  if (options.targetMemoryPercent !== undefined) {
    taskCount.scaleOnMemoryUtilization('MemoryScaling', {
      targetUtilizationPercent: options.targetMemoryPercent,
      ...cooldowns,
    });
  }
  if (options.requestsPerTarget !== undefined && context.targetGroup !== undefined) {
    taskCount.scaleOnRequestCount('RequestCountScaling', {
      requestsPerTarget: options.requestsPerTarget,
      targetGroup: context.targetGroup,
      ...cooldowns,
    });
  }
  if (options.queue !== undefined && options.backlogPerTask !== undefined) {
    addQueueBacklogPolicy(service, taskCount, options.queue, options.backlogPerTask, cooldowns);
    warnQueueScaling(scope, service, options);
  }
}

/**
 * Target tracking on messages visible / running tasks. The L2 `scaleToTrackCustomMetric` takes a
 * single metric and cannot render metric math, so the policy is an L1 on the L2's scalable target.
 * Also used by EssentialQueueWorker, which adds the wake-up path from zero tasks beside it.
 */
export function addQueueBacklogPolicy(
  service: ecs.BaseService,
  taskCount: ecs.ScalableTaskCount,
  queue: sqs.IQueue,
  backlogPerTask: number,
  cooldowns: { scaleInCooldown: Duration; scaleOutCooldown: Duration },
): void {
  // Same tree and naming as the L2 policies (<target>/<id>/Resource, name = unique id of <id>).
  const target = taskCount.node.tryFindChild('Target') ?? taskCount;
  const holder = new Construct(target, 'QueueBacklogScaling');
  new appscaling.CfnScalingPolicy(holder, 'Resource', {
    policyName: Names.uniqueId(holder),
    policyType: 'TargetTrackingScaling',
    scalingTargetId: taskCount.scalableTargetRef.resourceId,
    targetTrackingScalingPolicyConfiguration: {
      targetValue: backlogPerTask,
      scaleInCooldown: cooldowns.scaleInCooldown.toSeconds(),
      scaleOutCooldown: cooldowns.scaleOutCooldown.toSeconds(),
      customizedMetricSpecification: {
        metrics: [
          {
            id: 'm1',
            label: 'Messages waiting in the queue',
            metricStat: {
              metric: {
                namespace: 'AWS/SQS',
                metricName: 'ApproximateNumberOfMessagesVisible',
                dimensions: [{ name: 'QueueName', value: queue.queueName }],
              },
              stat: 'Sum',
            },
            returnData: false,
          },
          {
            id: 'm2',
            label: 'Running tasks of the service',
            metricStat: {
              metric: {
                namespace: 'ECS/ContainerInsights',
                metricName: 'RunningTaskCount',
                dimensions: [
                  { name: 'ClusterName', value: service.cluster.clusterName },
                  { name: 'ServiceName', value: service.serviceName },
                ],
              },
              stat: 'Average',
            },
            returnData: false,
          },
          {
            id: 'e1',
            label: 'Backlog per task',
            expression: 'm1 / m2',
            returnData: true,
          },
        ],
      },
    },
  });
}

function warnQueueScaling(scope: Construct, service: ecs.BaseService, options: ServiceScalingOptions): void {
  const min = options.minCapacity;
  if (isKnown(min) && min === 0) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:queueScalingFromZero',
      `'${PROP}.minCapacity' is 0 with 'queue': with no running task the backlog per task has no value, `
      + 'so the queue policy cannot scale out from zero. Keep minCapacity at 1 or more, or add a step scaling '
      + 'policy on the queue depth.');
  }
  if (!containerInsightsEnabled(service.cluster)) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:queueScalingNeedsContainerInsights',
      `'${PROP}.queue' tracks ECS/ContainerInsights RunningTaskCount, but Container Insights is not enabled on `
      + `cluster '${service.cluster.node.path}': without it the policy never scales. Set containerInsightsV2 on the `
      + 'cluster (or acknowledge this warning when the account setting enables it).');
  }
}

/** True unless the cluster is one of this app's and its settings leave Container Insights off. */
export function containerInsightsEnabled(cluster: ecs.ICluster): boolean {
  const cfn = cluster.node.defaultChild;
  if (!(cfn instanceof ecs.CfnCluster)) {
    return true;
  }
  const settings = Stack.of(cfn).resolve(cfn.clusterSettings) as Array<{ name?: string; value?: string }> | undefined;
  return (settings ?? []).some(s => s.name === 'containerInsights' && (s.value === 'enabled' || s.value === 'enhanced'));
}

function checkUniqueScheduleNames(v: PropsValidator, schedules: ReadonlyArray<ScheduledCapacity>): void {
  const firstIndex = new Map<string, number>();
  schedules.forEach((schedule, i) => {
    if (!(isScheduledCapacity(schedule))) {
      return;
    }
    const first = firstIndex.get(schedule.name);
    if (first === undefined) {
      firstIndex.set(schedule.name, i);
      return;
    }
    v.fail(`'${PROP}.schedules[${i}].name' must be unique, got ${describe(schedule.name)} `
      + `already used by ${PROP}.schedules[${first}]`);
  });
}

function checkUniqueActionNames(v: PropsValidator, actions: ReadonlyArray<ScheduledActionSpec>): void {
  const seen = new Set<string>();
  for (const action of actions) {
    v.check(!seen.has(action.actionName),
      `'${PROP}.schedules' must produce unique scheduled action names (daily peaks and events add `
      + `'-scale-up' and '-scale-down' to their name), got ${describe(action.actionName)} twice`);
    seen.add(action.actionName);
  }
}

function nonNegativeInteger(v: PropsValidator, prop: string, value: number | undefined): void {
  if (!isKnown(value)) {
    return;
  }
  v.check(typeof value === 'number' && Number.isInteger(value) && value >= 0,
    `'${prop}' must be a non-negative integer, got ${describe(value)}`);
}

function positiveNumber(v: PropsValidator, prop: string, value: number | undefined): void {
  if (!isKnown(value)) {
    return;
  }
  v.check(typeof value === 'number' && Number.isFinite(value) && value > 0,
    `'${prop}' must be a number greater than 0, got ${describe(value)}`);
}

function wholeSeconds(v: PropsValidator, prop: string, value: Duration | undefined): void {
  const seconds = secondsOf(value);
  if (seconds === undefined) {
    return;
  }
  v.check(Number.isInteger(seconds), `'${prop}' must be a whole number of seconds, got ${value!.toHumanString()}`);
}
