import { Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as cloudmap from 'aws-cdk-lib/aws-servicediscovery';
import { Construct } from 'constructs';
import { EnvironmentDomainOptions } from './environment-domain-options';
import { EnvironmentNetwork, EnvironmentNetworkBinding } from './environment-network';
import { exportEgressIps } from './private/egress-ips';
import { checkDomain, checkInterfaceEndpoints, checkNamespaceName } from './private/environment-checks';
import { SharedHttpsAlb } from './private/shared-https-alb';
import * as defaults from '../private/defaults';
import { PropsValidator } from '../private/validation';

/**
 * Props of `EssentialEnvironment`.
 */
export interface EssentialEnvironmentProps {
  /**
   * The VPC and what its egress costs: `EnvironmentNetwork.natPerAz()`, `singleNat()`,
   * `publicSubnetsOnly()` or `fromVpc(vpc)`.
   *
   * @default EnvironmentNetwork.natPerAz() — the VPC services create without a cluster: 2 AZs, a NAT gateway per AZ
   */
  readonly network?: EnvironmentNetwork;

  /**
   * A domain for the environment's web services: a DNS-validated certificate for `domainName` and
   * `*.domainName`, one shared internet-facing ALB with an HTTPS listener (TLS 1.2+, unmatched hosts
   * get a 404) and a redirect from HTTP. Services join it with `LoadBalancing.environment({ host })`.
   *
   * @default - no domain, no shared ALB
   */
  readonly domain?: EnvironmentDomainOptions;

  /**
   * Interface VPC endpoints to create in the task subnets, e.g. `ec2.InterfaceVpcEndpointAwsService.ECR`,
   * `ECR_DOCKER`, `CLOUDWATCH_LOGS`, `SSM`, `SECRETS_MANAGER`, `SQS`. Each costs about $0.01 per
   * Availability Zone and hour (≈ $14.60 a month over the 2 AZs) plus $0.01 per GB: worth it when image
   * pulls and log traffic through the NAT gateways cost more, or in a VPC without internet access.
   *
   * @default - none (the S3 gateway endpoint, which is free, is always created)
   * @see https://aws.amazon.com/privatelink/pricing/
   */
  readonly interfaceEndpoints?: ec2.InterfaceVpcEndpointAwsService[];

  /**
   * Name of the Service Connect (Cloud Map HTTP) namespace of the cluster. Unique per account and
   * Region.
   *
   * @default - `<id>.<stack name>.internal`, lowercase
   */
  readonly namespaceName?: string;

  /**
   * Retention of the VPC flow log's log group.
   *
   * @default logs.RetentionDays.THREE_MONTHS
   */
  readonly flowLogRetention?: logs.RetentionDays;
}

/**
 * One stage of an application (Copilot's environment): a VPC with the network cost profile of your
 * choice, an ECS cluster with Container Insights and the Fargate capacity providers, a Service Connect
 * namespace, an S3 gateway endpoint (image layers come from S3: pulls skip the NAT gateway's per-GB
 * charge), VPC flow logs and, with `domain`, one shared HTTPS load balancer.
 *
 * Every service, worker, job and capacity of this library takes it as `essentialEnvironment` instead
 * of `cluster` / `vpc`. See docs/environments.md.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/vpc-endpoints.html
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import * as route53 from 'aws-cdk-lib/aws-route53';
 * import { EnvironmentNetwork, EssentialEnvironment, EssentialFargateService, LoadBalancing } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * declare const hostedZone: route53.IHostedZone;
 * const prod = new EssentialEnvironment(stack, 'Prod', {
 *   network: EnvironmentNetwork.natPerAz(),
 *   domain: { domainName: 'example.com', hostedZone },
 * });
 * new EssentialFargateService(stack, 'Web', {
 *   essentialEnvironment: prod,
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
 *   containerPort: 80,
 *   loadBalancing: LoadBalancing.environment({ host: 'web' }),
 * });
 */
export class EssentialEnvironment extends Construct {
  /** The VPC of the environment. */
  public readonly vpc: ec2.IVpc;

  /** The cluster every workload of the environment runs in (Container Insights, Fargate capacity providers). */
  public readonly cluster: ecs.Cluster;

  /** The Service Connect (Cloud Map HTTP) namespace, the cluster's default. */
  public readonly namespace: cloudmap.INamespace;

  /** The VPC flow log (all traffic, to CloudWatch Logs). */
  public readonly flowLog: ec2.FlowLog;

  /**
   * The shared internet-facing ALB.
   *
   * @default - only with `domain`
   */
  public readonly loadBalancer?: elbv2.ApplicationLoadBalancer;

  /**
   * The shared HTTPS listener that `LoadBalancing.environment()` adds host rules to.
   *
   * @default - only with `domain`
   */
  public readonly listener?: elbv2.ApplicationListener;

  /**
   * The public IPv4 addresses the environment's tasks reach the internet from: the Elastic IPs of its
   * NAT gateways, each exported as a stack output for third parties to allow-list.
   *
   * Empty with `EnvironmentNetwork.publicSubnetsOnly()` (each task has its own changing public IP) and
   * `fromVpc()` (the NAT gateways are not this library's).
   */
  public readonly egressIps: string[];

  /** What the network profile gave: where tasks run, whether they need public IPs. */
  private readonly network: EnvironmentNetworkBinding;

  /** The short names of the interface endpoints the environment created (`ecr.api`, `logs`, …). */
  private readonly endpointNames: string[];

  /** The domain and its listener, with the host rules' priorities. */
  private readonly shared?: SharedHttpsAlb;

  constructor(scope: Construct, id: string, props: EssentialEnvironmentProps = {}) {
    super(scope, id);
    const v = new PropsValidator();
    if (props.domain) {
      checkDomain(v, this, props.domain);
    }
    checkInterfaceEndpoints(v, props.interfaceEndpoints);
    checkNamespaceName(v, props.namespaceName);
    v.throwIfInvalid(this);

    this.network = (props.network ?? EnvironmentNetwork.natPerAz())._bind(this);
    const vpc = this.network.vpc;
    this.vpc = vpc;
    // Free, and ECR image layers come from S3: pulls no longer pay the NAT gateway's per-GB charge.
    new ec2.GatewayVpcEndpoint(this, 'S3Endpoint', { vpc, service: ec2.GatewayVpcEndpointAwsService.S3 });
    this.endpointNames = (props.interfaceEndpoints ?? []).map((service) => service.shortName);
    for (const service of props.interfaceEndpoints ?? []) {
      new ec2.InterfaceVpcEndpoint(this, `Endpoint-${service.shortName}`, {
        vpc,
        service,
        subnets: this.network.taskSubnets,
        privateDnsEnabled: true,
      });
    }
    this.flowLog = new ec2.FlowLog(this, 'FlowLog', {
      resourceType: ec2.FlowLogResourceType.fromVpc(vpc),
      trafficType: defaults.FLOW_LOG_TRAFFIC_TYPE,
      destination: ec2.FlowLogDestination.toCloudWatchLogs(new logs.LogGroup(this, 'FlowLogs', {
        retention: props.flowLogRetention ?? defaults.FLOW_LOG_RETENTION,
      })),
    });
    this.cluster = new ecs.Cluster(this, 'Cluster', {
      vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
      enableFargateCapacityProviders: true,
      defaultCloudMapNamespace: {
        name: props.namespaceName ?? defaultNamespaceName(this),
        type: cloudmap.NamespaceType.HTTP,
        useForServiceConnect: true,
      },
    });
    this.namespace = this.cluster.defaultCloudMapNamespace!;
    this.egressIps = this.network.ownVpc ? exportEgressIps(this, this.network.ownVpc) : [];
    if (props.domain) {
      this.shared = new SharedHttpsAlb(this, vpc, props.domain);
      this.loadBalancer = this.shared.loadBalancer;
      this.listener = this.shared.listener;
    }
  }

  /**
   * Subnets of the tasks placed in this environment.
   *
   * @internal
   */
  public get _taskSubnets(): ec2.SubnetSelection {
    return this.network.taskSubnets;
  }

  /**
   * True when tasks must have a public IP (public subnets without NAT).
   *
   * @internal
   */
  public get _assignPublicIp(): boolean {
    return this.network.assignPublicIp;
  }

  /**
   * True when tasks without a route to the internet still pull images and send logs: the environment has the
   * ECR API, ECR Docker and CloudWatch Logs interface endpoints (image layers come through the S3 gateway
   * endpoint every environment has).
   *
   * @internal
   */
  public get _reachesEcrAndLogsPrivately(): boolean {
    return PRIVATE_PULL_AND_LOG_ENDPOINTS.every((name) => this.endpointNames.includes(name));
  }

  /**
   * The domain, its listener and the next free host-rule priority, for `LoadBalancing.environment()`.
   *
   * @internal
   */
  public get _sharedAlb(): SharedHttpsAlb | undefined {
    return this.shared;
  }

  /**
   * The alias record of `host` in the environment's hosted zone, pointing at the shared ALB.
   *
   * @internal
   */
  public _addHostRecord(scope: Construct, host: string): route53.ARecord {
    return this.shared!.addHostRecord(scope, host);
  }
}

/** `<id>.<stack name>.internal`, lowercase, with what Cloud Map names do not take replaced by '-'. */
/** The interface endpoints an image pull and awslogs need when tasks have no route to the internet. */
const PRIVATE_PULL_AND_LOG_ENDPOINTS = [
  ec2.InterfaceVpcEndpointAwsService.ECR.shortName,
  ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER.shortName,
  ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS.shortName,
];

function defaultNamespaceName(env: Construct): string {
  const stackName = Stack.of(env).stackName;
  const parts = Token.isUnresolved(stackName) ? [env.node.id, 'internal'] : [env.node.id, stackName, 'internal'];
  return parts.join('.').toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}
