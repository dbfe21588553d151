/**
 * The estimated monthly cost of the example app (integ/integ.service-connect.ts, what `npx projen
 * example` synthesizes), from the report's cost model with its default assumptions, read from the
 * app's committed snapshot (a cloud assembly), so the bench needs no extra synthesis.
 */
import * as path from 'path';
import { DEFAULT_ALB_LCUS, DEFAULT_SAVINGS_PLAN_DISCOUNT, DEFAULT_SPOT_DISCOUNT, HOURS_PER_MONTH } from '../../src/cli/prices';
import { buildReport } from '../../src/cli/report';

const SNAPSHOT = path.resolve(__dirname, '..', '..', 'integ', 'integ.service-connect.ts.snapshot');

/** USD per month by cost component, for this library's services and the same services at ecs-patterns defaults. */
export interface ExampleCost {
  readonly app: string;
  readonly region: string;
  readonly priceTableDate: string;
  readonly assumptions: { spotDiscount: number; savingsPlanDiscount: number; albLcus: number; hoursPerMonth: number };
  readonly services: string[];
  readonly ours: { fargateOnDemand: number; fargateSpot: number; alb: number; total: number };
  readonly ecsPatterns: { fargateOnDemand: number; fargateSpot: number; alb: number; total: number };
}

export function exampleCost(): ExampleCost {
  const report = buildReport(SNAPSHOT, {
    spotDiscount: DEFAULT_SPOT_DISCOUNT,
    savingsPlanDiscount: DEFAULT_SAVINGS_PLAN_DISCOUNT,
    albLcus: DEFAULT_ALB_LCUS,
    hoursPerMonth: HOURS_PER_MONTH,
  });
  const stack = report.stacks.find((s) => s.services.length > 0);
  if (stack === undefined) {
    throw new Error(`no ECS service in ${SNAPSHOT}`);
  }
  const costs = stack.services.map((s) => {
    if (s.cost === undefined) {
      throw new Error(`${s.label} is not priced: ${s.costNote}`);
    }
    return s.cost;
  });
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const ours = {
    fargateOnDemand: sum(costs.map((c) => c.computeOnDemand)),
    fargateSpot: sum(costs.map((c) => c.computeSpot)),
    alb: sum(costs.map((c) => c.albShare)),
    total: sum(costs.map((c) => c.total)),
  };
  const ecsPatterns = {
    fargateOnDemand: sum(costs.map((c) => c.ecsPatternsCompute)),
    fargateSpot: 0,
    alb: sum(costs.map((c) => c.ecsPatternsAlb)),
    total: sum(costs.map((c) => c.ecsPatternsDefaults)),
  };
  return {
    app: 'integ/integ.service-connect.ts',
    region: stack.region,
    priceTableDate: report.priceTableDate,
    assumptions: report.assumptions,
    // Snapshots carry no construct paths: `PaymentsService5DF0C322` → `Payments`.
    services: stack.services.map((s) => `${s.label.replace(/Service[0-9A-F]{8}$/, '')} ${s.taskSize.split(' (')[0]} × ${s.cost!.tasks}`),
    ours,
    ecsPatterns,
  };
}
