import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import type { EssentialEnvironment } from '../../environment/essential-environment';
import { checkEnvironmentExclusive } from '../../private/placement-checks';
import { PropsValidator } from '../../private/validation';

/** Where a capacity's instances go: a cluster, or an environment that brings one. */
export interface CapacityPlacementProps {
  readonly cluster?: ecs.Cluster;
  readonly essentialEnvironment?: EssentialEnvironment;
  readonly vpcSubnets?: ec2.SubnetSelection;
}

/** The capacity's cluster: `cluster` or the environment's, exactly one of them. */
export function capacityCluster(scope: Construct, props: CapacityPlacementProps): ecs.Cluster {
  const v = new PropsValidator();
  checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster });
  if (props.cluster === undefined && props.essentialEnvironment === undefined) {
    v.fail('\'cluster\' or \'essentialEnvironment\' is required: the capacity providers belong to one cluster, got neither');
  }
  v.throwIfInvalid(scope);
  return props.essentialEnvironment?.cluster ?? props.cluster!;
}

/** The instances' subnets: as given, else the environment's task subnets, else the private subnets with egress. */
export function instanceSubnets(props: CapacityPlacementProps): ec2.SubnetSelection {
  return props.vpcSubnets ?? props.essentialEnvironment?._taskSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };
}
