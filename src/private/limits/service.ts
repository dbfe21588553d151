import { Limit } from './limit';

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

/** ECS API `TimeoutConfiguration.idleTimeoutSeconds` / `perRequestTimeoutSeconds` (shape Duration: 0 to 2147483647). */
export const SERVICE_CONNECT_TIMEOUT: Limit = {
  prop: 'serviceConnect.idleTimeout, serviceConnect.perRequestTimeout (seconds)',
  min: 0,
  max: 2_147_483_647,
  source: 'ECS API TimeoutConfiguration.idleTimeoutSeconds, perRequestTimeoutSeconds (shape Duration: min 0, max 2147483647; "A value of 0 can be set to disable")',
  model: 'botocore:ecs:TimeoutConfiguration.idleTimeoutSeconds',
  schema: 'AWS::ECS::Service#TimeoutConfiguration.IdleTimeoutSeconds',
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

/** CloudFormation quotas: "Outputs — Maximum number of outputs that you can declare in your template: 200". */
export const STACK_OUTPUTS: Limit = {
  prop: 'outputs (per stack: one or two per workload, and the app\'s own)',
  max: 200,
  source: 'CloudFormation quotas: "Outputs: maximum number of outputs that you can declare in your CloudFormation template: 200"',
};

/** CloudWatch API `PutDashboardInput.DashboardName`: "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, "-", and "_"." */
export const DASHBOARD_NAME: Limit = {
  prop: 'dashboardName',
  min: 1,
  max: 255,
  pattern: '^[A-Za-z0-9_-]{1,255}$',
  source: 'CloudWatch API PutDashboard DashboardName: "The maximum length is 255, and valid characters are A-Z, a-z, 0-9, "-", and "_"."',
};

/** Services: counts, deployments, Service Connect, scaling, outputs and dashboards (ECS, CloudFormation, CloudWatch): every limit of this file, in the order docs/limits.md lists them. */
export const SERVICE_LIMITS: readonly Limit[] = [
  TASK_COUNT, HEALTH_CHECK_GRACE_PERIOD, MIN_HEALTHY_PERCENT, MAX_HEALTHY_PERCENT, ROLLOUT_CANARY_PERCENT,
  ROLLOUT_LINEAR_STEP_PERCENT, ROLLOUT_WAIT_MINUTES, CLOUDFORMATION_DEPLOYMENT_MINUTES, SERVICE_CONNECT_NAME,
  SERVICE_CONNECT_DNS_NAME, SERVICE_CONNECT_TIMEOUT, SERVICE_CONNECT_PROXY_SIZE, SCALING_TARGET_PERCENT, STACK_OUTPUTS,
  DASHBOARD_NAME,
];
