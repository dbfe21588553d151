/**
 * Fast-deploy findings read back from a synthesized template, named after the EcsFastDeployChecks rules
 * they match (docs/warnings.md). A template-only reading: it cannot see acknowledgements,
 * suppressions or values that cross stacks, so it is a hint for services the Aspect never visited
 * (another team's stack, a cdk.out from elsewhere), not a replacement for the Aspect.
 */
import { ALB_DEFAULT_DEREGISTRATION_DELAY_SECONDS, ALB_DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS, ALB_DEFAULT_HEALTHY_THRESHOLD_COUNT, ECS_DEFAULT_STOP_TIMEOUT_SECONDS, isDaemon } from './ecs-service';
import { CfnTemplate, EcsServiceRef, numberProp, propertiesOf, refTarget } from './template';
import { awsSidecarOfContainer } from '../aspects/sidecar-judgement';

/**
 * The fast-deploy profile the rules check against (the library's defaults: src/private/defaults.ts).
 * Repeated here because the report reads templates only and must not load aws-cdk-lib.
 */
const WANTED_INTERVAL_SECONDS = 5;
const WANTED_HEALTHY_THRESHOLD = 2;
const WANTED_DEREGISTRATION_DELAY_SECONDS = 5;
const WANTED_STOP_TIMEOUT_SECONDS = 2;
const WANTED_MIN_HEALTHY_PERCENT = 100;


/** One finding: the EcsFastDeployChecks rule id and what the template says. */
export interface Finding {
  readonly ruleId: string;
  readonly message: string;
}

/** The fast-deploy findings of one service, in rule order. */
export function fastDeployFindings(template: CfnTemplate, service: EcsServiceRef): Finding[] {
  const findings: Finding[] = [];
  const add = (ruleId: string, message: string) => findings.push({ ruleId, message });
  // The green target group takes the new tasks in every traffic-shifting deployment: its timing counts as much.
  const groups = [
    ...service.targetGroupIds.map((id) => ({ id, label: '' })),
    ...service.alternateTargetGroupIds.map((id) => ({ id, label: 'green target group: ' })),
  ];
  for (const { id: targetGroupId, label } of groups) {
    const tg = propertiesOf(template, targetGroupId);
    const interval = numberProp(tg.HealthCheckIntervalSeconds) ?? ALB_DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS;
    if (interval > WANTED_INTERVAL_SECONDS) {
      add('ECSE-FD1', `${label}health check interval ${interval} s (wanted ≤ ${WANTED_INTERVAL_SECONDS} s)`);
    }
    const threshold = numberProp(tg.HealthyThresholdCount) ?? ALB_DEFAULT_HEALTHY_THRESHOLD_COUNT;
    if (threshold > WANTED_HEALTHY_THRESHOLD) {
      add('ECSE-FD2', `${label}healthy threshold ${threshold} (wanted ≤ ${WANTED_HEALTHY_THRESHOLD})`);
    }
    const attributes: Array<Record<string, unknown>> = Array.isArray(tg.TargetGroupAttributes) ? tg.TargetGroupAttributes : [];
    const delay = numberProp(attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds')?.Value) ?? ALB_DEFAULT_DEREGISTRATION_DELAY_SECONDS;
    if (delay > WANTED_DEREGISTRATION_DELAY_SECONDS) {
      add('ECSE-FD3', `${label}deregistration delay ${delay} s (wanted ≤ ${WANTED_DEREGISTRATION_DELAY_SECONDS} s)`);
    }
  }
  const task = propertiesOf(template, service.taskDefinitionId);
  const containers: Array<Record<string, any>> = Array.isArray(task.ContainerDefinitions) ? task.ContainerDefinitions : [];
  for (const container of containers) {
    const explicit = container.StopTimeout !== undefined;
    if (isAwsSidecar(container, task.ProxyConfiguration?.ContainerName) || (container.Essential === false && explicit)) {
      continue;
    }
    const timeout = numberProp(container.StopTimeout) ?? ECS_DEFAULT_STOP_TIMEOUT_SECONDS;
    if (timeout > WANTED_STOP_TIMEOUT_SECONDS) {
      add('ECSE-FD4', `container '${container.Name}' stopTimeout ${timeout} s${explicit ? '' : ' (default)'} (wanted ≤ ${WANTED_STOP_TIMEOUT_SECONDS} s)`);
    }
  }
  const controller = service.properties.DeploymentController?.Type;
  const ecsController = controller === undefined || controller === 'ECS';
  const config: Record<string, any> = service.properties.DeploymentConfiguration ?? {};
  if (ecsController && !(config.DeploymentCircuitBreaker?.Enable === true && config.DeploymentCircuitBreaker?.Rollback === true)) {
    add('ECSE-FD5', 'no deployment circuit breaker with rollback');
  }
  const minimum = numberProp(config.MinimumHealthyPercent);
  if (ecsController && !isDaemon(service) && minimum !== undefined && minimum < WANTED_MIN_HEALTHY_PERCENT) {
    add('ECSE-FD6', `minimum healthy percent ${minimum} (wanted ${WANTED_MIN_HEALTHY_PERCENT})`);
  }
  const logConfigs = containers
    .map((c) => ({ name: `container '${c.Name}'`, config: c.LogConfiguration }))
    .concat([{ name: 'the Service Connect proxy', config: service.properties.ServiceConnectConfiguration?.LogConfiguration }]);
  for (const { name, config: log } of logConfigs) {
    if (log?.LogDriver !== 'awslogs') {
      continue;
    }
    const options: Record<string, unknown> = log.Options ?? {};
    if (options.mode !== 'non-blocking') {
      add('ECSE-FD7', `${name} logs with awslogs in ${typeof options.mode === 'string' ? options.mode : 'the account default (non-blocking since 2025-06-25 unless the account setting says blocking)'} mode`);
    }
    const group = refTarget(template, options['awslogs-group']);
    if (group !== undefined && propertiesOf(template, group).RetentionInDays === undefined) {
      add('ECSE-FD8', `${name} logs to a log group without retention`);
    }
  }
  return findings;
}

// The Aspect's judgement (ECSE-FD4 exempts FireLens routers, the App Mesh proxy and AWS sidecar images).
function isAwsSidecar(container: Record<string, any>, proxyContainerName: unknown): boolean {
  const image = typeof container.Image === 'string' ? container.Image : JSON.stringify(container.Image ?? '');
  return awsSidecarOfContainer(container, proxyContainerName, image) !== undefined;
}
