import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService } from './essential-service';
import { EssentialServiceOptions } from './essential-service-options';
import { LoadBalancing } from './load-balancing';
import { assembleService } from './private/assemble-service';
import { createLogGroup, monitorService, validateCommonProps } from './private/assembly';
import { daemonRollout, validateDaemonRollout } from './private/daemon';
import { validateManagedDaemon } from './private/daemon-checks';
import { EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE, addEc2Task, validateEc2Task } from './private/ec2-task';
import { addManagedDaemon } from './private/managed-daemon';
import { IEssentialCapacity } from '../capacity/essential-capacity';
import { EssentialEc2Capacity } from '../capacity/essential-ec2-capacity';
import { EssentialManagedInstancesCapacity } from '../capacity/essential-managed-instances-capacity';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import * as defaults from '../private/defaults';
import { addEfsVolume } from '../private/efs-wiring';
import { FARGATE_STOP_TIMEOUT } from '../private/limits';
import { addWorkloadOutputs } from '../private/outputs';
import { checkCapacityInEnvironment, checkEnvironmentExclusive } from '../private/placement-checks';
import { connectServices } from '../private/service-connect-wiring';
import { PropsValidator, secondsOf } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';

/** Spot capacity gives two minutes between the interruption notice and the stop. */
const SPOT_WARNING_SECONDS = 120;

/**
 * Props of `EssentialDaemonService`.
 */
export interface EssentialDaemonServiceProps extends EssentialServiceOptions {
  /**
   * The capacity whose every instance runs one task of the daemon: an `EssentialEc2Capacity` (an ECS
   * service with the DAEMON scheduling strategy) or an `EssentialManagedInstancesCapacity` (an ECS
   * Managed Daemon on its On-Demand and Spot providers). `cpu` and `memoryLimitMiB` are checked
   * against its instances.
   */
  readonly capacity: IEssentialCapacity;

  /**
   * The cluster to run in; it must be the one `capacity` was created for.
   *
   * @default - capacity.cluster
   */
  readonly cluster?: ecs.ICluster;

  /**
   * Network mode of the daemon's tasks on EC2: `BRIDGE` (the container port is fixed on the
   * instance, where the instance's other tasks reach the agent; takes none of the instance's ENIs)
   * or `AWS_VPC` (an ENI and a security group per task). Not available on Managed Instances, whose
   * daemon task definitions take no network mode.
   *
   * @default - ecs.NetworkMode.BRIDGE on EC2
   */
  readonly networkMode?: ecs.NetworkMode;

  /**
   * Time between SIGTERM and SIGKILL of the daemon's container: on EC2 0 s to one day (this
   * library's limit: ECS documents no maximum on EC2), on Managed Instances 2–120 s (the container
   * stop-timeout range AWS documents; the daemon task definition documents none of its own).
   * A log router or agent that flushes on SIGTERM needs the time its flush takes.
   *
   * @default Duration.seconds(2)
   */
  readonly stopTimeout?: Duration;

  /**
   * Managed Instances only: the percentage of the instances a daemon deployment drains at a time,
   * 0–100 (ECS API DaemonDeploymentConfiguration.drainPercent). A daemon deployment drains an
   * instance (its application tasks move) before the new daemon task starts on it. On EC2, use
   * `rollout: Rollout.rolling({ minHealthyPercent })`.
   *
   * @default 25
   * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_DaemonDeploymentConfiguration.html
   */
  readonly drainPercent?: number;

  /**
   * Managed Instances only: how long a daemon deployment waits after each successful step before it
   * goes on, in whole minutes from 0 to 1440 (the AWS::ECS::Daemon schema's
   * DeploymentConfiguration.BakeTimeInMinutes).
   *
   * @default - no bake time (ECS's default, 0)
   */
  readonly bakeTime?: Duration;

  /**
   * CloudWatch alarms that roll a deployment of the daemon back when one goes into ALARM: on EC2
   * the ECS service's deployment alarms with rollback (as on the other services), on Managed
   * Instances the daemon's `DeploymentConfiguration.Alarms` (enabled).
   *
   * @default - none
   */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];
}

/**
 * A daemon: exactly one task on every instance of the capacity, for log routers, monitoring and
 * security agents. One construct for both capacity kinds:
 *
 * - On `EssentialEc2Capacity`: an ECS service with the DAEMON scheduling strategy and the EC2 launch
 *   type (ECS rejects a capacity-provider strategy for DAEMON services), bridge networking with the
 *   container port fixed on each instance, a rolling deployment at minimum 0 % / maximum 100 % with
 *   the circuit breaker, and no load balancer.
 * - On `EssentialManagedInstancesCapacity`: an ECS Managed Daemon (`AWS::ECS::Daemon` with an
 *   `AWS::ECS::DaemonTaskDefinition`) on the capacity's On-Demand and Spot providers. ECS starts the
 *   daemon task on an instance before its application tasks, and replaces an instance whose daemon
 *   task stops. It has no ECS service: `service`, `taskDefinition` and `container` throw, and
 *   `daemon` and `daemonTaskDefinition` hold the resources.
 *
 * Both log to a log group with retention through non-blocking awslogs.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/managed-daemons.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs_service-options.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialDaemonService, EssentialManagedInstancesCapacity } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const capacity: EssentialManagedInstancesCapacity;
 * new EssentialDaemonService(stack, 'Agent', {
 *   capacity,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest'),
 *   cpu: 128,
 *   memoryLimitMiB: 256,
 * });
 */
export class EssentialDaemonService extends Construct implements IEssentialService {
  /** The cluster the daemon runs in. */
  public readonly cluster: ecs.ICluster;

  /** The capacity whose every instance runs the daemon. */
  public readonly capacity: IEssentialCapacity;

  /** The log group of the daemon's container (retention set, never "never expire"). */
  public readonly logGroup: logs.ILogGroup;

  /** Port the daemon's container listens on. */
  public readonly containerPort: number;

  /** Name of the daemon's container. */
  public readonly containerName: string;

  /**
   * The security groups of the daemon's tasks: the tasks' own with `AWS_VPC` on EC2; the instances'
   * (the capacity's) in bridge mode and on Managed Instances, where the daemon uses the instance's network.
   */
  public readonly connections: ec2.Connections;

  /** The role the daemon's containers call AWS with. */
  public readonly taskRole: iam.IRole;

  /**
   * The role ECS pulls the image, reads the secrets and writes the logs with.
   *
   * @default - on EC2, only when the task definition needs one
   */
  public readonly executionRole?: iam.IRole;

  /** Task CPU units, including the Service Connect proxy headroom when there is one. */
  public readonly taskCpu: number;

  /** Task memory (MiB), including the Service Connect proxy headroom when there is one. */
  public readonly taskMemoryMiB: number;

  /** Time between SIGTERM and SIGKILL of the daemon's container. */
  public readonly stopTimeout: Duration;

  /**
   * The network mode of the tasks.
   *
   * @default - none on Managed Instances (a daemon task definition takes no network mode)
   */
  public readonly networkMode?: ecs.NetworkMode;

  /**
   * The Service Connect role of the daemon.
   *
   * @default - no Service Connect
   */
  public readonly serviceConnect?: ServiceConnectMode;

  /**
   * The address Service Connect clients call, e.g. `http://orders:8080`.
   *
   * @default - only a client-server daemon on EC2 publishes an endpoint
   */
  public readonly serviceConnectEndpoint?: string;

  /**
   * Always undefined: a daemon's task count is its capacity's instance count; scale the capacity.
   *
   * @default - none
   */
  public readonly scalableTaskCount?: ecs.ScalableTaskCount;

  /** Every alarm a deployment of the daemon rolls back on. */
  public readonly rollbackAlarms: cloudwatch.IAlarm[];

  /**
   * The dashboard and recommended alarms of the daemon.
   *
   * @default - only with `enableMonitoring: true`, on EC2
   */
  public readonly monitoring?: EssentialServiceMonitoring;

  /**
   * The ECS Managed Daemon (`AWS::ECS::Daemon`).
   *
   * @default - none on EC2 (the daemon is the ECS service `service`)
   */
  public readonly daemon?: ecs.CfnDaemon;

  /**
   * The daemon task definition (`AWS::ECS::DaemonTaskDefinition`).
   *
   * @default - none on EC2 (the task definition is `taskDefinition`)
   */
  public readonly daemonTaskDefinition?: ecs.CfnDaemonTaskDefinition;

  private readonly _service?: ecs.BaseService;
  private readonly _taskDefinition?: ecs.TaskDefinition;
  private readonly _container?: ecs.ContainerDefinition;

  constructor(scope: Construct, id: string, props: EssentialDaemonServiceProps) {
    super(scope, id);
    this.capacity = props.capacity;
    const ec2Capacity = props.capacity instanceof EssentialEc2Capacity ? props.capacity : undefined;
    const miCapacity = props.capacity instanceof EssentialManagedInstancesCapacity ? props.capacity : undefined;
    if (!ec2Capacity && !miCapacity) {
      throw new Error(`EssentialDaemonService '${this.node.path}': 'capacity' must be an EssentialEc2Capacity or an EssentialManagedInstancesCapacity, ` +
        `got ${props.capacity.constructor.name} '${props.capacity.node.path}'`);
    }
    this.cluster = props.cluster ?? props.capacity.cluster;
    this.networkMode = ec2Capacity ? props.networkMode ?? defaults.DAEMON_NETWORK_MODE : undefined;
    this.stopTimeout = props.stopTimeout ?? defaults.STOP_TIMEOUT;
    this.validate(props, ec2Capacity);
    this.containerPort = props.containerPort ?? defaults.CONTAINER_PORT;
    this.containerName = props.containerName ?? defaults.CONTAINER_NAME;
    this.serviceConnect = props.serviceConnect;

    if (ec2Capacity) {
      const replica = this.replicaOptions(props);
      const networkMode = this.networkMode ?? defaults.DAEMON_NETWORK_MODE;
      const bridge = networkMode === ecs.NetworkMode.BRIDGE;
      const cluster = this.cluster;
      // The daemon's own stop timeout reaches the task through the assembly's fast-deploy timing.
      const parts = assembleService(this, { ...replica, fastDeploy: { stopTimeout: this.stopTimeout } }, {
        cluster,
        runsOnInstances: true,
        // One task per instance, the old one stopped before the next starts: a fixed host port is
        // where the instance's other tasks find the agent.
        addTask: (owner, context) => addEc2Task(owner, props, { ...context, networkMode, hostPort: context.containerPort }),
        createService: (owner, taskDefinition, deployment) => new ecs.Ec2Service(owner, 'Service', {
          cluster,
          taskDefinition,
          ...deployment,
          // A daemon has no desired count: its task count is the instance count.
          desiredCount: undefined,
          daemon: true,
          // ECS rejects a capacity-provider strategy for DAEMON services ("Specifying a capacity provider
          // strategy is not supported ... DAEMON scheduling strategy", aws/containers-roadmap#692): a daemon
          // runs with the EC2 launch type on every instance, and places nothing.
          capacityProviderStrategies: undefined,
          placementStrategies: undefined,
          // Bridge tasks share the instances' network: subnets and security groups belong to the capacity.
          vpcSubnets: bridge ? undefined : props.taskSubnets,
          securityGroups: bridge ? undefined : props.securityGroups,
        }),
      });
      this.logGroup = parts.logGroup;
      this._service = parts.service;
      this._taskDefinition = parts.taskDefinition;
      this._container = parts.container;
      this.taskCpu = parts.taskCpu;
      this.taskMemoryMiB = parts.taskMemoryMiB;
      this.taskRole = parts.taskDefinition.taskRole;
      this.executionRole = parts.taskDefinition.executionRole;
      this.connections = parts.connections;
      this.rollbackAlarms = parts.rollbackAlarms;
      this.serviceConnectEndpoint = parts.serviceConnectEndpoint;
      // Last: the dashboard reads every part of the finished service.
      this.monitoring = monitorService(this, replica);
    } else {
      const capacity = miCapacity!;
      this.logGroup = createLogGroup(this, props);
      addWorkloadOutputs(this, { logGroup: this.logGroup }, props.outputs);
      this.taskCpu = props.cpu ?? defaults.CPU;
      this.taskMemoryMiB = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
      const managed = addManagedDaemon(this, props, capacity, {
        containerName: this.containerName,
        logGroup: this.logGroup,
        stopTimeout: this.stopTimeout,
        cpu: this.taskCpu,
        memoryMiB: this.taskMemoryMiB,
      });
      this.daemon = managed.daemon;
      this.daemonTaskDefinition = managed.taskDefinition;
      this.taskRole = managed.taskRole;
      this.executionRole = managed.executionRole;
      // The daemon task definition takes no network configuration: the daemon is reached on its instance.
      this.connections = capacity.connections;
      this.rollbackAlarms = [...props.rollbackAlarms ?? []];
    }
  }

  /**
   * The ECS service of the daemon on EC2. A Managed Daemon has none: this throws on Managed
   * Instances (see `daemon`).
   */
  public get service(): ecs.BaseService {
    return this._service ?? this.noService('service', 'daemon');
  }

  /**
   * The task definition of the daemon on EC2. A Managed Daemon has a daemon task definition
   * instead: this throws on Managed Instances (see `daemonTaskDefinition`).
   */
  public get taskDefinition(): ecs.TaskDefinition {
    return this._taskDefinition ?? this.noService('taskDefinition', 'daemonTaskDefinition');
  }

  /**
   * The daemon's container on EC2. A daemon task definition has no container L2: this throws on
   * Managed Instances (see `daemonTaskDefinition`).
   */
  public get container(): ecs.ContainerDefinition {
    return this._container ?? this.noService('container', 'daemonTaskDefinition');
  }

  /**
   * Let this daemon call `server` through Service Connect (EC2 only: a Managed Daemon takes no
   * Service Connect configuration).
   *
   * Adds a security-group rule from this daemon's tasks to the server's port and a CloudFormation
   * dependency so that the server deploys first.
   *
   * @param server a service created with `serviceConnect: ServiceConnectMode.server(...)`
   */
  public connectTo(server: IEssentialService): void {
    if (!this._service) {
      throw new Error(`EssentialDaemonService '${this.node.path}': connectTo() needs Service Connect, which an ECS Managed Daemon ` +
        `does not take (CreateDaemon has no Service Connect configuration); run the daemon on an EssentialEc2Capacity, got '${server.node.path}'`);
    }
    connectServices(this, server);
  }

  /**
   * Add AWS FIS experiment templates for this daemon's tasks (EC2 only: the FIS ECS task actions
   * target a service's tasks, and a Managed Daemon has no service).
   *
   * @param id construct id of the experiments, unique among this daemon's children
   * @param options faults, stop conditions and task selection
   */
  public addChaosExperiments(id: string, options: EcsChaosExperimentsOptions): EcsChaosExperiments {
    if (!this._service) {
      throw new Error(`EssentialDaemonService '${this.node.path}': addChaosExperiments() targets the tasks of an ECS service, and an ECS ` +
        `Managed Daemon has none; run the daemon on an EssentialEc2Capacity, got experiments '${id}'`);
    }
    return new EcsChaosExperiments(this, id, { ...options, service: this._service });
  }

  /**
   * Mount an Amazon EFS file system into the daemon's container (EC2 only: a daemon task definition
   * takes host volumes only, DaemonVolume). See docs/storage.md.
   *
   * @param id name of the task definition volume, unique among this daemon's EFS volumes
   * @param options the file system, the container path, an access point, read-only
   */
  public addEfsVolume(id: string, options: EfsMountOptions): void {
    if (!this._service) {
      throw new Error(`EssentialDaemonService '${this.node.path}': addEfsVolume() needs an EFS volume, and an ECS Managed Daemon's task ` +
        `definition takes host volumes only (ECS API DaemonVolume); run the daemon on an EssentialEc2Capacity, got volume '${id}'`);
    }
    // Bridge tasks mount through the instance: the NFS rule must admit the capacity's security group.
    const connectable = this.networkMode === ecs.NetworkMode.BRIDGE ? this.capacity : this;
    addEfsVolume(this, id, options, { connectable });
  }

  private noService(member: string, instead: string): never {
    throw new Error(`EssentialDaemonService '${this.node.path}': '${member}' does not exist on Managed Instances: an ECS Managed Daemon ` +
      `has no ECS service, task definition or container L2; use '${instead}'`);
  }

  /** The props of the shared service assembly: no load balancer, the daemon's rollout and stop timeout. */
  private replicaOptions(props: EssentialDaemonServiceProps): EssentialReplicaServiceOptions {
    return {
      ...props,
      // Agents and log routers take no traffic from an ALB; they are reached on their instance.
      loadBalancing: LoadBalancing.none(),
      rollout: daemonRollout(props.rollout),
      rollbackAlarms: props.rollbackAlarms,
    };
  }

  private validate(props: EssentialDaemonServiceProps, ec2Capacity: EssentialEc2Capacity | undefined): void {
    const v = new PropsValidator();
    checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster });
    checkCapacityInEnvironment(v, props.capacity, props.essentialEnvironment);
    if (ec2Capacity) {
      validateDaemonRollout(v, props.rollout);
      const networkMode = this.networkMode ?? defaults.DAEMON_NETWORK_MODE;
      validateCommonProps(v, this, this.replicaOptions(props), EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE,
        { bridgeNetworking: networkMode === ecs.NetworkMode.BRIDGE, launch: 'EC2' });
      v.durationInRange('stopTimeout', props.stopTimeout, FARGATE_STOP_TIMEOUT.min!, EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE);
      validateEc2Task(v, props, ec2Capacity, networkMode);
      for (const [prop, given] of [['drainPercent', props.drainPercent], ['bakeTime', props.bakeTime]] as const) {
        if (given !== undefined) {
          v.fail(`'${prop}' applies to ECS Managed Daemons (an EssentialManagedInstancesCapacity) only: on EC2 the daemon is an ECS service; ` +
            'use \'rollout: Rollout.rolling({ minHealthyPercent })\', got a value');
        }
      }
    } else {
      validateManagedDaemon(v, props);
    }
    v.throwIfInvalid(this);
    if (props.capacity.mix.usesSpot) {
      this.warnAboutSpotWindow();
    }
  }

  /** A daemon on Spot instances gets the two-minute interruption notice like any other task. */
  private warnAboutSpotWindow(): void {
    const stop = secondsOf(this.stopTimeout);
    if (stop !== undefined && stop > SPOT_WARNING_SECONDS) {
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:stopTimeoutBeyondSpotWarning',
        `'stopTimeout' ${stop} s is longer than the two-minute Spot interruption warning: the daemon's tasks on Spot instances are killed before it ends`);
    }
  }
}
