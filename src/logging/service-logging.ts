import { Duration, Size, SizeRoundingBehavior } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FireLensDestination } from './firelens-destination';
import { addFireLensRouter } from './private/firelens-router';
import { createWorkloadLogGroup } from './private/log-group';
import { ApplicationLogging, ApplicationLoggingContext, LoggingValidationContext } from './private/logging-binding';
import * as defaults from '../private/defaults';
import { AWSLOGS_MAX_BUFFER_MIB, FARGATE_STOP_TIMEOUT, TASK_MEMORY_MIB } from '../private/limits';
import { PropsValidator, describe, isKnown } from '../private/validation';

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

  /**
   * Customer managed KMS key that encrypts the workload's log group. A key created in the app gets the
   * key-policy statement CloudWatch Logs needs (the `logs.<region>.amazonaws.com` principal, for this
   * account's and Region's log groups through `kms:EncryptionContext:aws:logs:arn`); an imported key must
   * already allow it (a warning says so), or creating the log group fails.
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default - no customer key: CloudWatch Logs encrypts with its own key
   */
  readonly encryptionKey?: kms.IKey;
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

  /**
   * Customer managed KMS key that encrypts the workload's log group (the default CloudWatch Logs
   * destination) and the log router's own log group, with the key-policy statement CloudWatch Logs needs
   * (see `AwsLogsOptions.encryptionKey`).
   *
   * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/encrypt-log-data-kms.html
   * @default - no customer key: CloudWatch Logs encrypts with its own key
   */
  readonly encryptionKey?: kms.IKey;
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
export abstract class ServiceLogging {
  /**
   * The awslogs driver into the service's log group: non-blocking with a 25 MiB buffer by default.
   *
   * @param options mode, buffer and retention
   */
  public static awsLogs(options: AwsLogsOptions = {}): ServiceLogging {
    return new AwsLogsLogging(options);
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
    return new FireLensLogging(options);
  }

  /**
   * The logging choice of a workload: the given one, or the default (`awsLogs()`).
   *
   * @internal
   */
  public static _orDefault(logging: ServiceLogging | undefined): ServiceLogging {
    return logging ?? ServiceLogging.awsLogs();
  }

  /**
   * The retention of a workload's log group: the logging choice's, the workload's, or the library's.
   *
   * @internal
   */
  public static _retentionOf(logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined): logs.RetentionDays {
    return ServiceLogging._orDefault(logging)._logGroupRetention() ?? logRetention ?? defaults.LOG_RETENTION;
  }

  /**
   * The workload's log group, created in `scope` as `Logs`: the retention of `_retentionOf` and the choice's
   * customer key. The one place that creates it for services, the worker, the daemon and the job.
   *
   * @internal
   */
  public static _createLogGroup(scope: Construct, logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined): logs.LogGroup {
    const retention = ServiceLogging._retentionOf(logging, logRetention);
    return createWorkloadLogGroup(scope, 'Logs', retention, ServiceLogging._orDefault(logging)._logGroupEncryptionKey());
  }

  /** Whether the logs go through a FireLens log router. */
  public abstract readonly usesFireLens: boolean;

  /**
   * The retention this choice sets on the service's log group; undefined to leave it to the service.
   *
   * @internal
   */
  public abstract _logGroupRetention(): logs.RetentionDays | undefined;

  /**
   * The customer key of the workload's log group; undefined for CloudWatch Logs' own encryption.
   *
   * @internal
   */
  public abstract _logGroupEncryptionKey(): kms.IKey | undefined;

  /**
   * Record every problem of the options, and of the options against the service's props.
   *
   * @internal
   */
  public abstract _validate(v: PropsValidator, context: LoggingValidationContext): void;

  /**
   * Record a problem when what the choice adds to the task (a log router) does not fit in its memory.
   *
   * @internal
   */
  public abstract _validateFits(v: PropsValidator, taskMemoryMiB: number): void;

  /**
   * The log driver of the application container, and whatever the choice adds to the task.
   *
   * @internal
   */
  public abstract _bind(taskDefinition: ecs.TaskDefinition, context: ApplicationLoggingContext): ApplicationLogging;
}

/** `awsLogs()`: the awslogs driver into the service's log group. */
class AwsLogsLogging extends ServiceLogging {
  public readonly usesFireLens = false;

  constructor(private readonly options: AwsLogsOptions) {
    super();
  }

  public _logGroupRetention(): logs.RetentionDays | undefined {
    return this.options.retention;
  }

  public _logGroupEncryptionKey(): kms.IKey | undefined {
    return this.options.encryptionKey;
  }

  public _validate(v: PropsValidator, context: LoggingValidationContext): void {
    const o = this.options;
    if (o.retention !== undefined && context.logRetention !== undefined) {
      v.fail(`'logging' ServiceLogging.awsLogs 'retention' and 'logRetention' both set the service's log group retention: give one, got ${o.retention} and ${context.logRetention}`);
    }
    if (o.maxBufferSize !== undefined && this.mode === ecs.AwsLogDriverMode.BLOCKING) {
      v.fail('\'logging\' ServiceLogging.awsLogs \'maxBufferSize\' applies to the NON_BLOCKING mode only: remove it or use ecs.AwsLogDriverMode.NON_BLOCKING, got mode BLOCKING');
    }
    if (o.maxBufferSize !== undefined && !o.maxBufferSize.isUnresolved()) {
      // Docker takes any size; 1 GiB is this library's typo guard (src/private/limits/).
      const mib = o.maxBufferSize.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
      v.integerInRange('logging ServiceLogging.awsLogs maxBufferSize (MiB)', mib, AWSLOGS_MAX_BUFFER_MIB.min!, AWSLOGS_MAX_BUFFER_MIB.max!);
    }
  }

  public _validateFits(): void {}

  public _bind(_taskDefinition: ecs.TaskDefinition, context: ApplicationLoggingContext): ApplicationLogging {
    const mode = this.mode;
    return {
      logDriver: ecs.LogDrivers.awsLogs({
        logGroup: context.logGroup,
        streamPrefix: context.containerName,
        mode,
        maxBufferSize: mode === ecs.AwsLogDriverMode.NON_BLOCKING
          ? this.options.maxBufferSize ?? Size.mebibytes(defaults.LOG_MAX_BUFFER_SIZE_MIB)
          : undefined,
      }),
    };
  }

  private get mode(): ecs.AwsLogDriverMode {
    return this.options.mode ?? defaults.LOG_DRIVER_MODE;
  }
}

/** `fireLens()`: a Fluent Bit log router beside the application. */
class FireLensLogging extends ServiceLogging {
  public readonly usesFireLens = true;

  constructor(private readonly options: FireLensLoggingOptions) {
    super();
  }

  public _logGroupRetention(): logs.RetentionDays | undefined {
    return undefined;
  }

  public _logGroupEncryptionKey(): kms.IKey | undefined {
    return this.options.encryptionKey;
  }

  public _validate(v: PropsValidator, context: LoggingValidationContext): void {
    const o = this.options;
    v.addAll(o.destination._validate());
    // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (src/private/limits/).
    v.integerInRange('logging ServiceLogging.fireLens routerMemoryReservationMiB', o.routerMemoryReservationMiB, TASK_MEMORY_MIB.min!, TASK_MEMORY_MIB.max!);
    // ECS API ContainerDefinition.stopTimeout: "The valid values for Fargate are 2-120 seconds" (src/private/limits/).
    v.durationInRange('logging ServiceLogging.fireLens routerStopTimeout', o.routerStopTimeout, FARGATE_STOP_TIMEOUT.min!, context.maxStopTimeoutSeconds);
  }

  public _validateFits(v: PropsValidator, taskMemoryMiB: number): void {
    const reservation = this.options.routerMemoryReservationMiB ?? defaults.FIRELENS_ROUTER_MEMORY_RESERVATION_MIB;
    if (isKnown(reservation) && isKnown(taskMemoryMiB) && reservation >= taskMemoryMiB) {
      v.fail(`'logging' ServiceLogging.fireLens 'routerMemoryReservationMiB' must be less than the task memory (${taskMemoryMiB} MiB), got ${describe(reservation)}`);
    }
  }

  public _bind(taskDefinition: ecs.TaskDefinition, context: ApplicationLoggingContext): ApplicationLogging {
    return addFireLensRouter(taskDefinition, this.options, context);
  }
}
