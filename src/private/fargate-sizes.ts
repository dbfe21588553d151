/**
 * The Fargate task size table (CPU units → valid memory in MiB).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */

interface MemoryRange {
  readonly min: number;
  readonly max: number;
  readonly step: number;
}

const LINUX_SIZES: ReadonlyMap<number, MemoryRange | ReadonlyArray<number>> = new Map<number, MemoryRange | ReadonlyArray<number>>([
  [256, [512, 1024, 2048]],
  [512, { min: 1024, max: 4096, step: 1024 }],
  [1024, { min: 2048, max: 8192, step: 1024 }],
  [2048, { min: 4096, max: 16384, step: 1024 }],
  [4096, { min: 8192, max: 30720, step: 1024 }],
  // 8 and 16 vCPU need Linux platform version 1.4.0, which LATEST is.
  [8192, { min: 16384, max: 61440, step: 4096 }],
  [16384, { min: 32768, max: 122880, step: 8192 }],
]);

/** Windows on Fargate runs 1, 2 or 4 vCPU only. */
const WINDOWS_CPUS: ReadonlyArray<number> = [1024, 2048, 4096];

/** Valid memory values (MiB) for a CPU size, ascending. Empty when the CPU size is not valid. */
export function fargateMemoryOptions(cpu: number): number[] {
  const entry = LINUX_SIZES.get(cpu);
  if (entry === undefined) {
    return [];
  }
  if (Array.isArray(entry)) {
    return [...entry];
  }
  const range = entry as MemoryRange;
  const values: number[] = [];
  for (let m = range.min; m <= range.max; m += range.step) {
    values.push(m);
  }
  return values;
}

/** Valid CPU sizes, ascending. */
export function fargateCpuOptions(windows: boolean): number[] {
  return windows ? [...WINDOWS_CPUS] : [...LINUX_SIZES.keys()];
}

/** Describe the valid memory values of a CPU size for an error message. */
export function describeMemoryOptions(cpu: number): string {
  const entry = LINUX_SIZES.get(cpu);
  if (entry === undefined) {
    return 'none';
  }
  if (Array.isArray(entry)) {
    return (entry as number[]).slice(0, -1).join(', ') + ` or ${(entry as number[])[(entry as number[]).length - 1]}`;
  }
  const range = entry as MemoryRange;
  return `${range.min} to ${range.max} in steps of ${range.step}`;
}

/**
 * The smallest valid Fargate size with at least `cpu` units and `memoryMiB` memory.
 *
 * Used to round a task up after adding headroom (e.g. the Service Connect proxy's 256 units and 64 MiB).
 * Returns undefined when nothing in the table is large enough.
 */
export function smallestFargateSizeAtLeast(cpu: number, memoryMiB: number, windows: boolean = false): { cpu: number; memoryMiB: number } | undefined {
  for (const c of fargateCpuOptions(windows)) {
    if (c < cpu) {
      continue;
    }
    const memory = fargateMemoryOptions(c).find((m) => m >= memoryMiB);
    if (memory !== undefined) {
      return { cpu: c, memoryMiB: memory };
    }
  }
  return undefined;
}
