import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ServiceLogging } from '../logging/service-logging';

/**
 * The application container of every workload of this library: what runs, with which settings, and
 * where its logs go.
 *
 * The innermost props layer: `EssentialTaskOptions` extends it, and the props of every service
 * variant, `EssentialDaemonService`, `EssentialQueueWorker` and `EssentialScheduledJob` extend that,
 * so a container option declared here reaches every workload.
 */
export interface EssentialContainerOptions {
  /** The image of the application container. */
  readonly image: ecs.ContainerImage;

  /**
   * Name of the application container.
   *
   * @default 'app'
   */
  readonly containerName?: string;

  /**
   * Environment variables of the application container.
   *
   * @default - none
   */
  readonly environment?: Record<string, string>;

  /**
   * Secrets injected into the application container at start (Secrets Manager or SSM parameters).
   * The execution role is granted read access to exactly these.
   *
   * @default - none
   */
  readonly secrets?: Record<string, ecs.Secret>;

  /**
   * Environment files in S3 (`ecs.EnvironmentFile.fromBucket()`, `fromAsset()`): ECS reads them with the
   * execution role when a task starts, so the execution role is granted `s3:GetObject` on exactly these
   * objects and `s3:GetBucketLocation` on their buckets; the task role gets nothing. Variables in
   * `environment` win over the files (ECS API `ContainerDefinition.environmentFiles`).
   *
   * @default - none
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/use-environment-file.html
   */
  readonly environmentFiles?: ecs.EnvironmentFile[];

  /**
   * Entry point of the application container.
   *
   * @default - the image's ENTRYPOINT
   */
  readonly entryPoint?: string[];

  /**
   * Command of the application container.
   *
   * @default - the image's CMD
   */
  readonly command?: string[];

  /**
   * The container health check Docker runs inside the task (ECS API `HealthCheck`: interval 5–300 s,
   * timeout 2–60 s, retries 1–10, start period 0–300 s). A task whose essential container turns
   * unhealthy is replaced. It is the only health check of a workload without a load balancer (a
   * Service Connect backend, a worker); behind a load balancer the target group's check decides
   * traffic and this one decides replacement.
   *
   * @default - none (ECS treats the container as healthy while it runs)
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_HealthCheck.html
   */
  readonly healthCheck?: ecs.HealthCheck;

  /**
   * Retention of the workload's log group.
   *
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;

  /**
   * How the application container's logs leave the task: the awslogs driver to CloudWatch Logs
   * (non-blocking or blocking), or FireLens with an AWS for Fluent Bit router to CloudWatch Logs,
   * Amazon Data Firehose, Amazon S3 or an HTTP endpoint. See docs/logging.md.
   *
   * @default ServiceLogging.awsLogs() — non-blocking awslogs with a 25 MiB buffer into the workload's log group
   */
  readonly logging?: ServiceLogging;
}
