/**
 * The report: every ECS service of a cloud assembly, read back from its templates, with an estimated
 * monthly cost and the same service at aws-ecs-patterns defaults.
 */
import { AssemblyStack, readAssembly } from './assembly';
import { CostAssumptions, albMonthly, capacityShare, fargateMonthly } from './cost';
import {
  architectureOf, capacityMixOf, deploymentStrategyOf, effectiveStrategiesOf, isDaemon, launchOf, operatingSystemOf,
  RolloutWaits, rolloutWaitsOf, scalingRangeOf, ScalingRange, serviceConnectOf, taskResourcesOf, taskSizeOf,
} from './ecs-service';
import { Finding, fastDeployFindings } from './findings';
import { FALLBACK_REGION, PRICE_TABLE_DATE, RegionPrices, pricesFor } from './prices';
import { CfnTemplate, EcsServiceRef, findEcsServices, logicalIdsOfType, propertiesOf, refTarget, resourceCount } from './template';

/** What the user chose on the command line. */
export interface ReportOptions extends CostAssumptions {
  /** Price every stack in this Region instead of its own. */
  readonly region?: string;
}

/** The estimate of one service (USD per month). */
export interface ServiceCost {
  /** Tasks priced and where the number comes from. */
  readonly tasks: number;
  readonly tasksBasis: string;
  readonly onDemandTasks: number;
  readonly spotTasks: number;
  /** USD per task-hour at On-Demand list price. */
  readonly taskHour: number;
  readonly computeOnDemand: number;
  readonly computeSpot: number;
  /** This service's share of the ALBs it is behind (an ALB's cost split evenly over its services). */
  readonly albShare: number;
  readonly total: number;
  /** The same task size and count on ecs-patterns defaults: x86, On-Demand, an ALB of its own when load-balanced. */
  readonly ecsPatternsDefaults: number;
  /** Of which Fargate compute. */
  readonly ecsPatternsCompute: number;
  /** Of which the service's own ALB (0 without a load balancer). */
  readonly ecsPatternsAlb: number;
  readonly saving: number;
}

/** One ECS service of the report. */
export interface ServiceReport {
  readonly logicalId: string;
  readonly label: string;
  readonly launch: string;
  readonly taskSize: string;
  readonly cpu?: number;
  readonly memoryMiB?: number;
  readonly architecture: string;
  readonly capacityMix: string;
  readonly desiredCount?: number;
  readonly scaling?: ScalingRange;
  readonly rolloutWaits: RolloutWaits;
  readonly deploymentStrategy: string;
  readonly serviceConnect: string;
  readonly findings: Finding[];
  /** Undefined when not priced; `costNote` says why. */
  readonly cost?: ServiceCost;
  readonly costNote?: string;
}

/** One stack of the report. */
export interface StackReport {
  readonly name: string;
  readonly resources: number;
  readonly templateKb: number;
  /** The Region priced, and why that one. */
  readonly region: string;
  readonly regionNote?: string;
  readonly priceVerification: string;
  readonly services: ServiceReport[];
}

/** The whole report, as `--json` prints it. */
export interface Report {
  readonly assembly: string;
  readonly priceTableDate: string;
  readonly assumptions: CostAssumptions;
  readonly stacks: StackReport[];
  readonly totals: { readonly monthly: number; readonly ecsPatternsDefaults: number; readonly saving: number; readonly unpricedServices: number };
}

/** Read the assembly in `dir` and report every ECS service of every stack. */
export function buildReport(dir: string, options: ReportOptions): Report {
  const stacks = readAssembly(dir).map((stack) => reportStack(stack, options));
  const priced = stacks.flatMap((s) => s.services).filter((s) => s.cost !== undefined).map((s) => s.cost!);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const unpriced = stacks.flatMap((s) => s.services).filter((s) => s.cost === undefined).length;
  return {
    assembly: dir,
    priceTableDate: PRICE_TABLE_DATE,
    assumptions: {
      spotDiscount: options.spotDiscount,
      savingsPlanDiscount: options.savingsPlanDiscount,
      albLcus: options.albLcus,
      hoursPerMonth: options.hoursPerMonth,
    },
    stacks,
    totals: {
      monthly: sum(priced.map((c) => c.total)),
      ecsPatternsDefaults: sum(priced.map((c) => c.ecsPatternsDefaults)),
      saving: sum(priced.map((c) => c.saving)),
      unpricedServices: unpriced,
    },
  };
}

function reportStack(stack: AssemblyStack, options: ReportOptions): StackReport {
  const { prices, note } = regionPrices(stack, options);
  const template = stack.template;
  const services = findEcsServices(template);
  const albs = albsOfServices(template, services);
  return {
    name: stack.name,
    resources: resourceCount(template),
    templateKb: stack.bytes / 1024,
    region: prices.region,
    regionNote: note,
    priceVerification: prices.verification,
    services: services.map((service) => reportService(template, stack.name, service, albs, prices, options)),
  };
}

/** `--region` first, then the stack's environment; agnostic stacks and Regions not in the table get the fallback. */
function regionPrices(stack: AssemblyStack, options: ReportOptions): { prices: RegionPrices; note?: string } {
  if (options.region !== undefined) {
    return { prices: pricesFor(options.region)!, note: 'from --region' };
  }
  if (stack.region === undefined) {
    return { prices: pricesFor(FALLBACK_REGION)!, note: `environment-agnostic stack: priced as ${FALLBACK_REGION}; set --region or the stack's env` };
  }
  const prices = pricesFor(stack.region);
  if (prices === undefined) {
    return { prices: pricesFor(FALLBACK_REGION)!, note: `no prices for ${stack.region} in the table: priced as ${FALLBACK_REGION}` };
  }
  return { prices, note: "from the stack's env" };
}

function reportService(template: CfnTemplate, stackName: string, service: EcsServiceRef, albs: AlbAttribution,
  prices: RegionPrices, options: ReportOptions): ServiceReport {
  const launch = launchOf(template, service);
  const { cpu, memoryMiB } = taskResourcesOf(template, service);
  const desired = service.properties.DesiredCount;
  const scaling = scalingRangeOf(template, service);
  const base = {
    logicalId: service.logicalId,
    label: serviceLabel(service.path, service.logicalId, stackName),
    launch,
    taskSize: taskSizeOf(template, service),
    cpu,
    memoryMiB,
    architecture: architectureOf(template, service),
    capacityMix: capacityMixOf(template, service),
    desiredCount: typeof desired === 'number' ? desired : typeof desired === 'string' && desired !== '' ? Number(desired) : undefined,
    scaling,
    rolloutWaits: rolloutWaitsOf(template, service),
    deploymentStrategy: deploymentStrategyOf(service),
    serviceConnect: serviceConnectOf(service),
    findings: fastDeployFindings(template, service),
  };
  const priced = costOf(template, service, base, albs, prices, options);
  return { ...base, ...priced };
}

function costOf(template: CfnTemplate, service: EcsServiceRef, s: Omit<ServiceReport, 'cost' | 'costNote'>, albs: AlbAttribution,
  prices: RegionPrices, options: ReportOptions): { cost?: ServiceCost; costNote?: string } {
  if (s.launch !== 'Fargate') {
    // The cost is in the instances (types, bin packing, Auto Scaling): not guessed from a template.
    return { costNote: 'n/a (instance-priced)' };
  }
  if (isDaemon(service)) {
    return { costNote: 'n/a (daemon service)' };
  }
  if (operatingSystemOf(template, service) !== 'LINUX') {
    return { costNote: 'n/a (Windows on Fargate: not in the price table)' };
  }
  if (s.cpu === undefined || s.memoryMiB === undefined) {
    return { costNote: 'n/a (task size not readable from the template)' };
  }
  const { tasks, basis } = tasksOf(s.desiredCount, s.scaling);
  const share = capacityShare(effectiveStrategiesOf(template, service).strategies, tasks);
  if (share === undefined) {
    return { costNote: 'n/a (capacity providers other than FARGATE/FARGATE_SPOT)' };
  }
  const rates = s.architecture === 'ARM64' ? prices.fargateArm : prices.fargateX86;
  const compute = fargateMonthly(rates, s.cpu, s.memoryMiB, share, options);
  const oneAlb = albMonthly(prices, options);
  const albShare = (albs.byService.get(service.logicalId) ?? []).reduce((sum, alb) => sum + oneAlb / (albs.servicesPerAlb.get(alb) ?? 1), 0);
  const patternsCompute = fargateMonthly(prices.fargateX86, s.cpu, s.memoryMiB, { onDemandTasks: tasks, spotTasks: 0 }, options).total;
  // ecs-patterns' ApplicationLoadBalancedFargateService creates one ALB per service; a service without a
  // load balancer is compared without one.
  const patternsAlb = service.targetGroupIds.length > 0 ? oneAlb : 0;
  const patterns = patternsCompute + patternsAlb;
  const total = compute.total + albShare;
  const notes: string[] = [];
  if (service.targetGroupIds.length > 0 && !albs.byService.has(service.logicalId)) {
    notes.push('its load balancer is not in this stack: no ALB share priced');
  }
  return {
    cost: {
      tasks,
      tasksBasis: basis,
      onDemandTasks: share.onDemandTasks,
      spotTasks: share.spotTasks,
      taskHour: compute.taskHour,
      computeOnDemand: compute.onDemand,
      computeSpot: compute.spot,
      albShare,
      total,
      ecsPatternsDefaults: patterns,
      ecsPatternsCompute: patternsCompute,
      ecsPatternsAlb: patternsAlb,
      saving: patterns - total,
    },
    costNote: notes.length > 0 ? notes.join('; ') : undefined,
  };
}

/**
 * Tasks to price: the desired count, kept within the scaling range (Application Auto Scaling moves a
 * desired count outside it to the nearest bound); the scaling minimum without a desired count;
 * CloudFormation's default of 1 without either.
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-ecs-service.html#cfn-ecs-service-desiredcount
 */
export function tasksOf(desired: number | undefined, scaling: ScalingRange | undefined): { tasks: number; basis: string } {
  if (desired === undefined) {
    return scaling ? { tasks: scaling.min, basis: 'scaling minimum' } : { tasks: 1, basis: 'CloudFormation default 1' };
  }
  if (scaling && desired < scaling.min) {
    return { tasks: scaling.min, basis: `scaling minimum, above the desired ${desired}` };
  }
  if (scaling && desired > scaling.max) {
    return { tasks: scaling.max, basis: `scaling maximum, below the desired ${desired}` };
  }
  return { tasks: desired, basis: 'desired count' };
}

/** Which ALBs of the template each service is behind, and how many services share each ALB. */
interface AlbAttribution {
  readonly byService: Map<string, string[]>;
  readonly servicesPerAlb: Map<string, number>;
}

/** Target group → listener (default actions) or listener rule → listener → load balancer, all as Refs in one template. */
function albsOfServices(template: CfnTemplate, services: EcsServiceRef[]): AlbAttribution {
  const albs = new Set(logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')
    .filter((id) => (propertiesOf(template, id).Type ?? 'application') === 'application'));
  const listenerAlb = new Map<string, string>();
  const targetGroupAlbs = new Map<string, Set<string>>();
  const link = (targetGroups: string[], alb: string) => {
    for (const tg of targetGroups) {
      targetGroupAlbs.set(tg, (targetGroupAlbs.get(tg) ?? new Set()).add(alb));
    }
  };
  for (const id of logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::Listener')) {
    const props = propertiesOf(template, id);
    const alb = refTarget(template, props.LoadBalancerArn);
    if (alb !== undefined && albs.has(alb)) {
      listenerAlb.set(id, alb);
      link(refsIn(props.DefaultActions), alb);
    }
  }
  for (const id of logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const props = propertiesOf(template, id);
    const listener = refTarget(template, props.ListenerArn);
    const alb = listener !== undefined ? listenerAlb.get(listener) : undefined;
    if (alb !== undefined) {
      link(refsIn(props.Actions), alb);
    }
  }
  const byService = new Map<string, string[]>();
  const servicesPerAlb = new Map<string, number>();
  for (const service of services) {
    const mine = new Set(service.targetGroupIds.flatMap((tg) => [...(targetGroupAlbs.get(tg) ?? [])]));
    // Blue/green and canary services name their alternate target group in AdvancedConfiguration.
    for (const tg of refsIn(service.properties.LoadBalancers)) {
      for (const alb of targetGroupAlbs.get(tg) ?? []) {
        mine.add(alb);
      }
    }
    if (mine.size > 0) {
      byService.set(service.logicalId, [...mine]);
      for (const alb of mine) {
        servicesPerAlb.set(alb, (servicesPerAlb.get(alb) ?? 0) + 1);
      }
    }
  }
  return { byService, servicesPerAlb };
}

/** Every `Ref` target inside a template value. */
function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(refsIn);
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') {
    return [record.Ref];
  }
  return Object.values(record).flatMap(refsIn);
}

/**
 * `/Stack/Web/Service/Service` → `Web/Service`: the stack is in the title and the L1 suffix adds
 * nothing. Apps synthesized without path metadata show the logical id.
 */
function serviceLabel(cdkPath: string, logicalId: string, stackName: string): string {
  if (cdkPath === logicalId) {
    return logicalId;
  }
  const stackPath = stackName.split('/').pop() ?? stackName;
  return cdkPath.replace(/^\//, '').split('/').filter((part, i, parts) => !(i === parts.length - 1 && /^(Service|Resource)$/.test(part)))
    .join('/').replace(new RegExp(`^(.*/)?${escapeRegExp(stackPath)}/`), '');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
