import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct, Dependable, IDependable } from 'constructs';
import { JobSchedule } from './job-schedule';
import { addJobDashboard, addJobRunRules } from './private/job-monitoring';
import { createSchedulerRole, renderTokenRetryPolicy, validateJobProps } from './private/job-wiring';
import { CapacityMix } from '../capacity/capacity-mix';
import { ServiceLogging } from '../logging/service-logging';
import { addApplicationContainer } from '../private/application-container';
import { defaultCluster } from '../private/default-cluster';
import * as defaults from '../private/defaults';
import { addWorkloadOutputs } from '../private/outputs';
import { isKnown } from '../private/validation';
import { EssentialTaskOptions } from '../service/essential-task-options';

/**
 * Props of `EssentialScheduledJob`.
 */
export interface EssentialScheduledJobProps extends EssentialTaskOptions {

  /**
   * When the job runs: `JobSchedule.cron({ ..., timeZone })`, `JobSchedule.rate(duration)` or
   * `JobSchedule.at(date, timeZone)`.
   */
  readonly schedule: JobSchedule;

  /**
   * The cluster to run in. Give `cluster` or `vpc`, not both. Its FARGATE and FARGATE_SPOT capacity
   * providers are enabled when it is an `ecs.Cluster` of this app.
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
   * How runs are placed on On-Demand and Spot. A Spot run that finds no capacity does not start
   * (Fargate does not fall back to On-Demand): Scheduler retries it, and `notificationTopic` hears of it.
   * Use `CapacityMix.onDemandOnly()` for a job that must not miss a run.
   *
   * @default CapacityMix.spotOnly()
   */
  readonly capacity?: CapacityMix;


  /**
   * Fargate platform version.
   *
   * @default ecs.FargatePlatformVersion.LATEST
   */
  readonly platformVersion?: ecs.FargatePlatformVersion;

  /**
   * Time between SIGTERM and SIGKILL (2–120 s on Fargate: ECS API `ContainerDefinition.stopTimeout`): a Spot interruption sends SIGTERM two
   * minutes before the task stops; checkpoint and exit.
   *
   * @default Duration.seconds(120)
   */
  readonly stopTimeout?: Duration;


  /**
   * How often Scheduler retries a run whose RunTask call fails (0–185).
   *
   * @default 5
   */
  readonly retryAttempts?: number;

  /**
   * How long Scheduler keeps retrying a run before it goes to the dead-letter queue (1 minute–24 hours).
   *
   * @default Duration.hours(1)
   */
  readonly maxEventAge?: Duration;

  /**
   * Where runs that could not be invoked go, after the retries.
   *
   * @default - a new queue (SQS-managed encryption, TLS enforced, 14 days retention)
   */
  readonly deadLetterQueue?: sqs.IQueue;

  /**
   * A CloudWatch dashboard of the job's runs (as `dashboard`): runs ended and failed per hour, runs
   * Scheduler gave up on, and the start, end and duration of the last runs from their logs.
   *
   * @default false
   */
  readonly enableMonitoring?: boolean;

  /**
   * Whether the schedule is enabled.
   *
   * @default true
   */
  readonly enabled?: boolean;

  /**
   * Description of the schedule.
   *
   * @default - none
   */
  readonly description?: string;


  /**
   * Give the task a public IP (only with public `taskSubnets`).
   *
   * @default - true in an `EnvironmentNetwork.publicSubnetsOnly()` environment, else false
   */
  readonly assignPublicIp?: boolean;
}

/**
 * A Fargate task run on a schedule by EventBridge Scheduler: what AWS Copilot called a Scheduled Job.
 *
 * Runs on Fargate Spot and Graviton by default, with a retry policy, a maximum event age and a
 * dead-letter queue for runs Scheduler could not start, notifications when a run exits non-zero or
 * fails to start, a log group with retention, and a Scheduler role that may only run this task
 * definition family in this cluster and pass its two roles to ECS tasks.
 *
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/what-is-scheduler.html
 *
 * @example
 * import { Stack, TimeZone } from 'aws-cdk-lib';
 * import * as ecs from 'aws-cdk-lib/aws-ecs';
 * import { EssentialScheduledJob, JobSchedule } from 'cdk-ecs-essentials';
 *
 * declare const stack: Stack;
 * new EssentialScheduledJob(stack, 'Nightly', {
 *   image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
 *   schedule: JobSchedule.cron({ hour: '2', minute: '0', timeZone: TimeZone.ASIA_SEOUL }),
 * });
 */
export class EssentialScheduledJob extends Construct implements ec2.IConnectable {
  /** The cluster the job runs in. */
  public readonly cluster: ecs.ICluster;

  /** The task definition of the job. */
  public readonly taskDefinition: ecs.FargateTaskDefinition;

  /** The job container. */
  public readonly container: ecs.ContainerDefinition;

  /** The log group of the job container. */
  public readonly logGroup: logs.ILogGroup;

  /** The EventBridge Scheduler schedule. */
  public readonly schedule: scheduler.Schedule;

  /** The role Scheduler assumes to run the task. */
  public readonly schedulerRole: iam.IRole;

  /** Where runs that could not be invoked go. */
  public readonly deadLetterQueue: sqs.IQueue;

  /** The On-Demand/Spot mix of the runs. */
  public readonly capacity: CapacityMix;

  /** The security groups of the task. */
  public readonly connections: ec2.Connections;

  /** The dashboard of the job's runs, with `enableMonitoring`. */
  public readonly dashboard?: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: EssentialScheduledJobProps) {
    super(scope, id);
    this.capacity = props.capacity ?? CapacityMix.custom({ onDemandWeight: defaults.JOB_ON_DEMAND_WEIGHT, spotWeight: defaults.JOB_SPOT_WEIGHT });
    validateJobProps(this, props, this.capacity);
    this.cluster = props.essentialEnvironment?.cluster ?? props.cluster ?? defaultCluster(this, props.vpc);
    if (this.cluster instanceof ecs.Cluster) {
      this.cluster.enableFargateCapacityProviders();
    }
    this.logGroup = ServiceLogging._createLogGroup(this, props.logging, props.logRetention);
    this.taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: props.cpu ?? defaults.CPU,
      memoryLimitMiB: props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB,
      runtimePlatform: {
        cpuArchitecture: props.cpuArchitecture ?? defaults.CPU_ARCHITECTURE,
        operatingSystemFamily: defaults.OPERATING_SYSTEM_FAMILY,
      },
      ephemeralStorageGiB: props.ephemeralStorageGiB,
    });
    const containerName = props.containerName ?? defaults.CONTAINER_NAME;
    this.container = addApplicationContainer(this.taskDefinition, props, {
      containerName,
      logGroup: this.logGroup,
      logging: ServiceLogging._orDefault(props.logging),
      stopTimeout: props.stopTimeout ?? defaults.JOB_STOP_TIMEOUT,
    });
    addWorkloadOutputs(this, { logGroup: this.logGroup }, props.outputs);
    const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
      vpc: this.cluster.vpc,
      description: 'Tasks of a scheduled job (outbound only)',
      allowAllOutbound: true,
    })];
    this.connections = new ec2.Connections({ securityGroups });
    this.deadLetterQueue = props.deadLetterQueue ?? new sqs.Queue(this, 'DeadLetterQueue', {
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: defaults.JOB_DEAD_LETTER_RETENTION,
    });
    // Runs are grouped under the family, so the failure rules match this job's tasks and nothing else.
    const group = `family:${this.taskDefinition.family}`;
    const role = createSchedulerRole(this, this.taskDefinition, this.cluster);
    this.schedulerRole = role;
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: props.schedule._bind(),
      description: props.description,
      enabled: props.enabled ?? true,
      target: new targets.EcsRunFargateTask(this.cluster, {
        taskDefinition: this.taskDefinition,
        role,
        capacityProviderStrategies: this.capacity._toFargateStrategies(),
        platformVersion: props.platformVersion,
        vpcSubnets: props.taskSubnets ?? props.essentialEnvironment?._taskSubnets,
        securityGroups,
        assignPublicIp: props.assignPublicIp ?? props.essentialEnvironment?._assignPublicIp,
        group,
        // Tags of the task definition reach the task, so cost reports can split by job.
        propagateTags: true,
        enableEcsManagedTags: defaults.ENABLE_ECS_MANAGED_TAGS,
        deadLetterQueue: this.deadLetterQueue,
        // A token goes to the L1 below: aws-cdk-lib's target checks both at synth and cannot read a token.
        retryAttempts: isKnown(props.retryAttempts) ? props.retryAttempts : defaults.JOB_RETRY_ATTEMPTS,
        maxEventAge: props.maxEventAge?.isUnresolved() ? defaults.JOB_MAX_EVENT_AGE : props.maxEventAge ?? defaults.JOB_MAX_EVENT_AGE,
      }),
    });
    renderTokenRetryPolicy(this.schedule, props);
    // RunTask with a capacity-provider strategy fails until the providers are associated with the
    // cluster. The association is created late (by an Aspect) as a child of the cluster; dependency
    // roots are read at synthesis, after Aspects ran. Only the association: the cluster itself is
    // already a dependency through the target ARN.
    const cluster = this.cluster;
    const association: IDependable = {};
    Dependable.implement(association, {
      get dependencyRoots() {
        return cluster.node.children.filter((child) => child instanceof ecs.CfnClusterCapacityProviderAssociations);
      },
    });
    this.schedule.node.addDependency(association);
    const monitoring = props.enableMonitoring ?? defaults.JOB_ENABLE_MONITORING;
    if (props.notificationTopic || monitoring) {
      const parts = {
        cluster: this.cluster, group, containerName, deadLetterQueue: this.deadLetterQueue, topic: props.notificationTopic, monitoring,
      };
      const rules = addJobRunRules(this, parts);
      this.dashboard = monitoring ? addJobDashboard(this, rules, parts, this.logGroup.logGroupName) : undefined;
    }
  }
}
