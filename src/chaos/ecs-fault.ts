import { Duration, Fn, Token, Tokenization } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  CPU_STRESS_PERCENT,
  FAULT_DURATION,
  IO_STRESS_PERCENT,
  KILL_PROCESS_SIGNAL,
  NETWORK_BLACKHOLE_PROTOCOL,
  NETWORK_FAULT_SOURCES,
  NETWORK_LATENCY_DELAY,
  NETWORK_LATENCY_JITTER,
  NETWORK_PACKET_LOSS_PERCENT,
} from '../private/defaults';
import { PropsValidator, describe, listOf, secondsOf } from '../private/validation';

/**
 * This library's range for a fault's duration, not AWS's: the FIS actions reference gives `duration` as
 * ISO 8601 with no range. At least a minute, so that 1-minute stop-condition alarms can see the fault;
 * at most 12 hours, so that a typo (hours for minutes) does not leave a fault running for days.
 */
const MIN_FAULT_SECONDS = 60;
const MAX_FAULT_SECONDS = 12 * 60 * 60;
/** FIS documents no upper bound for `workers` (cpu: 0 = one per vCPU, io: at least 1): only the integer range. */
const MAX_WORKERS = 2_147_483_647;

/**
 * Direction of the traffic a `networkBlackholePort` fault drops.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-network-blackhole-port
 */
export enum TrafficType {
  /** Drop traffic arriving at the task on the port (the task stops answering). */
  INGRESS = 'ingress',
  /** Drop traffic leaving the task to the port (a dependency becomes unreachable). */
  EGRESS = 'egress',
}

/**
 * Signal a `killProcess` fault sends.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-kill-process
 */
export enum ProcessSignal {
  /** Ask the process to stop, as ECS does when it stops a task: tests graceful shutdown. */
  SIGTERM = 'SIGTERM',
  /** Kill the process at once: tests a crash. */
  SIGKILL = 'SIGKILL',
}

/**
 * Options every fault delivered through the SSM agent sidecar accepts.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html
 */
export interface TaskFaultOptions {
  /**
   * Let the FIS SSM document install the tools it needs (stress-ng, killall, tc, dig, jq …) in the sidecar.
   *
   * Set false when the sidecar image already contains them, for example in subnets without internet access.
   *
   * @default - not rendered: FIS installs the dependencies (its default `True`)
   * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference
   */
  readonly installDependencies?: boolean;
}

/**
 * Options of the faults that last for a while.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference
 */
export interface TimedTaskFaultOptions extends TaskFaultOptions {
  /**
   * How long the fault lasts, from 1 minute to 12 hours (this library's range: FIS documents none), in whole
   * seconds (rendered as ISO 8601, e.g. `PT5M`).
   *
   * @default Duration.minutes(5)
   * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference
   */
  readonly duration?: Duration;
}

/**
 * Options of `EcsFault.cpuStress`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-cpu-stress
 */
export interface CpuStressOptions extends TimedTaskFaultOptions {
  /**
   * Target CPU load in percent, from 0 to 100.
   *
   * @default 100
   */
  readonly percent?: number;
  /**
   * Number of stressors; 0 uses one per CPU.
   *
   * @default - not rendered: FIS uses one stressor per CPU (its default `0`)
   */
  readonly workers?: number;
}

/**
 * Options of `EcsFault.ioStress`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-io-stress
 */
export interface IoStressOptions extends TimedTaskFaultOptions {
  /**
   * Share of the free file-system space the I/O stress writes, in percent from 0 to 100.
   *
   * @default 80
   */
  readonly percent?: number;
  /**
   * Number of mixed I/O stressors, 1 or more.
   *
   * @default - not rendered: FIS runs one stressor (its default `1`)
   */
  readonly workers?: number;
}

/**
 * Options of `EcsFault.killProcess`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-kill-process
 */
export interface KillProcessOptions extends TaskFaultOptions {
  /**
   * Name of the process to kill, as `ps` shows it (for example `java` or `node`).
   */
  readonly processName: string;
  /**
   * Signal to send.
   *
   * @default ProcessSignal.SIGTERM
   */
  readonly signal?: ProcessSignal;
}

/**
 * Options of `EcsFault.networkBlackholePort`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-network-blackhole-port
 */
export interface NetworkBlackholePortOptions extends TimedTaskFaultOptions {
  /**
   * Port whose traffic is dropped, from 1 to 65535.
   */
  readonly port: number;
  /**
   * Whether arriving (ingress) or leaving (egress) traffic is dropped.
   */
  readonly trafficType: TrafficType;
  /**
   * Protocol whose traffic is dropped.
   *
   * @default ecs.Protocol.TCP
   */
  readonly protocol?: ecs.Protocol;
}

/**
 * Destinations of `networkLatency` and `networkPacketLoss`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-network-latency
 */
export interface NetworkSourcesOptions extends TimedTaskFaultOptions {
  /**
   * Destinations the fault applies to: IPv4 addresses, CIDR blocks, domain names, Availability Zone
   * names or IDs, `ALL`, `DYNAMODB` or `S3` (rendered comma-separated, so no spaces or commas inside).
   *
   * @default ['ALL']
   */
  readonly sources?: string[];
}

/**
 * Options of `EcsFault.networkLatency`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-network-latency
 */
export interface NetworkLatencyOptions extends NetworkSourcesOptions {
  /**
   * Added delay, in whole milliseconds (rendered as `delayMilliseconds`).
   *
   * @default Duration.millis(200)
   */
  readonly delay?: Duration;
  /**
   * Random variation of the delay, in whole milliseconds (rendered as `jitterMilliseconds`).
   *
   * @default Duration.millis(10)
   */
  readonly jitter?: Duration;
}

/**
 * Options of `EcsFault.networkPacketLoss`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#task-network-packet-loss
 */
export interface NetworkPacketLossOptions extends NetworkSourcesOptions {
  /**
   * Share of packets dropped, in percent from 0 to 100.
   *
   * @default 7
   */
  readonly lossPercent?: number;
}

/** How the fault reaches the task (decides the experiment role's permissions). */
type Delivery = 'ecs-api' | 'ssm' | 'ssm-network';

/** Renders FIS action parameters, recording bad values on the validator. */
type ParameterRenderer = (v: PropsValidator, prefix: string) => Record<string, string>;

interface FaultSpec {
  readonly name: string;
  readonly actionId: string;
  readonly hypothesis: string;
  readonly delivery: Delivery;
  readonly needsPidMode: boolean;
  readonly duration?: Duration;
  readonly render: ParameterRenderer;
}

/**
 * A fault that an AWS FIS experiment injects into the tasks of an ECS service (one FIS `aws:ecs:task` action).
 *
 * Every fault but `stopTask()` runs through the SSM agent sidecar and needs the fault-injection
 * prerequisites on the task definition (`enableFaultInjection: true` on `EssentialFargateService`).
 * Values are checked when `EcsChaosExperiments` uses the fault, together with its other props.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/fis-actions-reference.html#ecs-actions-reference
 */
export class EcsFault {
  /**
   * Stop tasks through the ECS API (`aws:ecs:stop-task`). Needs no sidecar.
   *
   * Hypothesis: ECS replaces the task and the service keeps serving within its alarms.
   */
  public static stopTask(): EcsFault {
    return new EcsFault({
      name: 'stopTask',
      actionId: 'aws:ecs:stop-task',
      hypothesis: 'When a task stops, ECS replaces it and the service keeps serving within its alarms.',
      delivery: 'ecs-api',
      needsPidMode: false,
      render: () => ({}),
    });
  }

  /**
   * Load the task's CPUs (`aws:ecs:task-cpu-stress`).
   *
   * Hypothesis: latency stays within the alarms and CPU target tracking adds tasks.
   */
  public static cpuStress(options: CpuStressOptions = {}): EcsFault {
    const duration = options.duration ?? FAULT_DURATION;
    return new EcsFault({
      name: 'cpuStress',
      actionId: 'aws:ecs:task-cpu-stress',
      hypothesis: 'When the task CPUs are saturated, latency stays within the alarms and CPU scaling adds tasks.',
      delivery: 'ssm',
      needsPidMode: false,
      duration,
      render: (v, p) => ({
        duration: isoDuration(v, `${p}duration`, duration),
        percent: integer(v, `${p}percent`, options.percent ?? CPU_STRESS_PERCENT, 0, 100),
        ...optionalInteger(v, 'workers', `${p}workers`, options.workers, 0, MAX_WORKERS),
        ...dependencies(options),
      }),
    });
  }

  /**
   * Load the task's file system with I/O (`aws:ecs:task-io-stress`).
   *
   * Hypothesis: the service keeps serving within its alarms while its disk is slow.
   */
  public static ioStress(options: IoStressOptions = {}): EcsFault {
    const duration = options.duration ?? FAULT_DURATION;
    return new EcsFault({
      name: 'ioStress',
      actionId: 'aws:ecs:task-io-stress',
      hypothesis: 'When the task disk is saturated, the service keeps serving within its alarms.',
      delivery: 'ssm',
      needsPidMode: false,
      duration,
      render: (v, p) => ({
        duration: isoDuration(v, `${p}duration`, duration),
        percent: integer(v, `${p}percent`, options.percent ?? IO_STRESS_PERCENT, 0, 100),
        ...optionalInteger(v, 'workers', `${p}workers`, options.workers, 1, MAX_WORKERS),
        ...dependencies(options),
      }),
    });
  }

  /**
   * Kill a process in the task (`aws:ecs:task-kill-process`). Needs `pidMode: task`.
   *
   * Hypothesis: the process restarts or ECS replaces the task, and the service keeps serving.
   */
  public static killProcess(options: KillProcessOptions): EcsFault {
    return new EcsFault({
      name: 'killProcess',
      actionId: 'aws:ecs:task-kill-process',
      hypothesis: 'When the main process dies, ECS replaces the task and the service keeps serving within its alarms.',
      delivery: 'ssm',
      needsPidMode: true,
      render: (v, p) => {
        const name: unknown = options?.processName;
        v.check(Token.isUnresolved(name) || (typeof name === 'string' && name.trim().length > 0),
          `'${p}processName' must name the process to kill as ps shows it (for example 'java'), got ${describe(name)}`);
        const signal = options?.signal ?? KILL_PROCESS_SIGNAL;
        return {
          processName: typeof name === 'string' ? name : '',
          signal: oneOf(v, `${p}signal`, signal, Object.values(ProcessSignal)),
          ...dependencies(options ?? {}),
        };
      },
    });
  }

  /**
   * Drop the traffic of one port (`aws:ecs:task-network-blackhole-port`). Needs `pidMode: task`.
   *
   * Hypothesis: callers time out fast and fall back, and health checks replace tasks that cannot serve.
   */
  public static networkBlackholePort(options: NetworkBlackholePortOptions): EcsFault {
    const duration = options?.duration ?? FAULT_DURATION;
    return new EcsFault({
      name: 'networkBlackholePort',
      actionId: 'aws:ecs:task-network-blackhole-port',
      hypothesis: 'When a port drops its traffic, callers time out fast and fall back, and unhealthy tasks are replaced.',
      delivery: 'ssm',
      needsPidMode: true,
      duration,
      render: (v, p) => ({
        duration: isoDuration(v, `${p}duration`, duration),
        port: integer(v, `${p}port`, options?.port, 1, 65535),
        trafficType: oneOf(v, `${p}trafficType`, options?.trafficType, Object.values(TrafficType)),
        protocol: oneOf(v, `${p}protocol`, options?.protocol ?? NETWORK_BLACKHOLE_PROTOCOL, [ecs.Protocol.TCP, ecs.Protocol.UDP]),
        ...endpoints(),
        ...dependencies(options ?? {}),
      }),
    });
  }

  /**
   * Slow down the task's network (`aws:ecs:task-network-latency`). Needs `pidMode: task`.
   *
   * Hypothesis: timeouts and retries keep the service within its alarms.
   */
  public static networkLatency(options: NetworkLatencyOptions = {}): EcsFault {
    const duration = options.duration ?? FAULT_DURATION;
    return new EcsFault({
      name: 'networkLatency',
      actionId: 'aws:ecs:task-network-latency',
      hypothesis: 'When the task network is slow, timeouts and retries keep the service within its alarms.',
      delivery: 'ssm-network',
      needsPidMode: true,
      duration,
      render: (v, p) => ({
        duration: isoDuration(v, `${p}duration`, duration),
        delayMilliseconds: milliseconds(v, `${p}delay`, options.delay ?? NETWORK_LATENCY_DELAY),
        jitterMilliseconds: milliseconds(v, `${p}jitter`, options.jitter ?? NETWORK_LATENCY_JITTER),
        sources: sources(v, `${p}sources`, options.sources ?? [...NETWORK_FAULT_SOURCES]),
        ...endpoints(),
        ...dependencies(options),
      }),
    });
  }

  /**
   * Drop a share of the task's packets (`aws:ecs:task-network-packet-loss`). Needs `pidMode: task`.
   *
   * Hypothesis: retransmits and retries keep the service within its alarms.
   */
  public static networkPacketLoss(options: NetworkPacketLossOptions = {}): EcsFault {
    const duration = options.duration ?? FAULT_DURATION;
    return new EcsFault({
      name: 'networkPacketLoss',
      actionId: 'aws:ecs:task-network-packet-loss',
      hypothesis: 'When packets are lost, retransmits and retries keep the service within its alarms.',
      delivery: 'ssm-network',
      needsPidMode: true,
      duration,
      render: (v, p) => ({
        duration: isoDuration(v, `${p}duration`, duration),
        lossPercent: integer(v, `${p}lossPercent`, options.lossPercent ?? NETWORK_PACKET_LOSS_PERCENT, 0, 100),
        sources: sources(v, `${p}sources`, options.sources ?? [...NETWORK_FAULT_SOURCES]),
        ...endpoints(),
        ...dependencies(options),
      }),
    });
  }

  /**
   * Short name of the fault, the factory's name (for example `cpuStress`).
   */
  public readonly name: string;

  /**
   * The FIS action id (for example `aws:ecs:task-cpu-stress`).
   */
  public readonly actionId: string;

  /**
   * What the fault tests: the steady state the service should keep while it runs.
   */
  public readonly hypothesis: string;

  private readonly spec: FaultSpec;

  private constructor(spec: FaultSpec) {
    this.spec = spec;
    this.name = spec.name;
    this.actionId = spec.actionId;
    this.hypothesis = spec.hypothesis;
  }

  /**
   * True when the fault runs through the SSM agent sidecar (every fault but `stopTask`).
   * @internal
   */
  public get _needsSidecar(): boolean {
    return this.spec.delivery !== 'ecs-api';
  }

  /**
   * True for the network faults, which FIS cannot run in parallel and which do not run in bridge mode.
   * @internal
   */
  public get _isNetwork(): boolean {
    return this.spec.needsPidMode && this.spec.name.startsWith('network');
  }

  /**
   * True when the task definition needs `pidMode: task`.
   * @internal
   */
  public get _needsPidMode(): boolean {
    return this.spec.needsPidMode;
  }

  /**
   * True for latency and packet loss, whose experiment role also describes instances and subnets.
   * @internal
   */
  public get _describesNetwork(): boolean {
    return this.spec.delivery === 'ssm-network';
  }

  /**
   * How long the fault runs, when it has a duration and it is known.
   * @internal
   */
  public get _durationSeconds(): number | undefined {
    return secondsOf(this.spec.duration);
  }

  /**
   * The FIS action parameters, every value a string; problems are recorded on `v` under `prefix`.
   * @internal
   */
  public _renderParameters(v: PropsValidator, prefix: string): Record<string, string> {
    return this.spec.render(v, prefix);
  }
}

/** Network faults on Fargate must go through the ECS fault-injection endpoints (FIS requirement). */
function endpoints(): Record<string, string> {
  return { useEcsFaultInjectionEndpoints: 'true' };
}

function dependencies(options: TaskFaultOptions): Record<string, string> {
  if (options.installDependencies === undefined) {
    return {};
  }
  return { installDependencies: options.installDependencies ? 'True' : 'False' };
}

function integer(v: PropsValidator, prop: string, value: number | undefined, min: number, max: number): string {
  if (value === undefined || value === null) {
    v.fail(`'${prop}' is required: an integer from ${min} to ${max}`);
    return '';
  }
  v.integerInRange(prop, value, min, max);
  return Tokenization.stringifyNumber(value);
}

function optionalInteger(
  v: PropsValidator, key: string, prop: string, value: number | undefined, min: number, max: number,
): Record<string, string> {
  return value === undefined ? {} : { [key]: integer(v, prop, value, min, max) };
}

function oneOf(v: PropsValidator, prop: string, value: string | undefined, allowed: string[]): string {
  if (Token.isUnresolved(value)) {
    return value as string;
  }
  v.check(value !== undefined && allowed.includes(value),
    `'${prop}' must be ${listOf(allowed.map(a => `'${a}'`))}, got ${describe(value)}`);
  return String(value);
}

/** ISO 8601 as FIS expects it; a token duration must be in seconds to be rendered. */
function isoDuration(v: PropsValidator, prop: string, value: Duration): string {
  const seconds = secondsOf(value);
  if (seconds !== undefined) {
    v.check(Number.isInteger(seconds) && seconds >= MIN_FAULT_SECONDS && seconds <= MAX_FAULT_SECONDS,
      `'${prop}' must be from PT1M (1 minute) to PT12H (12 hours) in whole seconds (this library's range; FIS documents none), got ${value.toHumanString()}`);
    return value.toIsoString();
  }
  try {
    return `PT${Tokenization.stringifyNumber(value.toSeconds())}S`;
  } catch {
    v.fail(`'${prop}' comes from a token, so it must be built with Duration.seconds() to be rendered in ISO 8601`);
    return '';
  }
}

function milliseconds(v: PropsValidator, prop: string, value: Duration): string {
  if (!value.isUnresolved()) {
    const ms = value.toMilliseconds({ integral: false });
    v.check(Number.isInteger(ms) && ms >= 0,
      `'${prop}' must be a whole number of milliseconds, 0 or more, got ${value.toHumanString()}`);
    return String(ms);
  }
  try {
    return Tokenization.stringifyNumber(value.toMilliseconds());
  } catch {
    v.fail(`'${prop}' comes from a token, so it must be built with Duration.millis() to be rendered in milliseconds`);
    return '';
  }
}

function sources(v: PropsValidator, prop: string, value: string[]): string {
  if (Token.isUnresolved(value)) {
    return Fn.join(',', value);
  }
  v.check(value.length > 0, `'${prop}' must list at least one destination (an IP, CIDR, domain, AZ, 'ALL', 'DYNAMODB' or 'S3'), got []`);
  for (const source of value) {
    v.check(Token.isUnresolved(source) || (typeof source === 'string' && /^[^\s,]+$/.test(source)),
      `'${prop}' entries must be non-empty and contain no spaces or commas (FIS joins them with commas), got ${describe(source)}`);
  }
  return value.join(',');
}
