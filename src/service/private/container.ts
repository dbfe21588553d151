import { Size } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { applicationLogging } from '../../logging/private/logging-wiring';
import * as defaults from '../../private/defaults';
import { EssentialServiceCommonProps } from '../essential-service-common-props';

/** The awslogs driver: non-blocking with a buffer, into the service's log group. */
export function awsLogDriver(logGroup: logs.ILogGroup, streamPrefix: string): ecs.LogDriver {
  return ecs.LogDrivers.awsLogs({
    logGroup,
    streamPrefix,
    mode: defaults.LOG_DRIVER_MODE,
    maxBufferSize: Size.mebibytes(defaults.LOG_MAX_BUFFER_SIZE_MIB),
  });
}

/** What the application container is made of, besides the user's props. */
export interface ApplicationContainerOptions {
  readonly containerName: string;
  readonly logGroup: logs.ILogGroup;
  readonly portMapping: ecs.PortMapping;
}

/** Add the application container with the fast-deploy stop timeout and its logging (non-blocking awslogs by default). */
export function addApplicationContainer(taskDefinition: ecs.TaskDefinition, props: EssentialServiceCommonProps,
  options: ApplicationContainerOptions): ecs.ContainerDefinition {
  let portMapping = options.portMapping;
  const sc = props.serviceConnect;
  if (sc?.isServer) {
    // Service Connect publishes a named port mapping; the protocol gives the proxy L7 features.
    portMapping = { ...portMapping, name: sc.portName, appProtocol: sc.appProtocol };
  }
  const logging = applicationLogging(taskDefinition, props.logging, {
    logGroup: options.logGroup,
    containerName: options.containerName,
    logRetention: props.logRetention,
  });
  const container = taskDefinition.addContainer(options.containerName, {
    image: props.image,
    essential: true,
    environment: props.environment,
    secrets: props.secrets,
    command: props.command,
    portMappings: [portMapping],
    stopTimeout: props.fastDeploy?.stopTimeout ?? defaults.STOP_TIMEOUT,
    logging: logging.logDriver,
  });
  if (logging.router) {
    // AWS: containers that log through FireLens start after the router (required in bridge mode).
    container.addContainerDependencies({ container: logging.router, condition: ecs.ContainerDependencyCondition.START });
  }
  return container;
}
