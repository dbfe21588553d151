import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PRICE_TABLE_DATE, fargateRates, pricesFor } from '../../cli/prices';

/** A Fargate task size. */
export interface FargateSize {
  readonly cpu: number;
  readonly memoryMiB: number;
}

/** The Region whose prices the synth-time message quotes (the report prices the stack's own Region). */
const PRICE_REGION = 'us-east-1';
const HOURS_PER_MONTH = 730;

/**
 * What the Service Connect proxy headroom costs, said at synth (issue 26): the size asked for, the size
 * the task gets, and the On-Demand price per task-month of each at us-east-1 prices, from the report's
 * dated price table. Fargate bills per vCPU-hour and GB-hour, so the difference is exact for the size.
 */
export function proxyHeadroomInfo(asked: FargateSize, given: FargateSize, architecture: ecs.CpuArchitecture): string {
  const prices = pricesFor(PRICE_REGION)!;
  const rates = fargateRates(prices, architecture._cpuArchitecture);
  const monthly = (size: FargateSize) => (size.cpu / 1024 * rates.vcpuHour + size.memoryMiB / 1024 * rates.gbHour) * HOURS_PER_MONTH;
  const before = monthly(asked);
  const after = monthly(given);
  const percent = Math.round((after / before - 1) * 100);
  return `Service Connect proxy headroom raises the task from ${asked.cpu}/${asked.memoryMiB} to ${given.cpu}/${given.memoryMiB} (cpu/MiB, ` +
    `the next Fargate size): $${before.toFixed(2)} → $${after.toFixed(2)} per task-month On-Demand (+${percent} %, ${PRICE_REGION} ` +
    `${architecture._cpuArchitecture} prices of ${PRICE_TABLE_DATE}). Size the task for the proxy yourself with ` +
    'serviceConnect addProxyHeadroom false.';
}
