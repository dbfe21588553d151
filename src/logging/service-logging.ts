import { Duration, Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { FireLensDestination } from './firelens-destination';

/**
 * Options of `ServiceLogging.awsLogs()`: the awslogs driver straight to CloudWatch Logs.
 */
export interface AwsLogsOptions {
  /**
   * Delivery mode. NON_BLOCKING keeps the application running when CloudWatch Logs is slow and
   * drops log lines once the buffer is full; BLOCKING never drops a line but stalls the
   * application's writes to stdout/stderr (and can stop it) while logs cannot be delivered.
   *
   * @default ecs.AwsLogDriverMode.NON_BLOCKING
   */
  readonly mode?: ecs.AwsLogDriverMode;

  /**
   * Size of the buffer of the non-blocking mode (1–1024 MiB, this library's typo guard). Only with
   * NON_BLOCKING.
   *
   * @default Size.mebibytes(25)
   */
  readonly maxBufferSize?: Size;

  /**
   * Retention of the service's log group. Give this or the service's `logRetention`, not both.
   *
   * @default - the service's `logRetention`, else logs.RetentionDays.ONE_MONTH
   */
  readonly retention?: logs.RetentionDays;
}

/**
 * Options of `ServiceLogging.fireLens()`: a log router sidecar (AWS for Fluent Bit) that sends the
 * application's logs to one destination.
 */
export interface FireLensLoggingOptions {
  /** Where the application's logs go; the task role is granted exactly that destination. */
  readonly destination: FireLensDestination;

  /**
   * Image of the log router. A Fluent Bit image built for FireLens; mirror AWS's image to your own
   * repository (or an ECR pull-through cache) to pin a version.
   *
   * @default - AWS for Fluent Bit `stable`, from Amazon ECR in the stack's Region (the image the SSM
   * parameter /aws/service/aws-for-fluent-bit/stable names; multi-architecture, so it runs on ARM64);
   * the execution role may pull from that repository only
   */
  readonly routerImage?: ecs.ContainerImage;

  /**
   * Memory reserved for the log router (MiB, at least 6). It comes out of the task's memory.
   *
   * @default 50
   */
  readonly routerMemoryReservationMiB?: number;

  /**
   * Time between SIGTERM and SIGKILL for the log router. ECS stops the router after the containers
   * that log through it, and Fluent Bit flushes its buffers in this time.
   *
   * @default Duration.seconds(10)
   */
  readonly routerStopTimeout?: Duration;

  /**
   * Retention of the log router's own log group (its diagnostics, not the application's logs).
   *
   * @default - the service's log retention
   */
  readonly routerLogRetention?: logs.RetentionDays;

  /**
   * Add the ECS metadata (cluster, task ARN, task definition) to each log record.
   *
   * @default true
   */
  readonly enableEcsLogMetadata?: boolean;
}

/**
 * How the application container's logs leave the task: the awslogs driver straight to CloudWatch
 * Logs, or FireLens with a Fluent Bit log router to CloudWatch Logs, Amazon Data Firehose, Amazon S3
 * or an HTTP endpoint.
 *
 * - `awsLogs()` (the default, non-blocking): CloudWatch Logs is where you read logs, and losing a
 *   burst of lines is better than stalling the application.
 * - `awsLogs({ mode: ecs.AwsLogDriverMode.BLOCKING })`: every line must arrive (audit trails) and
 *   the application may wait for CloudWatch Logs.
 * - `fireLens(...)`: logs go elsewhere (a data lake, a vendor), or are parsed and filtered on the way.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html
 */
export class ServiceLogging {
  /**
   * The awslogs driver into the service's log group: non-blocking with a 25 MiB buffer by default.
   *
   * @param options mode, buffer and retention
   */
  public static awsLogs(options: AwsLogsOptions = {}): ServiceLogging {
    return new ServiceLogging('awsLogs', options, undefined);
  }

  /**
   * FireLens: an AWS for Fluent Bit log router beside the application, which sends its logs to
   * `destination`. The router logs (non-blocking) to a log group of its own.
   *
   * Linux tasks only: Windows containers do not support FireLens.
   *
   * @param options the destination and the router's settings
   */
  public static fireLens(options: FireLensLoggingOptions): ServiceLogging {
    return new ServiceLogging('fireLens', undefined, options);
  }

  /** The kind of logging: `awsLogs` or `fireLens`. */
  public readonly kind: string;

  /** @internal */
  public readonly _awsLogs?: AwsLogsOptions;

  /** @internal */
  public readonly _fireLens?: FireLensLoggingOptions;

  private constructor(kind: string, awsLogs: AwsLogsOptions | undefined, fireLens: FireLensLoggingOptions | undefined) {
    this.kind = kind;
    this._awsLogs = awsLogs;
    this._fireLens = fireLens;
  }

  /** Whether the logs go through a FireLens log router. */
  public get usesFireLens(): boolean {
    return this._fireLens !== undefined;
  }
}
