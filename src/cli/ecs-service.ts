/**
 * What an ECS service of a synthesized template does, read back from the template alone:
 * launch type, task size, capacity mix, desired count and scaling range, rollout waits, deployment
 * strategy and Service Connect role.
 */
import { CfnTemplate, EcsServiceRef, logicalIdsOfType, numberProp, propertiesOf, refTarget } from './template';

/**
 * Values CloudFormation and ECS use when a template leaves a property out.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/target-group-health-checks.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_ContainerDefinition.html (stopTimeout)
 */
export const ALB_DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS = 30;
export const ALB_DEFAULT_HEALTHY_THRESHOLD_COUNT = 5;
export const ALB_DEFAULT_DEREGISTRATION_DELAY_SECONDS = 300;
export const ECS_DEFAULT_STOP_TIMEOUT_SECONDS = 30;

/** The waits a rolling deployment spends per task, in seconds. */
export interface RolloutWaits {
  /** Interval × healthy threshold: how long a new task waits before it gets traffic (undefined without a load balancer). */
  readonly firstTrafficSeconds?: number;
  readonly healthCheckIntervalSeconds?: number;
  readonly healthyThresholdCount?: number;
  /** Deregistration delay of the target group (undefined without a load balancer). */
  readonly drainSeconds?: number;
  /** Time between SIGTERM and SIGKILL of the container. */
  readonly stopSeconds: number;
  /** Sum of the three. */
  readonly totalSeconds: number;
}

/**
 * Fargate, EC2 or Managed Instances, from the launch type, the capacity providers or the task
 * definition's compatibilities.
 */
export function launchOf(template: CfnTemplate, service: EcsServiceRef): string {
  const launchType = service.properties.LaunchType;
  if (typeof launchType === 'string') {
    return launchType === 'FARGATE' ? 'Fargate' : launchType === 'EC2' ? 'EC2' : launchType;
  }
  const compatibilities = propertiesOf(template, service.taskDefinitionId).RequiresCompatibilities;
  // A Managed Instances service is an ECS service with a Managed Instances capacity-provider strategy;
  // its task definition is the one that says so without reading the providers.
  if (Array.isArray(compatibilities) && compatibilities.length === 1 && compatibilities[0] === 'MANAGED_INSTANCES') {
    return 'Managed Instances';
  }
  const providers = effectiveStrategiesOf(template, service).strategies.map((s) => s.provider);
  if (providers.length > 0) {
    if (providers.every((p) => p.startsWith('FARGATE'))) {
      return 'Fargate';
    }
    return providers.every((p) => propertiesOf(template, p).ManagedInstancesProvider !== undefined) ? 'Managed Instances' : 'EC2';
  }
  if (Array.isArray(compatibilities) && compatibilities.includes('FARGATE')) {
    return 'Fargate';
  }
  return 'EC2';
}

/** Task CPU/memory and architecture, e.g. `256/512 ARM64`. */
export function taskSizeOf(template: CfnTemplate, service: EcsServiceRef): string {
  const task = propertiesOf(template, service.taskDefinitionId);
  // Task-level sizes first (Fargate, and EC2 since 1.0); the containers' own limits otherwise.
  const cpu = task.Cpu ?? containerSum(task, ['Cpu']) ?? '-';
  const memory = task.Memory ?? containerSum(task, ['Memory', 'MemoryReservation']) ?? '-';
  // ECS runs x86_64 when RuntimePlatform is absent.
  const architecture = task.RuntimePlatform?.CpuArchitecture ?? 'X86_64';
  // The library records what was asked for and the Service Connect proxy budget it added.
  const proxy = service.taskDefinitionId ? template.Resources?.[service.taskDefinitionId]?.Metadata?.[PROXY_BUDGET_METADATA] : undefined;
  const budget = proxy ? ` (${proxy.requestedCpu}/${proxy.requestedMemoryMiB} + proxy ${proxy.proxyCpu}/${proxy.proxyMemoryMiB})` : '';
  return `${cpu}/${memory} ${architecture}${budget}`;
}

/** Resource metadata key under which the services record the Service Connect proxy budget. */
const PROXY_BUDGET_METADATA = 'cdk-ecs-essentials:serviceConnectProxy';

/**
 * The task size the user asked for, before this library added the Service Connect proxy budget
 * (recorded as metadata on the task definition); undefined when the library recorded none.
 */
export function requestedSizeOf(template: CfnTemplate, service: EcsServiceRef): { cpu: number; memoryMiB: number } | undefined {
  const proxy = service.taskDefinitionId ? template.Resources?.[service.taskDefinitionId]?.Metadata?.[PROXY_BUDGET_METADATA] : undefined;
  const cpu = numberProp(proxy?.requestedCpu);
  const memoryMiB = numberProp(proxy?.requestedMemoryMiB);
  return cpu !== undefined && memoryMiB !== undefined ? { cpu, memoryMiB } : undefined;
}

/** Sum over the containers of the first of `keys` each sets (a hard limit before a reservation); undefined when none sets any. */
function containerSum(task: Record<string, any>, keys: string[]): number | undefined {
  const containers: Array<Record<string, unknown>> = task.ContainerDefinitions ?? [];
  const values = containers.map((c) => keys.map((k) => numberProp(c[k])).find((v) => v !== undefined) ?? 0);
  const total = values.reduce((a, b) => a + b, 0);
  return total > 0 ? total : undefined;
}

/** Desired count, or `-` when the template leaves it to ECS (e.g. managed by auto scaling). */
export function desiredCountOf(service: EcsServiceRef): string {
  const desired = numberProp(service.properties.DesiredCount);
  return desired === undefined ? '-' : String(desired);
}

/** One item of a capacity-provider strategy. */
export interface Strategy {
  readonly provider: string;
  readonly base: number;
  readonly weight: number;
}

/** The service's own capacity-provider strategy (empty when it has none). */
export function strategiesOf(service: EcsServiceRef): Strategy[] {
  return strategyItems(service.properties.CapacityProviderStrategy);
}

/**
 * The strategy ECS uses for the service: its own, or, without one and without a launch type, the
 * default strategy of its cluster when the cluster is defined in the same template.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CreateService.html (capacityProviderStrategy)
 */
export function effectiveStrategiesOf(template: CfnTemplate, service: EcsServiceRef): { strategies: Strategy[]; source: 'service' | 'cluster' | 'none' } {
  const own = strategiesOf(service);
  if (own.length > 0) {
    return { strategies: own, source: 'service' };
  }
  if (service.properties.LaunchType !== undefined) {
    return { strategies: [], source: 'none' };
  }
  const cluster = refTarget(template, service.properties.Cluster);
  if (cluster !== undefined) {
    const fromCluster = clusterDefaultStrategy(template, cluster);
    if (fromCluster.length > 0) {
      return { strategies: fromCluster, source: 'cluster' };
    }
  }
  return { strategies: [], source: 'none' };
}

function clusterDefaultStrategy(template: CfnTemplate, clusterId: string): Strategy[] {
  const own = propertiesOf(template, clusterId).DefaultCapacityProviderStrategy;
  if (Array.isArray(own) && own.length > 0) {
    return strategyItems(own);
  }
  for (const id of logicalIdsOfType(template, 'AWS::ECS::ClusterCapacityProviderAssociations')) {
    const props = propertiesOf(template, id);
    if (refTarget(template, props.Cluster) === clusterId && Array.isArray(props.DefaultCapacityProviderStrategy)) {
      return strategyItems(props.DefaultCapacityProviderStrategy);
    }
  }
  return [];
}

function strategyItems(value: unknown): Strategy[] {
  const raw: Array<Record<string, unknown>> = Array.isArray(value) ? value : [];
  return raw.map((s) => ({
    provider: providerName(s.CapacityProvider),
    base: numberProp(s.Base) ?? 0,
    weight: numberProp(s.Weight) ?? 0,
  }));
}

/** FARGATE / FARGATE_SPOT are plain strings; EC2 capacity providers are Refs to a resource. */
function providerName(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (typeof value === 'object' && value !== null && typeof (value as Record<string, unknown>).Ref === 'string') {
    return (value as Record<string, string>).Ref;
  }
  return JSON.stringify(value);
}

/**
 * The capacity-provider strategy in words, e.g.
 * `FARGATE base 1 weight 2 + FARGATE_SPOT weight 1 → 2/3 On-Demand`.
 */
export function capacityMixOf(template: CfnTemplate, service: EcsServiceRef): string {
  const { strategies, source } = effectiveStrategiesOf(template, service);
  if (strategies.length === 0) {
    const launchType = service.properties.LaunchType;
    return typeof launchType === 'string' ? `launch type ${launchType}` : 'cluster default strategy';
  }
  const parts = strategies.map((s) => `${s.provider}${s.base > 0 ? ` base ${s.base}` : ''} weight ${s.weight}`);
  const share = onDemandShare(strategies);
  const mix = share === undefined ? parts.join(' + ') : `${parts.join(' + ')} → ${share}`;
  return source === 'cluster' ? `${mix} (cluster default)` : mix;
}

/**
 * The On-Demand share, only for Fargate strategies (EC2 providers do not say whether they are Spot):
 * the base first, then the share the weights give above it, so that the words agree with the task
 * split of the cost table (`base 2 On-Demand, then all Spot` for 2 tasks is 2 On-Demand + 0 Spot).
 */
function onDemandShare(strategies: Strategy[]): string | undefined {
  if (!strategies.every((s) => s.provider === 'FARGATE' || s.provider === 'FARGATE_SPOT')) {
    return undefined;
  }
  const onDemand = strategies.filter((s) => s.provider === 'FARGATE').reduce((a, s) => a + s.weight, 0);
  const spot = strategies.filter((s) => s.provider === 'FARGATE_SPOT').reduce((a, s) => a + s.weight, 0);
  const bases = strategies.filter((s) => s.base > 0).map((s) => `base ${s.base} ${s.provider === 'FARGATE' ? 'On-Demand' : 'Spot'}`);
  let above: string;
  if (onDemand + spot === 0) {
    above = 'nothing above the base';
  } else if (spot === 0) {
    above = 'all On-Demand';
  } else if (onDemand === 0) {
    above = 'all Spot';
  } else {
    above = `${fraction(onDemand, onDemand + spot)} On-Demand`;
  }
  return bases.length > 0 ? `${bases.join(', ')}, then ${above}` : above;
}

function fraction(numerator: number, denominator: number): string {
  const divisor = gcd(numerator, denominator);
  return `${numerator / divisor}/${denominator / divisor}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/**
 * Rollout waits of a service as the template configures them: ALB defaults apply where the
 * template leaves health check or deregistration settings out, ECS's 30 s where StopTimeout is absent.
 */
export function rolloutWaitsOf(template: CfnTemplate, service: EcsServiceRef): RolloutWaits {
  const stopSeconds = stopTimeoutOf(template, service);
  const targetGroupId = service.targetGroupIds[0];
  if (targetGroupId === undefined) {
    return { stopSeconds, totalSeconds: stopSeconds };
  }
  const tg = propertiesOf(template, targetGroupId);
  const interval = numberProp(tg.HealthCheckIntervalSeconds) ?? ALB_DEFAULT_HEALTH_CHECK_INTERVAL_SECONDS;
  const threshold = numberProp(tg.HealthyThresholdCount) ?? ALB_DEFAULT_HEALTHY_THRESHOLD_COUNT;
  const drainSeconds = deregistrationDelayOf(tg);
  const firstTrafficSeconds = interval * threshold;
  return {
    firstTrafficSeconds,
    healthCheckIntervalSeconds: interval,
    healthyThresholdCount: threshold,
    drainSeconds,
    stopSeconds,
    totalSeconds: firstTrafficSeconds + drainSeconds + stopSeconds,
  };
}

function deregistrationDelayOf(targetGroup: Record<string, any>): number {
  const attributes: Array<Record<string, unknown>> = Array.isArray(targetGroup.TargetGroupAttributes) ? targetGroup.TargetGroupAttributes : [];
  const delay = attributes.find((a) => a.Key === 'deregistration_delay.timeout_seconds');
  return numberProp(delay?.Value) ?? ALB_DEFAULT_DEREGISTRATION_DELAY_SECONDS;
}

/**
 * StopTimeout of the container the load balancer routes to; without a load balancer the longest
 * of all containers, since ECS waits for every container of the task to stop.
 */
function stopTimeoutOf(template: CfnTemplate, service: EcsServiceRef): number {
  const containers: Array<Record<string, unknown>> = propertiesOf(template, service.taskDefinitionId).ContainerDefinitions ?? [];
  const routed = containers.filter((c) => service.loadBalancedContainers.includes(String(c.Name)));
  const relevant = routed.length > 0 ? routed : containers;
  const timeouts = relevant.map((c) => numberProp(c.StopTimeout) ?? ECS_DEFAULT_STOP_TIMEOUT_SECONDS);
  return timeouts.length > 0 ? Math.max(...timeouts) : ECS_DEFAULT_STOP_TIMEOUT_SECONDS;
}

/** Render the waits, e.g. `10 + 5 + 2 = 17 s` (first traffic + drain + stop). */
export function describeWaits(waits: RolloutWaits): string {
  if (waits.firstTrafficSeconds === undefined) {
    return `- + - + ${waits.stopSeconds} = ${waits.totalSeconds} s`;
  }
  return `${waits.firstTrafficSeconds} + ${waits.drainSeconds} + ${waits.stopSeconds} = ${waits.totalSeconds} s`;
}

/**
 * Service Connect role: `client`, or `client-server` with the discovery names (and the DNS aliases
 * other services call), or `-` when the service has none.
 */
export function serviceConnectOf(service: EcsServiceRef): string {
  const config = service.properties.ServiceConnectConfiguration;
  if (config === undefined || config.Enabled === false) {
    return '-';
  }
  const services: Array<Record<string, any>> = Array.isArray(config.Services) ? config.Services : [];
  if (services.length === 0) {
    return 'client';
  }
  const names = services.map((s) => {
    const name = s.DiscoveryName ?? s.PortName;
    const aliases: Array<Record<string, unknown>> = Array.isArray(s.ClientAliases) ? s.ClientAliases : [];
    const dns = aliases.map((a) => `${a.DnsName ?? name}:${a.Port}`);
    return dns.length > 0 ? `${name} (${dns.join(', ')})` : String(name);
  });
  return `client-server: ${names.join(', ')}`;
}

/** Task CPU units and memory MiB as numbers (undefined when the template does not say or uses a token). */
export function taskResourcesOf(template: CfnTemplate, service: EcsServiceRef): { cpu?: number; memoryMiB?: number } {
  const task = propertiesOf(template, service.taskDefinitionId);
  return {
    cpu: numberProp(task.Cpu) ?? containerSum(task, ['Cpu']),
    memoryMiB: numberProp(task.Memory) ?? containerSum(task, ['Memory', 'MemoryReservation']),
  };
}

/** `X86_64` or `ARM64` (ECS runs x86_64 when RuntimePlatform is absent). */
export function architectureOf(template: CfnTemplate, service: EcsServiceRef): string {
  const value = propertiesOf(template, service.taskDefinitionId).RuntimePlatform?.CpuArchitecture;
  return typeof value === 'string' ? value : 'X86_64';
}

/** `LINUX` or the Windows family of the task definition (Linux when RuntimePlatform is absent). */
export function operatingSystemOf(template: CfnTemplate, service: EcsServiceRef): string {
  const value = propertiesOf(template, service.taskDefinitionId).RuntimePlatform?.OperatingSystemFamily;
  return typeof value === 'string' ? value : 'LINUX';
}

/** Minimum and maximum of the Application Auto Scaling target that scales the service's desired count. */
export interface ScalingRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The `AWS::ApplicationAutoScaling::ScalableTarget` whose ResourceId points at the service
 * (`service/<cluster>/<service name>`, built from a GetAtt or Ref of the service) and scales
 * `ecs:service:DesiredCount`.
 */
export function scalingRangeOf(template: CfnTemplate, service: EcsServiceRef): ScalingRange | undefined {
  for (const id of logicalIdsOfType(template, 'AWS::ApplicationAutoScaling::ScalableTarget')) {
    const props = propertiesOf(template, id);
    if (props.ScalableDimension !== 'ecs:service:DesiredCount' || !mentions(props.ResourceId, service.logicalId)) {
      continue;
    }
    const min = numberProp(props.MinCapacity);
    const max = numberProp(props.MaxCapacity);
    if (min !== undefined && max !== undefined) {
      return { min, max };
    }
  }
  return undefined;
}

/** Whether a template value refers to a logical id (Ref or GetAtt anywhere inside it). */
function mentions(value: unknown, logicalId: string): boolean {
  if (Array.isArray(value)) {
    return value.some((v) => mentions(v, logicalId));
  }
  if (typeof value !== 'object' || value === null) {
    return false;
  }
  const record = value as Record<string, unknown>;
  if (record.Ref === logicalId) {
    return true;
  }
  const getAtt = record['Fn::GetAtt'];
  if (Array.isArray(getAtt) && getAtt[0] === logicalId) {
    return true;
  }
  return Object.values(record).some((v) => mentions(v, logicalId));
}

/**
 * The deployment strategy: ROLLING, BLUE_GREEN, CANARY or LINEAR for the ECS deployment controller
 * (CloudFormation's default is ROLLING), or the controller type (CODE_DEPLOY, EXTERNAL).
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
 */
export function deploymentStrategyOf(service: EcsServiceRef): string {
  const controller = service.properties.DeploymentController?.Type;
  if (typeof controller === 'string' && controller !== 'ECS') {
    return controller;
  }
  const strategy = service.properties.DeploymentConfiguration?.Strategy;
  return typeof strategy === 'string' ? strategy : 'ROLLING';
}

/** Whether the service runs one task per instance (no desired count). */
export function isDaemon(service: EcsServiceRef): boolean {
  return service.properties.SchedulingStrategy === 'DAEMON';
}
