/**
 * Every numeric range and pattern the library enforces in more than one place, each with its source:
 * the AWS text it comes from (API model member or CloudFormation property, quoted), or `ours` with the
 * reason. docs/limits.md is generated from this table (`npx projen docs:limits`), and
 * test/private/limits.test.ts compares every AWS-sourced entry that has a machine-readable min, max or
 * pattern with the botocore models and CloudFormation schemas installed beside cfn-lint.
 */
export interface Limit {
  /** The prop(s) the limit applies to, as messages name them. */
  readonly prop: string;
  readonly min?: number;
  readonly max?: number;
  /** A regular expression the value must match in full. */
  readonly pattern?: string;
  /** Where the limit comes from: the quoted AWS text, or why it is the library's own. */
  readonly source: string;
  /** True when the limit is the library's own, not AWS's. */
  readonly ours?: boolean;
  /**
   * Where a machine-readable form of it lives, for the test: `botocore:<service>:<Shape>.<member>` or
   * `cfn:<schema file>:<json path>`.
   */
  readonly model?: string;
}

/** ECS API `ContainerDefinition.stopTimeout`: "The valid values for Fargate are 2-120 seconds". */
export const FARGATE_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (Fargate)',
  min: 2,
  max: 120,
  source: 'ECS API ContainerDefinition.stopTimeout: "The valid values for Fargate are 2-120 seconds"',
};

/**
 * Outside Fargate the ECS API documents no maximum (the agent's ECS_CONTAINER_STOP_TIMEOUT applies when
 * unset); 2 s is Fargate's minimum, kept everywhere, and one day is the library's typo guard.
 */
export const INSTANCE_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (EC2, Managed Instances)',
  min: 2,
  max: 86_400,
  source: 'ours: the ECS API documents no range outside Fargate; the minimum follows Fargate\'s 2 s, one day is a typo guard',
  ours: true,
};

/**
 * ECS API `CreateServiceRequest.serviceName` and `ContainerDefinition.name`: "Up to 255 letters
 * (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
 */
export const ECS_NAME: Limit = {
  prop: 'serviceName, containerName',
  pattern: '^[a-zA-Z0-9_-]{1,255}$',
  source: 'ECS API CreateService serviceName / ContainerDefinition name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};

/** ELB API `CreateTargetGroupInput.HealthCheckPath` (shape `Path`): min 1, max 1024. */
export const HEALTH_CHECK_PATH_LENGTH: Limit = {
  prop: 'healthCheckPath (length)',
  min: 1,
  max: 1024,
  source: 'ELB API CreateTargetGroup HealthCheckPath (shape Path: min 1, max 1024)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthCheckPath',
};

/** ELB API `HttpHeaderConditionConfig.HttpHeaderName`: "You can't use an HTTP header condition to specify the host header." */
export const HEADER_CONDITION_NOT_HOST: Limit = {
  prop: 'testTraffic.headerName',
  pattern: '(?!host$)',
  source: 'ELB API HttpHeaderConditionConfig.HttpHeaderName: "You can\'t use an HTTP header condition to specify the host header."',
};

/** ECS container port: 1–65535 (a TCP/UDP port). */
export const CONTAINER_PORT: Limit = {
  prop: 'containerPort',
  min: 1,
  max: 65_535,
  source: 'ECS API PortMapping.containerPort: a TCP/UDP port number (1–65535)',
};

/**
 * ECS's "Tasks per service" quota is 5,000 by default and adjustable (Service Quotas L-4637F321, ECS
 * developer guide "Amazon ECS service quotas"): above it the library warns; 100,000 is its typo guard.
 */
export const TASKS_PER_SERVICE_QUOTA = 5_000;
export const TASK_COUNT: Limit = {
  prop: 'desiredCount, scaling.minCapacity, scaling.maxCapacity, queueScaling.minCapacity, queueScaling.maxCapacity',
  min: 0,
  max: 100_000,
  source: `ours: a typo guard; ECS's adjustable "Tasks per service" quota (default ${TASKS_PER_SERVICE_QUOTA.toLocaleString('en-US')}) gets a warning above it`,
  ours: true,
};

/**
 * Amazon ECS service quotas (developer guide, service-quotas): "Containers per task definition — Each
 * supported Region: 10 — Adjustable: No — The maximum number of containers definitions within a task
 * definition." No API model states it; RegisterTaskDefinition fails beyond it.
 */
export const CONTAINERS_PER_TASK_DEFINITION: Limit = {
  prop: 'containers per task definition (the application, the library\'s sidecars and any added with addContainer)',
  max: 10,
  source: 'Amazon ECS service quotas: "Containers per task definition: 10, not adjustable: the maximum number of containers definitions within a task definition"',
};

/** ALB target group health check (ELB API CreateTargetGroup). */
export const ALB_HEALTH_CHECK_INTERVAL: Limit = {
  prop: 'fastDeploy.healthCheckInterval',
  min: 5,
  max: 300,
  source: 'ELB API CreateTargetGroup HealthCheckIntervalSeconds (min 5, max 300)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthCheckIntervalSeconds',
};
export const ALB_HEALTH_CHECK_TIMEOUT: Limit = {
  prop: 'fastDeploy.healthCheckTimeout',
  min: 2,
  max: 120,
  source: 'ELB API CreateTargetGroup HealthCheckTimeoutSeconds (min 2, max 120)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthCheckTimeoutSeconds',
};
export const ALB_HEALTHY_THRESHOLD: Limit = {
  prop: 'fastDeploy.healthyThresholdCount',
  min: 2,
  max: 10,
  source: 'ELB API CreateTargetGroup HealthyThresholdCount (min 2, max 10)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthyThresholdCount',
};
export const ALB_UNHEALTHY_THRESHOLD: Limit = {
  prop: 'fastDeploy.unhealthyThresholdCount',
  min: 2,
  max: 10,
  source: 'ELB API CreateTargetGroup UnhealthyThresholdCount (min 2, max 10)',
  model: 'botocore:elbv2:CreateTargetGroupInput.UnhealthyThresholdCount',
};
export const DEREGISTRATION_DELAY: Limit = {
  prop: 'fastDeploy.deregistrationDelay',
  min: 0,
  max: 3600,
  source: 'ELB target group attribute deregistration_delay.timeout_seconds: "The range is 0-3600 seconds"',
};
export const LISTENER_RULE_PRIORITY: Limit = {
  prop: 'loadBalancing.priority',
  min: 1,
  max: 50_000,
  source: 'ELB API CreateRule Priority (min 1, max 50000)',
  model: 'botocore:elbv2:CreateRuleInput.Priority',
};

/**
 * A host label of `LoadBalancing.environment({ host })` and each label of an environment's domain. The
 * 63-character length is DNS's (Route 53 Developer Guide, "DNS domain name format": "Each label can be up
 * to 63 bytes long", after RFC 1035 2.3.4); the characters a-z, 0-9 and '-' (not first or last) are ours:
 * Route 53 also takes '_' and escaped octets, but an ALB host header and a browser take only RFC 1123 host
 * names, and ACM wildcard certificates cover one label.
 */
export const DNS_HOST_LABEL: Limit = {
  prop: 'loadBalancing.host, domain.domainName (each label)',
  min: 1,
  max: 63,
  pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
  source: 'ours: the length is DNS\'s, Route 53 "Each label can be up to 63 bytes long" (RFC 1035 2.3.4); the characters a-z, 0-9 and \'-\' are RFC 1123 host names, which ALB host rules and ACM wildcards take',
  ours: true,
};
/**
 * A full host name. The Route 53 API takes names up to 1024 characters (`DNSName`), but DNS does not:
 * "the total length of a domain name cannot exceed 255 bytes, including the dots" (Route 53 Developer
 * Guide, DNS domain name format), which is 253 characters written out.
 */
export const DNS_NAME_LENGTH: Limit = {
  prop: 'domain.domainName, <host>.<domainName>',
  min: 1,
  max: 253,
  source: 'ours: DNS\'s limit, which the Route 53 API (DNSName, up to 1024) does not enforce: Route 53 Developer Guide "cannot exceed 255 bytes, including the dots" (RFC 1035 2.3.4), 253 characters written out',
  ours: true,
};

/** ECS API `HealthCheck` (container health check). */
export const CONTAINER_HEALTH_CHECK_INTERVAL: Limit = {
  prop: 'healthCheck.interval', min: 5, max: 300, source: 'ECS API HealthCheck.interval: "You may specify between 5 and 300 seconds"',
};
export const CONTAINER_HEALTH_CHECK_TIMEOUT: Limit = {
  prop: 'healthCheck.timeout', min: 2, max: 60, source: 'ECS API HealthCheck.timeout: "You may specify between 2 and 60 seconds"',
};
export const CONTAINER_HEALTH_CHECK_RETRIES: Limit = {
  prop: 'healthCheck.retries', min: 1, max: 10, source: 'ECS API HealthCheck.retries: "You may specify between 1 and 10 retries"',
};
export const CONTAINER_HEALTH_CHECK_START_PERIOD: Limit = {
  prop: 'healthCheck.startPeriod', min: 0, max: 300, source: 'ECS API HealthCheck.startPeriod: "You can specify between 0 and 300 seconds"',
};
export const EPHEMERAL_STORAGE: Limit = {
  prop: 'ephemeralStorageGiB',
  min: 21,
  max: 200,
  source: 'ECS API EphemeralStorage.sizeInGiB: "The minimum supported value is 21 GiB and the maximum supported value is 200 GiB"',
};

/** EventBridge Scheduler `RetryPolicy`. */
export const SCHEDULER_RETRY_ATTEMPTS: Limit = {
  prop: 'retryAttempts',
  min: 0,
  max: 185,
  source: 'EventBridge Scheduler API RetryPolicy.MaximumRetryAttempts (min 0, max 185)',
  model: 'botocore:scheduler:RetryPolicy.MaximumRetryAttempts',
};
export const SCHEDULER_MAX_EVENT_AGE: Limit = {
  prop: 'maxEventAge',
  min: 60,
  max: 86_400,
  source: 'EventBridge Scheduler API RetryPolicy.MaximumEventAgeInSeconds (min 60, max 86400)',
  model: 'botocore:scheduler:RetryPolicy.MaximumEventAgeInSeconds',
};

/**
 * ECS API `DaemonDeploymentConfiguration.drainPercent`: "The percentage of container instances to drain
 * simultaneously during a daemon deployment. Valid values are between 0.0 and 100.0."
 */
export const DAEMON_DRAIN_PERCENT: Limit = {
  prop: 'drainPercent',
  min: 0,
  max: 100,
  source: 'ECS API DaemonDeploymentConfiguration.drainPercent: "Valid values are between 0.0 and 100.0."',
  model: 'botocore:ecs:DaemonDeploymentConfiguration.drainPercent',
};
/**
 * `AWS::ECS::Daemon` `DeploymentConfiguration.BakeTimeInMinutes`: minimum 0, maximum 1440 in the
 * CloudFormation schema (the ECS API text says only "The default value is 0").
 */
export const DAEMON_BAKE_TIME_MINUTES: Limit = {
  prop: 'bakeTime (minutes)',
  min: 0,
  max: 1440,
  source: 'AWS::ECS::Daemon schema DaemonDeploymentConfiguration.BakeTimeInMinutes (minimum 0, maximum 1440); ECS API: "The default value is 0"',
};
/**
 * ECS API `CreateDaemonRequest.daemonName` and `DaemonContainerDefinition.name`: "Up to 255 letters
 * (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
 */
export const DAEMON_NAME: Limit = {
  prop: 'serviceName, containerName (Managed Daemon)',
  pattern: '^[a-zA-Z0-9_-]{1,255}$',
  source: 'ECS API CreateDaemon daemonName / DaemonContainerDefinition name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};
/**
 * A Managed Daemon container's stop timeout: DaemonContainerDefinition.stopTimeout documents no range,
 * so the library keeps to the range AWS documents for a container stop timeout (Fargate's 2–120 s).
 */
export const DAEMON_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (Managed Daemon)',
  min: 2,
  max: 120,
  source: 'ours: DaemonContainerDefinition.stopTimeout documents no range; the library keeps to ContainerDefinition.stopTimeout\'s "2-120 seconds" until AWS publishes one',
  ours: true,
};
/**
 * A Managed Daemon's task CPU: RegisterDaemonTaskDefinitionRequest.cpu documents no range, so the
 * library applies the task-definition range of EC2 and Managed Instances (128 to 196608 units).
 */
export const DAEMON_CPU: Limit = {
  prop: 'cpu (Managed Daemon)',
  min: 128,
  max: 196_608,
  source: 'ours: RegisterDaemonTaskDefinitionRequest.cpu documents no range; the library applies the task-definition range (TaskDefinition.cpu, 128 to 196608 units)',
  ours: true,
};

/** Every limit above, in the order docs/limits.md lists them. */
export const LIMITS: readonly Limit[] = [
  FARGATE_STOP_TIMEOUT, INSTANCE_STOP_TIMEOUT, ECS_NAME, CONTAINER_PORT, TASK_COUNT,
  HEALTH_CHECK_PATH_LENGTH, ALB_HEALTH_CHECK_INTERVAL, ALB_HEALTH_CHECK_TIMEOUT, ALB_HEALTHY_THRESHOLD, ALB_UNHEALTHY_THRESHOLD,
  DEREGISTRATION_DELAY, LISTENER_RULE_PRIORITY, HEADER_CONDITION_NOT_HOST, DNS_HOST_LABEL, DNS_NAME_LENGTH,
  CONTAINER_HEALTH_CHECK_INTERVAL, CONTAINER_HEALTH_CHECK_TIMEOUT, CONTAINER_HEALTH_CHECK_RETRIES, CONTAINER_HEALTH_CHECK_START_PERIOD,
  EPHEMERAL_STORAGE, SCHEDULER_RETRY_ATTEMPTS, SCHEDULER_MAX_EVENT_AGE,
  DAEMON_DRAIN_PERCENT, DAEMON_BAKE_TIME_MINUTES, DAEMON_NAME, DAEMON_STOP_TIMEOUT, DAEMON_CPU,
];

/**
 * Fargate Linux platform versions older than 1.4.0, which lack what several features need: EFS volumes
 * ("Amazon EFS volumes ... platform version 1.4.0 or later"), Service Connect ("Tasks that run in Fargate must
 * use the Fargate Linux platform version 1.4.0 or higher to use Service Connect"), ARM64 tasks ("Linux tasks
 * with the ARM64 architecture on platform version 1.4.0 or later"). All from the ECS developer guide.
 */
export const FARGATE_PLATFORM_VERSIONS_BEFORE_1_4: ReadonlyArray<string> = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];

/**
 * The share of an instance's installed memory the ECS agent registers: "Because of platform memory overhead
 * and memory occupied by the system kernel, this number is different than the installed memory amount ...
 * an m4.large instance has 8 GiB of installed memory. However, this does not always translate to exactly 8192
 * MiB" (ECS developer guide, memory-management); AWS's worked example on the ECS-optimized AMI registers
 * 7,985 MiB of 8,192 (97.5 %). The library plans with 97 %, a little below AWS's example, before
 * `ECS_RESERVED_MEMORY` is taken off: a task sized against the nominal memory passes synth and never places.
 */
export const REGISTRABLE_MEMORY_PERCENT: Limit = {
  prop: 'memoryLimitMiB (EC2 capacity: registrable memory)',
  max: 97,
  source: 'ours, from AWS\'s example (ECS developer guide, "Reserving Amazon ECS Linux container instance memory": an m4.large with 8 GiB installed registers 7,985 MiB): tasks are planned against 97 % of the installed memory, minus reservedMemoryMiB',
  ours: true,
};

/**
 * EC2 API `EbsBlockDevice.VolumeSize`: "gp3: 1 - 65,536 GiB". The minimum is the library's: the ECS-optimized
 * AMI's own root volume is 30 GiB, and a smaller one would not boot.
 */
export const ROOT_VOLUME_SIZE: Limit = {
  prop: 'rootVolumeSizeGiB',
  min: 30,
  max: 65_536,
  source: 'EC2 API EbsBlockDevice.VolumeSize: "gp3: 1 - 65,536 GiB"; the minimum 30 is ours: the ECS-optimized AMI\'s root volume is 30 GiB',
};

/** CloudFormation quotas: "Outputs — Maximum number of outputs that you can declare in your template: 200". */
export const STACK_OUTPUTS: Limit = {
  prop: 'outputs (per stack: one or two per workload, and the app\'s own)',
  max: 200,
  source: 'CloudFormation quotas: "Outputs: maximum number of outputs that you can declare in your CloudFormation template: 200"',
};
