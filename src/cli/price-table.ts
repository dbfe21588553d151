/**
 * The price table: On-Demand list prices in USD, Linux, one list per figure with a price per Region, each with the
 * AWS pricing page that publishes it and whether it was verified (PRICE_TABLE_DATE in prices.ts).
 *
 * Verified means the figure matched a dated copy of the pricing page quoted by the page named in
 * `checkedAgainst` (the pricing pages render their Region tables in the browser and no copy of
 * them could be fetched here). Every other figure is the published list price as last known to the
 * maintainers: the report prints it as unverified. Send a correction with the date you checked.
 */
import type { PriceFigure, RegionPrices } from './prices';

/** The AWS pricing pages every figure comes from. */
export const PRICING_PAGES = {
  fargate: 'https://aws.amazon.com/fargate/pricing/',
  elb: 'https://aws.amazon.com/elasticloadbalancing/pricing/',
  vpc: 'https://aws.amazon.com/vpc/pricing/',
  privatelink: 'https://aws.amazon.com/privatelink/pricing/',
  cloudwatch: 'https://aws.amazon.com/cloudwatch/pricing/',
  ec2: 'https://aws.amazon.com/ec2/pricing/on-demand/',
} as const;

/** Dated third-party copies of the pricing pages that the verified figures were checked against. */
const CHECKED = {
  fargate: 'https://www.vantage.sh/blog/fargate-pricing (2026), https://www.factualminds.com/blog/amazon-fargate-ecs-task-pricing-2026/ (June 2026)',
  alb: 'https://cloud-horizons.com/blog/alb-the-line-item-nobody-watches/ (May 2026)',
  nlb: 'https://clustercost.com/blog/network-load-balancer-pricing-2025 (2025)',
  nat: 'https://cloudpipelines.pages.dev/guides/aws-nat-gateway-pricing-2026/ (2026), https://cloudburn.io/blog/aws-nat-gateway-pricing (Feb 2026)',
  natSingapore: 'https://basavytix.com/blog/aws-nat-gateway-pricing (2026)',
  ipv4: 'https://www.doit.com/aws-public-ipv4-price-increase-the-complete-guide/ (all Regions, since 2024-02-01)',
  endpoint: 'https://www.egresscost.com/nat-gateway (March 2026: $7.20 per AZ per 720 h)',
  cloudwatch: 'https://www.factualminds.com/blog/amazon-cloudwatch-pricing-metrics-logs-alarms-dashboards/ (June 2026), https://cloudburn.io/blog/amazon-cloudwatch-pricing (Feb 2026)',
  ec2: 'https://www.factualminds.com/blog/amazon-ec2-on-demand-pricing-instance-families-2026/ (June 2026: m7g.large)',
} as const;

type FigureKey = Exclude<keyof RegionPrices, 'region' | 'name' | 'instanceHour'>;

/** Which page publishes each figure. */
const SOURCE: Record<FigureKey, string> = {
  fargateX86Vcpu: PRICING_PAGES.fargate,
  fargateX86Gb: PRICING_PAGES.fargate,
  fargateArmVcpu: PRICING_PAGES.fargate,
  fargateArmGb: PRICING_PAGES.fargate,
  albHour: PRICING_PAGES.elb,
  albLcuHour: PRICING_PAGES.elb,
  nlbHour: PRICING_PAGES.elb,
  nlcuHour: PRICING_PAGES.elb,
  natHour: PRICING_PAGES.vpc,
  natGb: PRICING_PAGES.vpc,
  ipv4Hour: PRICING_PAGES.vpc,
  endpointAzHour: PRICING_PAGES.privatelink,
  alarmMetricMonth: PRICING_PAGES.cloudwatch,
  compositeAlarmMonth: PRICING_PAGES.cloudwatch,
  dashboardMonth: PRICING_PAGES.cloudwatch,
  logIngestGb: PRICING_PAGES.cloudwatch,
};

/** The Regions of the table, in the order of every figure's list below. */
const REGIONS: ReadonlyArray<[string, string]> = [
  ['us-east-1', 'US East (N. Virginia)'],
  ['us-west-2', 'US West (Oregon)'],
  ['eu-west-1', 'Europe (Ireland)'],
  ['eu-central-1', 'Europe (Frankfurt)'],
  ['ap-northeast-1', 'Asia Pacific (Tokyo)'],
  ['ap-northeast-2', 'Asia Pacific (Seoul)'],
  ['ap-southeast-1', 'Asia Pacific (Singapore)'],
];

/** Every figure, one USD price per Region of REGIONS (us-east-1 and us-west-2 publish the same list prices). */
const FIGURES: Record<FigureKey, number[]> = {
  //                us-east-1  us-west-2  eu-west-1  eu-central-1  ap-northeast-1  ap-northeast-2  ap-southeast-1
  fargateX86Vcpu: [0.04048, 0.04048, 0.04048, 0.04656, 0.05056, 0.04656, 0.05056],
  fargateX86Gb: [0.004445, 0.004445, 0.004445, 0.00511, 0.00553, 0.00511, 0.00553],
  fargateArmVcpu: [0.03238, 0.03238, 0.03238, 0.03725, 0.04045, 0.03725, 0.04045],
  fargateArmGb: [0.00356, 0.00356, 0.00356, 0.00409, 0.00442, 0.00409, 0.00442],
  albHour: [0.0225, 0.0225, 0.0252, 0.027, 0.0243, 0.0225, 0.0252],
  albLcuHour: [0.008, 0.008, 0.008, 0.008, 0.008, 0.008, 0.008],
  nlbHour: [0.0225, 0.0225, 0.0252, 0.027, 0.0243, 0.0225, 0.0252],
  nlcuHour: [0.006, 0.006, 0.006, 0.006, 0.006, 0.006, 0.006],
  natHour: [0.045, 0.045, 0.048, 0.052, 0.062, 0.059, 0.059],
  natGb: [0.045, 0.045, 0.048, 0.052, 0.062, 0.059, 0.059],
  ipv4Hour: [0.005, 0.005, 0.005, 0.005, 0.005, 0.005, 0.005],
  endpointAzHour: [0.01, 0.01, 0.011, 0.012, 0.014, 0.013, 0.013],
  alarmMetricMonth: [0.10, 0.10, 0.10, 0.10, 0.10, 0.10, 0.10],
  compositeAlarmMonth: [0.50, 0.50, 0.50, 0.50, 0.50, 0.50, 0.50],
  dashboardMonth: [3.00, 3.00, 3.00, 3.00, 3.00, 3.00, 3.00],
  logIngestGb: [0.50, 0.50, 0.57, 0.63, 0.76, 0.76, 0.70],
};

/** Linux On-Demand per instance-hour; a Region without a price for a type (undefined) does not list it. */
const INSTANCES: Record<string, Array<number | undefined>> = {
  'm7g.large': [0.0816, 0.0816, 0.0892, 0.0972, 0.1054, 0.1000, 0.1008],
  'm6g.large': [0.077, 0.077, 0.086, 0.092, 0.099, 0.094, 0.096],
  'c7g.large': [0.0725, 0.0725, 0.0793, 0.0826, 0.0913, 0.0874, 0.0870],
  't4g.medium': [0.0336, 0.0336, 0.0368, 0.0384, 0.0432, 0.0416, 0.0424],
  'm7gd.large': [0.1068, 0.1068],
  'm6gd.large': [0.0904, 0.0904],
  'm6i.large': [0.096, 0.096],
  'm5.large': [0.096, 0.096],
  't3.medium': [0.0416, 0.0416],
};

/** The figures that were verified, by Region, with the dated copy each was checked against; every other figure is unverified. */
const VERIFIED: Record<string, Partial<Record<FigureKey | string, string>>> = {
  'us-east-1': {
    'fargateX86Vcpu': CHECKED.fargate,
    'fargateX86Gb': CHECKED.fargate,
    'fargateArmVcpu': CHECKED.fargate,
    'fargateArmGb': CHECKED.fargate,
    'albHour': CHECKED.alb,
    'albLcuHour': CHECKED.alb,
    'nlbHour': CHECKED.nlb,
    'natHour': CHECKED.nat,
    'natGb': CHECKED.nat,
    'ipv4Hour': CHECKED.ipv4,
    'endpointAzHour': CHECKED.endpoint,
    'alarmMetricMonth': CHECKED.cloudwatch,
    'dashboardMonth': CHECKED.cloudwatch,
    'logIngestGb': CHECKED.cloudwatch,
    'm7g.large': CHECKED.ec2,
  },
  'ap-southeast-1': { natHour: CHECKED.natSingapore, natGb: CHECKED.natSingapore },
};

function regionPrices([region, name]: [string, string], index: number): RegionPrices {
  // The public IPv4 price is the same in every Region (doit.com, above).
  const verified: Partial<Record<string, string>> = { ipv4Hour: CHECKED.ipv4, ...VERIFIED[region] };
  const figure = (key: string, usd: number, source: string): PriceFigure => ({
    usd,
    source,
    verified: verified[key] !== undefined,
    checkedAgainst: verified[key],
  });
  const figures = Object.fromEntries(Object.entries(FIGURES).map(([key, usd]) => [key, figure(key, usd[index], SOURCE[key as FigureKey])]));
  const instanceHour = Object.fromEntries(Object.entries(INSTANCES)
    .filter(([, usd]) => usd[index] !== undefined)
    .map(([type, usd]) => [type, figure(type, usd[index]!, PRICING_PAGES.ec2)]));
  return { region, name, ...(figures as Record<FigureKey, PriceFigure>), instanceHour };
}

/** The table: at least the Regions the issue asked for (us-east-1, us-west-2, eu-west-1, eu-central-1, ap-northeast-1, -2, ap-southeast-1). */
export const PRICE_TABLE: RegionPrices[] = REGIONS.map(regionPrices);
