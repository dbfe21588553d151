import { Annotations, Token } from 'aws-cdk-lib';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as defaults from '../../private/defaults';
import { AUTO_SCALING_INSTANCE_TYPES, EC2_AGENT_SETTINGS, EC2_AGENT_STOP_TIMEOUT, EC2_CAPACITY_PER_GROUP, MANAGED_SCALING_TARGET_CAPACITY, ROOT_VOLUME_SIZE } from '../../private/limits';
import { PropsValidator, isKnown, listOf, secondsOf } from '../../private/validation';
import type { EssentialEc2Capacity, EssentialEc2CapacityProps } from '../essential-ec2-capacity';

/**
 * Every problem of the props at once, then the warnings on risky-but-legal settings; reads the capacity's
 * resolved `mix` and `instanceTypes`, so call it once both are set.
 */
export function validateEc2Capacity(
  capacity: EssentialEc2Capacity, props: EssentialEc2CapacityProps, hardwareType: ecs.AmiHardwareType, smallestMemoryMiB: number | undefined,
): void {
  const v = new PropsValidator();
  v.addAll(capacity.mix._validate('mix'));

  v.integerInRange('minCapacityPerGroup', props.minCapacityPerGroup, EC2_CAPACITY_PER_GROUP.min!, EC2_CAPACITY_PER_GROUP.max!);
  v.integerInRange('maxCapacityPerGroup', props.maxCapacityPerGroup, 1, EC2_CAPACITY_PER_GROUP.max!);
  const min = props.minCapacityPerGroup ?? defaults.EC2_MIN_CAPACITY;
  const max = props.maxCapacityPerGroup ?? defaults.EC2_MAX_CAPACITY;
  if (isKnown(min) && isKnown(max) && min > max) {
    v.fail(`'minCapacityPerGroup' must not be above 'maxCapacityPerGroup' (${max}), got ${min}`);
  }

  v.integerInRange('targetCapacityPercent', props.targetCapacityPercent, MANAGED_SCALING_TARGET_CAPACITY.min!, MANAGED_SCALING_TARGET_CAPACITY.max!);
  v.integerInRange('rootVolumeSizeGiB', props.rootVolumeSizeGiB, ROOT_VOLUME_SIZE.min!, ROOT_VOLUME_SIZE.max!);
  v.durationInRange('containerStopTimeout', props.containerStopTimeout, EC2_AGENT_STOP_TIMEOUT.min!, EC2_AGENT_STOP_TIMEOUT.max!);
  if (props.containerStopTimeout && secondsOf(props.containerStopTimeout) === undefined) {
    v.fail('\'containerStopTimeout\' is written into the instances\' ecs.config at synth time and cannot be a token');
  }

  v.integerInRange('reservedMemoryMiB', props.reservedMemoryMiB, EC2_AGENT_SETTINGS.min!, EC2_AGENT_SETTINGS.max!);
  if (smallestMemoryMiB !== undefined && isKnown(props.reservedMemoryMiB) && props.reservedMemoryMiB >= smallestMemoryMiB) {
    v.fail(`'reservedMemoryMiB' must be below the memory of the smallest instance type (${smallestMemoryMiB} MiB) or no task fits, got ${props.reservedMemoryMiB}`);
  }

  validateInstanceTypes(v, capacity.instanceTypes, hardwareType);

  if (props.enableTaskInstanceMetadataAccess === true) {
    Annotations.of(capacity).addWarningV2('cdk-ecs-essentials:taskInstanceMetadataAccess',
      '\'enableTaskInstanceMetadataAccess\' lets every task on these instances read instance metadata and the instance role\'s credentials (register and deregister container instances, poll the cluster\'s work): keep it false unless a workload needs IMDS, and give that workload a capacity of its own');
  }
  const spot = props.spotAllocationStrategy;
  if (spot === autoscaling.SpotAllocationStrategy.LOWEST_PRICE) {
    Annotations.of(capacity).addWarningV2('cdk-ecs-essentials:spotLowestPrice',
      '\'spotAllocationStrategy\' lowest-price picks the pools most likely to be interrupted: AWS recommends price-capacity-optimized');
  }
  // Both groups exist whatever the mix: a group the mix never uses still bills for its minimum.
  if (capacity.mix.spotWeight === 0) {
    Annotations.of(capacity).addWarningV2('cdk-ecs-essentials:unusedSpotGroup',
      '\'mix\' places no task on the Spot group (spotWeight 0), which still keeps \'minCapacityPerGroup\' instances running: give the mix a spotWeight, or lower minCapacityPerGroup (it sizes both groups; managed scaling starts instances for pending tasks)');
  }
  if (capacity.mix.onDemandWeight === 0 && capacity.mix.onDemandBase === 0) {
    Annotations.of(capacity).addWarningV2('cdk-ecs-essentials:unusedOnDemandGroup',
      '\'mix\' places no task on the On-Demand group (onDemandBase 0 and onDemandWeight 0), which still keeps \'minCapacityPerGroup\' instances running: give the mix an onDemandWeight, or lower minCapacityPerGroup (it sizes both groups; managed scaling starts instances for pending tasks)');
  }
  v.throwIfInvalid(capacity);
}

/** 1 to 40 types (AUTO_SCALING_INSTANCE_TYPES), each of the AMI's architecture, none repeated. */
function validateInstanceTypes(v: PropsValidator, instanceTypes: ec2.InstanceType[], hardwareType: ecs.AmiHardwareType): void {
  if (instanceTypes.length < AUTO_SCALING_INSTANCE_TYPES.min! || instanceTypes.length > AUTO_SCALING_INSTANCE_TYPES.max!) {
    v.fail(`'instanceTypes' must list ${AUTO_SCALING_INSTANCE_TYPES.min} to ${AUTO_SCALING_INSTANCE_TYPES.max} instance types (the mixed instances policy limit), got ${instanceTypes.length}`);
    return;
  }
  const expected = hardwareType === ecs.AmiHardwareType.ARM ? ec2.InstanceArchitecture.ARM_64 : ec2.InstanceArchitecture.X86_64;
  const mismatched = instanceTypes
    .filter((t) => !Token.isUnresolved(t.toString()) && t.architecture !== expected)
    .map((t) => t.toString());
  if (mismatched.length > 0) {
    const hint = expected === ec2.InstanceArchitecture.ARM_64
      ? 'use Graviton types (a "g" after the generation, e.g. m7g.large) or set amiHardwareType to ecs.AmiHardwareType.STANDARD'
      : 'use x86_64 types (e.g. m7i.large) or set amiHardwareType to ecs.AmiHardwareType.ARM';
    v.fail(`'instanceTypes' must match the ${expected} AMI (amiHardwareType ${hardwareType}): ${hint}, got ${listOf(mismatched)}`);
  }
  const duplicates = instanceTypes.map(String).filter((t, i, all) => all.indexOf(t) !== i);
  if (duplicates.length > 0) {
    v.fail(`'instanceTypes' must not repeat an instance type (the mixed instances policy rejects duplicates), got ${listOf(duplicates)} twice`);
  }
}
