import { Annotations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { EssentialServiceBase, EssentialServiceBaseProps } from './essential-service-base';
import { CapacityMix } from '../capacity/capacity-mix';
import * as defaults from '../private/defaults';
import { describeMemoryOptions, fargateCpuOptions, fargateMemoryOptions, smallestFargateSizeAtLeast } from '../private/fargate-sizes';
import { faultInjectionTaskDefinitionProps } from '../private/fault-injection';
import { PropsValidator, isKnown, listOf } from '../private/validation';

/**
 * Props of `EssentialFargateService`.
 */
export interface EssentialFargateServiceProps extends EssentialServiceBaseProps {
  /**
   * The cluster to run in. Give `cluster` or `vpc`, not both.
   *
   * A supplied `ecs.Cluster` gets the Fargate capacity providers enabled; an imported cluster
   * must have FARGATE and FARGATE_SPOT associated already.
   *
   * @default - a new cluster (Container Insights, Fargate capacity providers) in `vpc`
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The VPC for a new cluster. Give `cluster` or `vpc`, not both.
   *
   * @default - a new VPC with 2 Availability Zones, when `cluster` is not given either
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Task CPU units; with `memoryLimitMiB` a valid Fargate size.
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * CPU architecture. Graviton (ARM64) is about 20 % cheaper and runs on Fargate Spot.
   *
   * @default ecs.CpuArchitecture.ARM64 (X86_64 for Windows)
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

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
   * @default false
   */
  readonly assignPublicIp?: boolean;
}

/**
 * A Fargate service with the ECS playbook's defaults: fast deployments, non-blocking logs with
 * retention, Graviton, 2/3 On-Demand + 1/3 Spot and, by default, a public ALB.
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
export class EssentialFargateService extends EssentialServiceBase {
  /** The Fargate service. */
  public readonly service: ecs.FargateService;

  /** The task definition. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;

  /** The application container. */
  public readonly container: ecs.ContainerDefinition;

  /** The security groups of the tasks: `orders.connections.allowFrom(...)`. */
  public readonly connections: ec2.Connections;

  /** The On-Demand/Spot mix of the service. */
  public readonly capacity: CapacityMix;

  /** Task CPU units, including the Service Connect proxy headroom when there is one. */
  public readonly taskCpu: number;

  /** Task memory (MiB), including the Service Connect proxy headroom when there is one. */
  public readonly taskMemoryMiB: number;

  constructor(scope: Construct, id: string, props: EssentialFargateServiceProps) {
    super(scope, id, props, resolveCluster(scope, id, props));
    const os = props.operatingSystemFamily ?? defaults.OPERATING_SYSTEM_FAMILY;
    const windows = os.isWindows();
    const architecture = props.cpuArchitecture ?? (windows ? ecs.CpuArchitecture.X86_64 : defaults.CPU_ARCHITECTURE);
    this.capacity = props.capacity ?? CapacityMix.onDemandSpot();
    this.validate(props, windows, architecture);
    const size = this.taskSize(props, windows);
    this.taskCpu = size.cpu;
    this.taskMemoryMiB = size.memoryMiB;

    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: size.cpu,
      memoryLimitMiB: size.memoryMiB,
      runtimePlatform: { cpuArchitecture: architecture, operatingSystemFamily: os },
      ...(props.faultInjection ? faultInjectionTaskDefinitionProps() : {}),
    });
    this.container = this.addApplicationContainer(this.taskDefinition, props, { containerPort: this.containerPort });
    this.addFaultInjection(this.taskDefinition, props);
    this.recordProxyBudget(this.taskDefinition, props.cpu ?? defaults.CPU, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB);

    if (this.cluster instanceof ecs.Cluster) {
      this.cluster.enableFargateCapacityProviders();
    }
    this.service = new ecs.FargateService(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      ...this.deploymentProps(props),
      capacityProviderStrategies: this.capacity.toFargateStrategies(),
      platformVersion: props.platformVersion,
      assignPublicIp: props.assignPublicIp ?? false,
      vpcSubnets: props.taskSubnets,
      securityGroups: props.securityGroups,
    });
    this.connections = this.service.connections;
    this.completeService(this.service);
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
    return rounded;
  }

  private validate(props: EssentialFargateServiceProps, windows: boolean, architecture: ecs.CpuArchitecture): void {
    const v = new PropsValidator();
    if (props.cluster && props.vpc) {
      v.fail('\'cluster\' and \'vpc\' are exclusive: give \'cluster\' to run in it, or \'vpc\' for a new cluster, got both');
    }
    v.addAll(this.validateBaseProps(props, 120));
    validateFargateSize(v, props.cpu ?? defaults.CPU, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB, windows);
    v.addAll(this.capacity.validate());
    if (windows && this.capacity.usesSpot) {
      v.fail(`'capacity' cannot use Fargate Spot with Windows tasks (Fargate Spot runs Linux only): use CapacityMix.onDemandOnly(), got ${this.capacity.describe()}`);
    }
    if (windows && architecture._cpuArchitecture === 'ARM64') {
      v.fail('\'cpuArchitecture\' ARM64 is not available for Windows on Fargate: use ecs.CpuArchitecture.X86_64, got ARM64');
    }
    if (windows && props.serviceConnect) {
      v.fail(`'serviceConnect' does not support Windows tasks: use a Linux service, got operatingSystemFamily ${props.operatingSystemFamily!._operatingSystemFamily}`);
    }
    if (windows && props.faultInjection) {
      v.fail(`'faultInjection' is not available for Windows tasks (FIS task faults and ECS fault injection run on Linux only), got operatingSystemFamily ${props.operatingSystemFamily!._operatingSystemFamily}`);
    }
    if (windows && props.enableExecuteCommand) {
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:windowsExec', 'ECS Exec on Windows Fargate tasks needs platform version 1.0.0 and the SSM agent in the image.');
    }
    v.throwIfInvalid(this);
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

/** The supplied cluster, a new one in the supplied VPC, or a new one in a new VPC. */
function resolveCluster(scope: Construct, id: string, props: EssentialFargateServiceProps): ecs.ICluster {
  if (props.cluster) {
    return props.cluster;
  }
  // Created beside the service (not inside it) so that its logical IDs do not depend on the service's.
  const vpc = props.vpc ?? new ec2.Vpc(scope, `${id}Vpc`, { maxAzs: defaults.VPC_MAX_AZS });
  return new ecs.Cluster(scope, `${id}Cluster`, {
    vpc,
    containerInsightsV2: ecs.ContainerInsights.ENABLED,
    enableFargateCapacityProviders: true,
  });
}
