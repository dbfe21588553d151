import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EssentialContainerOptions } from './essential-container-options';
import type { EssentialEnvironment } from '../environment/essential-environment';

/**
 * The task of every workload of this library: its size, architecture, storage, network placement
 * and who hears when it fails. Extends `EssentialContainerOptions`; extended by the props of every
 * service variant, `EssentialDaemonService`, `EssentialQueueWorker` and `EssentialScheduledJob`.
 */
export interface EssentialTaskOptions extends EssentialContainerOptions {
  /**
   * Task CPU units (1024 per vCPU), for the whole task. On Fargate, with `memoryLimitMiB` a valid
   * Fargate size; on EC2 and Managed Instances 128–196608 and no more than the capacity's instances
   * offer. A Service Connect proxy's headroom is added on top.
   *
   * @default 256
   */
  readonly cpu?: number;

  /**
   * Task memory in MiB, for the whole task. On Fargate it must match `cpu` in the Fargate size
   * table; on EC2 and Managed Instances it must fit the capacity's instances. A Service Connect
   * proxy's headroom is added on top.
   *
   * @default 512
   */
  readonly memoryLimitMiB?: number;

  /**
   * CPU architecture of the tasks. Graviton (ARM64) is about 20 % cheaper and runs on Fargate Spot.
   * On EC2 and Managed Instances it must match the capacity's instances. An image built from a local
   * directory must be built for it (`platform` of `ContainerImage.fromAsset`).
   *
   * @default - ecs.CpuArchitecture.ARM64 on Fargate (X86_64 for Windows); the capacity's architecture
   * on EC2 and Managed Instances
   */
  readonly cpuArchitecture?: ecs.CpuArchitecture;

  /**
   * Ephemeral storage of a Fargate task in GiB, 21–200 (ECS API `EphemeralStorage.sizeInGiB`: "The
   * minimum supported value is 21 GiB and the maximum supported value is 200 GiB"). Fargate only:
   * on EC2 and Managed Instances the instance's volume is the task's storage.
   *
   * @default - 20 GiB, Fargate's own allowance (none is set on the task definition)
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-task-storage.html
   */
  readonly ephemeralStorageGiB?: number;

  /**
   * The environment (Copilot's `env`) to run in: its cluster and VPC, its Service Connect namespace,
   * its shared HTTPS listener for `LoadBalancing.environment()`. Instead of `cluster` / `vpc` (giving
   * both is an error). In an `EnvironmentNetwork.publicSubnetsOnly()` environment the Fargate tasks
   * of services, workers and jobs run in its public subnets with a public IP.
   *
   * @default - the `cluster` (or `vpc`) given, else the stack's default VPC and cluster
   */
  readonly essentialEnvironment?: EssentialEnvironment;

  /**
   * Subnets of the tasks.
   *
   * @default - the private subnets with egress of the cluster's VPC; the public subnets in an
   * `EnvironmentNetwork.publicSubnetsOnly()` environment
   */
  readonly taskSubnets?: ec2.SubnetSelection;

  /**
   * Security groups of the tasks.
   *
   * @default - a new security group that allows all outbound traffic
   */
  readonly securityGroups?: ec2.ISecurityGroup[];

  /**
   * Topic told what goes wrong with the workload: for a service, Spot interruption warnings,
   * unexpected task stops and failed deployments (and, on EC2 and Managed Instances, instances that
   * start draining); for a scheduled job, runs that exit non-zero, fail to start or cannot be
   * invoked. EventBridge rules scoped to the workload.
   *
   * @default - no notifications
   */
  readonly notificationTopic?: sns.ITopic;

  /**
   * Stack outputs: `Url` for a service with a load balancer of its own (https with a certificate) or a
   * name of its own (`domainName`, `LoadBalancing.environment()`), and
   * `LogGroupName` for every workload. Outputs only, never exports.
   *
   * @default true
   */
  readonly outputs?: boolean;
}
