import { Stack, Token, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService, ILoadBalancedEssentialService } from './essential-service';
import { completeService, createLogGroup, monitorService, recordProxyBudget, serviceDeploymentProps, validateCommonProps, warnAboutSpotWindow } from './private/assembly';
import { addApplicationContainer } from './private/container';
import { daemonDeploymentProps, validateDaemon, withDaemonDefaults } from './private/daemon';
import { addInstanceDrainingNotification } from './private/notifications';
import { connectServices, serviceConnectEndpoint } from './private/service-connect-wiring';
import { EssentialEc2Capacity } from '../capacity/essential-ec2-capacity';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { addFaultInjectionPrerequisites, faultInjectionTaskDefinitionProps } from '../chaos/private/fault-injection';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import * as defaults from '../private/defaults';
import { PropsValidator, isKnown } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';
import { addEfsVolume } from '../storage/private/efs-wiring';

/**
 * ECS sets no upper limit on a container's stop timeout on EC2 (Fargate caps it at 120 s);
 * a day is this library's own limit, to keep typos such as minutes-for-seconds visible.
 */
const EC2_MAX_STOP_TIMEOUT_SECONDS = 86_400;

/**
 * Task-level CPU on EC2 Linux: 128 to 196608 units (ECS API TaskDefinition.cpu).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_definition_parameters.html#task_size
 */
const EC2_TASK_CPU_MIN = 128;
const EC2_TASK_CPU_MAX = 196_608;

/**
 * Props of `EssentialEc2Service`.
 */
export interface EssentialEc2ServiceProps extends EssentialReplicaServiceOptions {
  /**
   * The EC2 capacity of the cluster. The service uses its On-Demand/Spot capacity-provider strategy
   * (a daemon runs on every instance instead) and checks `cpu` and `memoryLimitMiB` against its
   * instance types.
   */
  readonly capacity: EssentialEc2Capacity;

  /**
   * The cluster to run in; it must be the one `capacity` was created for.
   *
   * @default - capacity.cluster
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Network mode of the tasks: `AWS_VPC` (an ENI and security group per task, like Fargate) or
   * `BRIDGE` (dynamic host ports on the instance's network: no ENI to attach, so tasks start faster
   * and an instance is not limited by its ENI count; the load balancer targets instances).
   *
   * A daemon in `BRIDGE` mode maps its container port to the same port on the instance, so that
   * the instance's other tasks reach the agent at a known address.
   *
   * @default - ecs.NetworkMode.AWS_VPC; ecs.NetworkMode.BRIDGE for a daemon (it then takes none of
   * the instance's few ENIs from the awsvpc application tasks)
   */
  readonly networkMode?: ecs.NetworkMode;

  /**
   * Run the service as an ECS daemon: exactly one task on each container instance of the cluster
   * (every instance, whichever capacity launched it), for log routers, monitoring and security agents.
   *
   * A daemon has no desired count, scaling or placement strategies (each is rejected), runs with the
   * EC2 launch type (ECS rejects a capacity-provider strategy for DAEMON services), and deploys with
   * `Rollout.rolling()` only, at minimum healthy 0 % (ECS's daemon default: the old task stops before
   * its replacement starts on the instance; set `rollout.minHealthyPercent` up to 99 to keep part
   * of the fleet's agents running during a deployment) and maximum 100 % (required by ECS). The
   * circuit breaker with rollback stays on. `loadBalancing` defaults to `LoadBalancing.none()`.
   *
   * @default false
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service-options.html
   */
  readonly daemon?: boolean;

  /**
   * Where ECS places tasks among the instances the capacity providers chose.
   *
   * @default - spread across Availability Zones, then binpack on memory (fewest instances in use)
   */
  readonly placementStrategies?: ecs.PlacementStrategy[];
}

/**
 * An ECS service on EC2 capacity with the playbook's defaults: fast deployments, non-blocking logs
 * with retention, the capacity's 2/3 On-Demand + 1/3 Spot strategy, tasks spread across
 * Availability Zones and binpacked on memory, and, by default, a public ALB.
 *
 * With `notificationTopic`, the topic also hears when a container instance of the cluster starts
 * draining (Spot interruption, scale-in, instance refresh), because the service's tasks then move.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/ec2-and-fargate-spot.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialEc2Capacity, EssentialEc2Service } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const capacity: EssentialEc2Capacity;
 * new EssentialEc2Service(stack, 'Api', {
 *   capacity,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 *   containerPort: 80,
 *   networkMode: ecs.NetworkMode.BRIDGE,
 * });
 */
export class EssentialEc2Service extends Construct implements ILoadBalancedEssentialService {
  /** The cluster the service runs in. */
  public readonly cluster: ecs.ICluster;

  /** The EC2 service (an `ecs.Ec2Service`). */
  public readonly service: ecs.BaseService;

  /**
   * The task definition (EC2-compatible, with task-level CPU and memory).
   */
  public readonly taskDefinition: ecs.TaskDefinition;

  /** The application container. */
  public readonly container: ecs.ContainerDefinition;

  /** The log group of the application container (retention set, never "never expire"). */
  public readonly logGroup: logs.ILogGroup;

  /** Port the application listens on. */
  public readonly containerPort: number;

  /** Name of the application container. */
  public readonly containerName: string;

  /**
   * The security groups of the tasks (`AWS_VPC`) or of the instances (`BRIDGE`):
   * `api.connections.allowFrom(...)`.
   */
  public readonly connections: ec2.Connections;

  /** The EC2 capacity the service runs on. */
  public readonly capacity: EssentialEc2Capacity;

  /** The network mode of the tasks. */
  public readonly networkMode: ecs.NetworkMode;

  /** True when the service is an ECS daemon (one task on each container instance). */
  public readonly daemon: boolean;

  /** Task CPU units, including the Service Connect proxy headroom when there is one. */
  public readonly taskCpu: number;

  /** Task memory (MiB), including the Service Connect proxy headroom when there is one. */
  public readonly taskMemoryMiB: number;

  /**
   * The Service Connect role of the service.
   *
   * @default - no Service Connect
   */
  public readonly serviceConnect?: ServiceConnectMode;

  /**
   * The address Service Connect clients call, e.g. `http://orders:8080`.
   *
   * @default - only client-server services publish an endpoint
   */
  public readonly serviceConnectEndpoint?: string;

  /**
   * The service's own ALB.
   *
   * @default - none with LoadBalancing.sharedListener() or LoadBalancing.none()
   */
  public readonly loadBalancer?: elbv2.IApplicationLoadBalancer;

  /**
   * The listener that routes to the service (its own, or the shared one).
   *
   * @default - none with LoadBalancing.none()
   */
  public readonly listener?: elbv2.IApplicationListener;

  /**
   * The target group of the service's tasks.
   *
   * @default - none with LoadBalancing.none()
   */
  public readonly targetGroup?: elbv2.ApplicationTargetGroup;

  /**
   * The second target group of a blue/green, canary or linear rollout behind an ALB: ECS registers
   * each new revision's tasks in whichever of `targetGroup` and this one is idle.
   *
   * @default - none with Rollout.rolling() or without a load balancer
   */
  public readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;

  /**
   * The scalable task count: add more policies or schedules to it.
   *
   * @default - only when `scaling` is given
   */
  public readonly scalableTaskCount?: ecs.ScalableTaskCount;

  /**
   * Every alarm a deployment of this service rolls back on: `rollbackAlarms` and the rollout's
   * default alarms. Add alarm actions to them (e.g. a notification) as to any alarm.
   */
  public readonly rollbackAlarms: cloudwatch.IAlarm[];

  /**
   * The dashboard and recommended alarms of this service.
   *
   * @default - only with `enableMonitoring: true`
   */
  public readonly monitoring?: EssentialServiceMonitoring;

  constructor(scope: Construct, id: string, props: EssentialEc2ServiceProps) {
    super(scope, id);
    // A daemon's defaults (no load balancer, ECS's daemon deployment limits) apply everywhere below.
    props = withDaemonDefaults(props);
    this.daemon = props.daemon ?? false;
    this.capacity = props.capacity;
    this.cluster = props.cluster ?? props.capacity.cluster;
    this.networkMode = props.networkMode ?? (this.daemon ? defaults.DAEMON_NETWORK_MODE : defaults.EC2_NETWORK_MODE);
    this.validate(props);
    this.containerPort = props.containerPort ?? defaults.CONTAINER_PORT;
    this.containerName = props.containerName ?? defaults.CONTAINER_NAME;
    this.serviceConnect = props.serviceConnect;
    this.logGroup = createLogGroup(this, props);
    const bridge = this.networkMode === ecs.NetworkMode.BRIDGE;

    // The Service Connect proxy runs on the task's unallocated CPU and memory: add its headroom.
    const requestedCpu = props.cpu ?? defaults.EC2_TASK_CPU;
    const requestedMemoryMiB = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
    const sc = props.serviceConnect;
    this.taskCpu = isKnown(requestedCpu) ? requestedCpu + (sc?.proxyCpu ?? 0) : requestedCpu;
    this.taskMemoryMiB = isKnown(requestedMemoryMiB) ? requestedMemoryMiB + (sc?.proxyMemoryMiB ?? 0) : requestedMemoryMiB;
    // TaskDefinition (not Ec2TaskDefinition) is the L2 that takes task-level sizes on EC2: `cpu` and
    // `memoryLimitMiB` then mean the task on EC2 as on Fargate, and sidecars need no limits of their own.
    this.taskDefinition = new ecs.TaskDefinition(this, 'TaskDefinition', {
      compatibility: ecs.Compatibility.EC2,
      networkMode: this.networkMode,
      cpu: Tokenization.stringifyNumber(this.taskCpu),
      memoryMiB: Tokenization.stringifyNumber(this.taskMemoryMiB),
      // Only when asked: ECS then places the tasks on instances of that architecture.
      ...(props.cpuArchitecture
        ? { runtimePlatform: { cpuArchitecture: props.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX } }
        : {}),
      ...(props.enableFaultInjection ? faultInjectionTaskDefinitionProps() : {}),
    });
    // Kept from CDK's Ec2TaskDefinition (aws/aws-cdk#28270): awsvpc tasks on EC2 may not reach the
    // instance metadata service, so SDKs find no Region unless the container is told.
    const environment = this.networkMode === ecs.NetworkMode.AWS_VPC
      ? { ...props.environment, AWS_REGION: Stack.of(this).region }
      : props.environment;
    // Host port 0 lets Docker pick a free port, so several tasks of the service share an instance.
    // A daemon has one task per instance and stops it before starting the next: its fixed host port
    // is where the instance's other tasks find the agent.
    const hostPort = this.daemon ? this.containerPort : 0;
    this.container = addApplicationContainer(this.taskDefinition, { ...props, environment }, {
      containerName: this.containerName,
      logGroup: this.logGroup,
      portMapping: bridge ? { containerPort: this.containerPort, hostPort } : { containerPort: this.containerPort },
      stopTimeout: props.fastDeploy?.stopTimeout ?? defaults.STOP_TIMEOUT,
    });
    if (props.enableFaultInjection) {
      addFaultInjectionPrerequisites(this, this.taskDefinition, { logGroup: this.logGroup, sidecarImage: props.faultInjectionSidecarImage });
    }
    recordProxyBudget(this.taskDefinition, props, requestedCpu, requestedMemoryMiB);

    this.service = new ecs.Ec2Service(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      ...daemonDeploymentProps(props, serviceDeploymentProps(this, props)),
      daemon: this.daemon,
      // ECS rejects a capacity-provider strategy for DAEMON services ("Specifying a capacity provider
      // strategy is not supported ... DAEMON scheduling strategy", aws/containers-roadmap#692): a daemon
      // runs with the EC2 launch type on every instance, and places nothing.
      capacityProviderStrategies: this.daemon ? undefined : props.capacity.capacityProviderStrategies,
      placementStrategies: this.daemon ? undefined : props.placementStrategies ?? [
        ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE),
        ecs.PlacementStrategy.packedByMemory(),
      ],
      // Bridge tasks share the instances' network: subnets and security groups belong to the capacity.
      vpcSubnets: bridge ? undefined : props.taskSubnets,
      securityGroups: bridge ? undefined : props.securityGroups,
    });
    this.connections = this.service.connections;
    const wiring = completeService(this, props, this);
    this.loadBalancer = wiring.loadBalancer;
    this.listener = wiring.listener;
    this.targetGroup = wiring.targetGroup;
    this.alternateTargetGroup = wiring.alternateTargetGroup;
    this.scalableTaskCount = wiring.scalableTaskCount;
    this.rollbackAlarms = wiring.rollbackAlarms;
    this.serviceConnectEndpoint = serviceConnectEndpoint(this, this.serviceConnect, this.containerPort);
    if (props.notificationTopic) {
      addInstanceDrainingNotification(this, this.service, this.cluster, props.notificationTopic);
    }
    // Last: the dashboard reads every part of the finished service.
    this.monitoring = monitorService(this, props);
  }

  /**
   * Let this service call `server` through Service Connect.
   *
   * Adds a security-group rule from this service's tasks to the server's port and a
   * CloudFormation dependency so that the server deploys first: a task only resolves the endpoints
   * that existed when it started. Nothing else is added.
   *
   * @param server a service created with `serviceConnect: ServiceConnectMode.server(...)`
   */
  public connectTo(server: IEssentialService): void {
    connectServices(this, server);
  }

  /**
   * Add AWS FIS experiment templates for this service's tasks: one per fault, targeting this
   * service's tasks, stopped by the given alarms. Task faults other than stopTask need
   * `enableFaultInjection: true`.
   *
   * @param id construct id of the experiments, unique among this service's children
   * @param options faults, stop conditions and task selection
   */
  public addChaosExperiments(id: string, options: EcsChaosExperimentsOptions): EcsChaosExperiments {
    return new EcsChaosExperiments(this, id, { ...options, service: this.service });
  }

  /**
   * Mount an Amazon EFS file system into the application container: a task definition volume with
   * transit encryption and IAM authorization, the NFS rule from the tasks to the file system, and
   * the task-role grant on the file system (and access point). See docs/storage.md.
   *
   * @param id name of the task definition volume, unique among this service's EFS volumes
   * @param options the file system, the container path, an access point, read-only
   */
  public addEfsVolume(id: string, options: EfsMountOptions): void {
    // Bridge tasks mount through the instance: the NFS rule must admit the capacity's security group.
    const connectable = this.networkMode === ecs.NetworkMode.BRIDGE ? this.capacity : this;
    addEfsVolume(this, id, options, { connectable });
  }

  private validate(props: EssentialEc2ServiceProps): void {
    const v = new PropsValidator();
    validateDaemon(v, props);
    validateCommonProps(v, this, props, EC2_MAX_STOP_TIMEOUT_SECONDS, 'this library\'s limit: ECS documents no maximum on EC2',
      { bridgeNetworking: this.networkMode === ecs.NetworkMode.BRIDGE, launch: 'EC2' });
    if (props.cluster !== undefined && props.capacity.cluster !== props.cluster) {
      v.fail(`'capacity' must belong to 'cluster': the capacity providers of '${props.capacity.node.path}' are associated with cluster '${props.capacity.cluster.node.path}', got cluster '${props.cluster.node.path}' (leave 'cluster' out to use the capacity's)`);
    }
    const mode = this.networkMode;
    if (mode !== ecs.NetworkMode.AWS_VPC && mode !== ecs.NetworkMode.BRIDGE) {
      v.fail(`'networkMode' must be ecs.NetworkMode.AWS_VPC or ecs.NetworkMode.BRIDGE, got ${mode}`);
    }
    if (mode === ecs.NetworkMode.BRIDGE) {
      if (props.enableFaultInjection) {
        v.fail('\'enableFaultInjection\' needs \'networkMode\' AWS_VPC: ECS fault injection on EC2 runs in awsvpc or host mode only, got BRIDGE');
      }
      if (props.taskSubnets || props.securityGroups) {
        v.fail('\'taskSubnets\' and \'securityGroups\' apply to AWS_VPC tasks only; bridge tasks use the capacity\'s subnets and security group, got \'networkMode\' BRIDGE');
      }
    }
    const instances = instanceArchitecture(props.capacity);
    if (props.cpuArchitecture !== undefined && instances !== undefined && props.cpuArchitecture._cpuArchitecture !== instances) {
      v.fail(`'cpuArchitecture' must match the instance types of 'capacity' (${instances}): use ecs.CpuArchitecture.${instances} ` +
        `or change the capacity's instanceTypes, got ${props.cpuArchitecture._cpuArchitecture}`);
    }
    this.validateSize(v, props);
    v.throwIfInvalid(this);
    if (props.capacity.mix.usesSpot) {
      warnAboutSpotWindow(this, props);
    }
  }

  /** Task CPU and memory against the ECS range and the smallest instance type of the capacity. */
  private validateSize(v: PropsValidator, props: EssentialEc2ServiceProps): void {
    const sc = props.serviceConnect;
    const memory = props.memoryLimitMiB;
    // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (1 TiB).
    v.integerInRange('memoryLimitMiB', memory, 6, 1_048_576);
    const memoryLimit = props.capacity.taskMemoryLimitMiB;
    const taskMemory = (memory ?? defaults.MEMORY_LIMIT_MIB) + (sc?.proxyMemoryMiB ?? 0);
    if (memoryLimit !== undefined && isKnown(memory ?? 0) && taskMemory > memoryLimit) {
      v.fail(`'memoryLimitMiB' must fit the smallest instance type of 'capacity' (${memoryLimit} MiB after reservedMemoryMiB${sc?.proxyMemoryMiB ? `, ${sc.proxyMemoryMiB} MiB of it for the Service Connect proxy` : ''}), got ${memory ?? defaults.MEMORY_LIMIT_MIB}`);
    }
    v.integerInRange('cpu', props.cpu, EC2_TASK_CPU_MIN, EC2_TASK_CPU_MAX);
    const cpuLimit = props.capacity.taskCpuLimit;
    const taskCpu = (props.cpu ?? defaults.EC2_TASK_CPU) + (sc?.proxyCpu ?? 0);
    if (cpuLimit !== undefined && isKnown(props.cpu ?? 0) && !Token.isUnresolved(taskCpu) && taskCpu > cpuLimit) {
      v.fail(`'cpu' must fit the smallest instance type of 'capacity' (${cpuLimit} units${sc?.proxyCpu ? `, ${sc.proxyCpu} of them for the Service Connect proxy` : ''}), got ${props.cpu ?? defaults.EC2_TASK_CPU}`);
    }
  }
}

/** The ECS architecture name of the capacity's instance types, when they are known. */
function instanceArchitecture(capacity: EssentialEc2Capacity): string | undefined {
  const known = capacity.instanceTypes.find((t) => !Token.isUnresolved(t.toString()));
  if (known === undefined) {
    return undefined;
  }
  return known.architecture === ec2.InstanceArchitecture.ARM_64 ? 'ARM64' : 'X86_64';
}
