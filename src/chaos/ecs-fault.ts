import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  CpuStressOptions,
  IoStressOptions,
  KillProcessOptions,
  NetworkBlackholePortOptions,
  NetworkLatencyOptions,
  NetworkPacketLossOptions,
  ProcessSignal,
  TrafficType,
} from './ecs-fault-options';
import { dependencies, endpoints, integer, isoDuration, milliseconds, oneOf, optionalInteger, sources } from './private/fault-parameters';
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
import { FIS_PERCENT, FIS_PORT, FIS_WORKERS } from '../private/limits';
import { PropsValidator, describe, secondsOf } from '../private/validation';

/**
 * The ranges of the parameters are in src/private/limits/: FIS_PERCENT and FIS_PORT are FIS's (actions reference,
 * ECS task actions); FIS_WORKERS and the fault durations (FIS_FAULT_SECONDS) are this library's.
 */
const MAX_WORKERS = FIS_WORKERS.max!;

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
        percent: integer(v, `${p}percent`, options.percent ?? CPU_STRESS_PERCENT, FIS_PERCENT.min!, FIS_PERCENT.max!),
        ...optionalInteger(v, 'workers', `${p}workers`, options.workers, FIS_WORKERS.min!, MAX_WORKERS),
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
        percent: integer(v, `${p}percent`, options.percent ?? IO_STRESS_PERCENT, FIS_PERCENT.min!, FIS_PERCENT.max!),
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
        port: integer(v, `${p}port`, options?.port, FIS_PORT.min!, FIS_PORT.max!),
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
        lossPercent: integer(v, `${p}lossPercent`, options.lossPercent ?? NETWORK_PACKET_LOSS_PERCENT, FIS_PERCENT.min!, FIS_PERCENT.max!),
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
