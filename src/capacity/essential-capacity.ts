import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { CapacityMix } from './capacity-mix';

/**
 * The capacity of a cluster as built by this library: `EssentialEc2Capacity` (Auto Scaling groups)
 * and `EssentialManagedInstancesCapacity` (ECS Managed Instances). Constructs that run on either
 * kind, such as `EssentialDaemonService`, take this interface.
 *
 * Implemented by the library's two capacity classes only: a construct that takes it dispatches on
 * the class and rejects any other implementation with an error.
 */
export interface IEssentialCapacity extends IConstruct, ec2.IConnectable {
  /** The cluster the capacity providers belong to. */
  readonly cluster: ecs.Cluster;

  /** The On-Demand/Spot mix behind `capacityProviderStrategies`. */
  readonly mix: CapacityMix;

  /** The strategy replica services use: On-Demand with the base and weight, Spot with its weight. */
  readonly capacityProviderStrategies: ecs.CapacityProviderStrategy[];

  /**
   * The largest task CPU in units (1024 per vCPU) the capacity's instances can hold.
   *
   * @default - unknown (instance types or requirements given as tokens)
   */
  readonly taskCpuLimit?: number;

  /**
   * The largest task memory in MiB the capacity's instances can hold.
   *
   * @default - unknown (instance types or requirements given as tokens)
   */
  readonly taskMemoryLimitMiB?: number;
}
