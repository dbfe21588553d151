/**
 * The prices of the cost report: types, the assumptions' defaults and the look-up. The figures
 * themselves, one dated table per Region with the source of each, are in price-table.ts.
 */
import { PRICE_TABLE, PRICING_PAGES } from './price-table';

export { PRICING_PAGES };

/** When the figures of price-table.ts were last checked. */
export const PRICE_TABLE_DATE = '2026-12-07';

/** Hours in the month the report prices: AWS's own calculators use 730 (365 × 24 ÷ 12). */
export const HOURS_PER_MONTH = 730;

/**
 * The Region the report prices when a stack is environment-agnostic or its Region is not in the
 * table: the Region AWS's pricing pages show first.
 */
export const FALLBACK_REGION = 'us-east-1';

/**
 * Fargate Spot: "up to 70 % off" the Fargate On-Demand price (Fargate pricing page). Spot prices
 * move with supply and demand, so this is an assumption, not a price; `--spot-discount` sets it.
 */
export const DEFAULT_SPOT_DISCOUNT = 0.7;

/**
 * EC2 Spot: "up to 90 % off" On-Demand (EC2 Spot page); Graviton general-purpose instances have sold
 * at roughly 55–70 % off in most Regions, so 60 % is a middle assumption; `--ec2-spot-discount` sets it.
 */
export const DEFAULT_EC2_SPOT_DISCOUNT = 0.6;

/**
 * Compute Savings Plans: none unless the user says so (`--savings-plan-discount`); the discount depends
 * on the term and payment option the account bought, which a template cannot show.
 */
export const DEFAULT_SAVINGS_PLAN_DISCOUNT = 0;

/**
 * LCUs an ALB uses on average: 1 LCU is 25 new connections/s, 3,000 active connections/min, 1 GB
 * processed per hour (targets other than Lambda) or 1,000 rule evaluations/s, whichever is highest.
 * One LCU all month is a small, steadily used service; `--alb-lcus` sets it.
 */
export const DEFAULT_ALB_LCUS = 1;

/** NLCUs an NLB uses on average (1 NLCU: 800 new TCP flows/s, 100,000 active flows or 1 GB/h); `--nlb-lcus`. */
export const DEFAULT_NLB_LCUS = 1;

/** GB per month through the NAT gateways: no template says, so 0 unless `--nat-gb` says otherwise. */
export const DEFAULT_NAT_GB = 0;

/** GB of logs ingested per month by the whole app: no template says, so 0 unless `--log-gb` says otherwise. */
export const DEFAULT_LOG_GB = 0;

/** One price: USD per unit, where it comes from and whether it was checked. */
export interface PriceFigure {
  readonly usd: number;
  /** The AWS pricing page that publishes it. */
  readonly source: string;
  /**
   * True when the figure matched a dated copy of the pricing page (quoted by `checkedAgainst`) on
   * PRICE_TABLE_DATE; false when it is the list price as last known and must be checked.
   */
  readonly verified: boolean;
  readonly checkedAgainst?: string;
}

/** The per-unit prices of one Region; instance prices by instance type. */
export interface RegionPrices {
  readonly region: string;
  readonly name: string;
  /** Fargate Linux per vCPU-hour and per GB-hour, by architecture. */
  readonly fargateX86Vcpu: PriceFigure;
  readonly fargateX86Gb: PriceFigure;
  readonly fargateArmVcpu: PriceFigure;
  readonly fargateArmGb: PriceFigure;
  /** Per load balancer-hour and per (N)LCU-hour. */
  readonly albHour: PriceFigure;
  readonly albLcuHour: PriceFigure;
  readonly nlbHour: PriceFigure;
  readonly nlcuHour: PriceFigure;
  /** Per NAT gateway-hour and per GB processed. */
  readonly natHour: PriceFigure;
  readonly natGb: PriceFigure;
  /** Per public IPv4 address-hour (in use or idle). */
  readonly ipv4Hour: PriceFigure;
  /** Per interface endpoint per Availability Zone-hour. */
  readonly endpointAzHour: PriceFigure;
  /** Per standard-resolution alarm metric-month; per composite alarm-month; per dashboard-month. */
  readonly alarmMetricMonth: PriceFigure;
  readonly compositeAlarmMonth: PriceFigure;
  readonly dashboardMonth: PriceFigure;
  /** Per GB of logs ingested (standard log class). */
  readonly logIngestGb: PriceFigure;
  /** Linux On-Demand per instance-hour, by instance type. */
  readonly instanceHour: Readonly<Record<string, PriceFigure>>;
}

/** Fargate per-hour prices for one CPU architecture, as plain numbers for the arithmetic. */
export interface FargateRates {
  /** USD per vCPU-hour. */
  readonly vcpuHour: number;
  /** USD per GB-hour of memory. */
  readonly gbHour: number;
}

/** Every Region of the table, in table order. */
export const PRICES: ReadonlyArray<RegionPrices> = PRICE_TABLE;

/** The prices of a Region, or undefined when the table does not have it. */
export function pricesFor(region: string): RegionPrices | undefined {
  return PRICES.find((p) => p.region === region);
}

/** The Fargate rates of an architecture (`ARM64` or anything else for x86). */
export function fargateRates(prices: RegionPrices, architecture: string): FargateRates {
  return architecture === 'ARM64'
    ? { vcpuHour: prices.fargateArmVcpu.usd, gbHour: prices.fargateArmGb.usd }
    : { vcpuHour: prices.fargateX86Vcpu.usd, gbHour: prices.fargateX86Gb.usd };
}
