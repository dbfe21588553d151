import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService, ILoadBalancedEssentialService } from './essential-service';
import { completeService, createLogGroup, monitorService, serviceDeploymentProps, validateCommonProps, warnAboutSpotWindow } from './private/assembly';
import { EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE, addEc2Task, instanceArchitecture, validateEc2Task } from './private/ec2-task';
import { addInstanceDrainingNotification } from './private/notifications';
import { connectServices, serviceConnectEndpoint } from './private/service-connect-wiring';
import { EssentialEc2Capacity } from '../capacity/essential-ec2-capacity';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import * as defaults from '../private/defaults';
import { PropsValidator } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';
import { addEfsVolume } from '../storage/private/efs-wiring';

/**
 * Props of `EssentialEc2Service`.
 */
export interface EssentialEc2ServiceProps extends EssentialReplicaServiceOptions {
  /**
   * The EC2 capacity of the cluster. The service uses its On-Demand/Spot capacity-provider strategy
   * and checks `cpu` and `memoryLimitMiB` against its
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
   * @default ecs.NetworkMode.AWS_VPC
   */
  readonly networkMode?: ecs.NetworkMode;

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
    this.capacity = props.capacity;
    this.cluster = props.cluster ?? props.capacity.cluster;
    this.networkMode = props.networkMode ?? defaults.EC2_NETWORK_MODE;
    this.validate(props);
    this.containerPort = props.containerPort ?? defaults.CONTAINER_PORT;
    this.containerName = props.containerName ?? defaults.CONTAINER_NAME;
    this.serviceConnect = props.serviceConnect;
    this.logGroup = createLogGroup(this, props);
    const bridge = this.networkMode === ecs.NetworkMode.BRIDGE;

    const task = addEc2Task(this, props, {
      networkMode: this.networkMode,
      containerName: this.containerName,
      containerPort: this.containerPort,
      logGroup: this.logGroup,
      // Host port 0 lets Docker pick a free port, so several tasks of the service share an instance.
      hostPort: 0,
      stopTimeout: props.fastDeploy?.stopTimeout ?? defaults.STOP_TIMEOUT,
    });
    this.taskDefinition = task.taskDefinition;
    this.container = task.container;
    this.taskCpu = task.taskCpu;
    this.taskMemoryMiB = task.taskMemoryMiB;

    this.service = new ecs.Ec2Service(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      ...serviceDeploymentProps(this, props),
      capacityProviderStrategies: props.capacity.capacityProviderStrategies,
      placementStrategies: props.placementStrategies ?? [
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
    validateCommonProps(v, this, props, EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE,
      {
        bridgeNetworking: this.networkMode === ecs.NetworkMode.BRIDGE,
        launch: 'EC2',
        architecture: props.cpuArchitecture ?? ecsArchitecture(instanceArchitecture(props.capacity)),
      });
    validateEc2Task(v, props, props.capacity, this.networkMode);
    v.throwIfInvalid(this);
    if (props.capacity.mix.usesSpot) {
      warnAboutSpotWindow(this, props);
    }
  }
}

function ecsArchitecture(name: string | undefined): ecs.CpuArchitecture | undefined {
  if (name === undefined) {
    return undefined;
  }
  return name === 'ARM64' ? ecs.CpuArchitecture.ARM64 : ecs.CpuArchitecture.X86_64;
}
