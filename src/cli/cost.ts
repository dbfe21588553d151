/**
 * The cost model: pure arithmetic over task sizes, counts, capacity shares and the price table, so
 * that tests can pin it on hand-computed cases. Everything is per month of HOURS_PER_MONTH hours.
 */
import { Strategy } from './ecs-service';
import {
  DEFAULT_ALB_LCUS, DEFAULT_EC2_SPOT_DISCOUNT, DEFAULT_LOG_GB, DEFAULT_NAT_GB, DEFAULT_NLB_LCUS, DEFAULT_SAVINGS_PLAN_DISCOUNT,
  DEFAULT_SPOT_DISCOUNT, FargateRates, HOURS_PER_MONTH, PriceFigure, RegionPrices,
} from './prices';

/** The user-settable assumptions of an estimate. */
export interface CostAssumptions {
  /** Fargate Spot price as a discount off On-Demand, 0–1. */
  readonly spotDiscount: number;
  /** Compute Savings Plans discount on the On-Demand share, 0–1. */
  readonly savingsPlanDiscount: number;
  /** Average LCUs per ALB. */
  readonly albLcus: number;
  /** Average NLCUs per NLB. */
  readonly nlbLcus: number;
  /** EC2 Spot price as a discount off On-Demand, 0–1. */
  readonly ec2SpotDiscount: number;
  /** GB per month processed by the NAT gateways (all of them together). */
  readonly natGb: number;
  /** GB of logs ingested per month by the whole app. */
  readonly logGb: number;
  readonly hoursPerMonth: number;
}

/** The assumptions the report uses unless the command line says otherwise. */
export function defaultAssumptions(): CostAssumptions {
  return {
    spotDiscount: DEFAULT_SPOT_DISCOUNT,
    savingsPlanDiscount: DEFAULT_SAVINGS_PLAN_DISCOUNT,
    albLcus: DEFAULT_ALB_LCUS,
    nlbLcus: DEFAULT_NLB_LCUS,
    ec2SpotDiscount: DEFAULT_EC2_SPOT_DISCOUNT,
    natGb: DEFAULT_NAT_GB,
    logGb: DEFAULT_LOG_GB,
    hoursPerMonth: HOURS_PER_MONTH,
  };
}

/**
 * One line of the bill: what is priced, how many, at what price, and the assumption behind it.
 * `monthly` is undefined when the line cannot be priced; `reason` then says why.
 */
export interface CostLine {
  /** What is billed, e.g. `NAT gateway hours`. */
  readonly item: string;
  /** The resources or workload it belongs to. */
  readonly what: string;
  /** The arithmetic in words, e.g. `2 × 730 h × $0.045`. */
  readonly quantity: string;
  readonly monthly?: number;
  /** The assumption the figure rests on (and the option that changes it), or why it cannot be priced. */
  readonly assumption: string;
  /** Whether every price the line uses was verified (false also when the line is not priced). */
  readonly verified: boolean;
  /** The pricing page of the line's price. */
  readonly source?: string;
  /** The service the line belongs to, when it belongs to one (its logical id). */
  readonly serviceId?: string;
}

/** A priced line from a quantity and one figure of the price table. */
export function pricedLine(item: string, what: string, units: number, unit: string, figure: PriceFigure, assumption: string,
  serviceId?: string): CostLine {
  return {
    item,
    what,
    quantity: `${+units.toFixed(4)} ${unit} × $${figure.usd}`,
    monthly: units * figure.usd,
    assumption,
    verified: figure.verified,
    source: figure.source,
    serviceId,
  };
}

/** A line that cannot be priced, with the reason. */
export function unpricedLine(item: string, what: string, reason: string, serviceId?: string): CostLine {
  return { item, what, quantity: '-', assumption: `not priced: ${reason}`, verified: false, serviceId };
}

/** How many of a service's tasks run On-Demand and how many on Spot (expected values, may be fractional). */
export interface CapacityShare {
  readonly onDemandTasks: number;
  readonly spotTasks: number;
}

const FARGATE = 'FARGATE';
const FARGATE_SPOT = 'FARGATE_SPOT';

/**
 * Split `tasks` over a Fargate capacity-provider strategy as ECS does: the base of the provider
 * that has one first, then the rest in proportion to the weights (an expected value: ECS places
 * whole tasks, the share over many tasks converges to the weights).
 * Without a strategy every task is On-Demand. Undefined when a provider is not FARGATE or
 * FARGATE_SPOT (EC2 and Managed Instances providers are priced per instance).
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/cluster-capacity-providers.html (base and weight)
 */
export function capacityShare(strategies: ReadonlyArray<Strategy>, tasks: number): CapacityShare | undefined {
  if (strategies.length === 0) {
    return { onDemandTasks: tasks, spotTasks: 0 };
  }
  if (!strategies.every((s) => s.provider === FARGATE || s.provider === FARGATE_SPOT)) {
    return undefined;
  }
  let onDemand = 0;
  let spot = 0;
  let remaining = tasks;
  for (const s of strategies) {
    const base = Math.min(s.base, remaining);
    if (s.provider === FARGATE) {
      onDemand += base;
    } else {
      spot += base;
    }
    remaining -= base;
  }
  const odWeight = strategies.filter((s) => s.provider === FARGATE).reduce((a, s) => a + s.weight, 0);
  const spotWeight = strategies.filter((s) => s.provider === FARGATE_SPOT).reduce((a, s) => a + s.weight, 0);
  if (odWeight + spotWeight === 0) {
    // ECS needs a weight above 0 to place tasks beyond the base; count them On-Demand rather than drop them.
    onDemand += remaining;
  } else {
    onDemand += remaining * odWeight / (odWeight + spotWeight);
    spot += remaining * spotWeight / (odWeight + spotWeight);
  }
  return { onDemandTasks: onDemand, spotTasks: spot };
}

/** USD per task-hour of a Fargate task of `cpu` units and `memoryMiB`. */
export function fargateTaskHour(rates: FargateRates, cpu: number, memoryMiB: number): number {
  return (cpu / 1024) * rates.vcpuHour + (memoryMiB / 1024) * rates.gbHour;
}

/** Monthly Fargate compute of a service, split into its On-Demand and Spot parts. */
export interface ComputeCost {
  /** USD per task-hour at On-Demand list price. */
  readonly taskHour: number;
  readonly onDemand: number;
  readonly spot: number;
  readonly total: number;
}

/**
 * On-Demand tasks × task-hour × hours × (1 − Savings Plans discount)
 * + Spot tasks × task-hour × hours × (1 − Spot discount).
 */
export function fargateMonthly(rates: FargateRates, cpu: number, memoryMiB: number, share: CapacityShare, assumptions: CostAssumptions): ComputeCost {
  const taskHour = fargateTaskHour(rates, cpu, memoryMiB);
  const onDemand = share.onDemandTasks * taskHour * assumptions.hoursPerMonth * (1 - assumptions.savingsPlanDiscount);
  const spot = share.spotTasks * taskHour * assumptions.hoursPerMonth * (1 - assumptions.spotDiscount);
  return { taskHour, onDemand, spot, total: onDemand + spot };
}

/** The two load balancer types the report prices. */
export type LoadBalancerType = 'application' | 'network';

/** One load balancer for a month: (hour + capacity units × unit-hour) × hours; ALB with LCUs, NLB with NLCUs. */
export function loadBalancerMonthly(prices: RegionPrices, type: LoadBalancerType, assumptions: CostAssumptions): number {
  const [hour, unit, units] = type === 'network'
    ? [prices.nlbHour, prices.nlcuHour, assumptions.nlbLcus]
    : [prices.albHour, prices.albLcuHour, assumptions.albLcus];
  return (hour.usd + units * unit.usd) * assumptions.hoursPerMonth;
}

/** One ALB for a month: (ALB-hour + LCUs × LCU-hour) × hours. */
export function albMonthly(prices: RegionPrices, assumptions: CostAssumptions): number {
  return loadBalancerMonthly(prices, 'application', assumptions);
}

/** Sum of the priced lines. */
export function sumLines(lines: ReadonlyArray<CostLine>): number {
  return lines.reduce((sum, line) => sum + (line.monthly ?? 0), 0);
}
