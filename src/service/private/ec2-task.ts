import { Duration, Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { recordProxyBudget, taskSizeWithProxy } from './assembly';
import { EssentialEc2Capacity } from '../../capacity/essential-ec2-capacity';
import { ServiceLogging } from '../../logging/service-logging';
import { addApplicationContainer } from '../../private/application-container';
import * as defaults from '../../private/defaults';
import { addFaultInjectionPrerequisites, faultInjectionTaskDefinitionProps } from '../../private/fault-injection';
import { INSTANCE_STOP_TIMEOUT, TASK_CPU, TASK_MEMORY_MIB } from '../../private/limits';
import { PropsValidator, isKnown } from '../../private/validation';
import { ServiceConnectMode } from '../../service-connect/service-connect-mode';
import { EssentialTaskOptions } from '../essential-task-options';

/**
 * ECS sets no upper limit on a container's stop timeout outside Fargate (which caps it at 120 s); a day
 * is this library's own limit (INSTANCE_STOP_TIMEOUT), to keep typos such as minutes-for-seconds visible.
 */
export const EC2_MAX_STOP_TIMEOUT_SECONDS = INSTANCE_STOP_TIMEOUT.max!;

/** Whose limit `EC2_MAX_STOP_TIMEOUT_SECONDS` is, for messages. */
export const EC2_MAX_STOP_TIMEOUT_SOURCE = 'this library\'s limit: ECS documents no maximum outside Fargate';

/** What an EC2 task is made of: the task layer, and the service options an EC2 task reads. */
export interface Ec2TaskProps extends EssentialTaskOptions {
  readonly cluster?: ecs.ICluster;
  readonly serviceConnect?: ServiceConnectMode;
  readonly enableFaultInjection?: boolean;
  readonly faultInjectionSidecarImage?: ecs.ContainerImage;
}

/** What the EC2 variant decides about its task besides the props. */
export interface Ec2TaskOptions {
  readonly networkMode: ecs.NetworkMode;
  readonly containerName: string;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
  /** The instance port of a BRIDGE task: 0 for a dynamic port, the container port for a fixed one. */
  readonly hostPort: number;
  /** Time between SIGTERM and SIGKILL of the application container. */
  readonly stopTimeout: Duration;
}

/** The EC2 task definition and its application container. */
export interface Ec2Task {
  readonly taskDefinition: ecs.TaskDefinition;
  readonly container: ecs.ContainerDefinition;
  /** Task CPU units, including the Service Connect proxy headroom when there is one. */
  readonly taskCpu: number;
  /** Task memory (MiB), including the Service Connect proxy headroom when there is one. */
  readonly taskMemoryMiB: number;
}

/**
 * Add the EC2-compatible task definition (task-level CPU and memory, the Service Connect proxy's
 * headroom on top) with the application container, as `TaskDefinition` and `Container` of `scope`.
 */
export function addEc2Task(scope: Construct, props: Ec2TaskProps, options: Ec2TaskOptions): Ec2Task {
  const { networkMode } = options;
  const { requestedCpu, requestedMemoryMiB, taskCpu, taskMemoryMiB } = taskSizeWithProxy(props, defaults.EC2_TASK_CPU);
  // TaskDefinition (not Ec2TaskDefinition) is the L2 that takes task-level sizes on EC2: `cpu` and
  // `memoryLimitMiB` then mean the task on EC2 as on Fargate, and sidecars need no limits of their own.
  const taskDefinition = new ecs.TaskDefinition(scope, 'TaskDefinition', {
    compatibility: ecs.Compatibility.EC2,
    networkMode,
    cpu: Tokenization.stringifyNumber(taskCpu),
    memoryMiB: Tokenization.stringifyNumber(taskMemoryMiB),
    // Only when asked: ECS then places the tasks on instances of that architecture.
    ...(props.cpuArchitecture
      ? { runtimePlatform: { cpuArchitecture: props.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } }
      : {}),
    ...(props.enableFaultInjection ? faultInjectionTaskDefinitionProps() : {}),
  });
  // Kept from CDK's Ec2TaskDefinition (aws/aws-cdk#28270): awsvpc tasks on EC2 may not reach the
  // instance metadata service, so SDKs find no Region unless the container is told.
  const environment = networkMode === ecs.NetworkMode.AWS_VPC
    ? { ...props.environment, AWS_REGION: Stack.of(scope).region }
    : props.environment;
  const container = addApplicationContainer(taskDefinition, { ...props, environment }, {
    containerName: options.containerName,
    logGroup: options.logGroup,
    logging: ServiceLogging._orDefault(props.logging),
    portMapping: networkMode === ecs.NetworkMode.BRIDGE
      ? { containerPort: options.containerPort, hostPort: options.hostPort }
      : { containerPort: options.containerPort },
    stopTimeout: options.stopTimeout,
  });
  if (props.enableFaultInjection) {
    addFaultInjectionPrerequisites(scope, taskDefinition, { logGroup: options.logGroup, sidecarImage: props.faultInjectionSidecarImage });
  }
  recordProxyBudget(taskDefinition, props, requestedCpu, requestedMemoryMiB);
  return { taskDefinition, container, taskCpu, taskMemoryMiB };
}

/**
 * Record the problems of an ECS task on EC2 capacity: the cluster, the network mode, the
 * architecture and the task size against the capacity's instance types.
 */
export function validateEc2Task(v: PropsValidator, props: Ec2TaskProps, capacity: EssentialEc2Capacity, networkMode: ecs.NetworkMode): void {
  if (props.cluster !== undefined && capacity.cluster !== props.cluster) {
    v.fail(`'capacity' must belong to 'cluster': the capacity providers of '${capacity.node.path}' are associated with cluster '${capacity.cluster.node.path}', got cluster '${props.cluster.node.path}' (leave 'cluster' out to use the capacity's)`);
  }
  if (networkMode !== ecs.NetworkMode.AWS_VPC && networkMode !== ecs.NetworkMode.BRIDGE) {
    v.fail(`'networkMode' must be ecs.NetworkMode.AWS_VPC or ecs.NetworkMode.BRIDGE, got ${networkMode}`);
  }
  if (networkMode === ecs.NetworkMode.BRIDGE) {
    if (props.enableFaultInjection) {
      v.fail('\'enableFaultInjection\' needs \'networkMode\' AWS_VPC: ECS fault injection on EC2 runs in awsvpc or host mode only, got BRIDGE');
    }
    if (props.taskSubnets || props.securityGroups) {
      v.fail('\'taskSubnets\' and \'securityGroups\' apply to AWS_VPC tasks only; bridge tasks use the capacity\'s subnets and security group, got \'networkMode\' BRIDGE');
    }
  }
  const instances = instanceArchitecture(capacity);
  if (props.cpuArchitecture !== undefined && instances !== undefined && props.cpuArchitecture._cpuArchitecture !== instances) {
    v.fail(`'cpuArchitecture' must match the instance types of 'capacity' (${instances}): use ecs.CpuArchitecture.${instances} ` +
      `or change the capacity's instanceTypes, got ${props.cpuArchitecture._cpuArchitecture}`);
  }
  validateEc2TaskSize(v, props, capacity);
}

/** Task CPU and memory against the ECS range and the smallest instance type of the capacity. */
function validateEc2TaskSize(v: PropsValidator, props: Ec2TaskProps, capacity: EssentialEc2Capacity): void {
  const sc = props.serviceConnect;
  const memory = props.memoryLimitMiB;
  // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (1 TiB).
  v.integerInRange('memoryLimitMiB', memory, TASK_MEMORY_MIB.min!, TASK_MEMORY_MIB.max!);
  const memoryLimit = capacity.taskMemoryLimitMiB;
  const taskMemory = (memory ?? defaults.MEMORY_LIMIT_MIB) + (sc?.proxyMemoryMiB ?? 0);
  if (memoryLimit !== undefined && isKnown(memory ?? 0) && taskMemory > memoryLimit) {
    v.fail(`'memoryLimitMiB' must fit the smallest instance type of 'capacity' (${memoryLimit} MiB: the memory the agent registers, about 97 % of the installed, less reservedMemoryMiB${sc?.proxyMemoryMiB ? `, ${sc.proxyMemoryMiB} MiB of it for the Service Connect proxy` : ''}), got ${memory ?? defaults.MEMORY_LIMIT_MIB}`);
  }
  v.integerInRange('cpu', props.cpu, TASK_CPU.min!, TASK_CPU.max!);
  const cpuLimit = capacity.taskCpuLimit;
  const taskCpu = (props.cpu ?? defaults.EC2_TASK_CPU) + (sc?.proxyCpu ?? 0);
  if (cpuLimit !== undefined && isKnown(props.cpu ?? 0) && !Token.isUnresolved(taskCpu) && taskCpu > cpuLimit) {
    v.fail(`'cpu' must fit the smallest instance type of 'capacity' (${cpuLimit} units${sc?.proxyCpu ? `, ${sc.proxyCpu} of them for the Service Connect proxy` : ''}), got ${props.cpu ?? defaults.EC2_TASK_CPU}`);
  }
}

/** The ECS architecture name of the capacity's instance types, when they are known. */
export function instanceArchitecture(capacity: EssentialEc2Capacity): string | undefined {
  const known = capacity.instanceTypes.find((t) => !Token.isUnresolved(t.toString()));
  if (known === undefined) {
    return undefined;
  }
  return known.architecture === ec2.InstanceArchitecture.ARM_64 ? 'ARM64' : 'X86_64';
}
