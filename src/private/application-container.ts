import { Duration, Size, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as defaults from './defaults';
import { CONTAINERS_PER_TASK_DEFINITION } from './limits';
import { conditionTaskRoleTrust } from './task-role-trust';
import type { ServiceLogging } from '../logging/service-logging';
import type { EssentialTaskOptions } from '../service/essential-task-options';
import type { ServiceConnectMode } from '../service-connect/service-connect-mode';

/** The awslogs driver: non-blocking with a buffer, into the service's log group. */
export function awsLogDriver(logGroup: logs.ILogGroup, streamPrefix: string): ecs.LogDriver {
  return ecs.LogDrivers.awsLogs({
    logGroup,
    streamPrefix,
    mode: defaults.LOG_DRIVER_MODE,
    maxBufferSize: Size.mebibytes(defaults.LOG_MAX_BUFFER_SIZE_MIB),
  });
}

/** The props the application container is made of: the container layer, and Service Connect for services. */
export interface ApplicationContainerProps extends EssentialTaskOptions {
  readonly serviceConnect?: ServiceConnectMode;
}

/** What the application container is made of, besides the user's props. */
export interface ApplicationContainerOptions {
  readonly containerName: string;
  readonly logGroup: logs.ILogGroup;
  /** The workload's logging choice, its default applied (`ServiceLogging._orDefault`). */
  readonly logging: ServiceLogging;
  /** The port the container listens on; none for a job. */
  readonly portMapping?: ecs.PortMapping;
  /** Time between SIGTERM and SIGKILL. */
  readonly stopTimeout: Duration;
}

/** Add the application container with the fast-deploy stop timeout and its logging (non-blocking awslogs by default). */
export function addApplicationContainer(taskDefinition: ecs.TaskDefinition, props: ApplicationContainerProps,
  options: ApplicationContainerOptions): ecs.ContainerDefinition {
  let portMapping = options.portMapping;
  const sc = props.serviceConnect;
  if (sc?.isServer && portMapping) {
    // Service Connect publishes a named port mapping; the protocol gives the proxy L7 features.
    portMapping = { ...portMapping, name: sc.portName, appProtocol: sc.appProtocol };
  }
  const logging = options.logging._bind(taskDefinition, {
    logGroup: options.logGroup,
    containerName: options.containerName,
    logRetention: props.logRetention,
  });
  const container = taskDefinition.addContainer(options.containerName, {
    image: props.image,
    essential: true,
    environment: props.environment,
    environmentFiles: props.environmentFiles,
    secrets: props.secrets,
    entryPoint: props.entryPoint,
    command: props.command,
    healthCheck: props.healthCheck,
    portMappings: portMapping ? [portMapping] : undefined,
    stopTimeout: options.stopTimeout,
    logging: logging.logDriver,
  });
  grantEnvironmentFiles(taskDefinition.obtainExecutionRole(), container.environmentFiles ?? []);
  checkContainerCount(taskDefinition);
  conditionTaskRoleTrust(taskDefinition);
  if (logging.router) {
    // AWS: containers that log through FireLens start after the router (required in bridge mode).
    container.addContainerDependencies({ container: logging.router, condition: ecs.ContainerDependencyCondition.START });
  }
  return container;
}

/**
 * ECS reads S3 environment files with the execution role ("the task execution role ... s3:GetObject ...
 * s3:GetBucketLocation", ECS developer guide, use-environment-file): grant exactly those objects and their
 * buckets. aws-cdk-lib renders the files but grants nothing.
 */
export function grantEnvironmentFiles(executionRole: iam.IRole, files: ecs.EnvironmentFileConfig[]): void {
  if (files.length === 0) {
    return;
  }
  const partition = Stack.of(executionRole).partition;
  const locations = files.map((f) => f.s3Location);
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetObject'],
    resources: locations.map((l) => `arn:${partition}:s3:::${l.bucketName}/${l.objectKey}`),
  }));
  executionRole.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['s3:GetBucketLocation'],
    resources: [...new Set(locations.map((l) => `arn:${partition}:s3:::${l.bucketName}`))],
  }));
}

/**
 * RegisterTaskDefinition fails beyond ECS's containers-per-task-definition quota (10, not adjustable): count
 * at synth, after everything (the library's sidecars, the user's addContainer calls) is in the task.
 */
function checkContainerCount(taskDefinition: ecs.TaskDefinition): void {
  taskDefinition.node.addValidation({
    validate: () => {
      const cfn = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
      const containers = Stack.of(taskDefinition).resolve(cfn.containerDefinitions) as Array<{ name?: string }> | undefined;
      const max = CONTAINERS_PER_TASK_DEFINITION.max!;
      if (!Array.isArray(containers) || containers.length <= max) {
        return [];
      }
      return [`the task definition has ${containers.length} containers (${containers.map((c) => c.name).join(', ')}): ECS allows at most ${max} ` +
        '(service quota "Containers per task definition", not adjustable); move sidecars to their own service or daemon, or turn off ' +
        'the library\'s own (logging: ServiceLogging.awsLogs() has no router, enableFaultInjection false has no SSM agent)'];
    },
  });
}
