import { Duration, Tokenization } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService, ILoadBalancedEssentialService } from './essential-service';
import { AssembledService, VariantTask, VariantTaskContext, assembleService } from './private/assemble-service';
import { monitorService, recordProxyBudget, taskSizeWithProxy, validateCommonProps, warnAboutSpotWindow } from './private/assembly';
import { EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE } from './private/ec2-task';
import { EssentialManagedInstancesCapacity } from '../capacity/essential-managed-instances-capacity';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { ServiceLogging } from '../logging/service-logging';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import { addApplicationContainer } from '../private/application-container';
import * as defaults from '../private/defaults';
import { addEfsVolume } from '../private/efs-wiring';
import { checkCapacityInEnvironment, checkEnvironmentExclusive, warnAboutAwsvpcWithoutPublicIp } from '../private/placement-checks';
import { addRollbackAlarm } from '../private/rollback-alarms';
import { connectServices } from '../private/service-connect-wiring';
import { PropsValidator, isKnown } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';
import { serviceErrorRate } from './private/service-metrics';
import { TASK_CPU, TASK_MEMORY_MIB } from '../private/limits';

/**
 * Props of `EssentialManagedInstancesService`.
 */
export interface EssentialManagedInstancesServiceProps extends EssentialReplicaServiceOptions {
  /**
   * The Managed Instances capacity of the cluster. The service uses its On-Demand/Spot capacity-provider
   * strategy and checks `cpu`, `memoryLimitMiB` and `cpuArchitecture` against its instance requirements.
   */
  readonly capacity: EssentialManagedInstancesCapacity;

  /**
   * The cluster to run in; it must be the one `capacity` was created for.
   *
   * @default - capacity.cluster
   */
  readonly cluster?: ecs.ICluster;

}

/**
 * An ECS service on ECS Managed Instances with the playbook's defaults: fast deployments,
 * non-blocking logs with retention, the capacity's 2/3 On-Demand + 1/3 Spot strategy, Graviton and,
 * by default, a public ALB. AWS launches, patches and replaces the instances.
 *
 * Tasks use the `awsvpc` network mode (an ENI and a security group per task, as on Fargate) and Linux,
 * which is all Managed Instances runs. With `notificationTopic`, the topic also hears when an instance of
 * the cluster starts draining (Spot interruption, patching, infrastructure optimization).
 *
 * aws-cdk-lib runs Managed Instances services through `ecs.FargateService` with a task definition
 * compatible with `MANAGED_INSTANCES` (`ecs.Ec2Service` fails to synthesize, aws/aws-cdk#36098); this
 * construct does that for you.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ManagedInstances.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialManagedInstancesCapacity, EssentialManagedInstancesService } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const capacity: EssentialManagedInstancesCapacity;
 * new EssentialManagedInstancesService(stack, 'Api', {
 *   capacity,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 *   containerPort: 80,
 * });
 */
export class EssentialManagedInstancesService extends Construct implements ILoadBalancedEssentialService {
  /** The cluster the service runs in. */
  public get cluster(): ecs.ICluster {
    return this.parts.cluster;
  }

  /** The service (an `ecs.FargateService` placed by the Managed Instances capacity providers). */
  public get service(): ecs.BaseService {
    return this.parts.service;
  }

  /** The task definition (compatible with MANAGED_INSTANCES, awsvpc, task-level CPU and memory). */
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

  /** The security groups of the tasks: `api.connections.allowFrom(...)`. */
  public get connections(): ec2.Connections {
    return this.parts.connections;
  }

  /** The Managed Instances capacity the service runs on. */
  public readonly capacity: EssentialManagedInstancesCapacity;

  /** The CPU architecture of the tasks. */
  public readonly cpuArchitecture: ecs.CpuArchitecture;

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

  constructor(scope: Construct, id: string, props: EssentialManagedInstancesServiceProps) {
    super(scope, id);
    this.capacity = props.capacity;
    this.cpuArchitecture = props.cpuArchitecture ?? props.capacity.cpuArchitecture ?? defaults.CPU_ARCHITECTURE;
    this.validate(props);
    this.serviceConnect = props.serviceConnect;
    const cluster = props.cluster ?? props.capacity.cluster;
    this.parts = assembleService(this, props, {
      cluster,
      runsOnInstances: true,
      addTask: (owner, context) => this.addTask(owner, context, props),
      // FargateService, not Ec2Service: aws-cdk-lib's Ec2Service demands ASG capacity on the cluster
      // (aws/aws-cdk#35742, #36098). With a capacity-provider strategy it renders no launch type.
      createService: (owner, taskDefinition, deployment) => new ecs.FargateService(owner, 'Service', {
        cluster,
        taskDefinition,
        ...deployment,
        capacityProviderStrategies: props.capacity.capacityProviderStrategies,
        vpcSubnets: props.taskSubnets ?? props.essentialEnvironment?._taskSubnets,
        securityGroups: props.securityGroups,
      }),
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
   * service's tasks, stopped by the given alarms. On Managed Instances only `EcsFault.stopTask()`
   * applies: the task faults need `enableFaultInjection`, which Managed Instances does not offer.
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
    addEfsVolume(this, id, options);
  }

  /**
   * The task definition with task-level size (the Service Connect headroom added: the proxy runs on the
   * task's unallocated CPU and memory) and its application container.
   */
  private addTask(owner: Construct, context: VariantTaskContext, props: EssentialManagedInstancesServiceProps): VariantTask {
    const { requestedCpu, requestedMemoryMiB, taskCpu, taskMemoryMiB } = taskSizeWithProxy(props, defaults.CPU);
    // TaskDefinition is the L2 that takes Compatibility.MANAGED_INSTANCES; Managed Instances needs an
    // explicit network mode and takes the runtime platform as Fargate does.
    const taskDefinition = new ecs.TaskDefinition(owner, 'TaskDefinition', {
      compatibility: ecs.Compatibility.MANAGED_INSTANCES,
      networkMode: defaults.MI_NETWORK_MODE,
      cpu: Tokenization.stringifyNumber(taskCpu),
      memoryMiB: Tokenization.stringifyNumber(taskMemoryMiB),
      runtimePlatform: { cpuArchitecture: this.cpuArchitecture, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    });
    const container = addApplicationContainer(taskDefinition, props, {
      containerName: context.containerName,
      logGroup: context.logGroup,
      logging: ServiceLogging._orDefault(props.logging),
      portMapping: { containerPort: context.containerPort },
      stopTimeout: context.stopTimeout,
    });
    recordProxyBudget(taskDefinition, props, requestedCpu, requestedMemoryMiB);
    return { taskDefinition, container, taskCpu, taskMemoryMiB };
  }

  private validate(props: EssentialManagedInstancesServiceProps): void {
    const v = new PropsValidator();
    checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster });
    checkCapacityInEnvironment(v, props.capacity, props.essentialEnvironment);
    validateCommonProps(v, this, props, EC2_MAX_STOP_TIMEOUT_SECONDS, EC2_MAX_STOP_TIMEOUT_SOURCE,
      { launch: 'Managed Instances', architecture: this.cpuArchitecture });
    const capacity = props.capacity;
    if (props.cluster !== undefined && capacity.cluster !== props.cluster) {
      v.fail(`'capacity' must belong to 'cluster': the capacity providers of '${capacity.node.path}' belong to cluster '${capacity.cluster.node.path}', got cluster '${props.cluster.node.path}' (leave 'cluster' out to use the capacity's)`);
    }
    // ECS fault injection is documented for EC2 and Fargate only
    // (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fault-injection.html).
    if (props.enableFaultInjection) {
      v.fail('\'enableFaultInjection\' is not available on ECS Managed Instances (ECS documents fault injection for EC2 and Fargate): ' +
        'leave it false and use EcsFault.stopTask(), or run the service on EssentialFargateService or EssentialEc2Service, got true');
    }
    if (props.faultInjectionSidecarImage !== undefined && !props.enableFaultInjection) {
      v.fail('\'faultInjectionSidecarImage\' only applies with \'enableFaultInjection\', which ECS Managed Instances does not offer: leave it out, got an image');
    }
    const instances = capacity.cpuArchitecture;
    if (props.cpuArchitecture !== undefined && instances !== undefined && props.cpuArchitecture._cpuArchitecture !== instances._cpuArchitecture) {
      v.fail(`'cpuArchitecture' must match the instances of 'capacity' (${instances._cpuArchitecture}, from its instanceRequirements.cpuManufacturers): ` +
        `use ecs.CpuArchitecture.${instances._cpuArchitecture} or change the capacity's instance requirements, got ${props.cpuArchitecture._cpuArchitecture}`);
    }
    this.validateSize(v, props);
    v.throwIfInvalid(this);
    warnAboutAwsvpcWithoutPublicIp(this, true, props.essentialEnvironment, 'Managed Instances');
    if (capacity.mix.usesSpot) {
      warnAboutSpotWindow(this, props);
    }
  }

  /** Task CPU and memory against the ECS range and the largest instance the capacity may launch. */
  private validateSize(v: PropsValidator, props: EssentialManagedInstancesServiceProps): void {
    const sc = props.serviceConnect;
    v.integerInRange('cpu', props.cpu, TASK_CPU.min!, TASK_CPU.max!);
    // Docker's smallest container memory is 6 MiB; the upper bound is this library's typo guard (1 TiB).
    v.integerInRange('memoryLimitMiB', props.memoryLimitMiB, TASK_MEMORY_MIB.min!, TASK_MEMORY_MIB.max!);
    const cpu = props.cpu ?? defaults.CPU;
    const memory = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
    const cpuLimit = props.capacity.taskCpuLimit;
    if (cpuLimit !== undefined && isKnown(cpu) && cpu + (sc?.proxyCpu ?? 0) > cpuLimit) {
      v.fail(`'cpu' must fit the largest instance 'capacity' may launch (${cpuLimit} units from instanceRequirements.vCpuCountMax` +
        `${sc?.proxyCpu ? `, ${sc.proxyCpu} of them for the Service Connect proxy` : ''}): lower it or raise vCpuCountMax, got ${cpu}`);
    }
    const memoryLimit = props.capacity.taskMemoryLimitMiB;
    if (memoryLimit !== undefined && isKnown(memory) && memory + (sc?.proxyMemoryMiB ?? 0) > memoryLimit) {
      v.fail(`'memoryLimitMiB' must fit the largest instance 'capacity' may launch (${memoryLimit} MiB from instanceRequirements.memoryMax` +
        `${sc?.proxyMemoryMiB ? `, ${sc.proxyMemoryMiB} MiB of it for the Service Connect proxy` : ''}): lower it or raise memoryMax, got ${memory}`);
    }
  }
}
