import { Annotations, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { EssentialServiceBase, EssentialServiceBaseProps } from './essential-service-base';
import { EssentialEc2Capacity } from '../capacity/essential-ec2-capacity';
import * as defaults from '../private/defaults';
import { faultInjectionTaskDefinitionProps } from '../private/fault-injection';
import { PropsValidator, isKnown, secondsOf } from '../private/validation';

/**
 * ECS sets no upper limit on a container's stop timeout on EC2 (Fargate caps it at 120 s);
 * a day keeps typos such as minutes-for-seconds visible.
 */
const EC2_MAX_STOP_TIMEOUT_SECONDS = 86_400;
/** Spot instances get two minutes between the interruption notice and the stop. */
const SPOT_WARNING_SECONDS = 120;

/**
 * Props of `EssentialEc2Service`.
 */
export interface EssentialEc2ServiceProps extends EssentialServiceBaseProps {
  /** The cluster to run in; the one `capacity` was created for. */
  readonly cluster: ecs.ICluster;

  /**
   * The EC2 capacity of the cluster. The service uses its On-Demand/Spot capacity-provider strategy
   * and checks `memoryLimitMiB` and `cpu` against its instance types.
   */
  readonly capacity: EssentialEc2Capacity;

  /**
   * Network mode of the tasks: `AWS_VPC` (an ENI and security group per task, like Fargate) or
   * `BRIDGE` (dynamic host ports on the instance's network: no ENI to attach, so tasks start faster
   * and an instance is not limited by its ENI count; the load balancer targets instances).
   *
   * @default ecs.NetworkMode.AWS_VPC
   */
  readonly networkMode?: ecs.NetworkMode;

  /**
   * CPU units reserved for the application container (1024 per vCPU).
   *
   * @default 256
   */
  readonly cpu?: number;

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
 * With `notifications`, the topic also hears when a container instance of the cluster starts
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
 * declare const cluster: ecs.Cluster;
 * declare const capacity: EssentialEc2Capacity;
 * new EssentialEc2Service(stack, 'Api', {
 *   cluster,
 *   capacity,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 *   containerPort: 80,
 *   networkMode: ecs.NetworkMode.BRIDGE,
 * });
 */
export class EssentialEc2Service extends EssentialServiceBase {
  /** The EC2 service. */
  public readonly service: ecs.Ec2Service;

  /** The task definition. */
  public readonly taskDefinition: ecs.Ec2TaskDefinition;

  /** The application container. */
  public readonly container: ecs.ContainerDefinition;

  /**
   * The security groups of the tasks (`AWS_VPC`) or of the instances (`BRIDGE`):
   * `api.connections.allowFrom(...)`.
   */
  public readonly connections: ec2.Connections;

  /** The EC2 capacity the service runs on. */
  public readonly capacity: EssentialEc2Capacity;

  /** The network mode of the tasks. */
  public readonly networkMode: ecs.NetworkMode;

  constructor(scope: Construct, id: string, props: EssentialEc2ServiceProps) {
    super(scope, id, props, props.cluster);
    this.capacity = props.capacity;
    this.networkMode = props.networkMode ?? defaults.EC2_NETWORK_MODE;
    this.validate(props);
    const bridge = this.networkMode === ecs.NetworkMode.BRIDGE;

    this.taskDefinition = new ApplicationEc2TaskDefinition(this, 'TaskDefinition', {
      networkMode: this.networkMode,
      ...(props.faultInjection ? faultInjectionTaskDefinitionProps() : {}),
    }, this.containerName, {
      memoryLimitMiB: props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB,
      cpu: props.cpu ?? defaults.EC2_CONTAINER_CPU,
    });
    // Host port 0 lets Docker pick a free port, so several tasks of the service share an instance.
    this.container = this.addApplicationContainer(this.taskDefinition, props,
      bridge ? { containerPort: this.containerPort, hostPort: 0 } : { containerPort: this.containerPort });
    this.addFaultInjection(this.taskDefinition, props);
    if (props.serviceConnect) {
      this.reserveServiceConnectProxy(props);
      this.recordProxyBudget(this.taskDefinition, props.cpu ?? defaults.EC2_CONTAINER_CPU, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB);
    }

    this.service = new ecs.Ec2Service(this, 'Service', {
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      ...this.deploymentProps(props),
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
    this.completeService(this.service);
    if (props.notifications) {
      this.addInstanceDrainingNotification(props.notifications);
    }
  }

  /**
   * Service Connect needs a task-level memory limit (the proxy runs on the task's unallocated CPU
   * and memory); Ec2TaskDefinitionProps cannot express task-level sizes, hence the L1 properties.
   */
  private reserveServiceConnectProxy(props: EssentialEc2ServiceProps): void {
    const sc = props.serviceConnect!;
    const memory = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
    const cpu = props.cpu ?? defaults.EC2_CONTAINER_CPU;
    const cfn = this.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
    cfn.memory = Token.isUnresolved(memory) ? undefined : String(memory + sc.proxyMemoryMiB);
    cfn.cpu = Token.isUnresolved(cpu) ? undefined : String(cpu + sc.proxyCpu);
  }

  private validate(props: EssentialEc2ServiceProps): void {
    const v = new PropsValidator();
    v.addAll(this.validateBaseProps(props, EC2_MAX_STOP_TIMEOUT_SECONDS));
    if (props.capacity.cluster !== props.cluster) {
      v.fail(`'capacity' must belong to 'cluster': the capacity providers of '${props.capacity.node.path}' are associated with cluster '${props.capacity.cluster.node.path}', got cluster '${props.cluster.node.path}'`);
    }
    const mode = this.networkMode;
    if (mode !== ecs.NetworkMode.AWS_VPC && mode !== ecs.NetworkMode.BRIDGE) {
      v.fail(`'networkMode' must be ecs.NetworkMode.AWS_VPC or ecs.NetworkMode.BRIDGE, got ${mode}`);
    }
    if (mode === ecs.NetworkMode.BRIDGE) {
      if (props.faultInjection) {
        v.fail('\'faultInjection\' needs \'networkMode\' AWS_VPC: ECS fault injection on EC2 runs in awsvpc or host mode only, got BRIDGE');
      }
      if (props.taskSubnets || props.securityGroups) {
        v.fail('\'taskSubnets\' and \'securityGroups\' apply to AWS_VPC tasks only; bridge tasks use the capacity\'s subnets and security group, got \'networkMode\' BRIDGE');
      }
    }

    const memory = props.memoryLimitMiB;
    v.integerInRange('memoryLimitMiB', memory, 6, 1_048_576);
    const memoryLimit = props.capacity.taskMemoryLimitMiB;
    if (memoryLimit !== undefined && isKnown(memory) && memory > memoryLimit) {
      v.fail(`'memoryLimitMiB' must fit the smallest instance type of 'capacity' (${memoryLimit} MiB after reservedMemoryMiB), got ${memory}`);
    }
    v.integerInRange('cpu', props.cpu, 0, 196_608);
    const cpuLimit = props.capacity.taskCpuLimit;
    if (cpuLimit !== undefined && isKnown(props.cpu) && props.cpu > cpuLimit) {
      v.fail(`'cpu' must fit the smallest instance type of 'capacity' (${cpuLimit} units), got ${props.cpu}`);
    }
    if (props.capacity.mix.usesSpot) {
      this.warnAboutSpotWindow(props);
    }
    v.throwIfInvalid(this);
  }

  /** Spot gives two minutes: draining and the stop timeout must both finish inside them. */
  private warnAboutSpotWindow(props: EssentialEc2ServiceProps): void {
    const stop = secondsOf(props.fastDeploy?.stopTimeout);
    if (stop !== undefined && stop > SPOT_WARNING_SECONDS) {
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:stopTimeoutBeyondSpotWarning',
        `'fastDeploy.stopTimeout' ${stop} s is longer than the two-minute Spot interruption warning: Spot tasks are killed before it ends`);
    }
    const drain = secondsOf(props.fastDeploy?.deregistrationDelay);
    if (drain !== undefined && drain >= SPOT_WARNING_SECONDS) {
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:deregistrationDelayBeyondSpotWarning',
        `'fastDeploy.deregistrationDelay' ${drain} s is not shorter than the two-minute Spot interruption warning: in-flight requests on Spot tasks are cut off`);
    }
  }

  private addInstanceDrainingNotification(topic: sns.ITopic): void {
    new events.Rule(this, 'InstanceDrainingRule', {
      description: 'A container instance of the cluster is draining (Spot interruption, scale-in or instance refresh); tasks on it move',
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Container Instance State Change'],
        detail: { clusterArn: [this.cluster.clusterArn], status: ['DRAINING'] },
      },
      targets: [new targets.SnsTopic(topic, {
        message: events.RuleTargetInput.fromText(`Container instance ${events.EventField.fromPath('$.detail.ec2InstanceId')} is draining; tasks of service ${this.service.serviceName} on it move to other instances.`),
      })],
    });
  }
}

/** Container-level limits of the application container. */
interface ContainerLimits {
  readonly memoryLimitMiB: number;
  readonly cpu: number;
}

/**
 * An EC2 task definition that gives the application container its memory and CPU limits.
 *
 * EC2 containers need a memory limit when the task has none, and `Ec2TaskDefinitionProps` has no
 * task-level size; the shared `addApplicationContainer` of the base takes no limits, so they are
 * added here. Other containers without any memory figure (sidecars such as the FIS SSM agent) get a
 * soft reservation instead of CDK's synth error.
 */
class ApplicationEc2TaskDefinition extends ecs.Ec2TaskDefinition {
  private limitsApplied = false;

  constructor(scope: Construct, id: string, props: ecs.Ec2TaskDefinitionProps,
    private readonly applicationContainerName: string, private readonly limits: ContainerLimits) {
    super(scope, id, props);
  }

  public addContainer(id: string, props: ecs.ContainerDefinitionOptions): ecs.ContainerDefinition {
    if (this.limitsApplied || id !== this.applicationContainerName) {
      const sized = props.memoryLimitMiB !== undefined || props.memoryReservationMiB !== undefined;
      return super.addContainer(id, sized ? props : { ...props, memoryReservationMiB: defaults.EC2_SIDECAR_MEMORY_RESERVATION_MIB });
    }
    this.limitsApplied = true;
    return super.addContainer(id, {
      ...props,
      memoryLimitMiB: props.memoryLimitMiB ?? this.limits.memoryLimitMiB,
      cpu: props.cpu ?? this.limits.cpu,
    });
  }
}
