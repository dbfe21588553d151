/**
 * Every default of cdk-ecs-essentials, each with the reason it was chosen.
 *
 * `@default` tags in the public JSDoc quote these values; the "Defaults and why" table in
 * docs/defaults.md is generated from this file (`npx projen docs:defaults`) and checked against it
 * (test/private/defaults.test.ts). Nothing here is exported from the package: users override each
 * value through the construct props.
 */
import { Duration } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';

// ---------------------------------------------------------------------------------------------
// Service (EssentialFargateService / EssentialEc2Service)
// ---------------------------------------------------------------------------------------------

/** A common non-privileged application port; ports below 1024 need root inside the container. */
export const CONTAINER_PORT = 8080;
/** The smallest Fargate size (0.25 vCPU): right for most HTTP services, scale out rather than up. */
export const CPU = 256;
/** 512 MiB is the smallest memory valid with 256 CPU units. */
export const MEMORY_LIMIT_MIB = 512;
/** Graviton is about 20 % cheaper than x86_64 for the same size, and Fargate Spot runs it (PV 1.4.0+). */
export const CPU_ARCHITECTURE = ecs.CpuArchitecture.ARM64;
/** Linux: Fargate Spot, Service Connect and FIS task faults do not run Windows tasks. */
export const OPERATING_SYSTEM_FAMILY = ecs.OperatingSystemFamily.LINUX;
/** Two tasks so that one task (or one Spot interruption) never takes the service down. */
export const DESIRED_COUNT = 2;
/** The ALB's own default path; most apps answer it. Set a cheap dedicated path in production. */
export const HEALTH_CHECK_PATH = '/';
/** Name of the application container when none is given. */
export const CONTAINER_NAME = 'app';
/** One month: CDK's default log group never expires, which costs money forever. */
export const LOG_RETENTION = logs.RetentionDays.ONE_MONTH;
/** awslogs in non-blocking mode drops logs rather than stalling the app when CloudWatch is slow. */
export const LOG_DRIVER_MODE = ecs.AwsLogDriverMode.NON_BLOCKING;
/** Buffer for non-blocking awslogs; 25 MiB holds seconds of heavy logging (Docker's default is 1 MiB). */
export const LOG_MAX_BUFFER_SIZE_MIB = 25;
/** ECS Exec adds SSM permissions to the task role and conflicts with FIS task faults: opt in. */
export const ENABLE_EXECUTE_COMMAND = false;
/**
 * ECS adds aws:ecs:serviceName and aws:ecs:clusterName to every task, so Cost Explorer can split the bill per
 * service once they are activated as cost-allocation tags (ECS default off; UpdateService changes it in place).
 */
export const ENABLE_ECS_MANAGED_TAGS = true;
/** Number of AZs of the stack's default VPC, shared by the services created without a cluster or a VPC. */
export const VPC_MAX_AZS = 2;

// ---------------------------------------------------------------------------------------------
// Environments (EssentialEnvironment)
// ---------------------------------------------------------------------------------------------

/** Flow logs are kept long enough to investigate an incident found in the monthly review, not forever. */
export const FLOW_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;
/** All traffic, accepted and rejected: a rejected-only log cannot show where data went (AwsSolutions-VPC7 needs a log). */
export const FLOW_LOG_TRAFFIC_TYPE = ec2.FlowLogTrafficType.ALL;
/** Host rules of LoadBalancing.environment() without a priority count up from here, leaving 1–99 to explicit rules. */
export const ENVIRONMENT_FIRST_RULE_PRIORITY = 100;
/** The shared HTTPS listener answers a host no service claims with a plain 404, never with one of the services. */
export const ENVIRONMENT_UNMATCHED_STATUS = 404;

// ---------------------------------------------------------------------------------------------
// Fast deploy (FastDeployOptions)
// ---------------------------------------------------------------------------------------------

/** ALB default is 30 s; AWS recommends 5 s so a new task gets traffic within seconds. */
export const HEALTH_CHECK_INTERVAL = Duration.seconds(5);
/** Must stay below the interval; 4 s leaves room for a slow first response. */
export const HEALTH_CHECK_TIMEOUT = Duration.seconds(4);
/** ALB default is 5 (150 s with the default interval); 2 × 5 s = 10 s to first traffic. */
export const HEALTHY_THRESHOLD_COUNT = 2;
/** ALB default; two failed checks (10 s) take a broken task out of rotation. */
export const UNHEALTHY_THRESHOLD_COUNT = 2;
/** ALB default is 300 s; 5 s is enough for requests that finish in under a second. */
export const DEREGISTRATION_DELAY = Duration.seconds(5);
/** Fargate default is 30 s; apps that handle SIGTERM exit in well under 2 s. */
export const STOP_TIMEOUT = Duration.seconds(2);

// ---------------------------------------------------------------------------------------------
// Rollout (Rollout.rolling)
// ---------------------------------------------------------------------------------------------

/**
 * CDK sets 60 s when a load balancer is attached; 10 s covers 2 healthy checks at 5 s, for apps that
 * listen within about 10 s. A longer grace costs detection time, not deploy time (a healthy task gets
 * traffic after two passing checks either way): raise it to the app's time-to-listen for slow starters.
 */
export const HEALTH_CHECK_GRACE_PERIOD = Duration.seconds(10);
/** Keep full capacity during deploys (CDK renders 50 % when unset). */
export const MIN_HEALTHY_PERCENT = 100;
/** Start a whole new set of tasks at once: the fastest rolling deploy. */
export const MAX_HEALTHY_PERCENT = 200;
/** Roll back a deployment whose tasks keep failing instead of retrying forever. */
export const CIRCUIT_BREAKER_ROLLBACK = true;

// Rollout (Rollout.blueGreen, Rollout.canary, Rollout.linear) and rollback alarms. The waits are
// sized on the alarms: two 1-minute periods to alarm, plus up to a minute for ALB metrics to land.

/** ALB publishes target metrics in 60-second intervals: the shortest period its alarms can use. */
export const ROLLBACK_ALARM_PERIOD = Duration.minutes(1);
/** Two breaching minutes in a row: one bad minute (a cold cache, one slow client) does not roll back. */
export const ROLLBACK_ALARM_EVALUATION_PERIODS = 2;
/** A target group answering 5 % of requests with 5xx is broken; healthy services stay well below 1 %. */
export const ROLLBACK_ALARM_5XX_PERCENT = 5;
/** Fewer requests per minute make the 5xx rate noise (1 error in 3 is 33 %); they never trip the alarm. */
export const ROLLBACK_ALARM_MIN_REQUESTS = 10;
/** Any target still unhealthy after two minutes is a revision that fails its health checks. */
export const ROLLBACK_ALARM_UNHEALTHY_TARGETS = 1;
/** Blue/green, canary and linear shift traffic: alarm on both target groups by default. */
export const TRAFFIC_SHIFT_DEFAULT_ALARMS = true;
/** Rolling keeps its templates and speed (alarms make ECS add its own bake time): opt in. */
export const ROLLING_DEFAULT_ALARMS = false;
/** Old tasks stay up this long after the full shift: the alarms' 2 periods plus 1 minute of metric delay. */
export const ROLLOUT_BAKE_TIME = Duration.minutes(3);
/** Wait per canary or linear step: long enough for the alarms to judge the traffic of the step. */
export const ROLLOUT_STEP_INTERVAL = Duration.minutes(3);

// ---------------------------------------------------------------------------------------------
// Service Connect (ServiceConnectMode)
// ---------------------------------------------------------------------------------------------

/** AWS sizing guidance: add 256 CPU units for the Service Connect proxy (512 above 500 requests/s). */
export const SC_PROXY_CPU = 256;
/** AWS sizing guidance: add at least 64 MiB for the proxy. */
export const SC_PROXY_MEMORY_MIB = 64;
/** Port mapping name of a client-server; a name is what Service Connect publishes. */
export const SC_PORT_NAME = 'http';
/** HTTP gives the proxy L7 metrics, retries and per-request timeouts (TCP gives none). */
export const SC_APP_PROTOCOL = ecs.AppProtocol.http;

// ---------------------------------------------------------------------------------------------
// Capacity (CapacityMix)
// ---------------------------------------------------------------------------------------------

/** The playbook's 2/3 On-Demand share: weight 2 against Spot weight 1. */
export const ON_DEMAND_WEIGHT = 2;
/** The playbook's 1/3 Spot share. */
export const SPOT_WEIGHT = 1;
/** One task always on On-Demand: Fargate never falls back from Spot, so keep a floor. */
export const ON_DEMAND_BASE = 1;

// ---------------------------------------------------------------------------------------------
// Scaling (ServiceScalingOptions, ScheduledCapacity)
// ---------------------------------------------------------------------------------------------

/** Leaves 30 % headroom for a spike while new tasks start (about a minute on Fargate). */
export const SCALING_TARGET_CPU_PERCENT = 70;
/** Scale out soon after a spike: new tasks report metrics within a minute (AWS default 300 s). */
export const SCALING_SCALE_OUT_COOLDOWN = Duration.seconds(60);
/** Application Auto Scaling's own ECS default: scale in slowly so a short lull does not flap. */
export const SCALING_SCALE_IN_COOLDOWN = Duration.seconds(300);
/** Image pulls, health checks and Fargate capacity for many tasks take minutes; keep time to react. */
export const SCALING_EVENT_WARMUP = Duration.minutes(30);

// ---------------------------------------------------------------------------------------------
// Workloads (EssentialQueueWorker, EssentialScheduledJob)
// ---------------------------------------------------------------------------------------------

/** An idle worker costs nothing: the wake-up alarm starts a task when a message arrives. */
export const WORKER_MIN_CAPACITY = 0;
/** Caps the bill when a producer floods the queue or a poison message loops; raise it for bigger backlogs. */
export const WORKER_MAX_CAPACITY = 10;
/** Ten waiting messages per task: about ten seconds of latency for work that takes a second a message. */
export const WORKER_BACKLOG_PER_TASK = 10;
/** As long as target tracking's own scale-in alarm (15 one-minute points): a burst every few minutes keeps its warm task. */
export const WORKER_SCALE_TO_ZERO_AFTER = Duration.minutes(15);
/** SQS publishes queue metrics once a minute: the wake-up and empty-queue alarms use the shortest period there is. */
export const WORKER_ALARM_PERIOD = Duration.minutes(1);
/** Half the two-minute Spot notice (Fargate allows 120 s): time to finish the message in flight or return it, with margin before SIGKILL. */
export const WORKER_STOP_TIMEOUT = Duration.seconds(60);
/** Twice the stop timeout: a message finished after SIGTERM does not reappear and run twice (SQS default 30 s). */
export const WORKER_QUEUE_VISIBILITY_TIMEOUT = Duration.minutes(2);
/** Five attempts ride out a flaky dependency; a message that fails five times is poison and goes to the dead-letter queue. */
export const WORKER_MAX_RECEIVE_COUNT = 5;
/** SQS maximum: a dead-lettered message keeps its first enqueue time, so its queue must keep it longer than the source did. */
export const WORKER_DEAD_LETTER_RETENTION = Duration.days(14);
/** Environment variable that tells the container which queue to poll (Copilot used COPILOT_QUEUE_URI). */
export const WORKER_QUEUE_URL_VARIABLE = 'QUEUE_URL';
/**
 * Queue work is interruptible (an unfinished message returns to the queue), so 3 of 4 tasks run on Spot.
 * The base keeps the first task On-Demand: Fargate never replaces missing Spot capacity, and a worker
 * woken from zero must make progress. When Spot is short, Spot tasks stay pending, the On-Demand ones keep
 * draining, the backlog per running task rises and target tracking asks for more tasks, a quarter On-Demand.
 */
export const WORKER_ON_DEMAND_BASE = 1;
/** One On-Demand task in four above the base (see WORKER_ON_DEMAND_BASE). */
export const WORKER_ON_DEMAND_WEIGHT = 1;
/** Three Spot tasks in four above the base: Fargate Spot costs up to 70 % less. */
export const WORKER_SPOT_WEIGHT = 3;

/** A dashboard costs $3/month after the first three: opt in, as for services. */
export const JOB_ENABLE_MONITORING = false;
/** A job is a batch run that can start again: every run on Fargate Spot (no On-Demand fallback; see the guide). */
export const JOB_ON_DEMAND_WEIGHT = 0;
/** Every run on Spot (see JOB_ON_DEMAND_WEIGHT). */
export const JOB_SPOT_WEIGHT = 1;
/** The whole two-minute Spot notice (Fargate's maximum): an interrupted job gets every second to checkpoint. */
export const JOB_STOP_TIMEOUT = Duration.seconds(120);
/** On the hour. EventBridge Scheduler needs all six cron fields; aws-cdk-lib's `ScheduleExpression.cron()` fills a missing one with `*`, which for the minute means every minute of the hour. */
export const JOB_CRON_MINUTE = '0';
/** Scheduler's default is 185 retries over 24 hours; five retries cover throttling and a short capacity gap. */
export const JOB_RETRY_ATTEMPTS = 5;
/** A run that cannot start within an hour goes to the dead-letter queue rather than running hours late (Scheduler default 24 h). */
export const JOB_MAX_EVENT_AGE = Duration.hours(1);
/** SQS maximum: failed invocations wait two weeks for someone to look at them. */
export const JOB_DEAD_LETTER_RETENTION = Duration.days(14);

// ---------------------------------------------------------------------------------------------
// Chaos (EcsChaosExperiments, EcsFault, fault-injection prerequisites)
// ---------------------------------------------------------------------------------------------

/** AWS's published SSM agent image and tag for the FIS sidecar; override it to mirror it for isolated subnets. */
export const FAULT_INJECTION_SIDECAR_IMAGE = 'public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest';

/** The SSM sidecar's SIGTERM handler makes two AWS CLI calls (delete activation, deregister node); 10 s lets them finish. */
export const FAULT_INJECTION_SIDECAR_STOP_TIMEOUT = Duration.seconds(10);
/** Five minutes lets 1-minute alarms see the fault (and stop it) while keeping the blast short. */
export const FAULT_DURATION = Duration.minutes(5);
/** FIS's own default for aws:ecs:task-cpu-stress, rendered so the template states what runs. */
export const CPU_STRESS_PERCENT = 100;
/** FIS's own default for aws:ecs:task-io-stress (share of free file-system space), rendered explicitly. */
export const IO_STRESS_PERCENT = 80;
/** FIS's own default latency: noticeable to callers with tight timeouts, harmless to the rest. */
export const NETWORK_LATENCY_DELAY = Duration.millis(200);
/** FIS's own default jitter, so retries do not all see the exact same delay. */
export const NETWORK_LATENCY_JITTER = Duration.millis(10);
/** FIS's own default packet loss: enough to trigger TCP retransmits without cutting connections. */
export const NETWORK_PACKET_LOSS_PERCENT = 7;
/** Every destination: the fault models a degraded task network, not one slow dependency. */
export const NETWORK_FAULT_SOURCES: ReadonlyArray<string> = ['ALL'];
/** FIS's own default and the protocol almost every service port speaks. */
export const NETWORK_BLACKHOLE_PROTOCOL = ecs.Protocol.TCP;
/** SIGTERM lets the process shut down as ECS would stop it; SIGKILL tests a crash. */
export const KILL_PROCESS_SIGNAL = 'SIGTERM';
/** The smallest blast radius, one task; widen the selection once the hypothesis holds. */
export const TASK_SELECTION_COUNT = 1;
/** FIS's own default: an experiment that finds no task is a broken setup, not a success. */
export const EMPTY_TARGET_RESOLUTION = 'fail';
/** Experiment logs are the record of a game day; keep a quarter of them to compare runs. */
export const EXPERIMENT_LOG_RETENTION = logs.RetentionDays.THREE_MONTHS;
/** The faults a service gets without a choice: lose a task, run hot, talk through a slow network. */
export const CHAOS_FAULTS: ReadonlyArray<string> = ['stopTask', 'cpuStress', 'networkLatency'];

// ---------------------------------------------------------------------------------------------
// Aspects (EcsLeastPrivilegeChecks, EcsFastDeployChecks, EcsEssentialsSuppressions)
// ---------------------------------------------------------------------------------------------

/** Long enough that "ok" or "todo" is rejected: a suppression must say why the finding is acceptable. */
export const SUPPRESSION_REASON_MIN_LENGTH = 10;
/** Least-privilege findings fail synthesis unless the user opts into warnings for a migration. */
export const ERRORS_AS_WARNINGS = false;
/** EcsFastDeployChecks only reports: changing rollout timing of existing services must be a choice. */
export const FAST_DEPLOY_FIX = false;
/** Fix mode only changes values left at the AWS/CDK default: a value the author chose may have a reason. */
export const FIX_EXPLICIT_VALUES = false;

// ---------------------------------------------------------------------------------------------
// ECS on EC2 (EssentialEc2Capacity, EssentialEc2Service)
// ---------------------------------------------------------------------------------------------

import type { ImagePullBehavior } from '../capacity/image-pull-behavior';

/**
 * Four Graviton types of one size (2 vCPU, 8 GiB): every task fits every instance, managed scaling's
 * estimate holds, and four Spot pools per AZ; all are in every commercial Region with Graviton.
 */
export const EC2_INSTANCE_TYPES: ReadonlyArray<string> = ['m7g.large', 'm6g.large', 'm7gd.large', 'm6gd.large'];
/** Graviton is about 20 % cheaper than x86_64 for the same size; the AMI must match the instance types. */
export const EC2_AMI_HARDWARE_TYPE = ecs.AmiHardwareType.ARM;
/** One warm instance per group so a new task places at once instead of waiting for an instance to boot. */
export const EC2_MIN_CAPACITY = 1;
/** Caps the bill when a deployment or a scaling policy misbehaves; raise it for larger services. */
export const EC2_MAX_CAPACITY = 10;
/** 256 MiB kept back for the OS, Docker and the agent, so tasks cannot starve the instance (agent default 0). */
export const EC2_RESERVED_MEMORY_MIB = 256;
/** Reuse images already on the instance: the fastest task start on EC2 (agent default 'default' always pulls). */
export const EC2_IMAGE_PULL_BEHAVIOR: `${ImagePullBehavior}` = 'prefer-cached';
/** The agent default is 30 s; match the fast-deploy container stop timeout for containers that set none. */
export const EC2_CONTAINER_STOP_TIMEOUT = STOP_TIMEOUT;
/** Drain a Spot instance on its two-minute notice so tasks move before it stops (agent default false). */
export const EC2_SPOT_INSTANCE_DRAINING = true;
/** Managed scaling fills instances completely; lower it (e.g. 90) to keep headroom for faster scale-out. */
export const EC2_TARGET_CAPACITY_PERCENT = 100;
/**
 * AWS's recommended Spot strategy: the cheapest pools among those least likely to be interrupted
 * (the ASG default 'lowest-price' is interrupted more). The value of autoscaling.SpotAllocationStrategy.
 */
export const EC2_SPOT_ALLOCATION_STRATEGY = 'price-capacity-optimized';
/** Replace Spot instances at elevated risk early; managed draining moves their tasks first. */
export const EC2_CAPACITY_REBALANCE = true;
/** The ECS-optimized AL2023 AMI's own root volume size, here encrypted with gp3 (the AMI default is not encrypted). */
export const EC2_ROOT_VOLUME_SIZE_GIB = 30;
/** Each task gets its own ENI and security group, the same model as Fargate; BRIDGE starts faster. */
export const EC2_NETWORK_MODE = ecs.NetworkMode.AWS_VPC;
/** A quarter vCPU for the task, like the Fargate default, so managed scaling counts CPU as well as memory. */
export const EC2_TASK_CPU = 256;

// ---------------------------------------------------------------------------------------------
// ECS Managed Instances (EssentialManagedInstancesCapacity, EssentialManagedInstancesService)
// ---------------------------------------------------------------------------------------------

/** Two vCPUs at least: the smallest size that holds several playbook-sized tasks next to the agent. */
export const MI_VCPU_COUNT_MIN = 2;
/** Eight vCPUs at most: one instance loss takes few tasks down, and Spot has many Graviton pools of these sizes. */
export const MI_VCPU_COUNT_MAX = 8;
/** 4 GiB at least: includes the compute-optimized Graviton sizes (2 GiB per vCPU) at 2 vCPUs. */
export const MI_MEMORY_MIN_GIB = 4;
/** 32 GiB at most: general purpose Graviton at 8 vCPUs (4 GiB per vCPU), so memory-heavy types do not win on price alone. */
export const MI_MEMORY_MAX_GIB = 32;
/** The policy ECS documents for the infrastructure role; it lets ECS run the instances' lifecycle. */
export const MI_INFRASTRUCTURE_MANAGED_POLICY = 'AmazonECSInfrastructureRolePolicyForManagedInstances';
/** The managed infrastructure policy only passes roles whose name starts with this. */
export const MI_INSTANCE_ROLE_NAME_PREFIX = 'ecsInstanceRole';
/** Managed Instances tasks run awsvpc or host; awsvpc gives each task its own ENI and security group, as on Fargate. */
export const MI_NETWORK_MODE = ecs.NetworkMode.AWS_VPC;

// ---------------------------------------------------------------------------------------------
// Daemon services, ALB access logs and image pulls (EssentialDaemonService, LoadBalancing, EcsFastDeployChecks)
// ---------------------------------------------------------------------------------------------

/**
 * ECS's own default for DAEMON services: with one task per instance and at most 100 %, the old task
 * must stop before its replacement can start on the instance.
 */
export const DAEMON_MIN_HEALTHY_PERCENT = 0;
/** ECS requires 100 for DAEMON services: never two daemon tasks on one instance. */
export const DAEMON_MAX_HEALTHY_PERCENT = 100;
/**
 * On EC2: bridge mode takes no ENI from the instance, whose few ENIs are better left to awsvpc
 * application tasks; the container port is fixed on the instance, where its other tasks find the agent.
 */
export const DAEMON_NETWORK_MODE = ecs.NetworkMode.BRIDGE;
/**
 * ECS's own default for a Managed Daemon ("Drain percentage ... Default: 25", Creating and managing
 * daemons), written out: a daemon deployment drains a quarter of the instances at a time.
 */
export const MANAGED_DAEMON_DRAIN_PERCENT = 25;
/** ECS managed tags on the daemon's tasks (cluster and daemon names), for cost reports and filters. */
export const MANAGED_DAEMON_ECS_MANAGED_TAGS = true;
/** Tags on the daemon reach its tasks, as a service's tags reach its tasks (PropagateTags: DAEMON). */
export const MANAGED_DAEMON_PROPAGATE_TAGS = 'DAEMON';
/**
 * Off: access logs add an S3 bucket and its storage cost per ALB; turn them on (AwsSolutions-ELB2,
 * Security Hub ELB.5) where requests must be traceable.
 */
export const ALB_ACCESS_LOGS_ENABLED = false;
/** Ninety days covers a quarter's incident reviews; older request logs are rarely read and only cost storage. */
export const ALB_ACCESS_LOG_RETENTION = Duration.days(90);
/**
 * On: a header whose name is not `[-A-Za-z0-9]+` is a request-smuggling vector (Security Hub ELB.4); turn it
 * off only for clients that send underscores in header names.
 */
export const ALB_DROP_INVALID_HEADER_FIELDS = true;
/**
 * Off: with deletion protection a stack delete or an ALB replacement fails until it is turned off again;
 * turn it on for production ALBs (Security Hub ELB.6).
 */
export const ALB_DELETION_PROTECTION = false;
/**
 * Info: a pull from outside same-Region ECR is slower and less reliable, not wrong; raise ECSE-FD10 to
 * a warning with `ruleLevels` where every image should come from the Region.
 */
export const IMAGE_PULL_RULE_LEVEL = 'INFO';

// ---------------------------------------------------------------------------------------------
// Logging (ServiceLogging.fireLens) and EFS volumes (addEfsVolume)
// ---------------------------------------------------------------------------------------------

/** AWS publishes the AWS for Fluent Bit image per Region under this SSM parameter; 'stable' has run two weeks without high-impact bugs. */
export const FIRELENS_ROUTER_IMAGE_PARAMETER = '/aws/service/aws-for-fluent-bit/stable';
/** The ECR repository the SSM parameter points to, in an AWS account of the Region: the pull is granted on it only. */
export const FIRELENS_ROUTER_REPOSITORY = 'aws-for-fluent-bit';
/** Name of the log router container; AWS's FireLens examples call it log_router. */
export const FIRELENS_ROUTER_CONTAINER_NAME = 'log-router';
/** AWS's FireLens examples and aws-ecs's default router reserve 50 MiB: enough for Fluent Bit's buffers. */
export const FIRELENS_ROUTER_MEMORY_RESERVATION_MIB = 50;
/** Fluent Bit flushes for its Grace period (5 s by default) after SIGTERM; 10 s leaves the flush time to finish. */
export const FIRELENS_ROUTER_STOP_TIMEOUT = Duration.seconds(10);
/** Object key prefix of FireLensDestination.s3(): the Fluent Bit s3 output's own default folder. */
export const FIRELENS_S3_PREFIX = 'fluent-bit-logs/';
/** Upload a file per megabyte of logs, as AWS's FireLens S3 example does: small objects, little data lost with a task. */
export const FIRELENS_S3_TOTAL_FILE_SIZE = '1M';
/** Upload at least once a minute (AWS's FireLens S3 example), so quiet services' logs still arrive. */
export const FIRELENS_S3_UPLOAD_TIMEOUT = '1m';
/** HTTPS: logs leave the VPC, so they travel encrypted. */
export const FIRELENS_HTTP_PORT = 443;
/** The Fluent Bit http output's own default path. */
export const FIRELENS_HTTP_URI = '/';
/** JSON lines are what log endpoints accept (the http output's default is msgpack). */
export const FIRELENS_HTTP_FORMAT = 'json';
/** Logs leave the VPC: TLS on (the http output's default is off). */
export const FIRELENS_HTTP_TLS = true;
/** Encrypt NFS traffic between the task and EFS (ECS default is DISABLED); IAM authorization requires it. */
export const EFS_TRANSIT_ENCRYPTION = true;
/** Authorize mounts with the task role, so the file system policy and IAM decide who mounts (ECS default is DISABLED). */
export const EFS_IAM_AUTHORIZATION = true;
/** Containers usually write what they share through EFS; set readOnly for content they only serve. */
export const EFS_READ_ONLY = false;

// ---------------------------------------------------------------------------------------------
// Monitoring (EssentialServiceMonitoring, enableMonitoring)
// ---------------------------------------------------------------------------------------------

// The ALB and Service Connect 5xx-rate and unhealthy-target alarms share the rollback alarms'
// definition and thresholds (ROLLBACK_ALARM_* above): one definition for a page and a rollback.

/** Long enough to hold a deployment and its bake time; zoom out in the console for daily peaks. */
export const MONITORING_DASHBOARD_INTERVAL = Duration.hours(3);
/** A job runs hourly to daily: its dashboard counts runs per hour over the last week. */
export const JOB_DASHBOARD_PERIOD = Duration.hours(1);
/** One week of runs: a daily job shows seven. */
export const JOB_DASHBOARD_INTERVAL = Duration.days(7);
/** ECS and Container Insights publish service metrics every minute: the finest period they offer. */
export const MONITORING_PERIOD = Duration.minutes(1);
/** Above the 70 % scaling target with room to spare: sustained, scaling cannot keep up or is at its maximum. */
export const MONITORING_CPU_HIGH_PERCENT = 85;
/** One task this close to its memory limit is about to be stopped with OutOfMemoryError. */
export const MONITORING_MEMORY_HIGH_PERCENT = 90;
/** Five minutes: longer than a scale-out reacts (3 minutes of target tracking), shorter than an outage is tolerable. */
export const MONITORING_UTILIZATION_MINUTES = 5;
/** Ten minutes: a task starts in 1–2 minutes, so a gap this long means tasks cannot be placed, pulled or kept running. */
export const MONITORING_TASKS_BELOW_DESIRED_MINUTES = 10;
/** One message in a dead-letter queue is one piece of work the worker gave up on: someone should look. */
export const MONITORING_DLQ_MESSAGES = 1;

// ---------------------------------------------------------------------------------------------
// Security defaults (issue 25: secure by default)
// ---------------------------------------------------------------------------------------------

/**
 * Tasks on EssentialEc2Capacity cannot reach instance metadata (the instance role's credentials): AWS's ECS
 * guide recommends `ECS_AWSVPC_BLOCK_IMDS` for awsvpc tasks and blocking the docker bridge for bridge tasks.
 */
export const EC2_TASK_INSTANCE_METADATA_ACCESS = false;
/** One hop: an IMDSv2 token answer dies before it crosses the docker bridge, so bridge-mode containers get none. */
export const EC2_IMDS_HOP_LIMIT_BLOCKED = 1;
/** Two hops: what containers behind the docker bridge need to read instance metadata when access is opted in. */
export const EC2_IMDS_HOP_LIMIT_OPEN = 2;
