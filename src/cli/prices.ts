/**
 * The one price table of the cost report: On-Demand list prices in USD, Linux, per Region.
 *
 * Update the figures and PRICE_TABLE_DATE together; docs/report.md shows this table.
 */

/** When the figures below were last checked. */
export const PRICE_TABLE_DATE = '2026-12-02';

/** Where the figures come from. */
export const FARGATE_PRICING_URL = 'https://aws.amazon.com/fargate/pricing/';
export const ELB_PRICING_URL = 'https://aws.amazon.com/elasticloadbalancing/pricing/';

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

/** Fargate per-hour prices for one CPU architecture. */
export interface FargateRates {
  /** USD per vCPU-hour. */
  readonly vcpuHour: number;
  /** USD per GB-hour of memory. */
  readonly gbHour: number;
}

/** The prices of one Region. */
export interface RegionPrices {
  readonly region: string;
  readonly name: string;
  readonly fargateX86: FargateRates;
  readonly fargateArm: FargateRates;
  /** USD per ALB-hour. */
  readonly albHour: number;
  /** USD per LCU-hour. */
  readonly albLcuHour: number;
  /**
   * How the figures were checked: `verified` when they matched the pricing pages (as quoted by
   * dated copies of them) on PRICE_TABLE_DATE; otherwise what could not be confirmed.
   */
  readonly verification: string;
}

/**
 * us-east-1: Fargate Linux/x86 $0.04048 per vCPU-hour and $0.004445 per GB-hour, Linux/ARM $0.03238
 * and $0.00356, as quoted from the Fargate pricing page by https://www.vantage.sh/blog/fargate-pricing
 * and https://www.factualminds.com/blog/amazon-fargate-ecs-task-pricing-2026/ (June 2026); ALB $0.0225
 * per ALB-hour and $0.008 per LCU-hour as quoted by
 * https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/ (May 2026).
 * eu-west-1 and ap-northeast-2: the pricing pages render their Region tables with JavaScript and no
 * stored copy showed them; the figures are the published list prices as last known to the maintainers
 * and are marked unverified until checked against the pages.
 */
export const PRICES: ReadonlyArray<RegionPrices> = [
  {
    region: 'us-east-1',
    name: 'US East (N. Virginia)',
    fargateX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
    fargateArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
    albHour: 0.0225,
    albLcuHour: 0.008,
    verification: 'verified',
  },
  {
    region: 'eu-west-1',
    name: 'Europe (Ireland)',
    fargateX86: { vcpuHour: 0.04048, gbHour: 0.004445 },
    fargateArm: { vcpuHour: 0.03238, gbHour: 0.00356 },
    albHour: 0.0252,
    albLcuHour: 0.008,
    verification: 'unverified: check against the pricing pages',
  },
  {
    region: 'ap-northeast-2',
    name: 'Asia Pacific (Seoul)',
    fargateX86: { vcpuHour: 0.04656, gbHour: 0.00511 },
    fargateArm: { vcpuHour: 0.03725, gbHour: 0.00409 },
    albHour: 0.0225,
    albLcuHour: 0.008,
    verification: 'unverified: check against the pricing pages',
  },
];

/** The prices of a Region, or undefined when the table does not have it. */
export function pricesFor(region: string): RegionPrices | undefined {
  return PRICES.find((p) => p.region === region);
}
