/**
 * The report: every ECS service of a cloud assembly, read back from its templates, with an estimated
 * monthly cost and the same service at aws-ecs-patterns defaults.
 */
import { AssemblyStack, readAssembly } from './assembly';
import { capacityLines } from './capacity-lines';
import { CostAssumptions, CostLine, sumLines } from './cost';
import {
  architectureOf, capacityMixOf, deploymentStrategyOf, isDaemon, launchOf, operatingSystemOf, requestedSizeOf,
  RolloutWaits, rolloutWaitsOf, scalingRangeOf, ScalingRange, serviceConnectOf, taskResourcesOf, taskSizeOf,
} from './ecs-service';
import { Finding, fastDeployFindings } from './findings';
import { jobLines } from './job-lines';
import { attributeLoadBalancers, LoadBalancerAttribution, loadBalancerLines } from './load-balancers';
import { FALLBACK_REGION, PRICE_TABLE_DATE, RegionPrices, pricesFor } from './prices';
import { fargateServiceCost, ServiceCost } from './service-cost';
import { stackLines } from './stack-lines';
import { CfnTemplate, EcsServiceRef, findEcsServices, resourceCount } from './template';

export type { ServiceCost } from './service-cost';
export { tasksOf } from './service-cost';

/**
 * The cost-allocation tags to activate in the Billing console so that Cost Explorer splits the bill
 * per service and cluster (ECS adds them to tasks with managed tags on).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-using-tags.html
 */
export const COST_ALLOCATION_TAGS = ['aws:ecs:serviceName', 'aws:ecs:clusterName'];

/** What the user chose on the command line. */
export interface ReportOptions extends CostAssumptions {
  /** Price every stack in this Region instead of its own. */
  readonly region?: string;
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
  /** Every line of the stack's bill: the services' compute and public IPs, load balancers, network, capacity, monitoring. */
  readonly lines: CostLine[];
  /** Sum of the priced lines. */
  readonly total: number;
  /** The same stack with its priced services at ecs-patterns defaults, every other line held equal. */
  readonly ecsPatternsTotal: number;
}

/** The whole report, as `--json` prints it. */
export interface Report {
  readonly assembly: string;
  readonly priceTableDate: string;
  readonly assumptions: CostAssumptions;
  readonly stacks: StackReport[];
  readonly totals: {
    readonly monthly: number;
    readonly ecsPatternsDefaults: number;
    readonly saving: number;
    readonly unpricedServices: number;
    /** Lines that could not be priced (each says why). */
    readonly unpricedLines: number;
  };
  /** Tags to activate as cost-allocation tags to see the bill per service in Cost Explorer. */
  readonly costAllocationTags: string[];
}

/** Read the assembly in `dir` and report every ECS service and every bill line of every stack. */
export function buildReport(dir: string, options: ReportOptions): Report {
  const stacks = readAssembly(dir).map((stack) => reportStack(stack, options));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const monthly = sum(stacks.map((s) => s.total));
  const ecsPatternsDefaults = sum(stacks.map((s) => s.ecsPatternsTotal));
  const { region: _region, ...assumptions } = options;
  return {
    assembly: dir,
    priceTableDate: PRICE_TABLE_DATE,
    assumptions,
    stacks,
    totals: {
      monthly,
      ecsPatternsDefaults,
      saving: ecsPatternsDefaults - monthly,
      unpricedServices: stacks.flatMap((s) => s.services).filter((s) => s.cost === undefined).length,
      unpricedLines: stacks.flatMap((s) => s.lines).filter((l) => l.monthly === undefined).length,
    },
    costAllocationTags: COST_ALLOCATION_TAGS,
  };
}

function reportStack(stack: AssemblyStack, options: ReportOptions): StackReport {
  const { prices, note } = regionPrices(stack, options);
  const template = stack.template;
  const found = findEcsServices(template);
  const lbs = attributeLoadBalancers(template, found);
  const priced = found.map((service) => reportService(template, stack.name, service, lbs, prices, options));
  const services = priced.map((p) => p.report);
  const lines = [
    ...priced.flatMap((p) => p.lines),
    ...[...lbs.loadBalancers.values()].flatMap((lb) => loadBalancerLines(lb, prices, options)),
    ...stackLines(template, prices, options),
    ...capacityLines(template, prices, options),
    ...jobLines(template, prices, options),
  ];
  const total = sumLines(lines);
  const costs = services.filter((s) => s.cost !== undefined).map((s) => s.cost!);
  const ecsPatternsTotal = total + costs.reduce((sum, c) => sum + c.saving, 0);
  const unverified = lines.filter((l) => l.monthly !== undefined && l.monthly > 0 && !l.verified).length;
  return {
    name: stack.name,
    resources: resourceCount(template),
    templateKb: stack.bytes / 1024,
    region: prices.region,
    regionNote: note,
    priceVerification: unverified === 0 ? 'verified' : `unverified on ${unverified} line(s): check them against the pricing pages`,
    services,
    lines,
    total,
    ecsPatternsTotal,
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
    return { prices: pricesFor(FALLBACK_REGION)!, note: `no prices for ${stack.region} in the table: priced with the ${FALLBACK_REGION} table` };
  }
  return { prices, note: "from the stack's env" };
}

function reportService(template: CfnTemplate, stackName: string, service: EcsServiceRef, lbs: LoadBalancerAttribution,
  prices: RegionPrices, options: ReportOptions): { report: ServiceReport; lines: CostLine[] } {
  const launch = launchOf(template, service);
  const { cpu, memoryMiB } = taskResourcesOf(template, service);
  const desired = service.properties.DesiredCount;
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
    scaling: scalingRangeOf(template, service),
    rolloutWaits: rolloutWaitsOf(template, service),
    deploymentStrategy: deploymentStrategyOf(service),
    serviceConnect: serviceConnectOf(service),
    findings: fastDeployFindings(template, service),
  };
  const why = unpricedReason(template, service, base);
  if (why !== undefined) {
    return { report: { ...base, costNote: why }, lines: [] };
  }
  const requested = requestedSizeOf(template, service);
  const facts = {
    ...base,
    cpu: base.cpu!,
    memoryMiB: base.memoryMiB!,
    requestedCpu: requested?.cpu ?? base.cpu!,
    requestedMemoryMiB: requested?.memoryMiB ?? base.memoryMiB!,
  };
  const { cost, lines, notes } = fargateServiceCost(template, service, facts, lbs, prices, options);
  return { report: { ...base, cost, costNote: notes.length > 0 ? notes.join('; ') : undefined }, lines };
}

/** Why a service has no cost of its own, or undefined when it is a Linux Fargate service of readable size. */
function unpricedReason(template: CfnTemplate, service: EcsServiceRef, s: { launch: string; cpu?: number; memoryMiB?: number }): string | undefined {
  if (s.launch !== 'Fargate') {
    // The cost is in the instances, which the capacity lines price.
    return `n/a (on ${s.launch} capacity: see its instance lines)`;
  }
  if (isDaemon(service)) {
    return 'n/a (daemon service)';
  }
  if (operatingSystemOf(template, service) !== 'LINUX') {
    return 'n/a (Windows on Fargate: not in the price table)';
  }
  if (s.cpu === undefined || s.memoryMiB === undefined) {
    return 'n/a (task size not readable from the template)';
  }
  return undefined;
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
