import { Fn, Size, SizeRoundingBehavior, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import * as defaults from '../../private/defaults';
import { PropsValidator, describe, isKnown } from '../../private/validation';
import { ServiceLogging } from '../service-logging';

/** What the wiring needs to know about the service. */
export interface ApplicationLoggingContext {
  /** The service's log group (awslogs target, default FireLens CloudWatch destination). */
  readonly logGroup: logs.ILogGroup;
  /** The application container's name (stream prefix). */
  readonly containerName: string;
  /** The service's `logRetention` prop. */
  readonly logRetention?: logs.RetentionDays;
}

/** The application container's log driver and, with FireLens, the router it must start after. */
export interface ApplicationLogging {
  readonly logDriver: ecs.LogDriver;
  readonly router?: ecs.ContainerDefinition;
}

/** The retention of the service's log group: the logging choice's, the service's, or the library's. */
export function serviceLogRetention(logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined): logs.RetentionDays {
  return logging?._awsLogs?.retention ?? logRetention ?? defaults.LOG_RETENTION;
}

/**
 * Record the problems of the logging choice.
 *
 * @param maxStopTimeoutSeconds the largest container stop timeout of the launch type (Fargate: 120)
 */
export function validateLogging(v: PropsValidator, logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined,
  maxStopTimeoutSeconds: number): void {
  const aws = logging?._awsLogs;
  if (aws) {
    if (aws.retention !== undefined && logRetention !== undefined) {
      v.fail(`'logging' ServiceLogging.awsLogs 'retention' and 'logRetention' both set the service's log group retention: give one, got ${aws.retention} and ${logRetention}`);
    }
    const mode = aws.mode ?? defaults.LOG_DRIVER_MODE;
    if (aws.maxBufferSize !== undefined && mode === ecs.AwsLogDriverMode.BLOCKING) {
      v.fail('\'logging\' ServiceLogging.awsLogs \'maxBufferSize\' applies to the NON_BLOCKING mode only: remove it or use ecs.AwsLogDriverMode.NON_BLOCKING, got mode BLOCKING');
    }
    if (aws.maxBufferSize !== undefined && !aws.maxBufferSize.isUnresolved()) {
      // Docker takes any size; 1 GiB is this library's typo guard against a buffer larger than the task.
      const mib = aws.maxBufferSize.toMebibytes({ rounding: SizeRoundingBehavior.NONE });
      v.integerInRange('logging ServiceLogging.awsLogs maxBufferSize (MiB)', mib, 1, 1024);
    }
  }
  const fireLens = logging?._fireLens;
  if (fireLens) {
    v.addAll(fireLens.destination._validate());
    // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (1 TiB).
    v.integerInRange('logging ServiceLogging.fireLens routerMemoryReservationMiB', fireLens.routerMemoryReservationMiB, 6, 1_048_576);
    // ECS ContainerDefinition.stopTimeout: no documented minimum; Fargate allows up to 120 s.
    v.durationInRange('logging ServiceLogging.fireLens routerStopTimeout', fireLens.routerStopTimeout, 0, maxStopTimeoutSeconds);
  }
}

/**
 * Fail when the FireLens router cannot fit in the task: its memory reservation comes out of the
 * task's memory, and the application needs some too.
 */
export function validateRouterFits(v: PropsValidator, logging: ServiceLogging | undefined, taskMemoryMiB: number): void {
  const fireLens = logging?._fireLens;
  if (!fireLens) {
    return;
  }
  const reservation = fireLens.routerMemoryReservationMiB ?? defaults.FIRELENS_ROUTER_MEMORY_RESERVATION_MIB;
  if (isKnown(reservation) && isKnown(taskMemoryMiB) && reservation >= taskMemoryMiB) {
    v.fail(`'logging' ServiceLogging.fireLens 'routerMemoryReservationMiB' must be less than the task memory (${taskMemoryMiB} MiB), got ${describe(reservation)}`);
  }
}

/**
 * The log driver of the application container. With FireLens, adds the log router (a sidecar with its
 * own non-blocking log group), its image pull on the execution role and the destination's grant on
 * the task role.
 */
export function applicationLogging(taskDefinition: ecs.TaskDefinition, logging: ServiceLogging | undefined,
  ctx: ApplicationLoggingContext): ApplicationLogging {
  const fireLens = logging?._fireLens;
  if (!fireLens) {
    const aws = logging?._awsLogs ?? {};
    const mode = aws.mode ?? defaults.LOG_DRIVER_MODE;
    return {
      logDriver: ecs.LogDrivers.awsLogs({
        logGroup: ctx.logGroup,
        streamPrefix: ctx.containerName,
        mode,
        maxBufferSize: mode === ecs.AwsLogDriverMode.NON_BLOCKING
          ? aws.maxBufferSize ?? Size.mebibytes(defaults.LOG_MAX_BUFFER_SIZE_MIB)
          : undefined,
      }),
    };
  }
  const scope = taskDefinition.node.scope as Construct;
  const routerLogGroup = new logs.LogGroup(scope, 'RouterLogs', {
    retention: fireLens.routerLogRetention ?? serviceLogRetention(undefined, ctx.logRetention),
  });
  const router = taskDefinition.addFirelensLogRouter(defaults.FIRELENS_ROUTER_CONTAINER_NAME, {
    containerName: defaults.FIRELENS_ROUTER_CONTAINER_NAME,
    image: fireLens.routerImage ?? fluentBitImage(taskDefinition),
    firelensConfig: {
      type: ecs.FirelensLogRouterType.FLUENTBIT,
      options: { enableECSLogMetadata: fireLens.enableEcsLogMetadata ?? true },
    },
    // AWS recommends an essential router: without it the application's logs are lost silently.
    essential: true,
    memoryReservationMiB: fireLens.routerMemoryReservationMiB ?? defaults.FIRELENS_ROUTER_MEMORY_RESERVATION_MIB,
    stopTimeout: fireLens.routerStopTimeout ?? defaults.FIRELENS_ROUTER_STOP_TIMEOUT,
    logging: ecs.LogDrivers.awsLogs({
      logGroup: routerLogGroup,
      streamPrefix: defaults.FIRELENS_ROUTER_CONTAINER_NAME,
      mode: defaults.LOG_DRIVER_MODE,
      maxBufferSize: Size.mebibytes(defaults.LOG_MAX_BUFFER_SIZE_MIB),
    }),
  });
  const bound = fireLens.destination._bind({ serviceLogGroup: ctx.logGroup, containerName: ctx.containerName });
  bound.grant?.(taskDefinition.taskRole);
  return { logDriver: ecs.LogDrivers.firelens({ options: bound.options }), router };
}

/**
 * AWS for Fluent Bit from ECR in the stack's Region, named by AWS's public SSM parameter, with the
 * pull granted on that repository only.
 *
 * aws-ecs's obtainDefaultFluentBitECRImage() grants the pull on '*'; the parameter's value is
 * `<account>.dkr.ecr.<region>.amazonaws.com/aws-for-fluent-bit:<tag>`, so the repository ARN can be
 * built from it at deploy time instead.
 * https://github.com/aws/aws-for-fluent-bit#using-ssm-to-find-available-versions
 */
function fluentBitImage(taskDefinition: ecs.TaskDefinition): ecs.ContainerImage {
  const uri = ssm.StringParameter.valueForStringParameter(taskDefinition, defaults.FIRELENS_ROUTER_IMAGE_PARAMETER);
  const account = Fn.select(0, Fn.split('.', uri));
  const repositoryArn = Stack.of(taskDefinition).formatArn({
    service: 'ecr',
    account,
    resource: 'repository',
    resourceName: defaults.FIRELENS_ROUTER_REPOSITORY,
  });
  const executionRole = taskDefinition.obtainExecutionRole();
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    resources: [repositoryArn],
  }));
  // Registry login has no resource-level permission (Service Authorization Reference, Amazon ECR).
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['ecr:GetAuthorizationToken'], resources: ['*'] }));
  return ecs.ContainerImage.fromRegistry(uri);
}
