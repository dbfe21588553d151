import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cxapi from 'aws-cdk-lib/cx-api';
import { Construct } from 'constructs';
import { ServiceWiring, completeService, createLogGroup, serviceDeploymentProps } from './assembly';
import { addInstanceDrainingNotification } from './notifications';
import * as defaults from '../../private/defaults';
import { addWorkloadOutputs } from '../../private/outputs';
import { serviceConnectEndpoint } from '../../private/service-connect-wiring';
import { EssentialReplicaServiceOptions } from '../essential-replica-service-options';

/** The deployment props every variant passes to its ECS service. */
export type ServiceDeploymentProps = ReturnType<typeof serviceDeploymentProps>;

/** What the shared assembly hands a variant to build its task with. */
export interface VariantTaskContext {
  readonly containerName: string;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
  readonly stopTimeout: Duration;
}

/** The task a variant built: its definition, the application container and the task size. */
export interface VariantTask {
  readonly taskDefinition: ecs.TaskDefinition;
  readonly container: ecs.ContainerDefinition;
  /** Task CPU units, the Service Connect headroom included. */
  readonly taskCpu: number;
  /** Task memory (MiB), the Service Connect headroom included. */
  readonly taskMemoryMiB: number;
}

/**
 * What one service variant decides (Fargate, EC2, Managed Instances); everything else is the shared
 * assembly's. A new variant is one more implementation of this interface.
 */
export interface ServiceVariant {
  /** The cluster the service runs in. */
  readonly cluster: ecs.ICluster;
  /** Instances can drain under the tasks (EC2, Managed Instances): the notification topic hears of it. */
  readonly runsOnInstances: boolean;
  /** The task definition with the variant's compatibility, network mode and size, and its application container. */
  addTask(scope: Construct, context: VariantTaskContext): VariantTask;
  /** The ECS service of the variant, given the deployment props every variant shares. */
  createService(scope: Construct, taskDefinition: ecs.TaskDefinition, deployment: ServiceDeploymentProps): ecs.BaseService;
}

/** Every part of a finished service, as the variant's public members expose them. */
export interface AssembledService extends ServiceWiring, VariantTask {
  readonly cluster: ecs.ICluster;
  readonly service: ecs.BaseService;
  readonly connections: ec2.Connections;
  readonly containerName: string;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
  readonly serviceConnectEndpoint?: string;
}

/**
 * Assemble a service in the one order every variant shares: log group, task (the variant's), ECS
 * service (the variant's), then Service Connect, load balancing, rollout alarms, notifications and
 * scaling, the Service Connect endpoint, and instance-draining notifications. Monitoring comes last, in
 * the variant, once the construct exposes every part the dashboard reads.
 */
export function assembleService(scope: Construct, props: EssentialReplicaServiceOptions, variant: ServiceVariant): AssembledService {
  scopeExecuteCommandLogs(scope, props);
  const containerPort = props.containerPort ?? defaults.CONTAINER_PORT;
  const containerName = props.containerName ?? defaults.CONTAINER_NAME;
  const logGroup = createLogGroup(scope, props);
  const task = variant.addTask(scope, {
    containerName,
    containerPort,
    logGroup,
    stopTimeout: props.fastDeploy?.stopTimeout ?? defaults.STOP_TIMEOUT,
  });
  const service = variant.createService(scope, task.taskDefinition, serviceDeploymentProps(scope, props));
  const cluster = variant.cluster;
  const wiring = completeService(scope, props, { service, cluster, containerName, containerPort, logGroup });
  grantExecuteCommandLogs(service, task.taskDefinition, logGroup, props);
  addWorkloadOutputs(scope, { logGroup, loadBalancer: wiring.loadBalancer, listener: wiring.listener, url: wiring.url }, props.outputs);
  const endpoint = serviceConnectEndpoint(scope, props.serviceConnect, containerPort);
  if (variant.runsOnInstances && props.notificationTopic) {
    addInstanceDrainingNotification(scope, service, cluster, props.notificationTopic);
  }
  return {
    ...task,
    ...wiring,
    cluster,
    service,
    connections: service.connections,
    containerName,
    containerPort,
    logGroup,
    serviceConnectEndpoint: endpoint,
  };
}

/**
 * ECS Exec without a cluster log configuration logs sessions through the container's awslogs settings,
 * with the task role. aws-cdk-lib then grants the log writes on `*` unless
 * `@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions` is set: set it for this service (the
 * construct's own context; the app's other services are untouched) before any child exists, and grant
 * the writes on the service's own log group (grantExecuteCommandLogs).
 */
export function scopeExecuteCommandLogs(scope: Construct, props: { readonly enableExecuteCommand?: boolean }): void {
  if (props.enableExecuteCommand) {
    scope.node.setContext(cxapi.REDUCE_EC2_FARGATE_CLOUDWATCH_PERMISSIONS, true);
  }
}

/**
 * The task-role grants ECS Exec session logging needs with the DEFAULT log configuration: the log
 * writes on the service's own log group, and `logs:DescribeLogGroups` on `*`, as the ECS Exec guide's
 * task role policy grants it (it lists the account's log groups: no log-group ARN narrows it). A cluster with its own exec log group gets aws-cdk-lib's
 * grants on that group instead.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-logging
 */
export function grantExecuteCommandLogs(service: ecs.BaseService, taskDefinition: ecs.TaskDefinition, logGroup: logs.ILogGroup,
  props: { readonly enableExecuteCommand?: boolean }): void {
  if (!props.enableExecuteCommand || service.cluster.executeCommandConfiguration?.logConfiguration?.cloudWatchLogGroup) {
    return;
  }
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['logs:DescribeLogGroups'], resources: ['*'] }));
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
    actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    // The log group ARN ends in :*, which covers its streams.
    resources: [logGroup.logGroupArn],
  }));
}
