/**
 * The estimated monthly bill of the example app (integ/integ.service-connect.ts, what `npx projen
 * example` synthesizes), from the report with its default assumptions, read from the app's
 * committed snapshot (a cloud assembly), so the bench needs no extra synthesis. Every line of the
 * bill lands in one category, for this library and for the same app at ecs-patterns defaults.
 */
import * as path from 'path';
import { CostLine, defaultAssumptions } from '../../src/cli/cost';
import { buildReport, StackReport } from '../../src/cli/report';

const SNAPSHOT = path.resolve(__dirname, '..', '..', 'integ', 'integ.service-connect.ts.snapshot');

/** The categories of the chart, in stacking order. */
export const CATEGORIES = ['fargateOnDemand', 'fargateSpot', 'loadBalancers', 'nat', 'publicIpv4', 'monitoring', 'other'] as const;
/** One category of the chart. */
export type Category = typeof CATEGORIES[number];
/** USD per month by category, and their sum. */
export type Bill = Record<Category, number> & { readonly total: number };

/** USD per month by category, for this library's app and the same app at ecs-patterns defaults. */
export interface ExampleCost {
  readonly app: string;
  readonly region: string;
  readonly priceTableDate: string;
  readonly assumptions: ReturnType<typeof defaultAssumptions>;
  readonly services: string[];
  readonly ours: Bill;
  readonly ecsPatterns: Bill;
  /** Lines that could not be priced, by item. */
  readonly unpriced: string[];
}

/** Which category a bill line counts in. */
export function categoryOf(line: CostLine): Category {
  if (line.item === 'Fargate On-Demand' || line.item.startsWith('EC2 instances On-Demand')) {
    return 'fargateOnDemand';
  }
  if (line.item === 'Fargate Spot' || line.item.startsWith('EC2 instances Spot')) {
    return 'fargateSpot';
  }
  if (/^(ALB|NLB) /.test(line.item) || line.item === 'public IPv4 (load balancer nodes)') {
    return 'loadBalancers';
  }
  if (line.item.startsWith('NAT ')) {
    return 'nat';
  }
  if (line.item.startsWith('public IPv4')) {
    return 'publicIpv4';
  }
  if (/CloudWatch|log ingestion|Container Insights/.test(line.item)) {
    return 'monitoring';
  }
  return 'other';
}

/** The bill of a stack by category; the ecs-patterns side swaps the services' compute and load balancers. */
export function billsOf(stack: StackReport): { ours: Bill; ecsPatterns: Bill } {
  const ours = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
  for (const line of stack.lines) {
    ours[categoryOf(line)] += line.monthly ?? 0;
  }
  const costs = stack.services.filter((s) => s.cost !== undefined).map((s) => s.cost!);
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const patterns = {
    ...ours,
    fargateOnDemand: ours.fargateOnDemand - sum(costs.map((c) => c.computeOnDemand)) + sum(costs.map((c) => c.ecsPatternsCompute)),
    fargateSpot: ours.fargateSpot - sum(costs.map((c) => c.computeSpot)),
    loadBalancers: ours.loadBalancers - sum(costs.map((c) => c.loadBalancerShare)) + sum(costs.map((c) => c.ecsPatternsLoadBalancer)),
  };
  const total = (bill: Record<Category, number>) => sum(CATEGORIES.map((c) => bill[c]));
  return { ours: { ...ours, total: total(ours) }, ecsPatterns: { ...patterns, total: total(patterns) } };
}

/** The example app's bill from its committed snapshot, with the report's default assumptions. */
export function exampleCost(): ExampleCost {
  const report = buildReport(SNAPSHOT, defaultAssumptions());
  const stack = report.stacks.find((s) => s.services.length > 0);
  if (stack === undefined) {
    throw new Error(`no ECS service in ${SNAPSHOT}`);
  }
  for (const s of stack.services.filter((x) => x.cost === undefined)) {
    throw new Error(`${s.label} is not priced: ${s.costNote}`);
  }
  return {
    app: 'integ/integ.service-connect.ts',
    region: stack.region,
    priceTableDate: report.priceTableDate,
    assumptions: report.assumptions,
    // Snapshots carry no construct paths: `PaymentsService5DF0C322` → `Payments`.
    services: stack.services.map((s) => `${s.label.replace(/Service[0-9A-F]{8}$/, '')} ${s.taskSize.split(' (')[0]} × ${s.cost!.tasks}`),
    ...billsOf(stack),
    unpriced: stack.lines.filter((l) => l.monthly === undefined).map((l) => l.item),
  };
}
