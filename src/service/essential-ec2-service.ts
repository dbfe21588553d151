import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService, ILoadBalancedEssentialService } from './essential-service';
import { AssembledService, assembleService } from './private/assemble-service';
import { monitorService, validateCommonProps, warnAboutSpotWindow } from './private/assembly';
import { EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE, addEc2Task, instanceArchitecture, validateEc2Task } from './private/ec2-task';
import { EssentialEc2Capacity } from '../capacity/essential-ec2-capacity';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import * as defaults from '../private/defaults';
import { addEfsVolume } from '../private/efs-wiring';
import { checkCapacityInEnvironment, checkEnvironmentExclusive, warnAboutAwsvpcWithoutPublicIp } from '../private/placement-checks';
import { addRollbackAlarm } from '../private/rollback-alarms';
import { connectServices } from '../private/service-connect-wiring';
import { PropsValidator } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';
import { warnAboutDeploymentPeak } from './private/ec2-capacity-fit';
import { serviceErrorRate } from './private/service-metrics';

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
  public get cluster(): ecs.ICluster {
    return this.parts.cluster;
  }

  /** The EC2 service (an `ecs.Ec2Service`). */
  public get service(): ecs.BaseService {
    return this.parts.service;
  }

  /**
   * The task definition (EC2-compatible, with task-level CPU and memory).
   */
  public get taskDefinition(): ecs.TaskDefinition {
    return this.parts.taskDefinition;
  }

  /** The application container. */
  public get container(): ecs.ContainerDefinition {
    return this.parts.container;
  }

  /** The log group of the application container (retention set, never "never expire"). */
  public get logGroup(): logs.ILogGroup {
    return this.parts.logGroup;
  }

  /** Port the application listens on. */
  public get containerPort(): number {
    return this.parts.containerPort;
  }

  /** Name of the application container. */
  public get containerName(): string {
    return this.parts.containerName;
  }

  /**
   * The security groups of the tasks (`AWS_VPC`) or of the instances (`BRIDGE`):
   * `api.connections.allowFrom(...)`.
   */
  public get connections(): ec2.Connections {
    return this.parts.connections;
  }

  /** The EC2 capacity the service runs on. */
  public readonly capacity: EssentialEc2Capacity;

  /** The network mode of the tasks. */
  public readonly networkMode: ecs.NetworkMode;

  /** Task CPU units, including the Service Connect proxy headroom when there is one. */
  public get taskCpu(): number {
    return this.parts.taskCpu;
  }

  /** Task memory (MiB), including the Service Connect proxy headroom when there is one. */
  public get taskMemoryMiB(): number {
    return this.parts.taskMemoryMiB;
  }

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
  public get serviceConnectEndpoint(): string | undefined {
    return this.parts.serviceConnectEndpoint;
  }

  /**
   * The service's own ALB.
   *
   * @default - none with LoadBalancing.sharedListener() or LoadBalancing.none()
   */
  public get loadBalancer(): elbv2.IApplicationLoadBalancer | undefined {
    return this.parts.loadBalancer;
  }

  /**
   * The listener that routes to the service (its own, or the shared one).
   *
   * @default - none with LoadBalancing.none()
   */
  public get listener(): elbv2.IApplicationListener | undefined {
    return this.parts.listener;
  }

  /**
   * The target group of the service's tasks.
   *
   * @default - none with LoadBalancing.none()
   */
  public get targetGroup(): elbv2.ApplicationTargetGroup | undefined {
    return this.parts.targetGroup;
  }

  /**
   * The second target group of a blue/green, canary or linear rollout behind an ALB: ECS registers
   * each new revision's tasks in whichever of `targetGroup` and this one is idle.
   *
   * @default - none with Rollout.rolling() or without a load balancer
   */
  public get alternateTargetGroup(): elbv2.ApplicationTargetGroup | undefined {
    return this.parts.alternateTargetGroup;
  }

  /**
   * The scalable task count: add more policies or schedules to it.
   *
   * @default - only when `scaling` is given
   */
  public get scalableTaskCount(): ecs.ScalableTaskCount | undefined {
    return this.parts.scalableTaskCount;
  }

  /**
   * Every alarm a deployment of this service rolls back on: `rollbackAlarms` and the rollout's
   * default alarms. Add alarm actions to them (e.g. a notification) as to any alarm.
   */
  public get rollbackAlarms(): cloudwatch.IAlarm[] {
    return this.parts.rollbackAlarms;
  }

  /**
   * The dashboard and recommended alarms of this service.
   *
   * @default - only with `enableMonitoring: true`
   */
  public readonly monitoring?: EssentialServiceMonitoring;

  /** Every part the shared assembly built. */
  private readonly parts: AssembledService;

  constructor(scope: Construct, id: string, props: EssentialEc2ServiceProps) {
    super(scope, id);
    this.capacity = props.capacity;
    this.networkMode = props.networkMode ?? defaults.EC2_NETWORK_MODE;
    this.validate(props);
    this.serviceConnect = props.serviceConnect;
    const cluster = props.cluster ?? props.capacity.cluster;
    const bridge = this.networkMode === ecs.NetworkMode.BRIDGE;
    this.parts = assembleService(this, props, {
      cluster,
      runsOnInstances: true,
      addTask: (owner, context) => addEc2Task(owner, props, {
        ...context,
        networkMode: this.networkMode,
        // Host port 0 lets Docker pick a free port, so several tasks of the service share an instance.
        hostPort: 0,
      }),
      createService: (owner, taskDefinition, deployment) => new ecs.Ec2Service(owner, 'Service', {
        cluster,
        taskDefinition,
        ...deployment,
        capacityProviderStrategies: props.capacity.capacityProviderStrategies,
        placementStrategies: props.placementStrategies ?? [
          ecs.PlacementStrategy.spreadAcross(ecs.BuiltInAttributes.AVAILABILITY_ZONE),
          ecs.PlacementStrategy.packedByMemory(),
        ],
        // Bridge tasks share the instances' network: subnets and security groups belong to the capacity.
        vpcSubnets: bridge ? undefined : props.taskSubnets ?? props.essentialEnvironment?._taskSubnets,
        securityGroups: bridge ? undefined : props.securityGroups,
      }),
    });
    warnAboutDeploymentPeak(this, props, props.capacity, {
      cpu: this.parts.taskCpu, memoryMiB: this.parts.taskMemoryMiB, networkMode: this.networkMode,
    });
    // Last: the dashboard reads every part of the finished service.
    this.monitoring = monitorService(this, props);
  }

  /**
   * The percentage of requests the service's targets answered 5xx, over the primary and, for
   * blue/green, canary and linear rollouts, the alternate target group together: an alarm on it keeps
   * watching production after a switch, where an alarm on `targetGroup.metrics` goes blind. 0 below
   * 10 requests a minute. Throws for a service without a load balancer.
   *
   * @param period the period of the metric (default 1 minute, as the library's rollback alarms)
   */
  public metricTargetErrorRate(period?: Duration): cloudwatch.MathExpression {
    return serviceErrorRate(this, this.parts, period);
  }

  /**
   * Roll deployments back when `alarm` fires, in addition to the alarms given in `rollbackAlarms` and
   * the library's defaults. For alarms built on this service's own metrics (`metricTargetErrorRate()`),
   * which cannot exist before the service.
   *
   * @param alarm an alarm in the service's account and Region
   */
  public addRollbackAlarm(alarm: cloudwatch.IAlarm): void {
    addRollbackAlarm(this, this.parts.service, alarm);
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
    checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster });
    checkCapacityInEnvironment(v, props.capacity, props.essentialEnvironment);
    validateCommonProps(v, this, props, EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE,
      {
        bridgeNetworking: this.networkMode === ecs.NetworkMode.BRIDGE,
        launch: 'EC2',
        architecture: props.cpuArchitecture ?? ecsArchitecture(instanceArchitecture(props.capacity)),
      });
    validateEc2Task(v, props, props.capacity, this.networkMode);
    v.throwIfInvalid(this);
    warnAboutAwsvpcWithoutPublicIp(this, this.networkMode === ecs.NetworkMode.AWS_VPC, props.essentialEnvironment, 'EC2');
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
