import { Fn, Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ssm from 'aws-cdk-lib/aws-ssm';
import { Construct } from 'constructs';
import { createWorkloadLogGroup } from './log-group';
import { ApplicationLogging, ApplicationLoggingContext } from './logging-binding';
import * as defaults from '../../private/defaults';
import type { FireLensLoggingOptions } from '../service-logging';

/**
 * The FireLens log router (a sidecar with its own non-blocking log group), its image pull on the
 * execution role, the destination's grant on the task role, and the application's `awsfirelens` driver.
 */
export function addFireLensRouter(taskDefinition: ecs.TaskDefinition, fireLens: FireLensLoggingOptions,
  ctx: ApplicationLoggingContext): ApplicationLogging {
  const scope = taskDefinition.node.scope as Construct;
  const routerLogGroup = createWorkloadLogGroup(scope, 'RouterLogs',
    fireLens.routerLogRetention ?? ctx.logRetention ?? defaults.LOG_RETENTION, fireLens.encryptionKey);
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
