/**
 * Deployment-safety figures for the benchmark (`npx projen bench`), read back from synthesized
 * templates: how soon a broken revision starts rolling back, and how long each strategy takes to
 * give the new revision all traffic and to finish, for this library's rollouts next to
 * aws-ecs-patterns' ApplicationLoadBalancedFargateService, with their defaults.
 *
 * Only template values enter the figures; what no template says (image pull, task start, ECS's own
 * scheduling) is left out and named in the table's notes.
 */
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { EssentialFargateService, Rollout } from '../../src';
import { RolloutWaits, rolloutWaitsOf } from '../../src/cli/ecs-service';
import { markdownTable } from '../../src/cli/table';
import { CfnTemplate, EcsServiceRef, findEcsServices, numberProp, propertiesOf, refTarget } from '../../src/cli/template';

const IMAGE = 'public.ecr.aws/nginx/nginx:stable';
/** ALB publishes its metrics a minute apart; an alarm can see a minute's data up to a minute late. */
const ALB_METRIC_DELAY_SECONDS = 60;
const ALB_DEFAULT_UNHEALTHY_THRESHOLD = 2;
const TARGET_DETECTION_SECONDS = 180;

/** The apps compared: this library's four strategies with their defaults, and ecs-patterns. */
const VARIANTS: ReadonlyArray<{ name: string; rollout?: () => Rollout }> = [
  { name: 'Rollout.rolling() (default)', rollout: () => Rollout.rolling() },
  { name: 'Rollout.blueGreen()', rollout: () => Rollout.blueGreen() },
  { name: 'Rollout.canary({ percent: 10 })', rollout: () => Rollout.canary({ percent: 10 }) },
  { name: 'Rollout.linear({ stepPercent: 25 })', rollout: () => Rollout.linear({ stepPercent: 25 }) },
  { name: 'ecs-patterns ApplicationLoadBalancedFargateService' },
];

/** What one template says about rolling back and shifting traffic, in seconds. */
export interface DeploymentFigures {
  readonly variant: string;
  readonly strategy: string;
  /** Circuit breaker with rollback: failed tasks before it trips, and the estimated time (undefined: none). */
  readonly circuitBreaker?: {
    readonly threshold: number;
    readonly rounds: number;
    /** Tasks started at once, that fail together. */
    readonly atOnce: number;
    /** The parts of a round after the task started: grace, failed checks, drain and stop. */
    readonly graceSeconds: number;
    readonly unhealthyThreshold: number;
    readonly intervalSeconds: number;
    readonly drainSeconds: number;
    readonly stopSeconds: number;
    /** grace + unhealthy × interval + drain + stop: a round, without the task's own start (pull, start, listen). */
    readonly perRoundSeconds: number;
  };
  /** The fastest rollback alarm: period × datapoints to alarm (undefined: no alarm). */
  readonly alarm?: { readonly seconds: number; readonly periodSeconds: number; readonly datapoints: number; readonly count: number };
  readonly firstTrafficSeconds: number;
  readonly fullTrafficSeconds: number;
  readonly completeSeconds: number;
  /** How full traffic and completion add up, e.g. `10 + 3 × 180`. */
  readonly trafficFormula: string;
  readonly completeFormula: string;
}

/** Synthesize each variant and read its figures back from the template. */
export function measureDeployments(): DeploymentFigures[] {
  return VARIANTS.map((variant) => {
    const app = new App();
    const stack = new Stack(app, 'Deployments');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
    if (variant.rollout) {
      new EssentialFargateService(stack, 'Web', { image: ecs.ContainerImage.fromRegistry(IMAGE), cluster, rollout: variant.rollout() });
    } else {
      new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
        cluster,
        desiredCount: 2,
        taskImageOptions: { image: ecs.ContainerImage.fromRegistry(IMAGE), containerPort: 8080 },
      });
    }
    const template = app.synth().getStackByName('Deployments').template as CfnTemplate;
    return figuresOf(variant.name, template);
  });
}

function figuresOf(variant: string, template: CfnTemplate): DeploymentFigures {
  const service = findEcsServices(template)[0];
  const config: Record<string, any> = service.properties.DeploymentConfiguration ?? {};
  const strategy = typeof config.Strategy === 'string' ? config.Strategy : 'ROLLING';
  const waits = rolloutWaitsOf(template, service);
  const first = waits.firstTrafficSeconds ?? 0;
  const traffic = trafficOf(strategy, config, first);
  const bake = (numberProp(config.BakeTimeInMinutes) ?? 0) * 60;
  const rolling = strategy === 'ROLLING';
  const completeSeconds = rolling ? traffic.seconds + (waits.drainSeconds ?? 0) + waits.stopSeconds : traffic.seconds + bake;
  return {
    variant,
    strategy,
    circuitBreaker: circuitBreakerOf(template, service, config, waits),
    alarm: fastestAlarmOf(template, config),
    firstTrafficSeconds: first,
    fullTrafficSeconds: traffic.seconds,
    completeSeconds,
    trafficFormula: traffic.formula,
    completeFormula: rolling
      ? `${traffic.seconds} + drain ${waits.drainSeconds ?? 0} + stop ${waits.stopSeconds}`
      : `${traffic.seconds} + bake ${bake}`,
  };
}

/**
 * Time until the new revision has all production traffic: the health-check wait, then the strategy's
 * steps. Linear steps are counted as CloudFormation counts them (100 ÷ step − 1 waits when the step
 * divides 100, else the whole part of 100 ÷ step).
 */
function trafficOf(strategy: string, config: Record<string, any>, first: number): { seconds: number; formula: string } {
  if (strategy === 'CANARY') {
    const wait = (numberProp(config.CanaryConfiguration?.CanaryBakeTimeInMinutes) ?? 10) * 60;
    return { seconds: first + wait, formula: `${first} + ${wait}` };
  }
  if (strategy === 'LINEAR') {
    const step = numberProp(config.LinearConfiguration?.StepPercent) ?? 10;
    const wait = (numberProp(config.LinearConfiguration?.StepBakeTimeInMinutes) ?? 6) * 60;
    const steps = 100 / step;
    const waitCount = Number.isInteger(steps) ? steps - 1 : Math.floor(steps);
    return { seconds: first + waitCount * wait, formula: `${first} + ${waitCount} × ${wait}` };
  }
  // Rolling with max 200 % and blue/green start the whole new set at once: one health-check wait.
  return { seconds: first, formula: `${first}` };
}

/**
 * The circuit breaker trips after max(3, min(200, ½ × desired)) failed tasks. A task that fails its
 * health checks counts as failed after the grace period plus unhealthy threshold × interval, then drains
 * and stops before the next round starts; the tasks of one round fail together. Rounds: failed tasks
 * needed ÷ tasks started at once. Task start (image pull, start, listen) is not in any template: the
 * estimate names it instead of guessing it.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
function circuitBreakerOf(template: CfnTemplate, service: EcsServiceRef, config: Record<string, any>,
  waits: RolloutWaits): DeploymentFigures['circuitBreaker'] {
  const breaker = config.DeploymentCircuitBreaker;
  if (!breaker || breaker.Enable !== true || breaker.Rollback !== true) {
    return undefined;
  }
  const desired = numberProp(service.properties.DesiredCount) ?? 1;
  const threshold = Math.max(3, Math.min(200, Math.ceil(desired / 2)));
  const maxPercent = numberProp(config.MaximumPercent) ?? 200;
  const rolling = (config.Strategy ?? 'ROLLING') === 'ROLLING';
  const atOnce = rolling ? Math.max(1, Math.floor(desired * (maxPercent - 100) / 100)) : desired;
  const rounds = Math.ceil(threshold / atOnce);
  const targetGroup = propertiesOf(template, service.targetGroupIds[0]);
  const unhealthy = numberProp(targetGroup.UnhealthyThresholdCount) ?? ALB_DEFAULT_UNHEALTHY_THRESHOLD;
  const grace = numberProp(service.properties.HealthCheckGracePeriodSeconds) ?? 0;
  const intervalSeconds = waits.healthCheckIntervalSeconds ?? 0;
  const drainSeconds = waits.drainSeconds ?? 0;
  const perRoundSeconds = grace + unhealthy * intervalSeconds + drainSeconds + waits.stopSeconds;
  return {
    threshold,
    rounds,
    atOnce,
    graceSeconds: grace,
    unhealthyThreshold: unhealthy,
    intervalSeconds,
    drainSeconds,
    stopSeconds: waits.stopSeconds,
    perRoundSeconds,
  };
}

/** The rollback alarm that can fire first: period × datapoints to alarm. */
function fastestAlarmOf(template: CfnTemplate, config: Record<string, any>): DeploymentFigures['alarm'] {
  const alarms = config.Alarms;
  if (!alarms || alarms.Enable !== true || !Array.isArray(alarms.AlarmNames)) {
    return undefined;
  }
  const times = alarms.AlarmNames
    .map((name: unknown) => refTarget(template, name))
    .filter((id: string | undefined): id is string => id !== undefined)
    .map((id: string) => {
      const alarm = propertiesOf(template, id);
      const metricPeriods: number[] = (alarm.Metrics ?? []).map((m: any) => numberProp(m.MetricStat?.Period)).filter((p: unknown) => p !== undefined);
      const periodSeconds = numberProp(alarm.Period) ?? Math.max(...metricPeriods);
      const datapoints = numberProp(alarm.DatapointsToAlarm) ?? numberProp(alarm.EvaluationPeriods) ?? 1;
      return { periodSeconds, datapoints, seconds: periodSeconds * datapoints };
    });
  if (times.length === 0) {
    return undefined;
  }
  const fastest = times.reduce((a: { seconds: number }, b: { seconds: number }) => (b.seconds < a.seconds ? b : a));
  return { ...fastest, count: times.length };
}

/** The Markdown table of the README's and docs/deployments.md's "how fast it rolls back" section. */
export function renderDeploymentTable(figures: DeploymentFigures[]): string {
  const header = ['rollout (defaults)', 'revision fails health checks: rollback starts after', 'revision serves 5xx: rollback starts after',
    'new revision has all traffic', 'deployment complete', 'target'];
  const rows = figures.map((f) => {
    const cb = f.circuitBreaker;
    const health = cb
      ? `≈ ${cb.rounds} × (task start + ${cb.perRoundSeconds} s) (circuit breaker: ${cb.threshold} failed tasks in ${cb.rounds} rounds of ${cb.atOnce}; ` +
        `per round ${cb.graceSeconds} s grace + ${cb.unhealthyThreshold} × ${cb.intervalSeconds} s checks + ${cb.drainSeconds} s drain + ${cb.stopSeconds} s stop)`
      : 'not detected: CloudFormation waits until the service stabilises or the stack operation times out';
    const errors = f.alarm
      ? `${f.alarm.seconds} s (+ ≤ ${ALB_METRIC_DELAY_SECONDS} s metric delay; ${f.alarm.count} alarms, ${f.alarm.periodSeconds} s × ${f.alarm.datapoints})`
      : 'not detected (no rollback alarm)';
    const withinTarget = f.alarm !== undefined && f.alarm.seconds + ALB_METRIC_DELAY_SECONDS <= TARGET_DETECTION_SECONDS;
    const target = f.alarm ? `≤ ${TARGET_DETECTION_SECONDS} s ${withinTarget ? '✅' : '❌'}` : '–';
    return [f.variant, health, errors, `${duration(f.fullTrafficSeconds)} (${f.trafficFormula})`, `${duration(f.completeSeconds)} (${f.completeFormula})`, target];
  });
  return markdownTable(header, rows, []);
}

function duration(seconds: number): string {
  if (seconds < 120) {
    return `${seconds} s`;
  }
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  return rest === 0 ? `${minutes} min` : `${minutes} min ${rest} s`;
}
