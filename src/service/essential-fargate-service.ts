import { Annotations, Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EssentialReplicaServiceOptions } from './essential-replica-service-options';
import { IEssentialService, ILoadBalancedEssentialService } from './essential-service';
import { AssembledService, ServiceDeploymentProps, VariantTask, VariantTaskContext, assembleService } from './private/assemble-service';
import { monitorService, recordProxyBudget, validateCommonProps, warnAboutSpotWindow } from './private/assembly';
import { CapacityMix } from '../capacity/capacity-mix';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { ServiceLogging } from '../logging/service-logging';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import { addApplicationContainer } from '../private/application-container';
import { defaultCluster } from '../private/default-cluster';
import * as defaults from '../private/defaults';
import { EfsVolumeTraits, addEfsVolume } from '../private/efs-wiring';
import { describeMemoryOptions, fargateCpuOptions, fargateMemoryOptions, smallestFargateSizeAtLeast } from '../private/fargate-sizes';
import { addFaultInjectionPrerequisites, faultInjectionTaskDefinitionProps } from '../private/fault-injection';
import { FARGATE_PLATFORM_VERSIONS_BEFORE_1_4 } from '../private/limits';
import { checkEnvironmentExclusive } from '../private/placement-checks';
import { addRollbackAlarm } from '../private/rollback-alarms';
import { connectServices } from '../private/service-connect-wiring';
import { PropsValidator, isKnown, listOf } from '../private/validation';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';
import { proxyHeadroomInfo } from './private/proxy-headroom';
import { serviceErrorRate } from './private/service-metrics';

/**
 * Props of `EssentialFargateService`.
 */
export interface EssentialFargateServiceProps extends EssentialReplicaServiceOptions {
  /**
   * The cluster to run in. Give `cluster` or `vpc`, not both.
   *
   * A supplied `ecs.Cluster` gets the Fargate capacity providers enabled; an imported cluster
   * must have FARGATE and FARGATE_SPOT associated already.
   *
   * @default - the stack's default cluster in `vpc` (Container Insights, Fargate capacity providers),
   * shared by every service of the stack created without `cluster`
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The VPC of the default cluster. Give `cluster` or `vpc`, not both.
   *
   * @default - the stack's default VPC (2 Availability Zones), shared by every service of the stack
   * created without `cluster` or `vpc`
   */
  readonly vpc?: ec2.IVpc;


  /**
   * Operating system family. Windows tasks cannot use Fargate Spot.
   *
   * @default ecs.OperatingSystemFamily.LINUX
   */
  readonly operatingSystemFamily?: ecs.OperatingSystemFamily;

  /**
   * How tasks are spread over On-Demand (FARGATE) and Spot (FARGATE_SPOT).
   *
   * @default CapacityMix.onDemandSpot() — FARGATE base 1 weight 2, FARGATE_SPOT weight 1
   */
  readonly capacity?: CapacityMix;

  /**
   * Fargate platform version.
   *
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;

  /**
   * Give tasks public IPs (only for tasks in public subnets without a NAT gateway).
   *
   * @default - true in an `EnvironmentNetwork.publicSubnetsOnly()` environment, else false
   */
  readonly assignPublicIp?: boolean;
}

/**
 * A Fargate service with the ECS playbook's defaults: fast deployments, non-blocking logs with
 * retention, Graviton, 2/3 On-Demand + 1/3 Spot and, by default, a public ALB.
 *
 * Without `cluster` or `vpc`, every such service of a stack shares the stack's one default VPC and
 * cluster, as aws-ecs-patterns does.
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialFargateService } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * new EssentialFargateService(stack, 'Orders', {
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 *   containerPort: 80,
 * });
 */
export class EssentialFargateService extends Construct implements ILoadBalancedEssentialService {
  /** The cluster the service runs in. */
  public get cluster(): ecs.ICluster {
    return this.parts.cluster;
  }

  /** The Fargate service (an `ecs.FargateService`). */
  public get service(): ecs.BaseService {
    return this.parts.service;
  }

  /** The task definition (an `ecs.FargateTaskDefinition`). */
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

  /** The security groups of the tasks: `orders.connections.allowFrom(...)`. */
  public get connections(): ec2.Connections {
    return this.parts.connections;
  }

  /** The On-Demand/Spot mix of the service. */
  public readonly capacity: CapacityMix;

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

  /** What EFS volumes are checked against: the platform version and the OS family. */
  private readonly efsTraits: EfsVolumeTraits;

  constructor(scope: Construct, id: string, props: EssentialFargateServiceProps) {
    super(scope, id);
    const os = props.operatingSystemFamily ?? defaults.OPERATING_SYSTEM_FAMILY;
    const windows = os.isWindows();
    const architecture = props.cpuArchitecture ?? (windows ? ecs.CpuArchitecture.X86_64 : defaults.CPU_ARCHITECTURE);
    this.capacity = props.capacity ?? CapacityMix.onDemandSpot();
    this.validate(props, windows, architecture);
    this.efsTraits = { fargatePlatformVersion: props.platformVersion, windows };
    this.serviceConnect = props.serviceConnect;
    const cluster = props.essentialEnvironment?.cluster ?? props.cluster ?? defaultCluster(this, props.vpc);
    this.parts = assembleService(this, props, {
      cluster,
      runsOnInstances: false,
      addTask: (owner, context) => this.addTask(owner, context, props, { windows, architecture, os }),
      createService: (owner, taskDefinition, deployment) => this.createService(owner, { cluster, taskDefinition, deployment }, props),
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
    addEfsVolume(this, id, options, this.efsTraits);
  }

  /** The Fargate task definition, sized with the Service Connect headroom, and its application container. */
  private addTask(owner: Construct, context: VariantTaskContext, props: EssentialFargateServiceProps,
    platform: { windows: boolean; architecture: ecs.CpuArchitecture; os: ecs.OperatingSystemFamily }): VariantTask {
    const size = this.taskSize(props, platform.windows);
    const taskDefinition = new ecs.FargateTaskDefinition(owner, 'TaskDefinition', {
      cpu: size.cpu,
      memoryLimitMiB: size.memoryMiB,
      runtimePlatform: { cpuArchitecture: platform.architecture, operatingSystemFamily: platform.os },
      ephemeralStorageGiB: props.ephemeralStorageGiB,
      ...(props.enableFaultInjection ? faultInjectionTaskDefinitionProps() : {}),
    });
    const container = addApplicationContainer(taskDefinition, props, {
      containerName: context.containerName,
      logGroup: context.logGroup,
      logging: ServiceLogging._orDefault(props.logging),
      portMapping: { containerPort: context.containerPort },
      stopTimeout: context.stopTimeout,
    });
    if (props.enableFaultInjection) {
      addFaultInjectionPrerequisites(owner, taskDefinition, { logGroup: context.logGroup, sidecarImage: props.faultInjectionSidecarImage });
    }
    recordProxyBudget(taskDefinition, props, props.cpu ?? defaults.CPU, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB);
    return { taskDefinition, container, taskCpu: size.cpu, taskMemoryMiB: size.memoryMiB };
  }

  /** The Fargate service on the capacity mix's FARGATE / FARGATE_SPOT strategy. */
  private createService(owner: Construct, parts: { cluster: ecs.ICluster; taskDefinition: ecs.TaskDefinition; deployment: ServiceDeploymentProps },
    props: EssentialFargateServiceProps): ecs.BaseService {
    const { cluster, taskDefinition, deployment } = parts;
    if (cluster instanceof ecs.Cluster) {
      cluster.enableFargateCapacityProviders();
    }
    return new ecs.FargateService(owner, 'Service', {
      cluster,
      taskDefinition,
      ...deployment,
      capacityProviderStrategies: this.capacity._toFargateStrategies(),
      platformVersion: props.platformVersion,
      assignPublicIp: props.assignPublicIp ?? props.essentialEnvironment?._assignPublicIp ?? false,
      vpcSubnets: props.taskSubnets ?? props.essentialEnvironment?._taskSubnets,
      securityGroups: props.securityGroups,
    });
  }

  /**
   * The task size: what the user asked for plus the Service Connect proxy's CPU and memory, rounded
   * up to the next valid Fargate size (the proxy runs on the task's unallocated CPU and memory).
   */
  private taskSize(props: EssentialFargateServiceProps, windows: boolean): { cpu: number; memoryMiB: number } {
    const cpu = props.cpu ?? defaults.CPU;
    const memoryMiB = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
    const sc = props.serviceConnect;
    if (!sc?.addProxyHeadroom || !isKnown(cpu) || !isKnown(memoryMiB)) {
      return { cpu, memoryMiB };
    }
    const rounded = smallestFargateSizeAtLeast(cpu + sc.proxyCpu, memoryMiB + sc.proxyMemoryMiB, windows);
    if (rounded === undefined) {
      throw new Error(`EssentialFargateService '${this.node.path}': no Fargate size fits cpu ${cpu} + ${sc.proxyCpu} and memoryLimitMiB ${memoryMiB} + ${sc.proxyMemoryMiB} ` +
        'for the Service Connect proxy: lower \'cpu\'/\'memoryLimitMiB\' or set serviceConnect \'addProxyHeadroom\' false');
    }
    if (rounded.cpu !== cpu || rounded.memoryMiB !== memoryMiB) {
      Annotations.of(this).addInfo(proxyHeadroomInfo({ cpu, memoryMiB }, rounded, props.cpuArchitecture ?? defaults.CPU_ARCHITECTURE));
    }
    return rounded;
  }

  private validate(props: EssentialFargateServiceProps, windows: boolean, architecture: ecs.CpuArchitecture): void {
    const v = new PropsValidator();
    if (props.cluster && props.vpc) {
      v.fail('\'cluster\' and \'vpc\' are exclusive: give \'cluster\' to run in it, or \'vpc\' for the default cluster in it, got both');
    }
    checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster, vpc: props.vpc });
    // ECS ContainerDefinition.stopTimeout: Fargate allows up to 120 s.
    validateCommonProps(v, this, props, 120, 'the Fargate maximum', { architecture });
    validateFargateSize(v, props.cpu ?? defaults.CPU, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB, windows);
    v.addAll(this.capacity._validate());
    if (windows && this.capacity.usesSpot) {
      v.fail(`'capacity' cannot use Fargate Spot with Windows tasks (Fargate Spot runs Linux only): use CapacityMix.onDemandOnly(), got ${this.capacity._describe()}`);
    }
    if (windows && architecture._cpuArchitecture === 'ARM64') {
      v.fail('\'cpuArchitecture\' ARM64 is not available for Windows on Fargate: use ecs.CpuArchitecture.X86_64, got ARM64');
    }
    if (windows && props.serviceConnect) {
      v.fail(`'serviceConnect' does not support Windows tasks: use a Linux service, got operatingSystemFamily ${props.operatingSystemFamily!._operatingSystemFamily}`);
    }
    if (windows && props.enableFaultInjection) {
      v.fail(`'enableFaultInjection' is not available for Windows tasks (FIS task faults and ECS fault injection run on Linux only), got operatingSystemFamily ${props.operatingSystemFamily!._operatingSystemFamily}`);
    }
    if (windows && props.logging?.usesFireLens) {
      v.fail(`'logging' ServiceLogging.fireLens() is not available for Windows tasks (FireLens supports Linux tasks only): use ServiceLogging.awsLogs(), got operatingSystemFamily ${props.operatingSystemFamily!._operatingSystemFamily}`);
    }
    const pv = props.platformVersion;
    if (!windows && pv !== undefined && FARGATE_PLATFORM_VERSIONS_BEFORE_1_4.includes(pv)) {
      // ECS developer guide: Service Connect and ARM64 tasks need Linux platform version 1.4.0 or later.
      if (props.serviceConnect) {
        v.fail(`'serviceConnect' needs Fargate platform version 1.4.0 or later: set 'platformVersion' to ecs.FargatePlatformVersion.LATEST or VERSION1_4, got ${pv}`);
      }
      if (architecture._cpuArchitecture === 'ARM64') {
        v.fail('\'cpuArchitecture\' ARM64 (the default) needs Fargate platform version 1.4.0 or later: set \'platformVersion\' to ecs.FargatePlatformVersion.LATEST ' +
          `or VERSION1_4, or 'cpuArchitecture' to ecs.CpuArchitecture.X86_64, got ${pv}`);
      }
    }
    if (windows && props.enableExecuteCommand) {
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:windowsExec', 'ECS Exec on Windows Fargate tasks needs platform version 1.0.0 and the SSM agent in the image.');
    }
    v.throwIfInvalid(this);
    if (this.capacity.usesSpot) {
      warnAboutSpotWindow(this, props);
    }
  }
}

/** Check cpu/memory against the Fargate size table; tokens skip the check. */
function validateFargateSize(v: PropsValidator, cpu: number, memoryMiB: number, windows: boolean): void {
  if (!isKnown(cpu)) {
    return;
  }
  const cpus = fargateCpuOptions(windows);
  if (!cpus.includes(cpu)) {
    v.fail(`'cpu' must be one of ${listOf(cpus)}${windows ? ' for Windows' : ''}, got ${cpu}`);
    return;
  }
  if (isKnown(memoryMiB) && !fargateMemoryOptions(cpu).includes(memoryMiB)) {
    v.fail(`'memoryLimitMiB' ${memoryMiB} is not valid with cpu ${cpu}: use ${describeMemoryOptions(cpu)}`);
  }
}
