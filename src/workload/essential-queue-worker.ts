import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { checkQueueRegion, checkScaling, checkVisibilityTimeout, createWorkerQueues, defaultWorkerStopTimeout, warnAboutContainerInsights, warnAboutQueue } from './private/queue-checks';
import { configureQueueScaling } from './private/queue-scaling';
import { EcsEssentialsSuppressions } from '../aspects/suppressions';
import { CapacityMix } from '../capacity/capacity-mix';
import { EcsChaosExperiments, EcsChaosExperimentsOptions } from '../chaos/ecs-chaos-experiments';
import { EssentialServiceMonitoring } from '../monitoring/essential-service-monitoring';
import * as defaults from '../private/defaults';
import { PropsValidator, secondsOf } from '../private/validation';
import { EssentialFargateService } from '../service/essential-fargate-service';
import { IEssentialService } from '../service/essential-service';
import { EssentialServiceOptions } from '../service/essential-service-options';
import { LoadBalancing } from '../service/load-balancing';
import { ServiceConnectMode } from '../service-connect/service-connect-mode';
import { EfsMountOptions } from '../storage/efs-mount-options';

/**
 * How an `EssentialQueueWorker` scales on its queue: from and to zero by default.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-target-tracking-metric-math.html
 */
export interface QueueWorkerScalingOptions {
  /**
   * The fewest tasks. At 0 the worker stops its last task once the queue has been empty for
   * `scaleToZeroAfter`, and a wake-up alarm starts one when a message arrives.
   *
   * @default 0
   */
  readonly minCapacity?: number;

  /**
   * The most tasks; caps the bill when the backlog explodes.
   *
   * @default 10
   */
  readonly maxCapacity?: number;

  /**
   * Messages waiting per running task to keep the worker at (target tracking on
   * `ApproximateNumberOfMessagesVisible` ÷ `RunningTaskCount`). Pick the latency you accept divided
   * by the time one task takes per message: 10 s of latency at 0.1 s a message is 100.
   *
   * @default 10
   */
  readonly backlogPerTask?: number;

  /**
   * How long the queue must hold nothing, neither visible nor in flight, before the worker stops its
   * last tasks (whole minutes, 1–1440). Only with `minCapacity` 0.
   *
   * @default Duration.minutes(15)
   */
  readonly scaleToZeroAfter?: Duration;
}

/**
 * Props of `EssentialQueueWorker`.
 */
export interface EssentialQueueWorkerProps extends EssentialServiceOptions {

  /**
   * The queue to consume. Its visibility timeout must not be shorter than `stopTimeout` (checked
   * for queues of this app; SQS defaults to 30 s). Give it a dead-letter queue.
   *
   * @default - a new queue (SQS-managed encryption, TLS enforced, visibility timeout 2 minutes) with
   * a dead-letter queue that receives a message after 5 failed receives (maxReceiveCount 5) and
   * keeps it 14 days
   */
  readonly queue?: sqs.IQueue;

  /**
   * Scaling on the queue's backlog, from and to zero.
   *
   * @default - minCapacity 0, maxCapacity 10, backlogPerTask 10, scaleToZeroAfter 15 minutes
   */
  readonly queueScaling?: QueueWorkerScalingOptions;

  /**
   * The cluster to run in. Give `cluster` or `vpc`, not both. Container Insights must be enabled on
   * it: scaling reads its task counts.
   *
   * @default - the stack's default cluster (Container Insights, Fargate capacity providers)
   */
  readonly cluster?: ecs.ICluster;

  /**
   * The VPC of the default cluster. Give `cluster` or `vpc`, not both.
   *
   * @default - the stack's default VPC
   */
  readonly vpc?: ec2.IVpc;

  /**
   * Time between SIGTERM and SIGKILL for the worker container (2–120 s on Fargate: ECS API
   * `ContainerDefinition.stopTimeout`). The queue's visibility timeout must not be shorter.
   *
   * @default - Duration.seconds(60), or the visibility timeout of a given `queue` of this app when that
   * is shorter (with a warning), at least 2 s
   */
  readonly stopTimeout?: Duration;

  /**
   * How tasks are spread over On-Demand and Spot.
   *
   * @default CapacityMix.custom({ onDemandBase: 1, onDemandWeight: 1, spotWeight: 3 }) — the first
   * task On-Demand, 3 of 4 tasks above it on Spot
   */
  readonly capacity?: CapacityMix;


  /**
   * Fargate platform version.
   *
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;

  /**
   * Give the tasks public IPs: only for `taskSubnets` that are public subnets of a VPC without a NAT
   * gateway, where a task without one cannot reach SQS, ECR or CloudWatch Logs.
   *
   * @default - true in an `EnvironmentNetwork.publicSubnetsOnly()` environment, else false
   */
  readonly assignPublicIp?: boolean;


}

/**
 * A Fargate service without a load balancer that consumes an SQS queue and scales on its backlog,
 * from and to zero: what AWS Copilot called a Worker Service.
 *
 * The task role may receive, delete and change the visibility of messages of exactly this queue.
 * Most tasks run on Fargate Spot, on Graviton.
 *
 * **Stopping.** ECS stops a task with SIGTERM, then SIGKILL after `stopTimeout` (60 s by default):
 * on a deployment, on scale-in and, for Spot tasks, at the two-minute interruption notice (SIGKILL
 * then comes at the earlier of `stopTimeout` and the end of the notice). On SIGTERM the worker should
 * stop receiving, finish the message in hand if it can within the stop timeout and delete it, or
 * else return it at once with `ChangeMessageVisibility` 0 so another task picks it up. A message
 * neither deleted nor returned reappears when its visibility timeout ends, which is why the
 * visibility timeout must be at least the stop timeout.
 *
 * **Scaling.** Target tracking keeps `backlogPerTask` messages per running task. It cannot start the
 * first task (with no task, the backlog per task has no value), so a wake-up alarm sets one task when
 * a message waits and none is wanted: about two minutes from the first message to the scaling
 * action (SQS publishes 1-minute metrics), plus the task's start. The worker returns to zero once
 * nothing was visible or in flight for `scaleToZeroAfter`.
 *
 * @example
 * import { Stack } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialQueueWorker } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * const worker = new EssentialQueueWorker(stack, 'Thumbnails', {
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
 *   queueScaling: { maxCapacity: 20, backlogPerTask: 10 },
 * });
 */
export class EssentialQueueWorker extends Construct implements IEssentialService {
  /** The queue the worker consumes. */
  public readonly queue: sqs.IQueue;

  /**
   * The dead-letter queue of the worker's own queue.
   *
   * @default - none when `queue` is given
   */
  public readonly deadLetterQueue?: sqs.IQueue;

  /** The Fargate service the worker is made of: every service feature of this library works on it. */
  public readonly essentialService: EssentialFargateService;

  /** The cluster the worker runs in. */
  public readonly cluster: ecs.ICluster;

  /** The ECS service (an `ecs.FargateService`). */
  public readonly service: ecs.BaseService;

  /** The task definition. */
  public readonly taskDefinition: ecs.TaskDefinition;

  /** The worker container. */
  public readonly container: ecs.ContainerDefinition;

  /** The log group of the worker container. */
  public readonly logGroup: logs.ILogGroup;

  /** Port mapping of the container (workers receive no traffic; Service Connect may use it). */
  public readonly containerPort: number;

  /** The security groups of the tasks. */
  public readonly connections: ec2.Connections;

  /**
   * The scalable task count: add more policies or schedules to it. A worker always has one
   * (optional only because `IEssentialService` declares it so).
   *
   * @default - always set
   */
  public readonly scalableTaskCount?: ecs.ScalableTaskCount;

  /**
   * The alarm that starts the first task when messages wait and no task is wanted.
   *
   * @default - none when `queueScaling.minCapacity` is above 0
   */
  public readonly wakeUpAlarm?: cloudwatch.Alarm;

  /**
   * The alarm that stops the last tasks once the queue has been empty for `scaleToZeroAfter`.
   *
   * @default - none when `queueScaling.minCapacity` is above 0
   */
  public readonly emptyQueueAlarm?: cloudwatch.Alarm;

  /**
   * The dashboard and recommended alarms of this worker.
   *
   * @default - only with `enableMonitoring: true`
   */
  public readonly monitoring?: EssentialServiceMonitoring;

  /**
   * The Service Connect role of the worker.
   *
   * @default - no Service Connect
   */
  public readonly serviceConnect?: ServiceConnectMode;

  /**
   * The address Service Connect clients call.
   *
   * @default - only client-server services publish an endpoint
   */
  public readonly serviceConnectEndpoint?: string;


  constructor(scope: Construct, id: string, props: EssentialQueueWorkerProps) {
    super(scope, id);
    const scaling = {
      minCapacity: props.queueScaling?.minCapacity ?? defaults.WORKER_MIN_CAPACITY,
      maxCapacity: props.queueScaling?.maxCapacity ?? defaults.WORKER_MAX_CAPACITY,
      backlogPerTask: props.queueScaling?.backlogPerTask ?? defaults.WORKER_BACKLOG_PER_TASK,
      scaleToZeroAfter: props.queueScaling?.scaleToZeroAfter ?? defaults.WORKER_SCALE_TO_ZERO_AFTER,
    };
    const stopTimeout = props.stopTimeout ?? defaultWorkerStopTimeout(this, props.queue);
    const v = new PropsValidator();
    checkScaling(v, this, scaling);
    // A stop timeout left out follows the queue (defaultWorkerStopTimeout); one given must fit it.
    if (props.queue && props.stopTimeout) {
      checkVisibilityTimeout(v, props.queue, props.stopTimeout);
    }
    if (props.queue) {
      checkQueueRegion(v, this, props.queue);
    }
    v.throwIfInvalid(this);

    const own = props.queue ? undefined : createWorkerQueues(this);
    this.queue = props.queue ?? own!.queue;
    this.deadLetterQueue = own?.deadLetterQueue;
    if (props.queue) {
      warnAboutQueue(this, props.queue);
    }

    // Everything the worker does not own goes to the service as given.
    const { queue: _queue, queueScaling: _queueScaling, stopTimeout: _stopTimeout, capacity, ...serviceProps } = props;
    this.essentialService = new EssentialFargateService(this, 'Service', {
      ...serviceProps,
      capacity: capacity ?? CapacityMix.custom({
        onDemandBase: defaults.WORKER_ON_DEMAND_BASE,
        onDemandWeight: defaults.WORKER_ON_DEMAND_WEIGHT,
        spotWeight: defaults.WORKER_SPOT_WEIGHT,
      }),
      // The worker owns QUEUE_URL: it must name the queue the task role may read.
      environment: { ...props.environment, [defaults.WORKER_QUEUE_URL_VARIABLE]: this.queue.queueUrl },
      // The worker's own monitoring (with the queue's widgets) replaces the service's.
      enableMonitoring: false,
      loadBalancing: LoadBalancing.none(),
      desiredCount: scaling.minCapacity,
      fastDeploy: { stopTimeout },
    });
    const inner = this.essentialService;
    this.cluster = inner.cluster;
    this.service = inner.service;
    this.taskDefinition = inner.taskDefinition;
    this.container = inner.container;
    this.logGroup = inner.logGroup;
    this.containerPort = inner.containerPort;
    this.connections = inner.connections;
    this.serviceConnect = inner.serviceConnect;
    this.serviceConnectEndpoint = inner.serviceConnectEndpoint;

    this.queue.grantConsumeMessages(this.taskDefinition.taskRole);
    warnAboutContainerInsights(this, this.cluster);
    const parts = configureQueueScaling(this, this.service, this.queue, scaling);
    this.scalableTaskCount = parts.scalableTaskCount;
    this.wakeUpAlarm = parts.wakeUpAlarm;
    this.emptyQueueAlarm = parts.emptyQueueAlarm;

    const stopSeconds = secondsOf(stopTimeout);
    if (stopSeconds === undefined || stopSeconds > defaults.STOP_TIMEOUT.toSeconds()) {
      // EcsFastDeployChecks wants 2 s for request-serving services; a worker needs the time to finish or return a message.
      EcsEssentialsSuppressions.add(inner, [{
        id: 'ECSE-FD4',
        reason: 'Queue worker: the stop timeout lets the task finish or return its in-flight message after SIGTERM (EssentialQueueWorker stopTimeout)',
      }]);
    }
    if (props.enableMonitoring) {
      this.monitoring = new EssentialServiceMonitoring(this, 'Monitoring', { services: [this], notificationTopic: props.notificationTopic });
    }
  }

  /**
   * Let this worker call `server` through Service Connect (security-group rule and deploy order).
   *
   * @param server a service created with `serviceConnect: ServiceConnectMode.server(...)`
   */
  public connectTo(server: IEssentialService): void {
    this.essentialService.connectTo(server);
  }

  /**
   * Add AWS FIS experiment templates for this worker's tasks.
   *
   * @param id construct id of the experiments, unique among the worker service's children
   * @param options faults, stop conditions and task selection
   */
  public addChaosExperiments(id: string, options: EcsChaosExperimentsOptions): EcsChaosExperiments {
    return this.essentialService.addChaosExperiments(id, options);
  }

  /**
   * Mount an Amazon EFS file system into the worker container (transit encryption, IAM
   * authorization, NFS rule, task-role grant). See docs/storage.md.
   *
   * @param id name of the task definition volume, unique among this worker's EFS volumes
   * @param options the file system, the container path, an access point, read-only
   */
  public addEfsVolume(id: string, options: EfsMountOptions): void {
    this.essentialService.addEfsVolume(id, options);
  }
}
