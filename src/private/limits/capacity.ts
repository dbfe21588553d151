import { Limit } from './limit';

/** ECS API `CapacityProviderStrategyItem.base`: min 0, max 100000. */
export const CAPACITY_PROVIDER_BASE: Limit = {
  prop: 'capacity.onDemandBase, mix.onDemandBase',
  min: 0,
  max: 100_000,
  source: 'ECS API CapacityProviderStrategyItem.base (shape CapacityProviderStrategyItemBase: min 0, max 100000)',
  model: 'botocore:ecs:CapacityProviderStrategyItem.base',
  schema: 'AWS::ECS::Service#CapacityProviderStrategyItem.Base',
};

/** ECS API `CapacityProviderStrategyItem.weight`: min 0, max 1000. */
export const CAPACITY_PROVIDER_WEIGHT: Limit = {
  prop: 'capacity.onDemandWeight, capacity.spotWeight (and mix.*)',
  min: 0,
  max: 1000,
  source: 'ECS API CapacityProviderStrategyItem.weight (shape CapacityProviderStrategyItemWeight: min 0, max 1000)',
  model: 'botocore:ecs:CapacityProviderStrategyItem.weight',
  schema: 'AWS::ECS::Service#CapacityProviderStrategyItem.Weight',
};

/** ECS API `ManagedScaling.targetCapacity`: "must be greater than 0 and less than or equal to 100". */
export const MANAGED_SCALING_TARGET_CAPACITY: Limit = {
  prop: 'targetCapacityPercent',
  min: 1,
  max: 100,
  source: 'ECS API ManagedScaling.targetCapacity: "The specified value must be greater than 0 and less than or equal to 100"',
  model: 'botocore:ecs:ManagedScaling.targetCapacity',
  schema: 'AWS::ECS::CapacityProvider#ManagedScaling.TargetCapacity',
};

/**
 * The share of an instance's installed memory the ECS agent registers: "Because of platform memory overhead
 * and memory occupied by the system kernel, this number is different than the installed memory amount ...
 * an m4.large instance has 8 GiB of installed memory. However, this does not always translate to exactly 8192
 * MiB" (ECS developer guide, memory-management); AWS's worked example on the ECS-optimized AMI registers
 * 7,985 MiB of 8,192 (97.5 %). The library plans with 97 %, a little below AWS's example, before
 * `ECS_RESERVED_MEMORY` is taken off: a task sized against the nominal memory passes synth and never places.
 */
export const REGISTRABLE_MEMORY_PERCENT: Limit = {
  prop: 'memoryLimitMiB (EC2 capacity: registrable memory)',
  max: 97,
  source: 'ours: from AWS\'s example (ECS developer guide, "Reserving Amazon ECS Linux container instance memory": an m4.large with 8 GiB installed registers 7,985 MiB): tasks are planned against 97 % of the installed memory, minus reservedMemoryMiB',
  ours: true,
};

/**
 * EC2 API `EbsBlockDevice.VolumeSize`: "gp3: 1 - 65,536 GiB". The minimum is the library's: the ECS-optimized
 * AMI's own root volume is 30 GiB, and a smaller one would not boot.
 */
export const ROOT_VOLUME_SIZE: Limit = {
  prop: 'rootVolumeSizeGiB',
  min: 30,
  max: 65_536,
  source: 'EC2 API EbsBlockDevice.VolumeSize: "gp3: 1 - 65,536 GiB"; the minimum 30 is ours: the ECS-optimized AMI\'s root volume is 30 GiB',
};

/** Typo guards on EC2 capacity sizing; none is an AWS limit. */
export const EC2_CAPACITY_PER_GROUP: Limit = {
  prop: 'minCapacityPerGroup (0–), maxCapacityPerGroup (1–)',
  min: 0,
  max: 10_000,
  source: 'ours: a typo guard; the Auto Scaling API takes any Integer and the account\'s EC2 quotas bound it first',
  ours: true,
};

/** The ECS agent's `ECS_CONTAINER_STOP_TIMEOUT` and `ECS_RESERVED_MEMORY` on EC2 capacity: typo guards. */
export const EC2_AGENT_STOP_TIMEOUT: Limit = {
  prop: 'containerStopTimeout (seconds)',
  min: 0,
  max: 86_400,
  source: 'ours: the ECS agent documents no range for ECS_CONTAINER_STOP_TIMEOUT; one day is a typo guard',
  ours: true,
};

export const EC2_AGENT_SETTINGS: Limit = {
  prop: 'reservedMemoryMiB (MiB)',
  min: 0,
  max: 1_048_576,
  source: 'ours: the ECS agent documents no range for ECS_RESERVED_MEMORY; 1 TiB is a typo guard',
  ours: true,
};

/**
 * Auto Scaling API `LaunchTemplateOverrides.InstanceType`: "You can specify up to 40 instance types per Auto Scaling
 * group." (the Overrides list has no machine-readable maximum).
 */
export const AUTO_SCALING_INSTANCE_TYPES: Limit = {
  prop: 'instanceTypes (per Auto Scaling group)',
  min: 1,
  max: 40,
  source: 'Auto Scaling API LaunchTemplateOverrides.InstanceType: "You can specify up to 40 instance types per Auto Scaling group."',
};

/** Managed Instances `instanceRequirements.vCpuCountMin/Max`: the ECS API gives no range (BoxedInteger). */
export const MANAGED_INSTANCES_VCPU_COUNT: Limit = {
  prop: 'instanceRequirements.vCpuCountMin, instanceRequirements.vCpuCountMax',
  min: 1,
  max: 1024,
  source: 'ours: ECS API VCpuCountRangeRequest.min/max are Integers with no documented range; 1024 is above every EC2 instance type',
  ours: true,
};

/**
 * ECS API `DaemonDeploymentConfiguration.drainPercent`: "The percentage of container instances to drain
 * simultaneously during a daemon deployment. Valid values are between 0.0 and 100.0."
 */
export const DAEMON_DRAIN_PERCENT: Limit = {
  prop: 'drainPercent',
  min: 0,
  max: 100,
  source: 'ECS API DaemonDeploymentConfiguration.drainPercent: "Valid values are between 0.0 and 100.0."',
  model: 'botocore:ecs:DaemonDeploymentConfiguration.drainPercent',
  schema: 'AWS::ECS::Daemon#DaemonDeploymentConfiguration.DrainPercent',
};

/**
 * `AWS::ECS::Daemon` `DeploymentConfiguration.BakeTimeInMinutes`: minimum 0, maximum 1440 in the
 * CloudFormation schema (the ECS API text says only "The default value is 0").
 */
export const DAEMON_BAKE_TIME_MINUTES: Limit = {
  prop: 'bakeTime (minutes)',
  min: 0,
  max: 1440,
  source: 'AWS::ECS::Daemon schema DaemonDeploymentConfiguration.BakeTimeInMinutes (minimum 0, maximum 1440); ECS API: "The default value is 0"',
  schema: 'AWS::ECS::Daemon#DaemonDeploymentConfiguration.BakeTimeInMinutes',
};

/**
 * ECS API `CreateDaemonRequest.daemonName` and `DaemonContainerDefinition.name`: "Up to 255 letters
 * (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
 */
export const DAEMON_NAME: Limit = {
  prop: 'serviceName, containerName, task definition family (Managed Daemon)',
  min: 1,
  max: 255,
  pattern: '^[a-zA-Z0-9_-]{1,255}$',
  source: 'ECS API CreateDaemon daemonName / RegisterDaemonTaskDefinition family / DaemonContainerDefinition name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};

/**
 * A Managed Daemon container's stop timeout: DaemonContainerDefinition.stopTimeout documents no range,
 * so the library keeps to the range AWS documents for a container stop timeout (Fargate's 2–120 s).
 */
export const DAEMON_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (Managed Daemon)',
  min: 2,
  max: 120,
  source: 'ours: DaemonContainerDefinition.stopTimeout documents no range; the library keeps to ContainerDefinition.stopTimeout\'s "2-120 seconds" until AWS publishes one',
  ours: true,
};

/**
 * A Managed Daemon's task CPU: RegisterDaemonTaskDefinitionRequest.cpu documents no range, so the
 * library applies the task-definition range of EC2 and Managed Instances (128 to 196608 units).
 */
export const DAEMON_CPU: Limit = {
  prop: 'cpu (Managed Daemon)',
  min: 128,
  max: 196_608,
  source: 'ours: RegisterDaemonTaskDefinitionRequest.cpu documents no range; the library applies the task-definition range (TaskDefinition.cpu, 128 to 196608 units)',
  ours: true,
};

/** Capacity and daemons (ECS capacity providers, EC2, Auto Scaling, Managed Instances): every limit of this file, in the order docs/limits.md lists them. */
export const CAPACITY_LIMITS: readonly Limit[] = [
  CAPACITY_PROVIDER_BASE, CAPACITY_PROVIDER_WEIGHT, MANAGED_SCALING_TARGET_CAPACITY, REGISTRABLE_MEMORY_PERCENT,
  ROOT_VOLUME_SIZE, EC2_CAPACITY_PER_GROUP, EC2_AGENT_STOP_TIMEOUT, EC2_AGENT_SETTINGS, AUTO_SCALING_INSTANCE_TYPES,
  MANAGED_INSTANCES_VCPU_COUNT, DAEMON_DRAIN_PERCENT, DAEMON_BAKE_TIME_MINUTES, DAEMON_NAME, DAEMON_STOP_TIMEOUT,
  DAEMON_CPU,
];
