/**
 * Every numeric range and pattern the library enforces at synth, each with its source:
 * the AWS text it comes from (API model member or CloudFormation property, quoted), or `ours` with the
 * reason. docs/limits.md is generated from this table (`npx projen docs:limits`), and
 * test/private/limits.test.ts compares every AWS-sourced entry that has a machine-readable min, max or
 * pattern with the botocore models and the CloudFormation resource schemas installed with cfn-lint.
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
   * Where a machine-readable form of it lives in AWS's API models, for the test:
   * `botocore:<service>:<Shape>.<member>`.
   */
  readonly model?: string;
  /**
   * The CloudFormation resource-schema property that states it, for the test (cfn-lint ships the schemas):
   * `<resource type>#<Property>` or `<resource type>#<Definition>.<Property>`.
   */
  readonly schema?: string;
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
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#HealthCheckPath',
};

/** ELB API `HttpHeaderConditionConfig.HttpHeaderName`: "You can't use an HTTP header condition to specify the host header." */
export const HEADER_CONDITION_NOT_HOST: Limit = {
  prop: 'testTraffic.headerName',
  pattern: '(?!host$)',
  source: 'ELB API HttpHeaderConditionConfig.HttpHeaderName: "You can\'t use an HTTP header condition to specify the host header."',
};

/** ECS container port: 1–65535 (a TCP/UDP port). */
export const CONTAINER_PORT: Limit = {
  prop: 'containerPort, serviceConnect.port, FireLensDestination.http port',
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
 * Elastic Load Balancing's "Targets per target group per Region (instances or IP addresses)" quota, 1,000 by
 * default and adjustable (ALB user guide, "Quotas for your Application Load Balancers"; Service Quotas). No API
 * model or CloudFormation schema states the figure (botocore's elbv2 model only names the account limits
 * DescribeAccountLimits returns), so the library warns above it rather than failing: an account may have raised it.
 */
export const TARGETS_PER_TARGET_GROUP: Limit = {
  prop: 'desiredCount, scaling.maxCapacity (targets in one target group at the peak of a deployment)',
  max: 1_000,
  source: 'ELB quota "Targets per target group per Region (instances or IP addresses)": 1,000 by default, adjustable ' +
    '(ALB user guide, Quotas for your Application Load Balancers); a warning above it, not an error',
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
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#HealthCheckIntervalSeconds',
};
export const ALB_HEALTH_CHECK_TIMEOUT: Limit = {
  prop: 'fastDeploy.healthCheckTimeout',
  min: 2,
  max: 120,
  source: 'ELB API CreateTargetGroup HealthCheckTimeoutSeconds (min 2, max 120)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthCheckTimeoutSeconds',
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#HealthCheckTimeoutSeconds',
};
export const ALB_HEALTHY_THRESHOLD: Limit = {
  prop: 'fastDeploy.healthyThresholdCount',
  min: 2,
  max: 10,
  source: 'ELB API CreateTargetGroup HealthyThresholdCount (min 2, max 10)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthyThresholdCount',
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#HealthyThresholdCount',
};
export const ALB_UNHEALTHY_THRESHOLD: Limit = {
  prop: 'fastDeploy.unhealthyThresholdCount',
  min: 2,
  max: 10,
  source: 'ELB API CreateTargetGroup UnhealthyThresholdCount (min 2, max 10)',
  model: 'botocore:elbv2:CreateTargetGroupInput.UnhealthyThresholdCount',
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#UnhealthyThresholdCount',
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
  schema: 'AWS::ElasticLoadBalancingV2::ListenerRule#Priority',
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
  schema: 'AWS::Scheduler::Schedule#RetryPolicy.MaximumRetryAttempts',
};
export const SCHEDULER_MAX_EVENT_AGE: Limit = {
  prop: 'maxEventAge',
  min: 60,
  max: 86_400,
  source: 'EventBridge Scheduler API RetryPolicy.MaximumEventAgeInSeconds (min 60, max 86400)',
  model: 'botocore:scheduler:RetryPolicy.MaximumEventAgeInSeconds',
  schema: 'AWS::Scheduler::Schedule#RetryPolicy.MaximumEventAgeInSeconds',
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
  schema: 'AWS::ECS::Daemon#DaemonDeploymentConfiguration.DrainPercent',
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
  schema: 'AWS::ECS::Daemon#DaemonDeploymentConfiguration.BakeTimeInMinutes',
};
/**
 * ECS API `CreateDaemonRequest.daemonName` and `DaemonContainerDefinition.name`: "Up to 255 letters
 * (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
 */
export const DAEMON_NAME: Limit = {
  prop: 'serviceName, containerName, task definition family (Managed Daemon)',
  min: 1,
  max: 255,
  pattern: '^[a-zA-Z0-9_-]{1,255}$',
  source: 'ECS API CreateDaemon daemonName / RegisterDaemonTaskDefinition family / DaemonContainerDefinition name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
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
  source: 'ours: from AWS\'s example (ECS developer guide, "Reserving Amazon ECS Linux container instance memory": an m4.large with 8 GiB installed registers 7,985 MiB): tasks are planned against 97 % of the installed memory, minus reservedMemoryMiB',
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

/**
 * ECS API `RegisterTaskDefinitionRequest.cpu` outside Fargate: "Supported values are between 128 CPU units (0.125
 * vCPUs) and 196608 CPU units (192 vCPUs)."
 */
export const TASK_CPU: Limit = {
  prop: 'cpu (EC2, Managed Instances)',
  min: 128,
  max: 196_608,
  source: 'ECS API RegisterTaskDefinitionRequest.cpu: "Supported values are between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)"',
};

/** Container memory outside Fargate's size table: Docker's smallest is 6 MiB; the upper bound is a typo guard. */
export const TASK_MEMORY_MIB: Limit = {
  prop: 'memoryLimitMiB (EC2, Managed Instances, daemons), fireLens routerMemoryReservationMiB',
  min: 6,
  max: 1_048_576,
  source: 'ours: Docker refuses a container memory limit below 6 MiB (the ECS API documents no range); 1 TiB is a typo guard',
  ours: true,
};

/** ECS API `CapacityProviderStrategyItem.base`: min 0, max 100000. */
export const CAPACITY_PROVIDER_BASE: Limit = {
  prop: 'capacity.onDemandBase, mix.onDemandBase',
  min: 0,
  max: 100_000,
  source: 'ECS API CapacityProviderStrategyItem.base (shape CapacityProviderStrategyItemBase: min 0, max 100000)',
  model: 'botocore:ecs:CapacityProviderStrategyItem.base',
  schema: 'AWS::ECS::Service#CapacityProviderStrategyItem.Base',
};

/** ECS API `CapacityProviderStrategyItem.weight`: min 0, max 1000. */
export const CAPACITY_PROVIDER_WEIGHT: Limit = {
  prop: 'capacity.onDemandWeight, capacity.spotWeight (and mix.*)',
  min: 0,
  max: 1000,
  source: 'ECS API CapacityProviderStrategyItem.weight (shape CapacityProviderStrategyItemWeight: min 0, max 1000)',
  model: 'botocore:ecs:CapacityProviderStrategyItem.weight',
  schema: 'AWS::ECS::Service#CapacityProviderStrategyItem.Weight',
};

/** ECS API `ManagedScaling.targetCapacity`: "must be greater than 0 and less than or equal to 100". */
export const MANAGED_SCALING_TARGET_CAPACITY: Limit = {
  prop: 'targetCapacityPercent',
  min: 1,
  max: 100,
  source: 'ECS API ManagedScaling.targetCapacity: "The specified value must be greater than 0 and less than or equal to 100"',
  model: 'botocore:ecs:ManagedScaling.targetCapacity',
  schema: 'AWS::ECS::CapacityProvider#ManagedScaling.TargetCapacity',
};

/** ECS API `TimeoutConfiguration.idleTimeoutSeconds` / `perRequestTimeoutSeconds` (shape Duration: 0 to 2147483647). */
export const SERVICE_CONNECT_TIMEOUT: Limit = {
  prop: 'serviceConnect.idleTimeout, serviceConnect.perRequestTimeout (seconds)',
  min: 0,
  max: 2_147_483_647,
  source: 'ECS API TimeoutConfiguration.idleTimeoutSeconds, perRequestTimeoutSeconds (shape Duration: min 0, max 2147483647; "A value of 0 can be set to disable")',
  model: 'botocore:ecs:TimeoutConfiguration.idleTimeoutSeconds',
  schema: 'AWS::ECS::Service#TimeoutConfiguration.IdleTimeoutSeconds',
};

/** ECS API `CreateServiceRequest.healthCheckGracePeriodSeconds`: an Integer (BoxedInteger), no range but Int32's. */
export const HEALTH_CHECK_GRACE_PERIOD: Limit = {
  prop: 'rollout.healthCheckGracePeriod (seconds)',
  min: 0,
  max: 2_147_483_647,
  source: 'ECS API CreateServiceRequest.healthCheckGracePeriodSeconds: an Integer with no documented range; the library takes 0 to the Int32 maximum',
};

/** ECS API `DeploymentConfiguration.minimumHealthyPercent`: "a lower limit ... as a percentage of the desiredCount". */
export const MIN_HEALTHY_PERCENT: Limit = {
  prop: 'rollout.minHealthyPercent',
  min: 0,
  max: 100,
  source: 'ours: ECS API DeploymentConfiguration.minimumHealthyPercent ("a lower limit on the number of your service\'s tasks that must remain in the RUNNING state ... as a percentage of the desiredCount") gives no range; above 100 no task could ever be replaced',
  ours: true,
};

/** ECS API `DeploymentConfiguration.maximumPercent`: "an upper limit ... as a percentage of the desiredCount". */
export const MAX_HEALTHY_PERCENT: Limit = {
  prop: 'rollout.maxHealthyPercent',
  min: 100,
  max: 2_147_483_647,
  source: 'ours: ECS API DeploymentConfiguration.maximumPercent ("an upper limit on the number of your service\'s tasks that are allowed in the RUNNING or PENDING state") gives no range; below 100 a rolling deployment would shrink the service, so the library asks for minHealthyPercent instead',
  ours: true,
};

/** What the Service Connect proxy may be given: at most the largest Fargate task (16 vCPU, 120 GiB). */
export const SERVICE_CONNECT_PROXY_MAX_CPU = 16_384;
export const SERVICE_CONNECT_PROXY_SIZE: Limit = {
  prop: 'serviceConnect.proxyCpu (units), serviceConnect.proxyMemoryMiB',
  min: 0,
  max: 122_880,
  source: `ours: the largest Fargate task is 16 vCPU (16384 units) and 120 GiB (122880 MiB); proxyCpu is capped at ${SERVICE_CONNECT_PROXY_MAX_CPU}, proxyMemoryMiB at 122880`,
  ours: true,
};

/** Target-tracking targets the library takes as a utilization percentage. */
export const SCALING_TARGET_PERCENT: Limit = {
  prop: 'scaling.targetCpuPercent, scaling.targetMemoryPercent',
  min: 1,
  max: 100,
  source: 'ours: ECS publishes CPUUtilization and MemoryUtilization as percentages; Application Auto Scaling\'s TargetValue takes any double, a target above 100 % would never scale out',
  ours: true,
};

/** Typo guards on EC2 capacity sizing; none is an AWS limit. */
export const EC2_CAPACITY_PER_GROUP: Limit = {
  prop: 'minCapacityPerGroup (0–), maxCapacityPerGroup (1–)',
  min: 0,
  max: 10_000,
  source: 'ours: a typo guard; the Auto Scaling API takes any Integer and the account\'s EC2 quotas bound it first',
  ours: true,
};

/** The ECS agent's `ECS_CONTAINER_STOP_TIMEOUT` and `ECS_RESERVED_MEMORY` on EC2 capacity: typo guards. */
export const EC2_AGENT_STOP_TIMEOUT: Limit = {
  prop: 'containerStopTimeout (seconds)',
  min: 0,
  max: 86_400,
  source: 'ours: the ECS agent documents no range for ECS_CONTAINER_STOP_TIMEOUT; one day is a typo guard',
  ours: true,
};
export const EC2_AGENT_SETTINGS: Limit = {
  prop: 'reservedMemoryMiB (MiB)',
  min: 0,
  max: 1_048_576,
  source: 'ours: the ECS agent documents no range for ECS_RESERVED_MEMORY; 1 TiB is a typo guard',
  ours: true,
};

/**
 * Auto Scaling API `LaunchTemplateOverrides.InstanceType`: "You can specify up to 40 instance types per Auto Scaling
 * group." (the Overrides list has no machine-readable maximum).
 */
export const AUTO_SCALING_INSTANCE_TYPES: Limit = {
  prop: 'instanceTypes (per Auto Scaling group)',
  min: 1,
  max: 40,
  source: 'Auto Scaling API LaunchTemplateOverrides.InstanceType: "You can specify up to 40 instance types per Auto Scaling group."',
};

/** Managed Instances `instanceRequirements.vCpuCountMin/Max`: the ECS API gives no range (BoxedInteger). */
export const MANAGED_INSTANCES_VCPU_COUNT: Limit = {
  prop: 'instanceRequirements.vCpuCountMin, instanceRequirements.vCpuCountMax',
  min: 1,
  max: 1024,
  source: 'ours: ECS API VCpuCountRangeRequest.min/max are Integers with no documented range; 1024 is above every EC2 instance type',
  ours: true,
};

/** awslogs `max-buffer-size`: Docker takes any size; the library caps it. */
export const AWSLOGS_MAX_BUFFER_MIB: Limit = {
  prop: 'ServiceLogging.awsLogs maxBufferSize (MiB)',
  min: 1,
  max: 1024,
  source: 'ours: Docker documents no maximum for max-buffer-size; 1 GiB is a typo guard against a buffer larger than the task',
  ours: true,
};

/**
 * Application Auto Scaling API `PutScheduledActionRequest.ScheduledActionName`: 1–256 characters, none of the control
 * characters or ':', '/', '|', and no leading or trailing spaces.
 */
export const SCHEDULED_ACTION_NAME: Limit = {
  prop: 'scaling.schedules[].name (with the suffix the library adds)',
  min: 1,
  max: 256,
  source: 'Application Auto Scaling API PutScheduledActionRequest.ScheduledActionName (shape ScheduledActionName: min 1, max 256, no control characters, \':\', \'/\' or \'|\')',
  model: 'botocore:application-autoscaling:PutScheduledActionRequest.ScheduledActionName',
};

/*
 * Limits of one choice: each is checked in that choice's file, which imports it from here.
 */

/**
 * ECS API `PortMapping.name` (which `ServiceConnectService.portName` must match) and
 * `ServiceConnectService.discoveryName`: "The name can include up to 64 characters. The characters can include
 * lowercase letters, numbers, underscores (_), and hyphens (-). The name can't start with a hyphen."
 */
export const SERVICE_CONNECT_NAME: Limit = {
  prop: 'serviceConnect.portName, serviceConnect.discoveryName',
  min: 1,
  max: 64,
  pattern: '^[a-z0-9_][a-z0-9_-]{0,63}$',
  source: 'ECS API PortMapping.name / ServiceConnectService.discoveryName: "The name can include up to 64 characters. The characters can include lowercase letters, numbers, underscores (_), and hyphens (-). The name can\'t start with a hyphen."',
};
/**
 * ECS API `ServiceConnectClientAlias.dnsName`: "The name can include up to 127 characters. The name can include
 * lowercase letters, numbers, underscores (_), hyphens (-), and periods (.). The name can't start with a hyphen."
 */
export const SERVICE_CONNECT_DNS_NAME: Limit = {
  prop: 'serviceConnect.dnsName',
  min: 1,
  max: 127,
  pattern: '^[a-z0-9_.][a-z0-9_.-]{0,126}$',
  source: 'ECS API ServiceConnectClientAlias.dnsName: "The name can include up to 127 characters. The name can include lowercase letters, numbers, underscores (_), hyphens (-), and periods (.). The name can\'t start with a hyphen."',
};

/** CloudWatch API `PutDashboardInput.DashboardName`: "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, "-", and "_"." */
export const DASHBOARD_NAME: Limit = {
  prop: 'dashboardName',
  min: 1,
  max: 255,
  pattern: '^[A-Za-z0-9_-]{1,255}$',
  source: 'CloudWatch API PutDashboard DashboardName: "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, "-", and "_"."',
};

/** ECS API `Volume.name`: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed." */
export const TASK_VOLUME_NAME: Limit = {
  prop: 'addEfsVolume id (the task definition volume name)',
  min: 1,
  max: 255,
  pattern: '^[A-Za-z0-9_-]{1,255}$',
  source: 'ECS API Volume.name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};

/**
 * ELB API `RuleCondition.Values` for `path-pattern`: "A path pattern is case-sensitive, can be up to 128 characters
 * in length, and can contain any of the following characters. A-Z, a-z, 0-9 _ - . $ / ~ " ' @ : + &amp; (using
 * &amp;amp;) * (matches 0 or more characters) ? (matches exactly 1 character)".
 */
export const PATH_PATTERN: Limit = {
  prop: 'loadBalancing.pathPatterns (each)',
  min: 1,
  max: 128,
  pattern: '^[A-Za-z0-9_.$/~"\'@:+&*?-]{1,128}$',
  source: 'ELB API RuleCondition.Values (path-pattern): "up to 128 characters in length, and can contain any of the following characters. A-Z, a-z, 0-9 _ - . $ / ~ \" \' @ : + & * ?"',
};

/**
 * ELB API `RuleCondition.Values` for `host-header`: "up to 128 characters in length, and can contain any of the
 * following characters. A-Z, a-z, 0-9 - . * ?", and `HostHeaderConditionConfig.Values`: "You must include at least
 * one "." character. You can include only alphabetical characters after the final "." character."
 */
export const HOST_HEADER: Limit = {
  prop: 'loadBalancing.hostHeaders (each)',
  min: 1,
  max: 128,
  pattern: '^(?=.{1,128}$)[A-Za-z0-9.*?-]*\\.[A-Za-z]+$',
  source: 'ELB API RuleCondition.Values (host-header): "up to 128 characters in length ... A-Z, a-z, 0-9 - . * ?"; HostHeaderConditionConfig.Values: "You must include at least one \".\" character. You can include only alphabetical characters after the final \".\" character."',
};

/**
 * Elastic Load Balancing's "Condition values per rule" quota: 5, not adjustable (ALB user guide, "Quotas for your
 * Application Load Balancers", Rules; DescribeAccountLimits names it `condition-values-per-alb-rule`).
 */
export const CONDITION_VALUES_PER_RULE: Limit = {
  prop: 'loadBalancing pathPatterns + hostHeaders, rollout.testTraffic.headerValues (with the shared listener\'s paths and hosts)',
  min: 1,
  max: 5,
  source: 'ELB quota "Condition values per rule": 5, not adjustable (ALB user guide, Quotas for your Application Load Balancers; DescribeAccountLimits condition-values-per-alb-rule)',
};
/**
 * ELB API `HttpHeaderConditionConfig.HttpHeaderName`: "The maximum length is 40 characters. ... The allowed
 * characters are specified by RFC 7230." The pattern is RFC 7230's `token` (section 3.2.6).
 */
export const HEADER_CONDITION_NAME: Limit = {
  prop: 'rollout.testTraffic.headerName',
  min: 1,
  max: 40,
  pattern: '^[!#$%&\'*+.^_`|~0-9A-Za-z-]+$',
  source: 'ELB API HttpHeaderConditionConfig.HttpHeaderName: "The maximum length is 40 characters. ... The allowed characters are specified by RFC 7230." (a token, RFC 7230 3.2.6)',
};
/** ELB API `HttpHeaderConditionConfig.Values`: "The maximum length of each string is 128 characters." */
export const HEADER_CONDITION_VALUE: Limit = {
  prop: 'rollout.testTraffic.headerValues (each)',
  min: 1,
  max: 128,
  source: 'ELB API HttpHeaderConditionConfig.Values: "The maximum length of each string is 128 characters."',
};

/**
 * ECS API `CanaryConfiguration.canaryPercent`: "Valid values are multiples of 0.1 from 0.1 to 100.0." (a Double
 * in the model, with no machine-readable range).
 */
export const ROLLOUT_CANARY_PERCENT: Limit = {
  prop: 'rollout.percent (Rollout.canary(), multiples of 0.1)',
  min: 0.1,
  max: 100,
  source: 'ECS API CanaryConfiguration.canaryPercent: "Valid values are multiples of 0.1 from 0.1 to 100.0."',
  schema: 'AWS::ECS::Service#CanaryConfiguration.CanaryPercent',
};
/** ECS API `LinearConfiguration.stepPercent`: "Valid values are multiples of 0.1 from 3.0 to 100.0." */
export const ROLLOUT_LINEAR_STEP_PERCENT: Limit = {
  prop: 'rollout.stepPercent (Rollout.linear(), multiples of 0.1)',
  min: 3,
  max: 100,
  source: 'ECS API LinearConfiguration.stepPercent: "Valid values are multiples of 0.1 from 3.0 to 100.0."',
  schema: 'AWS::ECS::Service#LinearConfiguration.StepPercent',
};
/**
 * ECS API `CanaryConfiguration.canaryBakeTimeInMinutes` and `LinearConfiguration.stepBakeTimeInMinutes`: "Valid
 * values are 0 to 1440 minutes (24 hours)"; AWS::ECS::Service DeploymentConfiguration.BakeTimeInMinutes takes the
 * same 0–1440 (the ECS API's `bakeTimeInMinutes` gives no range).
 */
export const ROLLOUT_WAIT_MINUTES: Limit = {
  prop: 'rollout.bakeTime, rollout.interval (whole minutes)',
  min: 0,
  max: 1440,
  source: 'ECS API CanaryConfiguration.canaryBakeTimeInMinutes / LinearConfiguration.stepBakeTimeInMinutes: "Valid values are 0 to 1440 minutes (24 hours)"; CloudFormation DeploymentConfiguration.BakeTimeInMinutes: 0-1440',
  schema: 'AWS::ECS::Service#DeploymentConfiguration.BakeTimeInMinutes',
};
/**
 * AWS::ECS::Service CanaryConfiguration and LinearConfiguration: "CloudFormation operations time out after 36
 * hours ... CloudFormation rejects deployments when the calculated deployment time exceeds 33 hours":
 * BakeTimeInMinutes + CanaryBakeTimeInMinutes, or BakeTimeInMinutes + StepBakeTimeInMinutes × steps.
 */
export const CLOUDFORMATION_DEPLOYMENT_MINUTES: Limit = {
  prop: 'rollout.bakeTime + rollout.interval × waits (Rollout.canary(), Rollout.linear())',
  min: 0,
  max: 33 * 60,
  source: 'CloudFormation AWS::ECS::Service CanaryConfiguration / LinearConfiguration: "CloudFormation rejects deployments when the calculated deployment time exceeds 33 hours" (BakeTimeInMinutes + CanaryBakeTimeInMinutes, or + StepBakeTimeInMinutes per step)',
};

/**
 * CloudWatch API `PutMetricAlarmInput.Period`: "For alarms with a period of less than one hour (3,600 seconds),
 * the total evaluation period can't be longer than one day (86,400 seconds)." The scale-to-zero alarm has a
 * 1-minute period, so its evaluation periods (`EvaluationPeriods`, min 1) are 1 to 1440 minutes.
 */
export const QUEUE_SCALE_TO_ZERO_MINUTES: Limit = {
  prop: 'queueScaling.scaleToZeroAfter (whole minutes)',
  min: 1,
  max: 1440,
  source: 'CloudWatch API PutMetricAlarm Period: "For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can\'t be longer than one day (86,400 seconds)"; EvaluationPeriods min 1 (one 1-minute period each)',
};

/**
 * EventBridge Scheduler cron expressions (Scheduler User Guide, "Schedule types", cron-based schedules; the same
 * table as EventBridge's "Cron expressions reference"): Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12
 * or JAN-DEC, Day-of-week 1-7 or SUN-SAT, Year 1970-2199. The API model holds only the expression's length.
 */
export const CRON_MINUTE: Limit = { prop: 'schedule.minute', min: 0, max: 59, source: 'EventBridge Scheduler User Guide, cron expressions, Minutes field: "0-59"' };
export const CRON_HOUR: Limit = { prop: 'schedule.hour', min: 0, max: 23, source: 'EventBridge Scheduler User Guide, cron expressions, Hours field: "0-23"' };
export const CRON_DAY: Limit = { prop: 'schedule.day', min: 1, max: 31, source: 'EventBridge Scheduler User Guide, cron expressions, Day-of-month field: "1-31"' };
export const CRON_MONTH: Limit = { prop: 'schedule.month', min: 1, max: 12, source: 'EventBridge Scheduler User Guide, cron expressions, Month field: "1-12 or JAN-DEC"' };
export const CRON_WEEK_DAY: Limit = { prop: 'schedule.weekDay', min: 1, max: 7, source: 'EventBridge Scheduler User Guide, cron expressions, Day-of-week field: "1-7 or SUN-SAT"' };
export const CRON_YEAR: Limit = { prop: 'schedule.year', min: 1970, max: 2199, source: 'EventBridge Scheduler User Guide, cron expressions, Year field: "1970-2199"' };

/**
 * `ScheduledCapacity.dailyPeak()` hours: the hour field of Application Auto Scaling's cron expressions
 * (`PutScheduledActionRequest.Schedule`: "[Minutes] [Hours] [Day_of_Month] [Month] [Day_of_Week] [Year]"; Application
 * Auto Scaling User Guide, cron expressions: Hours 0-23).
 */
export const SCALING_SCHEDULE_HOUR: Limit = {
  prop: 'scaling.schedules[] dailyPeak startHour, endHour',
  min: 0,
  max: 23,
  source: 'Application Auto Scaling API PutScheduledAction Schedule, cron Hours field: 0-23 (Application Auto Scaling User Guide, cron expressions)',
};

/**
 * FIS's duration quotas (General Reference, "AWS Fault Injection Service endpoints and quotas"; FIS user guide,
 * "Quotas and limitations"), which this machine cannot re-read: 12 hours, also the longest duration FIS's actions
 * reference gives any time-bounded action ("The duration, from one minute to 12 hours", e.g.
 * aws:fis:inject-api-internal-error). AWS's figure, not the library's; docs/chaos.md says so.
 */
export const FIS_EXPERIMENT_SECONDS: Limit = {
  prop: 'gameDay.faults (total duration, seconds)',
  max: 12 * 60 * 60,
  source: 'FIS quota on experiment duration: 12 hours (FIS user guide, Quotas and limitations; not re-readable offline); FIS actions reference: "The duration, from one minute to 12 hours"',
};
/**
 * This library's range for a fault's duration, not AWS's: the FIS actions reference gives the ECS task actions'
 * `duration` as ISO 8601 with no range.
 */
export const FIS_FAULT_SECONDS: Limit = {
  prop: 'EcsFault duration (seconds)',
  min: 60,
  max: 12 * 60 * 60,
  source: 'ours: FIS gives the aws:ecs:task-* duration as ISO 8601 with no range; at least a minute so that 1-minute stop-condition alarms can see the fault, at most 12 hours (FIS\'s experiment quota) so that a typo (hours for minutes) does not leave a fault running for days',
  ours: true,
};
/** FIS actions reference, ECS task actions: `percent` (cpu-stress, io-stress) and `lossPercent` (network-packet-loss) "(0-100)". */
export const FIS_PERCENT: Limit = {
  prop: 'EcsFault percent, lossPercent',
  min: 0,
  max: 100,
  source: 'FIS actions reference, aws:ecs:task-cpu-stress / io-stress percent and network-packet-loss lossPercent: "(0-100)"',
};
/**
 * `TaskSelection.percent(n)`, rendered as FIS's `PERCENT(n)` selection mode (FIS API `selectionMode`: "PERCENT(n) -
 * Run the action on the specified percentage of targets"), which gives no range.
 */
export const FIS_TARGET_PERCENT: Limit = {
  prop: 'selection (TaskSelection.percent())',
  min: 1,
  max: 100,
  source: 'ours: FIS API selectionMode "PERCENT(n) - Run the action on the specified percentage of targets" gives no range; a share of the tasks is at most 100, and 0 would select none',
  ours: true,
};
/** FIS actions reference, `aws:ecs:task-network-blackhole-port`: `port`, a TCP/UDP port number. */
export const FIS_PORT: Limit = {
  prop: 'EcsFault port (network blackhole)',
  min: 1,
  max: 65_535,
  source: 'FIS actions reference, aws:ecs:task-network-blackhole-port port: a TCP/UDP port number (1–65535)',
};
/** FIS documents no upper bound for `workers` (cpu-stress: 0 = one per vCPU, io-stress: at least 1). */
export const FIS_WORKERS: Limit = {
  prop: 'EcsFault workers (cpu stress 0–, io stress 1–)',
  min: 0,
  max: 2_147_483_647,
  source: 'ours: FIS documents defaults (cpu-stress 0 = one worker per vCPU, io-stress 1) and no upper bound; the library takes the Int32 range above them',
  ours: true,
};
/** FIS API `CreateExperimentTemplateRequest.description` (shape ExperimentTemplateDescription: max 512). The library truncates to it. */
export const FIS_TEMPLATE_DESCRIPTION: Limit = {
  prop: 'experiment template description (generated, truncated to fit)',
  max: 512,
  source: 'FIS API CreateExperimentTemplate description (shape ExperimentTemplateDescription: max 512)',
  model: 'botocore:fis:CreateExperimentTemplateRequest.description',
};
/** FIS API tags (shape TagMap, values of shape TagValue: max 256). The library truncates its Name tag to it. */
export const FIS_TAG_VALUE: Limit = {
  prop: 'experiment template Name tag (generated, truncated to fit)',
  max: 256,
  source: 'FIS API CreateExperimentTemplate tags (shape TagValue: max 256)',
  model: 'botocore:fis:TagMap.value',
};

/** Cloud Map API `CreateHttpNamespaceRequest.Name` (shape NamespaceNameHttp: max 1024, printable ASCII, not an ARN). */
export const HTTP_NAMESPACE_NAME: Limit = {
  prop: 'namespaceName',
  max: 1024,
  pattern: '^(?!arn:)[!-~]{1,1024}$',
  source: 'Cloud Map API CreateHttpNamespaceRequest.Name (shape NamespaceNameHttp: max 1024, pattern ^(?!arn:)[!-~]{1,1024}$)',
  model: 'botocore:servicediscovery:CreateHttpNamespaceRequest.Name',
};

/** S3 API `LifecycleExpiration.Days`: "The value must be a non-zero positive integer." (the access-log bucket's retention). */
export const S3_EXPIRATION_DAYS: Limit = {
  prop: 'accessLogs retention (AlbAccessLogs.createBucket(), whole days)',
  min: 1,
  source: 'S3 API LifecycleExpiration.Days: "Indicates the lifetime, in days, of the objects that are subject to the rule. The value must be a non-zero positive integer."',
};

/** Every limit in this file, in the order docs/limits.md lists them (a test fails when one is left out). */
export const LIMITS: readonly Limit[] = [
  FARGATE_STOP_TIMEOUT, INSTANCE_STOP_TIMEOUT, ECS_NAME, CONTAINER_PORT, TASK_COUNT, CONTAINERS_PER_TASK_DEFINITION,
  REGISTRABLE_MEMORY_PERCENT, ROOT_VOLUME_SIZE,
  HEALTH_CHECK_PATH_LENGTH, ALB_HEALTH_CHECK_INTERVAL, ALB_HEALTH_CHECK_TIMEOUT, ALB_HEALTHY_THRESHOLD, ALB_UNHEALTHY_THRESHOLD,
  DEREGISTRATION_DELAY, LISTENER_RULE_PRIORITY, HEADER_CONDITION_NOT_HOST, TARGETS_PER_TARGET_GROUP, DNS_HOST_LABEL, DNS_NAME_LENGTH,
  CONTAINER_HEALTH_CHECK_INTERVAL, CONTAINER_HEALTH_CHECK_TIMEOUT, CONTAINER_HEALTH_CHECK_RETRIES, CONTAINER_HEALTH_CHECK_START_PERIOD,
  EPHEMERAL_STORAGE, SCHEDULER_RETRY_ATTEMPTS, SCHEDULER_MAX_EVENT_AGE,
  DAEMON_DRAIN_PERCENT, DAEMON_BAKE_TIME_MINUTES, DAEMON_NAME, DAEMON_STOP_TIMEOUT, DAEMON_CPU, STACK_OUTPUTS,
  TASK_CPU, TASK_MEMORY_MIB, CAPACITY_PROVIDER_BASE, CAPACITY_PROVIDER_WEIGHT, MANAGED_SCALING_TARGET_CAPACITY,
  SERVICE_CONNECT_TIMEOUT, HEALTH_CHECK_GRACE_PERIOD, MIN_HEALTHY_PERCENT, MAX_HEALTHY_PERCENT, SERVICE_CONNECT_PROXY_SIZE,
  SCALING_TARGET_PERCENT, EC2_CAPACITY_PER_GROUP, EC2_AGENT_STOP_TIMEOUT, EC2_AGENT_SETTINGS, AUTO_SCALING_INSTANCE_TYPES,
  MANAGED_INSTANCES_VCPU_COUNT, AWSLOGS_MAX_BUFFER_MIB,
  SCHEDULED_ACTION_NAME, PATH_PATTERN, HOST_HEADER, HTTP_NAMESPACE_NAME, S3_EXPIRATION_DAYS,
  SERVICE_CONNECT_NAME, SERVICE_CONNECT_DNS_NAME, DASHBOARD_NAME, TASK_VOLUME_NAME,
  CONDITION_VALUES_PER_RULE, HEADER_CONDITION_NAME, HEADER_CONDITION_VALUE,
  ROLLOUT_CANARY_PERCENT, ROLLOUT_LINEAR_STEP_PERCENT, ROLLOUT_WAIT_MINUTES, CLOUDFORMATION_DEPLOYMENT_MINUTES,
  QUEUE_SCALE_TO_ZERO_MINUTES, CRON_MINUTE, CRON_HOUR, CRON_DAY, CRON_MONTH, CRON_WEEK_DAY, CRON_YEAR, SCALING_SCHEDULE_HOUR,
  FIS_EXPERIMENT_SECONDS, FIS_FAULT_SECONDS, FIS_TARGET_PERCENT, FIS_PERCENT, FIS_PORT, FIS_WORKERS, FIS_TEMPLATE_DESCRIPTION, FIS_TAG_VALUE,
];
