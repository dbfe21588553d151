import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { IConstruct } from 'constructs';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';

/**
 * An ECS service built by this library: `EssentialFargateService`, `EssentialEc2Service` and the
 * workloads built on them.
 *
 * Everything in this library that takes a service takes this interface (`connectTo()`, monitoring,
 * workloads), so a service of any variant can be passed.
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
   * The target group of the service's tasks.
   *
   * @default - the service has no load balancer
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
   * @default - the service has no load balancer
   */
  readonly listener?: elbv2.IApplicationListener;

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

  /**
   * Add AWS FIS experiment templates for this service's tasks: one per fault, stopped by the given
   * alarms. Task faults other than stopTask need `enableFaultInjection: true`.
   *
   * @param id construct id of the experiments, unique among this service's children
   * @param options faults, stop conditions and task selection
   */
  addChaosExperiments(id: string, options: EcsChaosExperimentsOptions): EcsChaosExperiments;

  /**
   * Mount an Amazon EFS file system into the application container: a task definition volume with
   * transit encryption and IAM authorization, the NFS rule from the tasks to the file system, and
   * the task-role grant on the file system (and access point). See docs/storage.md.
   *
   * @param id name of the task definition volume, unique among this service's EFS volumes
   * @param options the file system, the container path, an access point, read-only
   */
  addEfsVolume(id: string, options: EfsMountOptions): void;
}
