import type { EssentialManagedInstancesCapacity } from '../../capacity/essential-managed-instances-capacity';
import { ServiceLogging } from '../../logging/service-logging';
import * as defaults from '../../private/defaults';
import { CONTAINER_PORT, DAEMON_BAKE_TIME_MINUTES, DAEMON_CPU, DAEMON_DRAIN_PERCENT, DAEMON_NAME, DAEMON_STOP_TIMEOUT, TASK_MEMORY_MIB } from '../../private/limits';
import { checkContainerHealthCheck, checkEphemeralStorage } from '../../private/task-checks';
import { PropsValidator, isKnown } from '../../private/validation';
import type { EssentialDaemonServiceProps } from '../essential-daemon-service';

/** The daemon's and its container's names (ECS API CreateDaemon, DaemonContainerDefinition). */
const DAEMON_NAME_PATTERN_RE = new RegExp(DAEMON_NAME.pattern!);

/** What an ECS Managed Daemon accepts (ECS API CreateDaemon and RegisterDaemonTaskDefinition). */
export function validateManagedDaemon(v: PropsValidator, props: EssentialDaemonServiceProps): void {
  const capacity = props.capacity as EssentialManagedInstancesCapacity;
  if (props.cluster !== undefined && capacity.cluster !== props.cluster) {
    v.fail(`'capacity' must belong to 'cluster': the capacity providers of '${capacity.node.path}' belong to cluster '${capacity.cluster.node.path}', got cluster '${props.cluster.node.path}' (leave 'cluster' out to use the capacity's)`);
  }
  checkContainerHealthCheck(v, props.healthCheck);
  checkEphemeralStorage(v, props.ephemeralStorageGiB, 'Managed Instances');
  v.integerInRange('containerPort', props.containerPort, CONTAINER_PORT.min!, CONTAINER_PORT.max!);
  v.durationInRange('stopTimeout', props.stopTimeout, DAEMON_STOP_TIMEOUT.min!, DAEMON_STOP_TIMEOUT.max!,
    'the container stop-timeout range AWS documents; DaemonContainerDefinition documents none');
  v.numberInRange('drainPercent', props.drainPercent, DAEMON_DRAIN_PERCENT.min!, DAEMON_DRAIN_PERCENT.max!);
  const bake = props.bakeTime;
  if (bake !== undefined && !bake.isUnresolved()) {
    const minutes = bake.toSeconds() / 60;
    if (!Number.isInteger(minutes) || minutes < DAEMON_BAKE_TIME_MINUTES.min! || minutes > DAEMON_BAKE_TIME_MINUTES.max!) {
      v.fail(`'bakeTime' must be a whole number of minutes from ${DAEMON_BAKE_TIME_MINUTES.min!} to ${DAEMON_BAKE_TIME_MINUTES.max!} (AWS::ECS::Daemon ` +
        `DeploymentConfiguration.BakeTimeInMinutes), got ${bake.toSeconds()} s`);
    }
  }
  if (isKnown(props.serviceName) && !DAEMON_NAME_PATTERN_RE.test(props.serviceName)) {
    v.fail('\'serviceName\' names the daemon: up to 255 letters, numbers, underscores and hyphens (ECS API CreateDaemonRequest.daemonName), ' +
      `got '${props.serviceName}'`);
  }
  if (isKnown(props.containerName) && !DAEMON_NAME_PATTERN_RE.test(props.containerName)) {
    v.fail('\'containerName\' must be up to 255 letters, numbers, underscores and hyphens (ECS API DaemonContainerDefinition.name), ' +
      `got '${props.containerName}'`);
  }
  // Task size: the task-definition range, then the largest instance the capacity may launch.
  v.integerInRange('cpu', props.cpu, DAEMON_CPU.min!, DAEMON_CPU.max!);
  // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (1 TiB).
  v.integerInRange('memoryLimitMiB', props.memoryLimitMiB, TASK_MEMORY_MIB.min!, TASK_MEMORY_MIB.max!);
  const cpu = props.cpu ?? defaults.CPU;
  const memory = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
  if (capacity.taskCpuLimit !== undefined && isKnown(cpu) && cpu > capacity.taskCpuLimit) {
    v.fail(`'cpu' must fit the largest instance 'capacity' may launch (${capacity.taskCpuLimit} units from instanceRequirements.vCpuCountMax): ` +
      `lower it or raise vCpuCountMax, got ${cpu}`);
  }
  if (capacity.taskMemoryLimitMiB !== undefined && isKnown(memory) && memory > capacity.taskMemoryLimitMiB) {
    v.fail(`'memoryLimitMiB' must fit the largest instance 'capacity' may launch (${capacity.taskMemoryLimitMiB} MiB from instanceRequirements.memoryMax): ` +
      `lower it or raise memoryMax, got ${memory}`);
  }
  const instances = capacity.cpuArchitecture;
  if (props.cpuArchitecture !== undefined && instances !== undefined && props.cpuArchitecture._cpuArchitecture !== instances._cpuArchitecture) {
    v.fail(`'cpuArchitecture' must match the instances of 'capacity' (${instances._cpuArchitecture}, from its instanceRequirements.cpuManufacturers): ` +
      `a daemon runs on every one of them, got ${props.cpuArchitecture._cpuArchitecture}`);
  }
  const unsupported: Array<[string, unknown, string]> = [
    ['networkMode', props.networkMode, 'a daemon task definition takes no network mode (RegisterDaemonTaskDefinition)'],
    ['taskSubnets', props.taskSubnets, 'the daemon runs in the capacity\'s subnets (CreateDaemon takes no network configuration)'],
    ['securityGroups', props.securityGroups, 'the daemon uses the capacity\'s security groups (CreateDaemon takes no network configuration)'],
    ['rollout', props.rollout, 'a Managed Daemon deploys by draining instances: use \'drainPercent\', \'bakeTime\' and \'rollbackAlarms\''],
    ['serviceConnect', props.serviceConnect, 'CreateDaemon takes no Service Connect configuration'],
    ['enableFaultInjection', props.enableFaultInjection || undefined, 'ECS documents fault injection for EC2 and Fargate tasks only'],
    ['faultInjectionSidecarImage', props.faultInjectionSidecarImage, 'it only applies with \'enableFaultInjection\''],
    ['enableMonitoring', props.enableMonitoring || undefined, 'the library\'s dashboard and alarms read ECS service metrics, and a Managed Daemon has no service'],
    ['notificationTopic', props.notificationTopic, 'the library\'s notifications match ECS service events, and a Managed Daemon has no service'],
    ['logging', props.logging?.usesFireLens ? props.logging : undefined, 'this library routes a Managed Daemon\'s logs with awslogs only (ServiceLogging.awsLogs())'],
  ];
  for (const [prop, given, why] of unsupported) {
    if (given !== undefined) {
      v.fail(`'${prop}' is not available for an ECS Managed Daemon (an EssentialManagedInstancesCapacity): ${why}; leave it out, got a value`);
    }
  }
  ServiceLogging._orDefault(props.logging)._validate(v, { logRetention: props.logRetention, maxStopTimeoutSeconds: DAEMON_STOP_TIMEOUT.max! });
}
