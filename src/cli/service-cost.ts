/**
 * The cost of one Fargate service: its compute lines (On-Demand and Spot), its tasks' public IPv4
 * addresses, its share of the load balancers it is behind, and the same service at aws-ecs-patterns
 * defaults with everything else held equal.
 */
import { CostAssumptions, CostLine, LoadBalancerType, capacityShare, fargateMonthly, pricedLine } from './cost';
import { effectiveStrategiesOf, ScalingRange } from './ecs-service';
import { LoadBalancerAttribution, loadBalancerTotal } from './load-balancers';
import { fargateRates, RegionPrices } from './prices';
import { CfnTemplate, EcsServiceRef } from './template';

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
  /** This service's share of the load balancers it is behind (hours, capacity units, node IPv4), split evenly over their services. */
  readonly loadBalancerShare: number;
  /** Public IPv4 addresses of its tasks (AssignPublicIp ENABLED), one per task. */
  readonly publicIp: number;
  readonly total: number;
  /** The same service at ecs-patterns defaults: the size asked for, x86, On-Demand, its own load balancer of the same type. */
  readonly ecsPatternsDefaults: number;
  readonly ecsPatternsCompute: number;
  readonly ecsPatternsLoadBalancer: number;
  /** The task size the ecs-patterns figure uses: what the user asked for, before the Service Connect proxy budget. */
  readonly ecsPatternsSize: string;
  readonly saving: number;
}

/** What the service reads from its template that the cost needs. */
export interface ServiceFacts {
  readonly label: string;
  readonly cpu: number;
  readonly memoryMiB: number;
  /** CPU and memory the user asked for (before this library's Service Connect proxy budget). */
  readonly requestedCpu: number;
  readonly requestedMemoryMiB: number;
  readonly architecture: string;
  readonly desiredCount?: number;
  readonly scaling?: ScalingRange;
}

/** The cost, the service's own bill lines and notes; undefined cost when a capacity provider is not Fargate. */
export function fargateServiceCost(template: CfnTemplate, service: EcsServiceRef, facts: ServiceFacts, lbs: LoadBalancerAttribution,
  prices: RegionPrices, a: CostAssumptions): { cost?: ServiceCost; lines: CostLine[]; notes: string[] } {
  const { tasks, basis } = tasksOf(facts.desiredCount, facts.scaling);
  const share = capacityShare(effectiveStrategiesOf(template, service).strategies, tasks);
  if (share === undefined) {
    return { lines: [], notes: ['n/a (capacity providers other than FARGATE/FARGATE_SPOT)'] };
  }
  const compute = fargateMonthly(fargateRates(prices, facts.architecture), facts.cpu, facts.memoryMiB, share, a);
  const verified = facts.architecture === 'ARM64' ? prices.fargateArmVcpu.verified && prices.fargateArmGb.verified
    : prices.fargateX86Vcpu.verified && prices.fargateX86Gb.verified;
  const size = `${facts.cpu}/${facts.memoryMiB} ${facts.architecture}`;
  const taskHours = (n: number) => `${num(n)} task(s) × ${a.hoursPerMonth} h × $${+compute.taskHour.toFixed(6)} (${size})`;
  const lines: CostLine[] = [{
    item: 'Fargate On-Demand',
    what: facts.label,
    quantity: `${taskHours(share.onDemandTasks)}${a.savingsPlanDiscount > 0 ? ` × (1 − ${a.savingsPlanDiscount})` : ''}`,
    monthly: compute.onDemand,
    assumption: `${basis}; Savings Plans ${pct(a.savingsPlanDiscount)} (--savings-plan-discount)`,
    verified,
    source: prices.fargateX86Vcpu.source,
    serviceId: service.logicalId,
  }];
  if (share.spotTasks > 0) {
    lines.push({
      item: 'Fargate Spot',
      what: facts.label,
      quantity: `${taskHours(share.spotTasks)} × (1 − ${a.spotDiscount})`,
      monthly: compute.spot,
      assumption: `Spot ${pct(a.spotDiscount)} below On-Demand (assumption, --spot-discount)`,
      verified,
      source: prices.fargateX86Vcpu.source,
      serviceId: service.logicalId,
    });
  }
  const publicTasks = service.properties.NetworkConfiguration?.AwsvpcConfiguration?.AssignPublicIp === 'ENABLED' ? tasks : 0;
  if (publicTasks > 0) {
    lines.push(pricedLine('public IPv4 (tasks)', facts.label, publicTasks * a.hoursPerMonth, 'IP-h', prices.ipv4Hour,
      `AssignPublicIp ENABLED: one address per task (${publicTasks})`, service.logicalId));
  }
  const publicIp = publicTasks * a.hoursPerMonth * prices.ipv4Hour.usd;
  const mine = (lbs.byService.get(service.logicalId) ?? []).map((id) => lbs.loadBalancers.get(id)!);
  const loadBalancerShare = mine.reduce((sum, lb) => sum + loadBalancerTotal(lb, prices, a) / (lbs.servicesPer.get(lb.logicalId) ?? 1), 0);
  const notes: string[] = [];
  // ecs-patterns' load-balanced patterns create one load balancer per service; the type and the nodes follow the service's own.
  let patternsLb = 0;
  if (mine.length > 0) {
    patternsLb = loadBalancerTotal(mine[0], prices, a);
  } else if (service.targetGroupIds.length > 0) {
    patternsLb = loadBalancerTotal({ type: 'application' as LoadBalancerType, publicNodes: 0 }, prices, a);
    notes.push('its load balancer is not in this stack: no share priced; ecs-patterns side counted with an ALB of its own');
  }
  const patternsCompute = fargateMonthly(fargateRates(prices, 'X86_64'), facts.requestedCpu, facts.requestedMemoryMiB,
    { onDemandTasks: tasks, spotTasks: 0 }, a).total;
  const total = compute.total + loadBalancerShare + publicIp;
  const patterns = patternsCompute + patternsLb + publicIp;
  return {
    cost: {
      tasks,
      tasksBasis: basis,
      onDemandTasks: share.onDemandTasks,
      spotTasks: share.spotTasks,
      taskHour: compute.taskHour,
      computeOnDemand: compute.onDemand,
      computeSpot: compute.spot,
      loadBalancerShare,
      publicIp,
      total,
      ecsPatternsDefaults: patterns,
      ecsPatternsCompute: patternsCompute,
      ecsPatternsLoadBalancer: patternsLb,
      ecsPatternsSize: `${facts.requestedCpu}/${facts.requestedMemoryMiB} X86_64`,
      saving: patterns - total,
    },
    lines,
    notes,
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

/** Task counts: whole numbers as they are, expected shares to two decimals. */
export function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

/** 0.7 → `70 %`. */
export function pct(share: number): string {
  return `${+(share * 100).toFixed(2)} %`;
}
