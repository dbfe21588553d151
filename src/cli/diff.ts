/**
 * `report cdk.out --diff cdk.out.base`: the monthly cost and the fast-deploy findings of every
 * workload, and of the lines no workload owns, before → after; what Infracost's diff does for Terraform.
 */
import { Report } from './report';

/**
 * Exit code when the two assemblies differ in cost or findings (0 when they do not; 2 stays bad
 * usage), as `diff` and `git diff --exit-code` do, so that CI can tell a change apart from an error.
 */
export const DIFF_EXIT_CHANGED = 1;

/** Cost changes smaller than half a cent are rounding, not a change. */
const CENT = 0.005;

/** One workload (a service, or a stack's shared lines) before and after; undefined when absent on that side. */
export interface WorkloadDelta {
  readonly stack: string;
  readonly workload: string;
  readonly costBefore?: number;
  readonly costAfter?: number;
  readonly findingsBefore?: number;
  readonly findingsAfter?: number;
}

/** The whole comparison, as `--diff --json` prints it. */
export interface ReportDiff {
  readonly base: string;
  readonly head: string;
  readonly workloads: WorkloadDelta[];
  readonly total: { readonly before: number; readonly after: number };
  readonly findings: { readonly before: number; readonly after: number };
  readonly changed: boolean;
}

/** The name of the row that holds a stack's lines no service owns (network, monitoring, capacity, unshared load balancers). */
export const SHARED_ROW = '(shared: network, capacity, monitoring)';

interface Row {
  readonly cost: number;
  readonly findings: number;
}

/** Rows keyed `stack\u0000workload`, in report order. */
function rowsOf(report: Report): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const stack of report.stacks) {
    let owned = 0;
    for (const service of stack.services) {
      const cost = service.cost?.total ?? 0;
      owned += cost;
      rows.set(`${stack.name}\u0000${service.label}`, { cost, findings: service.findings.length });
    }
    const shared = stack.total - owned;
    if (Math.abs(shared) >= CENT || stack.lines.length > 0) {
      rows.set(`${stack.name}\u0000${SHARED_ROW}`, { cost: shared, findings: 0 });
    }
  }
  return rows;
}

/** Compare two reports built with the same assumptions. */
export function diffReports(base: Report, head: Report): ReportDiff {
  const before = rowsOf(base);
  const after = rowsOf(head);
  const keys = [...after.keys(), ...[...before.keys()].filter((k) => !after.has(k))];
  const workloads = keys.map((key) => {
    const [stack, workload] = key.split('\u0000');
    const b = before.get(key);
    const a = after.get(key);
    return { stack, workload, costBefore: b?.cost, costAfter: a?.cost, findingsBefore: b?.findings, findingsAfter: a?.findings };
  });
  const sumFindings = (report: Report) => report.stacks.flatMap((s) => s.services).reduce((sum, s) => sum + s.findings.length, 0);
  return {
    base: base.assembly,
    head: head.assembly,
    workloads,
    total: { before: base.totals.monthly, after: head.totals.monthly },
    findings: { before: sumFindings(base), after: sumFindings(head) },
    changed: workloads.some(isChanged),
  };
}

/** Whether a row was added, removed, or changed in cost or findings. */
export function isChanged(row: WorkloadDelta): boolean {
  if (row.costBefore === undefined || row.costAfter === undefined) {
    return true;
  }
  return Math.abs(row.costAfter - row.costBefore) >= CENT || row.findingsAfter !== row.findingsBefore;
}
