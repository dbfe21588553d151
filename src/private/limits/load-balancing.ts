import { Limit } from './limit';

/** ELB API `CreateTargetGroupInput.HealthCheckPath` (shape `Path`): min 1, max 1024. */
export const HEALTH_CHECK_PATH_LENGTH: Limit = {
  prop: 'healthCheckPath (length)',
  min: 1,
  max: 1024,
  source: 'ELB API CreateTargetGroup HealthCheckPath (shape Path: min 1, max 1024)',
  model: 'botocore:elbv2:CreateTargetGroupInput.HealthCheckPath',
  schema: 'AWS::ElasticLoadBalancingV2::TargetGroup#HealthCheckPath',
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

/** ELB API `HttpHeaderConditionConfig.HttpHeaderName`: "You can't use an HTTP header condition to specify the host header." */
export const HEADER_CONDITION_NOT_HOST: Limit = {
  prop: 'testTraffic.headerName',
  pattern: '(?!host$)',
  source: 'ELB API HttpHeaderConditionConfig.HttpHeaderName: "You can\'t use an HTTP header condition to specify the host header."',
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

/** S3 API `LifecycleExpiration.Days`: "The value must be a non-zero positive integer." (the access-log bucket's retention). */
export const S3_EXPIRATION_DAYS: Limit = {
  prop: 'accessLogs retention (AlbAccessLogs.createBucket(), whole days)',
  min: 1,
  source: 'S3 API LifecycleExpiration.Days: "Indicates the lifetime, in days, of the objects that are subject to the rule. The value must be a non-zero positive integer."',
};

/** Load balancing (Elastic Load Balancing, S3 for access logs): every limit of this file, in the order docs/limits.md lists them. */
export const LOAD_BALANCING_LIMITS: readonly Limit[] = [
  HEALTH_CHECK_PATH_LENGTH, ALB_HEALTH_CHECK_INTERVAL, ALB_HEALTH_CHECK_TIMEOUT, ALB_HEALTHY_THRESHOLD,
  ALB_UNHEALTHY_THRESHOLD, DEREGISTRATION_DELAY, LISTENER_RULE_PRIORITY, PATH_PATTERN, HOST_HEADER,
  CONDITION_VALUES_PER_RULE, HEADER_CONDITION_NOT_HOST, HEADER_CONDITION_NAME, HEADER_CONDITION_VALUE,
  TARGETS_PER_TARGET_GROUP, S3_EXPIRATION_DAYS,
];
