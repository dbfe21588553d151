import { Names, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import * as defaults from './defaults';

/**
 * Construct id of the holder of the default VPC and clusters in a stack. Unusual on purpose (as
 * aws-ecs-patterns' `EcsDefaultClusterMnL3mNNYN`), and checked: a user's construct with this id fails
 * with a clear error instead of being reused.
 */
export const DEFAULTS_HOLDER_ID = 'EcsEssentialsDefaultsQ7x2';

/** Holds the stack's default VPC and clusters, shared by every service created without a cluster. */
class DefaultsHolder extends Construct {
  private readonly clusters = new Map<string, ecs.Cluster>();
  private vpc?: ec2.Vpc;

  /** The stack's default VPC (2 AZs), created on first use. */
  public defaultVpc(): ec2.Vpc {
    this.vpc ??= new ec2.Vpc(this, 'Vpc', { maxAzs: defaults.VPC_MAX_AZS });
    return this.vpc;
  }

  /** The default cluster of `vpc` (Container Insights, Fargate capacity providers), created on first use. */
  public clusterIn(vpc: ec2.IVpc, id: string): ecs.Cluster {
    let cluster = this.clusters.get(id);
    if (!cluster) {
      cluster = new ecs.Cluster(this, id, {
        vpc,
        containerInsightsV2: ecs.ContainerInsights.ENABLED,
        enableFargateCapacityProviders: true,
      });
      this.clusters.set(id, cluster);
    }
    return cluster;
  }
}

/**
 * The cluster a service without `cluster` runs in: one per stack and VPC, shared by every such
 * service, in the stack's one default VPC when no `vpc` is given either (as aws-ecs-patterns does),
 * so that ten services do not create ten VPCs with their NAT gateways.
 */
export function defaultCluster(scope: Construct, vpc: ec2.IVpc | undefined): ecs.Cluster {
  const stack = Stack.of(scope);
  const existing = stack.node.tryFindChild(DEFAULTS_HOLDER_ID);
  if (existing !== undefined && !(existing instanceof DefaultsHolder)) {
    throw new Error(`${scope.constructor.name} '${scope.node.path}': the stack already has a construct with id '${DEFAULTS_HOLDER_ID}', ` +
      'which this library reserves for the default VPC and cluster of services created without \'cluster\': rename that construct or pass \'cluster\'');
  }
  const holder = (existing as DefaultsHolder | undefined) ?? new DefaultsHolder(stack, DEFAULTS_HOLDER_ID);
  if (vpc === undefined) {
    return holder.clusterIn(holder.defaultVpc(), 'Cluster');
  }
  return holder.clusterIn(vpc, `Cluster${Names.nodeUniqueId(vpc.node)}`);
}
