/**
 * The price table: On-Demand list prices in USD, Linux, one row per Region, each figure with the
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

interface Row {
  readonly region: string;
  readonly name: string;
  readonly figures: Record<FigureKey, number>;
  readonly instances: Record<string, number>;
  /** The figures that were verified, with the copy they were checked against. */
  readonly verified: Partial<Record<FigureKey | string, string>>;
}

function region(row: Row): RegionPrices {
  const figure = (key: string, usd: number, source: string): PriceFigure => ({
    usd,
    source,
    verified: row.verified[key] !== undefined,
    checkedAgainst: row.verified[key],
  });
  const figures = Object.fromEntries(Object.entries(row.figures).map(([key, usd]) => [key, figure(key, usd, SOURCE[key as FigureKey])]));
  const instanceHour = Object.fromEntries(Object.entries(row.instances).map(([type, usd]) => [type, figure(type, usd, PRICING_PAGES.ec2)]));
  return { region: row.region, name: row.name, ...(figures as Record<FigureKey, PriceFigure>), instanceHour };
}

/** Prices that are the same in every Region of the table. */
const EVERYWHERE = { ipv4Hour: 0.005, alarmMetricMonth: 0.10, compositeAlarmMonth: 0.50, dashboardMonth: 3.00 };

/** us-east-1 and us-west-2 publish the same figures. */
const US = {
  ...EVERYWHERE,
  fargateX86Vcpu: 0.04048,
  fargateX86Gb: 0.004445,
  fargateArmVcpu: 0.03238,
  fargateArmGb: 0.00356,
  albHour: 0.0225,
  albLcuHour: 0.008,
  nlbHour: 0.0225,
  nlcuHour: 0.006,
  natHour: 0.045,
  natGb: 0.045,
  endpointAzHour: 0.01,
  logIngestGb: 0.50,
};
const US_INSTANCES = { 'm7g.large': 0.0816, 'm6g.large': 0.077, 'm7gd.large': 0.1068, 'm6gd.large': 0.0904, 'c7g.large': 0.0725, 't4g.medium': 0.0336, 'm6i.large': 0.096, 'm5.large': 0.096, 't3.medium': 0.0416 };

/** The table: at least the Regions the issue asked for (us-east-1, us-west-2, eu-west-1, eu-central-1, ap-northeast-1, -2, ap-southeast-1). */
export const PRICE_TABLE: RegionPrices[] = [
  region({
    region: 'us-east-1',
    name: 'US East (N. Virginia)',
    figures: US,
    instances: US_INSTANCES,
    verified: {
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
  }),
  region({
    region: 'us-west-2',
    name: 'US West (Oregon)',
    figures: US,
    instances: US_INSTANCES,
    verified: { ipv4Hour: CHECKED.ipv4 },
  }),
  region({
    region: 'eu-west-1',
    name: 'Europe (Ireland)',
    figures: {
      ...EVERYWHERE,
      fargateX86Vcpu: 0.04048,
      fargateX86Gb: 0.004445,
      fargateArmVcpu: 0.03238,
      fargateArmGb: 0.00356,
      albHour: 0.0252,
      albLcuHour: 0.008,
      nlbHour: 0.0252,
      nlcuHour: 0.006,
      natHour: 0.048,
      natGb: 0.048,
      endpointAzHour: 0.011,
      logIngestGb: 0.57,
    },
    instances: { 'm7g.large': 0.0892, 'm6g.large': 0.086, 'c7g.large': 0.0793, 't4g.medium': 0.0368 },
    verified: { ipv4Hour: CHECKED.ipv4 },
  }),
  region({
    region: 'eu-central-1',
    name: 'Europe (Frankfurt)',
    figures: {
      ...EVERYWHERE,
      fargateX86Vcpu: 0.04656,
      fargateX86Gb: 0.00511,
      fargateArmVcpu: 0.03725,
      fargateArmGb: 0.00409,
      albHour: 0.027,
      albLcuHour: 0.008,
      nlbHour: 0.027,
      nlcuHour: 0.006,
      natHour: 0.052,
      natGb: 0.052,
      endpointAzHour: 0.012,
      logIngestGb: 0.63,
    },
    instances: { 'm7g.large': 0.0972, 'm6g.large': 0.092, 'c7g.large': 0.0826, 't4g.medium': 0.0384 },
    verified: { ipv4Hour: CHECKED.ipv4 },
  }),
  region({
    region: 'ap-northeast-1',
    name: 'Asia Pacific (Tokyo)',
    figures: {
      ...EVERYWHERE,
      fargateX86Vcpu: 0.05056,
      fargateX86Gb: 0.00553,
      fargateArmVcpu: 0.04045,
      fargateArmGb: 0.00442,
      albHour: 0.0243,
      albLcuHour: 0.008,
      nlbHour: 0.0243,
      nlcuHour: 0.006,
      natHour: 0.062,
      natGb: 0.062,
      endpointAzHour: 0.014,
      logIngestGb: 0.76,
    },
    instances: { 'm7g.large': 0.1054, 'm6g.large': 0.099, 'c7g.large': 0.0913, 't4g.medium': 0.0432 },
    verified: { ipv4Hour: CHECKED.ipv4 },
  }),
  region({
    region: 'ap-northeast-2',
    name: 'Asia Pacific (Seoul)',
    figures: {
      ...EVERYWHERE,
      fargateX86Vcpu: 0.04656,
      fargateX86Gb: 0.00511,
      fargateArmVcpu: 0.03725,
      fargateArmGb: 0.00409,
      albHour: 0.0225,
      albLcuHour: 0.008,
      nlbHour: 0.0225,
      nlcuHour: 0.006,
      natHour: 0.059,
      natGb: 0.059,
      endpointAzHour: 0.013,
      logIngestGb: 0.76,
    },
    instances: { 'm7g.large': 0.1000, 'm6g.large': 0.094, 'c7g.large': 0.0874, 't4g.medium': 0.0416 },
    verified: { ipv4Hour: CHECKED.ipv4 },
  }),
  region({
    region: 'ap-southeast-1',
    name: 'Asia Pacific (Singapore)',
    figures: {
      ...EVERYWHERE,
      fargateX86Vcpu: 0.05056,
      fargateX86Gb: 0.00553,
      fargateArmVcpu: 0.04045,
      fargateArmGb: 0.00442,
      albHour: 0.0252,
      albLcuHour: 0.008,
      nlbHour: 0.0252,
      nlcuHour: 0.006,
      natHour: 0.059,
      natGb: 0.059,
      endpointAzHour: 0.013,
      logIngestGb: 0.70,
    },
    instances: { 'm7g.large': 0.1008, 'm6g.large': 0.096, 'c7g.large': 0.0870, 't4g.medium': 0.0424 },
    verified: { ipv4Hour: CHECKED.ipv4, natHour: CHECKED.natSingapore, natGb: CHECKED.natSingapore },
  }),
];
