/** vCPUs and memory of an instance type, for the families whose sizes follow a fixed ratio. */
export interface InstanceSize {
  readonly vcpus: number;
  readonly memoryMiB: number;
}

/** GiB of memory per vCPU of the general purpose, compute and memory optimized families from generation 5. */
const GIB_PER_VCPU: Record<string, number> = { m: 4, c: 2, r: 8 };
/** Burstable sizes: [vCPUs, GiB]. */
const BURSTABLE: Record<string, [number, number]> = {
  'nano': [2, 0.5], 'micro': [2, 1], 'small': [2, 2], 'medium': [2, 4], 'large': [2, 8], 'xlarge': [4, 16], '2xlarge': [8, 32],
};

/**
 * Size of the instance types this library knows, undefined for the rest (whose checks are skipped).
 * Variants with other memory ratios (c5n, r5b, x2, z1d, …) are left out on purpose.
 */
export function instanceSize(instanceType: string): InstanceSize | undefined {
  const match = /^([mcrt])(\d)(g|gd|i|a|d|id|ad|gn|i-flex)?\.(\w+)$/.exec(instanceType);
  if (!match) {
    return undefined;
  }
  const [, family, generation, variant, size] = match;
  if (family === 't') {
    const burstable = (generation === '3' || generation === '4') ? BURSTABLE[size] : undefined;
    return burstable ? { vcpus: burstable[0], memoryMiB: burstable[1] * 1024 } : undefined;
  }
  if (Number(generation) < 5 || (variant === 'gn' && family !== 'c')) {
    return undefined;
  }
  const vcpus = size === 'medium' ? 1 : size === 'large' ? 2 : size === 'xlarge' ? 4 : sizeMultiple(size);
  return vcpus === undefined ? undefined : { vcpus, memoryMiB: vcpus * GIB_PER_VCPU[family] * 1024 };
}

/** `8xlarge` → 32 vCPUs; undefined for metal and unknown sizes. */
function sizeMultiple(size: string): number | undefined {
  const match = /^(\d+)xlarge$/.exec(size);
  return match ? Number(match[1]) * 4 : undefined;
}

/**
 * The most network interfaces an instance type can attach, for the families `instanceSize` knows (Nitro
 * m/c/r from generation 5, t3/t4g), from the EC2 User Guide's "Maximum network interfaces" table; undefined
 * for the rest. Each awsvpc task takes one, and the instance keeps its primary one: without
 * `awsvpcTrunking` (an account setting) an instance runs at most this number minus one awsvpc tasks.
 *
 * @see https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/AvailableIpPerENI.html
 */
export function networkInterfaces(instanceType: string): number | undefined {
  if (instanceSize(instanceType) === undefined) {
    return undefined;
  }
  const size = instanceType.split('.')[1];
  if (instanceType.startsWith('t')) {
    return { 'nano': 2, 'micro': 2, 'small': 3, 'medium': 3, 'large': 3, 'xlarge': 4, '2xlarge': 4 }[size];
  }
  const vcpus = instanceSize(instanceType)!.vcpus;
  return vcpus <= 1 ? 2 : vcpus <= 2 ? 3 : vcpus <= 8 ? 4 : vcpus <= 48 ? 8 : 15;
}
