import { Duration, Names, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialManagedInstancesCapacity } from '../../capacity/essential-managed-instances-capacity';
import { ServiceLogging } from '../../logging/service-logging';
import { grantEnvironmentFiles } from '../../private/application-container';
import * as defaults from '../../private/defaults';
import { DAEMON_NAME } from '../../private/limits';
import { EssentialServiceOptions } from '../essential-service-options';

/** Names of a daemon and of a daemon task definition family: DAEMON_NAME in src/private/limits/ quotes the ECS API. */
const DAEMON_NAME_MAX_LENGTH = DAEMON_NAME.max!;

/** The four channels ECS Exec opens through the SSM agent in the task (what aws-ecs grants for enableExecuteCommand). */
const ECS_EXEC_ACTIONS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

/** What a Managed Daemon is made of: the service layer and the daemon's deployment settings. */
export interface ManagedDaemonProps extends EssentialServiceOptions {
  readonly drainPercent?: number;
  readonly bakeTime?: Duration;
  readonly rollbackAlarms?: cloudwatch.IAlarm[];
}

/** What the construct decided for the daemon besides the props. */
export interface ManagedDaemonOptions {
  readonly containerName: string;
  readonly logGroup: logs.ILogGroup;
  readonly stopTimeout: Duration;
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** The resources of a Managed Daemon. */
export interface ManagedDaemon {
  readonly daemon: ecs.CfnDaemon;
  readonly taskDefinition: ecs.CfnDaemonTaskDefinition;
  readonly executionRole: iam.Role;
  readonly taskRole: iam.Role;
}

/**
 * Add an ECS Managed Daemon on the capacity's two providers: the execution and task roles, the
 * daemon task definition (`TaskDefinition`) and the daemon (`Daemon`).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons.html
 */
export function addManagedDaemon(scope: Construct, props: ManagedDaemonProps, capacity: EssentialManagedInstancesCapacity,
  options: ManagedDaemonOptions): ManagedDaemon {
  const stack = Stack.of(scope);
  // The ECS documentation's trust policy for task roles, with the confused-deputy conditions
  // (aws:SourceAccount, aws:SourceArn on the account's ECS resources).
  const assumedBy = () => new iam.ServicePrincipal('ecs-tasks.amazonaws.com').withConditions({
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ecs:${stack.region}:${stack.account}:*` },
  });
  // "The task execution role is required for daemon tasks that pull container images from Amazon ECR
  // or send container logs to CloudWatch" (RegisterDaemonTaskDefinitionRequest.executionRoleArn):
  // the daemon always logs, so it always has one. It gets exactly the grants below.
  const executionRole = new iam.Role(scope, 'ExecutionRole', {
    assumedBy: assumedBy(),
    description: 'ECS Managed Daemon: the agent pulls the image, reads the secrets and writes the logs',
  });
  const taskRole = new iam.Role(scope, 'TaskRole', {
    assumedBy: assumedBy(),
    description: 'ECS Managed Daemon: the containers\' own AWS permissions',
  });
  if (props.enableExecuteCommand) {
    taskRole.addToPrincipalPolicy(new iam.PolicyStatement({
      actions: ECS_EXEC_ACTIONS,
      // The ssmmessages actions have no resource type (Service Authorization Reference).
      resources: ['*'],
    }));
  }

  // ContainerImage, Secret and LogDriver grant through a container's task definition; a daemon task
  // definition has no L2, so this stands in for it and hands them the execution role.
  const grantTarget = { taskDefinition: { obtainExecutionRole: () => executionRole } } as unknown as ecs.ContainerDefinition;
  const image = props.image.bind(scope, grantTarget);
  // awslogs only (FireLens is rejected for Managed Daemons): the choice's own driver, bound to the stand-in.
  const logDriver = (props.logging ?? ServiceLogging.awsLogs())
    ._bind(undefined as unknown as ecs.TaskDefinition, { logGroup: options.logGroup, containerName: options.containerName })
    .logDriver.bind(scope, grantTarget);
  const secrets = Object.entries(props.secrets ?? {}).map(([name, secret]) => {
    secret.grantRead(executionRole);
    return { name, valueFrom: secret.arn };
  });

  // ECS reads S3 environment files with the execution role, as for any task.
  const environmentFiles = (props.environmentFiles ?? []).map((f) => f.bind(scope));
  grantEnvironmentFiles(executionRole, environmentFiles);
  const taskDefinition = new ecs.CfnDaemonTaskDefinition(scope, 'TaskDefinition', {
    family: Names.uniqueResourceName(scope, { maxLength: DAEMON_NAME_MAX_LENGTH, separator: '-' }),
    cpu: String(options.cpu),
    memory: String(options.memoryMiB),
    executionRoleArn: executionRole.roleArn,
    taskRoleArn: taskRole.roleArn,
    containerDefinitions: [{
      name: options.containerName,
      image: image.imageName,
      repositoryCredentials: image.repositoryCredentials,
      essential: true,
      entryPoint: props.entryPoint,
      command: props.command,
      environment: Object.entries(props.environment ?? {}).map(([name, value]) => ({ name, value })),
      environmentFiles: environmentFiles.length > 0
        ? environmentFiles.map((f) => ({ type: f.fileType, value: `arn:${Stack.of(scope).partition}:s3:::${f.s3Location.bucketName}/${f.s3Location.objectKey}` }))
        : undefined,
      secrets: secrets.length > 0 ? secrets : undefined,
      healthCheck: props.healthCheck ? renderHealthCheck(props.healthCheck) : undefined,
      stopTimeout: options.stopTimeout.toSeconds(),
      logConfiguration: { logDriver: logDriver.logDriver, options: logDriver.options },
    }],
  });

  const deployment: ecs.CfnDaemon.DaemonDeploymentConfigurationProperty = {
    drainPercent: props.drainPercent ?? defaults.MANAGED_DAEMON_DRAIN_PERCENT,
    bakeTimeInMinutes: props.bakeTime?.toMinutes(),
    alarms: props.rollbackAlarms && props.rollbackAlarms.length > 0
      ? { alarmNames: props.rollbackAlarms.map((a) => a.alarmName), enable: true }
      : undefined,
  };
  const daemon = new ecs.CfnDaemon(scope, 'Daemon', {
    // Named here rather than left to CloudFormation: the API requires a name (CreateDaemonRequest), and
    // the name and the cluster only change together with a replacement in another cluster.
    daemonName: props.serviceName ?? Names.uniqueResourceName(scope, { maxLength: DAEMON_NAME_MAX_LENGTH, separator: '-' }),
    clusterArn: capacity.cluster.clusterArn,
    daemonTaskDefinitionArn: taskDefinition.attrDaemonTaskDefinitionArn,
    // "ECS Managed Daemons is only supported for Amazon ECS Managed Instances Capacity Providers"
    // (CreateDaemon): both of the capacity's, so every instance it launches runs the daemon.
    capacityProviderArns: [capacity.onDemandProvider, capacity.spotProvider].map((p) =>
      stack.formatArn({ service: 'ecs', resource: 'capacity-provider', resourceName: p.capacityProviderName })),
    deploymentConfiguration: deployment,
    enableEcsManagedTags: defaults.MANAGED_DAEMON_ECS_MANAGED_TAGS,
    // Tags on the daemon reach its tasks, as a service's do, so cost reports can split by daemon.
    propagateTags: defaults.MANAGED_DAEMON_PROPAGATE_TAGS,
    enableExecuteCommand: props.enableExecuteCommand ?? defaults.ENABLE_EXECUTE_COMMAND,
  });
  // The daemon starts tasks as soon as it exists: their roles' policies must be in place first.
  daemon.node.addDependency(executionRole, taskRole);
  return { daemon, taskDefinition, executionRole, taskRole };
}

/** The ECS health check of `ecs.HealthCheck`, with aws-cdk-lib's defaults and command handling. */
function renderHealthCheck(hc: ecs.HealthCheck): ecs.CfnDaemonTaskDefinition.HealthCheckProperty {
  // aws-cdk-lib's ContainerDefinition: one element is a shell command; otherwise CMD unless given.
  const command = hc.command.length === 1
    ? ['CMD-SHELL', hc.command[0]]
    : hc.command[0] === 'CMD' || hc.command[0] === 'CMD-SHELL' ? hc.command : ['CMD', ...hc.command];
  return {
    command,
    interval: hc.interval?.toSeconds() ?? 30,
    retries: hc.retries ?? 3,
    startPeriod: hc.startPeriod?.toSeconds(),
    timeout: hc.timeout?.toSeconds() ?? 5,
  };
}
