import { Names, Size, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CapacityMix } from './capacity-mix';
import { IEssentialCapacity } from './essential-capacity';
import { capacityCluster, instanceSubnets } from './private/environment-placement';
import type { EssentialEnvironment } from '../environment/essential-environment';
import * as defaults from '../private/defaults';
import { MANAGED_INSTANCES_VCPU_COUNT } from '../private/limits';
import { PropsValidator, isKnown } from '../private/validation';

/**
 * Props of `EssentialManagedInstancesCapacity`.
 */
export interface EssentialManagedInstancesCapacityProps {
  /**
   * The cluster that gets the two capacity providers.
   *
   * A concrete `ecs.Cluster`: a Managed Instances capacity provider names its cluster, and the
   * instance role's permissions are scoped to it.
   *
   * Give `cluster` or `essentialEnvironment`.
   *
   * @default - the cluster of `essentialEnvironment`
   */
  readonly cluster?: ecs.Cluster;

  /**
   * The environment whose cluster gets the two capacity providers, instead of `cluster`. The
   * instances go into the environment's task subnets (the public subnets of a
   * `EnvironmentNetwork.publicSubnetsOnly()` environment).
   *
   * @default - `cluster`
   */
  readonly essentialEnvironment?: EssentialEnvironment;

  /**
   * How services' tasks are spread over the On-Demand and the Spot provider (`capacityProviderStrategies`).
   *
   * @default CapacityMix.onDemandSpot() — On-Demand base 1 weight 2, Spot weight 1
   */
  readonly mix?: CapacityMix;

  /**
   * Subnets ECS launches the instances in.
   *
   * @default - the private subnets with egress of the cluster's VPC; the environment's task subnets with
   * `essentialEnvironment`
   */
  readonly vpcSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the instances (and of host-mode tasks). aws-cdk-lib requires at least one.
   *
   * @default - a new security group that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * The attributes ECS picks instance types by, for both providers. Its CPU manufacturers decide the
   * CPU architecture of the services' tasks: Graviton (ARM64) only, or Intel/AMD (X86_64) only.
   *
   * @default - current-generation, non-burstable Graviton instances with 2 to 8 vCPUs and 4 to 32 GiB
   */
  readonly instanceRequirements?: ec2.InstanceRequirementsConfig;
}

/**
 * ECS Managed Instances capacity for a cluster the playbook's way: an On-Demand and a Spot Managed
 * Instances capacity provider (AWS picks, patches and replaces the instances) and a strategy for
 * services that spreads tasks over both (by default 2:1 On-Demand:Spot, with one On-Demand task as a
 * floor). By default ECS picks among current-generation Graviton instance types.
 *
 * Both providers share one infrastructure role (the AWS managed policy ECS documents for it, whose
 * `iam:PassRole` only covers roles named `ecsInstanceRole*`) and one instance profile whose role
 * carries only the ECS agent's actions, scoped to the cluster.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ManagedInstances.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialManagedInstancesCapacity } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const cluster: ecs.Cluster;
 * new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster });
 */
export class EssentialManagedInstancesCapacity extends Construct implements IEssentialCapacity {
  /** The cluster the capacity providers belong to. */
  public readonly cluster: ecs.Cluster;

  /** The On-Demand/Spot mix behind `capacityProviderStrategies`. */
  public readonly mix: CapacityMix;

  /** The Managed Instances capacity provider launching On-Demand instances. */
  public readonly onDemandProvider: ecs.ManagedInstancesCapacityProvider;

  /** The Managed Instances capacity provider launching Spot instances. */
  public readonly spotProvider: ecs.ManagedInstancesCapacityProvider;

  /** The strategy services use: On-Demand with the base and weight, Spot with its weight. */
  public readonly capacityProviderStrategies: ecs.CapacityProviderStrategy[];

  /** The CPU architecture of the instances (ARM64 for Graviton), when the instance requirements decide it. */
  public readonly cpuArchitecture?: ecs.CpuArchitecture;

  /** The instance requirements both providers launch by. */
  public readonly instanceRequirements: ec2.InstanceRequirementsConfig;

  /**
   * The largest task CPU in units (1024 per vCPU) an instance can hold: `vCpuCountMax` × 1024, when
   * the instance requirements set a known maximum.
   */
  public readonly taskCpuLimit?: number;

  /** The largest task memory in MiB an instance can hold (`memoryMax`), when the requirements set one. */
  public readonly taskMemoryLimitMiB?: number;

  /** The role ECS assumes to launch, patch and terminate the instances. */
  public readonly infrastructureRole: iam.IRole;

  /** The role of the instances (the ECS agent's permissions), inside `instanceProfile`. */
  public readonly instanceRole: iam.IRole;

  /** The instance profile of the instances. */
  public readonly instanceProfile: iam.IInstanceProfile;

  /** The security groups of the instances. */
  public readonly connections: ec2.Connections;

  constructor(scope: Construct, id: string, props: EssentialManagedInstancesCapacityProps) {
    super(scope, id);
    this.cluster = capacityCluster(this, props);
    const cluster = this.cluster;
    this.mix = props.mix ?? CapacityMix.onDemandSpot();
    this.instanceRequirements = props.instanceRequirements ?? {
      cpuManufacturers: [ec2.CpuManufacturer.AWS],
      vCpuCountMin: defaults.MI_VCPU_COUNT_MIN,
      vCpuCountMax: defaults.MI_VCPU_COUNT_MAX,
      memoryMin: Size.gibibytes(defaults.MI_MEMORY_MIN_GIB),
      memoryMax: Size.gibibytes(defaults.MI_MEMORY_MAX_GIB),
      burstablePerformance: ec2.BurstablePerformance.EXCLUDED,
      instanceGenerations: [ec2.InstanceGeneration.CURRENT],
    };
    this.cpuArchitecture = architectureOf(this.instanceRequirements);
    this.validate(props);
    const vcpuMax = this.instanceRequirements.vCpuCountMax;
    this.taskCpuLimit = isKnown(vcpuMax) ? vcpuMax * 1024 : undefined;
    const memoryMax = this.instanceRequirements.memoryMax;
    this.taskMemoryLimitMiB = memoryMax && !memoryMax.isUnresolved() ? memoryMax.toMebibytes() : undefined;

    const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: cluster.vpc,
      description: 'ECS Managed Instances; tasks in awsvpc mode have their own security groups',
      allowAllOutbound: true,
    })];
    this.connections = new ec2.Connections({ securityGroups });

    // ECS documents the AWS managed policy for this role; it grants the EC2 fleet, launch-template and
    // instance actions ECS Managed Instances calls, conditioned on ECS-managed tags, and AWS updates it
    // when the service gains features. Its iam:PassRole only covers roles named ecsInstanceRole*.
    this.infrastructureRole = new iam.Role(this, 'InfrastructureRole', {
      assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
      description: 'ECS Managed Instances: ECS launches, patches and terminates the capacity providers\' instances',
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName(defaults.MI_INFRASTRUCTURE_MANAGED_POLICY)],
    });
    const instanceRoleName = this.instanceRoleName();
    this.instanceRole = new iam.Role(this, 'InstanceRole', {
      // The managed infrastructure policy may only pass roles whose name starts with ecsInstanceRole.
      roleName: instanceRoleName,
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: 'ECS Managed Instances: the ECS agent registers, polls and reports state; tasks have their own roles',
      inlinePolicies: { EcsAgent: this.agentPolicy() },
    });
    this.instanceProfile = new iam.InstanceProfile(this, 'InstanceProfile', {
      instanceProfileName: instanceRoleName,
      role: this.instanceRole,
    });

    const subnets = cluster.vpc.selectSubnets(instanceSubnets(props)).subnets;
    const provider = (name: string, capacityOptionType: ecs.CapacityOptionType) => {
      const cp = new ecs.ManagedInstancesCapacityProvider(this, name, {
        infrastructureRole: this.infrastructureRole,
        ec2InstanceProfile: this.instanceProfile,
        subnets,
        securityGroups,
        instanceRequirements: this.instanceRequirements,
        capacityOptionType,
        propagateTags: ecs.PropagateManagedInstancesTags.CAPACITY_PROVIDER,
      });
      // The provider names its cluster itself (no capacity-provider association, aws/aws-cdk#35699).
      cluster.addManagedInstancesCapacityProvider(cp);
      return cp;
    };
    this.onDemandProvider = provider('OnDemandProvider', ecs.CapacityOptionType.ON_DEMAND);
    this.spotProvider = provider('SpotProvider', ecs.CapacityOptionType.SPOT);
    this.capacityProviderStrategies = this.mix._toStrategies(
      this.onDemandProvider.capacityProviderName,
      this.spotProvider.capacityProviderName,
    );
  }

  /**
   * `ecsInstanceRole` + a name unique in the app + the Region: IAM names are global to the account, so
   * the same stack deployed to two Regions must not claim the same name. 64 characters at most, with
   * 16 kept for '-' and the longest Region name.
   */
  private instanceRoleName(): string {
    const prefix = defaults.MI_INSTANCE_ROLE_NAME_PREFIX;
    return `${prefix}${Names.uniqueResourceName(this, { maxLength: 64 - prefix.length - 16 })}-${Stack.of(this).region}`;
  }

  /**
   * What the ECS agent on a Managed Instance calls, scoped to this cluster and its container instances
   * (AWS's managed AmazonECSInstanceRolePolicyForManagedInstances is the broader alternative).
   */
  private agentPolicy(): iam.PolicyDocument {
    const containerInstances = Stack.of(this).formatArn({ service: 'ecs', resource: 'container-instance', resourceName: `${this.cluster.clusterName}/*` });
    return new iam.PolicyDocument({
      statements: [
        new iam.PolicyStatement({
          sid: 'DiscoverPollEndpoint',
          // ecs:DiscoverPollEndpoint supports no resource-level permissions.
          actions: ['ecs:DiscoverPollEndpoint'],
          resources: ['*'],
        }),
        new iam.PolicyStatement({
          sid: 'RegisterAndReport',
          actions: ['ecs:RegisterContainerInstance', 'ecs:SubmitAttachmentStateChanges', 'ecs:SubmitTaskStateChange', 'ecs:SubmitContainerStateChange'],
          resources: [this.cluster.clusterArn],
        }),
        new iam.PolicyStatement({
          sid: 'PollAndTelemetry',
          actions: ['ecs:Poll', 'ecs:StartTelemetrySession', 'ecs:PutSystemLogEvents'],
          resources: [containerInstances],
        }),
      ],
    });
  }

  private validate(props: EssentialManagedInstancesCapacityProps): void {
    const v = new PropsValidator();
    v.addAll(this.mix._validate('mix'));
    if (props.securityGroups !== undefined && props.securityGroups.length === 0) {
      v.fail('\'securityGroups\' must hold at least one security group (aws-cdk-lib\'s ManagedInstancesCapacityProvider requires one; the ECS API and CloudFormation make them optional), got an empty list');
    }
    const r = this.instanceRequirements;
    v.integerInRange('instanceRequirements.vCpuCountMin', r.vCpuCountMin, MANAGED_INSTANCES_VCPU_COUNT.min!, MANAGED_INSTANCES_VCPU_COUNT.max!);
    v.integerInRange('instanceRequirements.vCpuCountMax', r.vCpuCountMax, MANAGED_INSTANCES_VCPU_COUNT.min!, MANAGED_INSTANCES_VCPU_COUNT.max!);
    if (isKnown(r.vCpuCountMin) && isKnown(r.vCpuCountMax) && r.vCpuCountMin > r.vCpuCountMax) {
      v.fail(`'instanceRequirements.vCpuCountMin' must not be above 'instanceRequirements.vCpuCountMax' (${r.vCpuCountMax}), got ${r.vCpuCountMin}`);
    }
    const manufacturers = r.cpuManufacturers ?? [];
    if (manufacturers.length > 0 && this.cpuArchitecture === undefined) {
      v.fail('\'instanceRequirements.cpuManufacturers\' must not mix AWS (Graviton, ARM64) with Intel or AMD (X86_64): ' +
        `a service's tasks run on one CPU architecture, got ${manufacturers.join(', ')}`);
    }
    v.throwIfInvalid(this);
  }
}

/** ARM64 for Graviton only, X86_64 for Intel/AMD only, undefined when mixed or not set. */
function architectureOf(requirements: ec2.InstanceRequirementsConfig): ecs.CpuArchitecture | undefined {
  const manufacturers = requirements.cpuManufacturers ?? [];
  if (manufacturers.length === 0) {
    return undefined;
  }
  if (manufacturers.every((m) => m === ec2.CpuManufacturer.AWS)) {
    return ecs.CpuArchitecture.ARM64;
  }
  if (manufacturers.every((m) => m === ec2.CpuManufacturer.INTEL || m === ec2.CpuManufacturer.AMD)) {
    return ecs.CpuArchitecture.X86_64;
  }
  return undefined;
}
