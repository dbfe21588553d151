import { Duration, Names, Stack, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CapacityMix } from './capacity-mix';
import { IEssentialCapacity } from './essential-capacity';
import { ImagePullBehavior } from './image-pull-behavior';
import { validateEc2Capacity } from './private/ec2-capacity-checks';
import { capacityCluster, instanceSubnets } from './private/environment-placement';
import { addAgentPermissions } from './private/instance-role';
import type { EssentialEnvironment } from '../environment/essential-environment';
import * as defaults from '../private/defaults';
import { REGISTRABLE_MEMORY_PERCENT } from '../private/limits';
import { instanceSize, networkInterfaces } from './private/instance-types';
import { isKnown } from '../private/validation';

/**
 * Props of `EssentialEc2Capacity`.
 */
export interface EssentialEc2CapacityProps {
  /**
   * The cluster that gets the two capacity providers.
   *
   * A concrete `ecs.Cluster`: capacity providers are associated with it at synth time, which an
   * imported cluster cannot do.
   *
   * Give `cluster` or `essentialEnvironment`.
   *
   * @default - the cluster of `essentialEnvironment`
   */
  readonly cluster?: ecs.Cluster;

  /**
   * The environment whose cluster gets the two capacity providers, instead of `cluster`. The
   * instances go into the environment's task subnets (the public subnets of a
   * `EnvironmentNetwork.publicSubnetsOnly()` environment, with public IPs).
   *
   * @default - `cluster`
   */
  readonly essentialEnvironment?: EssentialEnvironment;

  /**
   * Instance types of both groups, in priority order for On-Demand. Every type must match the AMI's
   * architecture (Graviton types such as `m7g` for `AmiHardwareType.ARM`). Several types of the same
   * size give Spot more pools to choose from and keep every task placeable on every instance.
   *
   * @default - m7g.large, m6g.large, m7gd.large, m6gd.large (2 vCPU, 8 GiB each)
   */
  readonly instanceTypes?: ec2.InstanceType[];

  /**
   * Hardware type of the ECS-optimized Amazon Linux 2023 AMI.
   *
   * @default ecs.AmiHardwareType.ARM
   */
  readonly amiHardwareType?: ecs.AmiHardwareType;

  /**
   * Minimum number of instances of each of the two groups (On-Demand and Spot); the cluster keeps at
   * least twice this running (0–10000).
   *
   * A group keeps its minimum even when the mix places no task on it.
   *
   * @default 1
   */
  readonly minCapacityPerGroup?: number;

  /**
   * Maximum number of instances of each of the two groups (On-Demand and Spot); the cluster runs up
   * to twice this (1–10000).
   *
   * @default 10
   */
  readonly maxCapacityPerGroup?: number;

  /**
   * How services' tasks are spread over the On-Demand and the Spot group (`capacityProviderStrategies`).
   *
   * `onDemandBase` is carried by the On-Demand provider only (ECS allows one provider with a base per
   * strategy); `onDemandWeight` and `spotWeight` are the weights of the two providers.
   *
   * @default CapacityMix.onDemandSpot() — On-Demand base 1 weight 2, Spot weight 1
   */
  readonly mix?: CapacityMix;

  /**
   * Memory in MiB the ECS agent keeps out of the capacity it reports (`ECS_RESERVED_MEMORY`), left to
   * the OS, Docker and the agent. It does not limit processes outside tasks.
   *
   * @default 256
   */
  readonly reservedMemoryMiB?: number;

  /**
   * How the agent pulls images (`ECS_IMAGE_PULL_BEHAVIOR`).
   *
   * @default ImagePullBehavior.PREFER_CACHED
   */
  readonly imagePullBehavior?: ImagePullBehavior;

  /**
   * Time the agent waits after SIGTERM before SIGKILL for containers without their own stop timeout
   * (`ECS_CONTAINER_STOP_TIMEOUT`), in whole seconds.
   *
   * @default Duration.seconds(2)
   */
  readonly containerStopTimeout?: Duration;

  /**
   * Set Spot instances to DRAINING on their two-minute interruption notice
   * (`ECS_ENABLE_SPOT_INSTANCE_DRAINING`, Spot group only).
   *
   * CDK writes this setting only for groups with a `spotPrice`, which a mixed instances group does
   * not have, so this construct writes it itself.
   *
   * @default true
   */
  readonly enableSpotInstanceDraining?: boolean;

  /**
   * Target utilisation of the groups for ECS managed scaling (1–100). Below 100 keeps spare
   * instances so new tasks place without waiting for an instance to boot.
   *
   * @default 100
   */
  readonly targetCapacityPercent?: number;

  /**
   * How the Spot group picks Spot pools.
   *
   * @default autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED
   */
  readonly spotAllocationStrategy?: autoscaling.SpotAllocationStrategy;

  /**
   * Size of the encrypted gp3 root volume in GiB (30–65536); images and container layers live on it.
   *
   * @default 30
   */
  readonly rootVolumeSizeGiB?: number;

  /**
   * Subnets of the instances.
   *
   * @default - the private subnets with egress of the cluster's VPC; the environment's task subnets with
   * `essentialEnvironment`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Let tasks on these instances read the EC2 instance metadata service (IMDS), and with it the
   * instance role's credentials.
   *
   * Off by default, as AWS's ECS security guidance recommends: the agent runs with
   * `ECS_AWSVPC_BLOCK_IMDS=true` (awsvpc tasks get no route to IMDS) and the launch templates set the
   * IMDSv2 PUT response hop limit to 1 with tokens required (a token answer cannot cross the docker
   * bridge, so bridge-mode containers get no token and IMDSv1 is off). Tasks keep their own task role
   * and the task metadata endpoint (`ECS_CONTAINER_METADATA_URI_V4`: task ARN, Availability Zone,
   * limits), which is what most agents need.
   *
   * This is a per-capacity setting: `true` opens IMDS to every task on these instances, daemons and
   * application tasks alike. A daemon that really needs instance metadata (an agent reading the
   * instance ID or tags) is better placed on a capacity of its own with this set to `true`; with
   * `true` the hop limit is 2 so bridge-mode containers can complete the IMDSv2 token exchange.
   * Tasks in `host` network mode share the instance's network and always reach IMDS (AWS: access
   * cannot be blocked in host mode).
   *
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ec2-security-considerations.html
   * @default false
   */
  readonly enableTaskInstanceMetadataAccess?: boolean;
}

/**
 * EC2 capacity for a cluster the playbook's way: an On-Demand and a Spot Auto Scaling group on the
 * ECS-optimized Amazon Linux 2023 AMI, each registered as a capacity provider with managed scaling,
 * managed termination protection and managed draining, and a strategy for services that spreads tasks
 * over both (by default 2:1 On-Demand:Spot, with one On-Demand task as a floor).
 *
 * The instances use IMDSv2 only with a hop limit of 1, an encrypted root volume, and a role with only
 * the actions the ECS agent needs; tasks cannot reach instance metadata (`ECS_AWSVPC_BLOCK_IMDS`,
 * see `enableTaskInstanceMetadataAccess`). The agent is tuned through user data: `ECS_RESERVED_MEMORY`,
 * `ECS_IMAGE_PULL_BEHAVIOR`, `ECS_CONTAINER_STOP_TIMEOUT` and, on the Spot group,
 * `ECS_ENABLE_SPOT_INSTANCE_DRAINING`.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/asg-capacity-providers.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { CapacityMix, EssentialEc2Capacity } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const cluster: ecs.Cluster;
 * declare const batchCluster: ecs.Cluster;
 *
 * // 1 to 6 instances in each group (2 to 12 in the cluster), the default 2:1 On-Demand:Spot mix.
 * new EssentialEc2Capacity(stack, 'Capacity', { cluster, minCapacityPerGroup: 1, maxCapacityPerGroup: 6 });
 *
 * // Interruptible work: 3 of every 4 tasks on Spot, no On-Demand floor.
 * new EssentialEc2Capacity(stack, 'BatchCapacity', {
 *   cluster: batchCluster,
 *   mix: CapacityMix.custom({ onDemandBase: 0, onDemandWeight: 1, spotWeight: 3 }),
 * });
 */
export class EssentialEc2Capacity extends Construct implements IEssentialCapacity {
  /** The cluster the capacity providers are associated with. */
  public readonly cluster: ecs.Cluster;

  /** The On-Demand Auto Scaling group. */
  public readonly onDemandGroup: autoscaling.AutoScalingGroup;

  /** The Spot Auto Scaling group (every instance above base 0 is Spot). */
  public readonly spotGroup: autoscaling.AutoScalingGroup;

  /** The capacity provider of the On-Demand group. */
  public readonly onDemandProvider: ecs.AsgCapacityProvider;

  /** The capacity provider of the Spot group. */
  public readonly spotProvider: ecs.AsgCapacityProvider;

  /** The strategy services use: On-Demand with the base and weight, Spot with its weight. */
  public readonly capacityProviderStrategies: ecs.CapacityProviderStrategy[];

  /** The On-Demand/Spot mix behind `capacityProviderStrategies`. */
  public readonly mix: CapacityMix;

  /** The instance types of both groups. */
  public readonly instanceTypes: ec2.InstanceType[];

  /** Memory the agent keeps out of the reported capacity, in MiB. */
  public readonly reservedMemoryMiB: number;

  /**
   * The largest task memory in MiB that fits on every instance type, when every instance type's size is
   * known to this library: 97 % of the smallest instance's installed memory (the agent registers less than
   * the installed memory: AWS's m4.large example registers 7,985 of 8,192 MiB), minus `reservedMemoryMiB`.
   */
  public readonly taskMemoryLimitMiB?: number;

  /** The largest task CPU in units (1024 per vCPU) that fits on every instance type, when known. */
  public readonly taskCpuLimit?: number;

  /**
   * The most awsvpc tasks every instance type can run without ENI trunking (network interfaces minus the
   * primary), when every type is known.
   *
   * @internal
   */
  public readonly _awsvpcTasksPerInstance?: number;

  /**
   * The most instances both groups may run together (`maxCapacityPerGroup` × 2), when known.
   *
   * @internal
   */
  public readonly _maxInstances?: number;

  /**
   * The instance role shared by both groups: the ECS agent's actions on this cluster only. Statements
   * added here reach every task that can read instance metadata (none by default).
   */
  public readonly role: iam.IRole;

  /** Whether tasks on these instances can read instance metadata (`enableTaskInstanceMetadataAccess`). */
  public readonly taskInstanceMetadataAccess: boolean;

  /** The security group of the instances (and of bridge-mode tasks). */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: EssentialEc2CapacityProps) {
    super(scope, id);
    this.cluster = capacityCluster(this, props);
    const cluster = this.cluster;
    this.instanceTypes = props.instanceTypes ?? defaults.EC2_INSTANCE_TYPES.map((t) => new ec2.InstanceType(t));
    this.reservedMemoryMiB = props.reservedMemoryMiB ?? defaults.EC2_RESERVED_MEMORY_MIB;
    this.mix = props.mix ?? CapacityMix.onDemandSpot();
    const hardwareType = props.amiHardwareType ?? defaults.EC2_AMI_HARDWARE_TYPE;
    const sizes = this.instanceTypes.map((t) => instanceSize(t.toString()));
    const smallest = sizes.every((s) => s !== undefined)
      ? { memoryMiB: Math.min(...sizes.map((s) => s!.memoryMiB)), vcpus: Math.min(...sizes.map((s) => s!.vcpus)) }
      : undefined;
    validateEc2Capacity(this, props, hardwareType, smallest?.memoryMiB);
    if (smallest && sizes.length > 0) {
      // The agent registers less than the installed memory (kernel and platform overhead), then takes off ECS_RESERVED_MEMORY.
      const registrable = Math.floor(smallest.memoryMiB * REGISTRABLE_MEMORY_PERCENT.max! / 100);
      this.taskMemoryLimitMiB = registrable - (isKnown(this.reservedMemoryMiB) ? this.reservedMemoryMiB : 0);
      this.taskCpuLimit = smallest.vcpus * 1024;
    }
    const enis = this.instanceTypes.map((t) => networkInterfaces(t.toString()));
    this._awsvpcTasksPerInstance = enis.length > 0 && enis.every((n) => n !== undefined) ? Math.min(...enis.map((n) => n!)) - 1 : undefined;
    const maxPerGroup = props.maxCapacityPerGroup ?? defaults.EC2_MAX_CAPACITY;
    this._maxInstances = isKnown(maxPerGroup) ? 2 * maxPerGroup : undefined;

    const role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'ECS container instances: the ECS agent registers, polls and sends telemetry; tasks have their own roles',
    });
    this.role = role;
    addAgentPermissions(role, cluster);
    this.taskInstanceMetadataAccess = props.enableTaskInstanceMetadataAccess ?? defaults.EC2_TASK_INSTANCE_METADATA_ACCESS;
    const securityGroup = new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: 'ECS container instances; load balancers add their own ingress',
      allowAllOutbound: true,
    });
    this.connections = new ec2.Connections({ securityGroups: [securityGroup] });
    // addAsgCapacityProvider (unlike the deprecated addAutoScalingGroup) leaves the cluster's connections
    // empty, and bridge-mode services take their security groups from there: without this, a load
    // balancer would get no ingress rule to the instances' dynamic ports.
    cluster.connections.addSecurityGroup(securityGroup);

    const machineImage = ecs.EcsOptimizedImage.amazonLinux2023(hardwareType);
    const stopTimeout = props.containerStopTimeout ?? defaults.EC2_CONTAINER_STOP_TIMEOUT;
    const agentSettings = [
      `ECS_RESERVED_MEMORY=${this.reservedMemoryMiB}`,
      `ECS_IMAGE_PULL_BEHAVIOR=${props.imagePullBehavior ?? defaults.EC2_IMAGE_PULL_BEHAVIOR}`,
      `ECS_CONTAINER_STOP_TIMEOUT=${stopTimeout.toSeconds()}s`,
      // AWS: "To prevent containers run by tasks that use the awsvpc network mode from accessing the
      // credential information supplied to the Amazon EC2 instance profile, [...] set the
      // ECS_AWSVPC_BLOCK_IMDS agent configuration variable to true" (ECS guide, EC2 container instance
      // security considerations). Bridge-mode tasks are kept out by the hop limit below.
      ...(this.taskInstanceMetadataAccess ? [] : ['ECS_AWSVPC_BLOCK_IMDS=true']),
    ];
    const launchTemplate = (name: string, extraSettings: string[]) => {
      const userData = ec2.UserData.forLinux();
      userData.addCommands(...[...agentSettings, ...extraSettings].map((s) => `echo ${s} >> /etc/ecs/ecs.config`));
      const template = new ec2.LaunchTemplate(this, name, {
        machineImage,
        userData,
        // aws-cdk-lib's addAsgCapacityProvider grants the group's role the agent's actions plus
        // logs:CreateLogStream/PutLogEvents on '*', which only tasks without an execution role need
        // (the instance role then writes their awslogs). Every task of this library has an execution
        // role, so the group gets an immutable view and addAgentPermissions() writes the policy.
        role: role.withoutPolicyUpdates(),
        securityGroup,
        // Without NAT, instances in public subnets reach ECS, ECR and CloudWatch Logs through a public IP.
        associatePublicIpAddress: props.essentialEnvironment?._assignPublicIp || undefined,
        // IMDSv1 answers any request from the instance, including SSRF through a container.
        requireImdsv2: true,
        // Hop limit 1: the IMDSv2 token answer cannot cross the docker bridge, so bridge-mode containers
        // get no token (AL2023 AMIs default to 2, which lets them through).
        httpPutResponseHopLimit: this.taskInstanceMetadataAccess ? defaults.EC2_IMDS_HOP_LIMIT_OPEN : defaults.EC2_IMDS_HOP_LIMIT_BLOCKED,
        blockDevices: [{
          // The root device of the ECS-optimized AL2023 AMI.
          deviceName: '/dev/xvda',
          volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeSizeGiB ?? defaults.EC2_ROOT_VOLUME_SIZE_GIB, {
            encrypted: true,
            volumeType: ec2.EbsDeviceVolumeType.GP3,
          }),
        }],
      });
      // The immutable view hides the role from the template's dependencies: instances must not boot
      // before the agent's policy exists, or their first registration fails.
      template.node.addDependency(role);
      return template;
    };
    const overrides = this.instanceTypes.map((instanceType) => ({ instanceType }));
    const groupProps = {
      vpc: cluster.vpc,
      vpcSubnets: instanceSubnets(props),
      minCapacity: props.minCapacityPerGroup ?? defaults.EC2_MIN_CAPACITY,
      maxCapacity: props.maxCapacityPerGroup ?? defaults.EC2_MAX_CAPACITY,
    };

    this.onDemandGroup = new autoscaling.AutoScalingGroup(this, 'OnDemandGroup', {
      ...groupProps,
      mixedInstancesPolicy: {
        launchTemplate: launchTemplate('OnDemandLaunchTemplate', []),
        launchTemplateOverrides: overrides,
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: 100,
        },
      },
    });
    const spotDraining = props.enableSpotInstanceDraining ?? defaults.EC2_SPOT_INSTANCE_DRAINING;
    this.spotGroup = new autoscaling.AutoScalingGroup(this, 'SpotGroup', {
      ...groupProps,
      capacityRebalance: defaults.EC2_CAPACITY_REBALANCE,
      mixedInstancesPolicy: {
        launchTemplate: launchTemplate('SpotLaunchTemplate', [`ECS_ENABLE_SPOT_INSTANCE_DRAINING=${spotDraining}`]),
        launchTemplateOverrides: overrides,
        instancesDistribution: {
          onDemandBaseCapacity: 0,
          onDemandPercentageAboveBaseCapacity: 0,
          spotAllocationStrategy: props.spotAllocationStrategy
            ?? defaults.EC2_SPOT_ALLOCATION_STRATEGY as autoscaling.SpotAllocationStrategy,
        },
      },
    });

    const providerName = this.providerNamer();
    const provider = (name: string, autoScalingGroup: autoscaling.AutoScalingGroup) => {
      const cp = new ecs.AsgCapacityProvider(this, name, {
        autoScalingGroup,
        capacityProviderName: providerName(name),
        enableManagedScaling: true,
        enableManagedTerminationProtection: true,
        enableManagedDraining: true,
        targetCapacityPercent: props.targetCapacityPercent ?? defaults.EC2_TARGET_CAPACITY_PERCENT,
        machineImageType: ecs.MachineImageType.AMAZON_LINUX_2,
      });
      cluster.addAsgCapacityProvider(cp);
      return cp;
    };
    this.onDemandProvider = provider('OnDemandProvider', this.onDemandGroup);
    this.spotProvider = provider('SpotProvider', this.spotGroup);
    this.capacityProviderStrategies = this.mix._toStrategies(
      this.onDemandProvider.capacityProviderName,
      this.spotProvider.capacityProviderName,
    );
  }

  /**
   * ECS rejects capacity provider names that start with aws, ecs or fargate in any case, and the name
   * CloudFormation generates starts with the stack name; CDK only catches the lower-case prefixes
   * (aws/aws-cdk#29151), so name the providers ourselves when the stack name would break them.
   */
  private providerNamer(): (name: string) => string | undefined {
    const stackName = Stack.of(this).stackName;
    if (Token.isUnresolved(stackName) || !/^(aws|ecs|fargate)/i.test(stackName)) {
      return () => undefined;
    }
    return (name) => `cp-${Names.uniqueResourceName(this, { maxLength: 200, allowedSpecialCharacters: '-_' })}-${name}`;
  }
}
