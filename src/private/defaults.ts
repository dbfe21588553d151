/**
 * Every default of cdk-ecs-essentials, each with the reason it was chosen.
 *
 * `@default` tags in the public JSDoc quote these values and the README's "Defaults and why"
 * table is checked against this file (test/private/defaults.test.ts). Nothing here is exported
 * from the package: users override each value through the construct props.
 */
import { Duration } from 'aws-cdk-lib';
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
/** Number of AZs of the VPC created when neither a cluster nor a VPC is given. */
export const VPC_MAX_AZS = 2;

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
/**
 * CDK sets 60 s when a load balancer is attached; 10 s covers 2 healthy checks at 5 s and
 * still protects tasks that start slowly from being killed by the first failed checks.
 */
export const HEALTH_CHECK_GRACE_PERIOD = Duration.seconds(10);
/** Keep full capacity during deploys (CDK renders 50 % when unset). */
export const MIN_HEALTHY_PERCENT = 100;
/** Start a whole new set of tasks at once: the fastest rolling deploy. */
export const MAX_HEALTHY_PERCENT = 200;
/** Roll back a deployment whose tasks keep failing instead of retrying forever. */
export const CIRCUIT_BREAKER_ROLLBACK = true;

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
// Scaling (ScalingOptions, ScheduledCapacity)
// ---------------------------------------------------------------------------------------------

/** Leaves 30 % headroom for a spike while new tasks start (about a minute on Fargate). */
export const SCALING_TARGET_CPU_PERCENT = 70;
/** Scale out soon after a spike: new tasks report metrics within a minute (AWS default 300 s). */
export const SCALING_SCALE_OUT_COOLDOWN = Duration.seconds(60);
/** Application Auto Scaling's own ECS default: scale in slowly so a short lull does not flap. */
export const SCALING_SCALE_IN_COOLDOWN = Duration.seconds(300);
/** Image pulls, health checks and Fargate capacity for many tasks take minutes; keep time to react. */
export const SCALING_EVENT_WARMUP = Duration.minutes(30);
