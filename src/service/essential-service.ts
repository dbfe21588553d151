import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';

/**
 * An ECS service built by this library: the three service variants, `EssentialDaemonService` and
 * `EssentialQueueWorker`.
 *
 * Everything in this library that takes a service takes this interface (`connectTo()`, monitoring),
 * so a service of any kind can be passed. Services that can sit behind a load balancer implement
 * `ILoadBalancedEssentialService`.
 */
export interface IEssentialService extends IConstruct, ec2.IConnectable {
  /** The cluster the service runs in. */
  readonly cluster: ecs.ICluster;

  /** The ECS service. */
  readonly service: ecs.BaseService;

  /** The task definition of the service. */
  readonly taskDefinition: ecs.TaskDefinition;

  /** The application container. */
  readonly container: ecs.ContainerDefinition;

  /** The log group of the application container (retention set, never "never expire"). */
  readonly logGroup: logs.ILogGroup;

  /** Port the application listens on. */
  readonly containerPort: number;

  /**
   * The Service Connect role of the service.
   *
   * @default - the service does not use Service Connect
   */
  readonly serviceConnect?: ServiceConnectMode;

  /**
   * The address Service Connect clients call, e.g. `http://orders:8080`.
   *
   * @default - only client-server services publish an endpoint
   */
  readonly serviceConnectEndpoint?: string;

  /**
   * The scalable task count: add more policies or schedules to it.
   *
   * @default - only when `scaling` is given
   */
  readonly scalableTaskCount?: ecs.ScalableTaskCount;

  /**
   * Let this service call `server` through Service Connect.
   *
   * Adds a security-group rule from this service's tasks to the server's port and a
   * CloudFormation dependency so that the server deploys first: a task only resolves the endpoints
   * that existed when it started.
   *
   * @param server a service created with `serviceConnect: ServiceConnectMode.server(...)`
   */
  connectTo(server: IEssentialService): void;
}

/**
 * An ECS service of this library that can receive traffic from an Application Load Balancer: the
 * three service variants (`EssentialFargateService`, `EssentialEc2Service`,
 * `EssentialManagedInstancesService`). With `LoadBalancing.none()` its load-balancer members are
 * undefined.
 */
export interface ILoadBalancedEssentialService extends IEssentialService {
  /**
   * The target group of the service's tasks.
   *
   * @default - none with LoadBalancing.none()
   */
  readonly targetGroup?: elbv2.ApplicationTargetGroup;

  /**
   * The service's own ALB.
   *
   * @default - the service has no ALB of its own (none, or a shared listener)
   */
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;

  /**
   * The listener that routes to the service (its own, or the shared one).
   *
   * @default - none with LoadBalancing.none()
   */
  readonly listener?: elbv2.IApplicationListener;

  /**
   * The second target group of a blue/green, canary or linear rollout behind an ALB: ECS registers
   * each new revision's tasks in whichever of `targetGroup` and this one is idle. Alarms and
   * dashboards must watch both.
   *
   * @default - none with Rollout.rolling() or without a load balancer
   */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
}
