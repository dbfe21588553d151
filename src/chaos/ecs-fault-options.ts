import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

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
