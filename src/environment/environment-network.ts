import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import * as defaults from '../private/defaults';

/**
 * What a network profile gave an environment: its VPC, where workloads run and whether they need
 * public IPs to reach AWS APIs and the internet.
 *
 * @internal
 */
export interface EnvironmentNetworkBinding {
  readonly vpc: ec2.IVpc;
  /** The VPC as created here, when it was (NAT gateways and their Elastic IPs are its children). */
  readonly ownVpc?: ec2.Vpc;
  /** Subnets of every task, worker and job placed in the environment. */
  readonly taskSubnets: ec2.SubnetSelection;
  /** True when tasks run in public subnets without NAT: they need a public IP to reach ECR, SQS, logs. */
  readonly assignPublicIp: boolean;
}

/**
 * The VPC of an `EssentialEnvironment` and what its egress costs: a NAT gateway per Availability Zone
 * (the default), one NAT gateway, no NAT gateway (tasks in public subnets with public IPs), or a VPC
 * of your own.
 *
 * A NAT gateway costs about $0.045 an hour (≈ $33 a month in us-east-1) plus $0.045 per GB it
 * processes; a public IPv4 address costs $0.005 an hour (≈ $3.65 a month) per task.
 *
 * @see https://aws.amazon.com/vpc/pricing/
 */
export abstract class EnvironmentNetwork {
  /**
   * A new VPC over 2 Availability Zones with public subnets and private subnets with egress, one NAT
   * gateway per Availability Zone: the VPC services of this library create when given no cluster.
   * An AZ outage does not cut the other AZ's egress. About $66 a month in us-east-1 before data.
   */
  public static natPerAz(): EnvironmentNetwork {
    return new NewVpc('natPerAz()', undefined);
  }

  /**
   * A new VPC like `natPerAz()` with one NAT gateway for both Availability Zones: half the NAT cost,
   * but the other AZ loses egress when the NAT gateway's AZ fails, and pays cross-AZ data transfer.
   * Test and staging environments.
   */
  public static singleNat(): EnvironmentNetwork {
    return new NewVpc('singleNat()', 1);
  }

  /**
   * A new VPC with public subnets only and no NAT gateway (Copilot's `placement: public`): every
   * service, worker and job of the environment runs in public subnets with a public IP, so that it
   * reaches ECR, CloudWatch Logs and SQS. Their security groups still admit no inbound traffic unless
   * a load balancer or `connectTo()` opens it. There are no fixed egress IPs (`egressIps` is empty).
   */
  public static publicSubnetsOnly(): EnvironmentNetwork {
    return new PublicOnlyVpc();
  }

  /**
   * A VPC of your own. Tasks run in its private subnets with egress, with no public IP: the VPC must
   * give them a route to ECR, CloudWatch Logs and the other AWS APIs they call (NAT or endpoints).
   * Its NAT gateways are not this library's: `egressIps` is empty.
   *
   * @param vpc the VPC
   */
  public static fromVpc(vpc: ec2.IVpc): EnvironmentNetwork {
    return new ExistingVpc(vpc);
  }

  /**
   * The profile, as `<factory>()`, for messages.
   *
   * @internal
   */
  public abstract readonly _description: string;

  /**
   * Create (or adopt) the VPC as a child of `scope`.
   *
   * @internal
   */
  public abstract _bind(scope: Construct): EnvironmentNetworkBinding;
}

const PRIVATE_TASKS: ec2.SubnetSelection = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

/** `natPerAz()` and `singleNat()`: a new VPC with NAT gateways. */
class NewVpc extends EnvironmentNetwork {
  constructor(public readonly _description: string, private readonly natGateways: number | undefined) {
    super();
  }

  public _bind(scope: Construct): EnvironmentNetworkBinding {
    // Same construct id and props as the stack's default VPC, so moving services into an environment
    // changes as little as possible; natGateways undefined is one per AZ.
    const vpc = new ec2.Vpc(scope, 'Vpc', { maxAzs: defaults.VPC_MAX_AZS, natGateways: this.natGateways });
    return { vpc, ownVpc: vpc, taskSubnets: PRIVATE_TASKS, assignPublicIp: false };
  }
}

/** `publicSubnetsOnly()`: a new VPC without NAT; tasks get public IPs. */
class PublicOnlyVpc extends EnvironmentNetwork {
  public readonly _description = 'publicSubnetsOnly()';

  public _bind(scope: Construct): EnvironmentNetworkBinding {
    const vpc = new ec2.Vpc(scope, 'Vpc', {
      maxAzs: defaults.VPC_MAX_AZS,
      natGateways: 0,
      subnetConfiguration: [{ name: 'Public', subnetType: ec2.SubnetType.PUBLIC }],
    });
    return { vpc, ownVpc: vpc, taskSubnets: { subnetType: ec2.SubnetType.PUBLIC }, assignPublicIp: true };
  }
}

/** `fromVpc()`: the user's VPC. */
class ExistingVpc extends EnvironmentNetwork {
  public readonly _description = 'fromVpc()';

  constructor(private readonly vpc: ec2.IVpc) {
    super();
  }

  public _bind(): EnvironmentNetworkBinding {
    return { vpc: this.vpc, taskSubnets: PRIVATE_TASKS, assignPublicIp: false };
  }
}
