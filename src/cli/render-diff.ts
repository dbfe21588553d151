/**
 * Markdown output for pull requests: the cost diff of `--diff` (text or Markdown) and the bill of a
 * single assembly (`--format md`).
 */
import { isChanged, ReportDiff, WorkloadDelta } from './diff';
import { Report } from './report';
import { markdownTable, textTable } from './table';

const DIFF_HEADER = ['STACK', 'WORKLOAD', 'MONTHLY BEFORE', 'MONTHLY AFTER', 'CHANGE', 'FINDINGS BEFORE → AFTER'];

/** The diff as text: changed rows only, then the totals. */
export function renderDiffText(diff: ReportDiff): string {
  const rows = diff.workloads.filter(isChanged).map(diffRow);
  const lines = [`Cost and findings: ${diff.base} → ${diff.head}`, ''];
  lines.push(rows.length > 0 ? textTable(DIFF_HEADER, rows) : 'no change in cost or findings');
  lines.push('', totalLine(diff));
  return lines.join('\n') + '\n';
}

/** The diff as a Markdown comment for a pull request (what Infracost posts for Terraform). */
export function renderDiffMarkdown(diff: ReportDiff): string {
  const rows = diff.workloads.filter(isChanged).map(diffRow);
  const lines = ['### Estimated monthly cost (cdk-ecs-essentials report)', ''];
  lines.push(rows.length > 0 ? markdownTable(DIFF_HEADER.map(title), rows, [2, 3, 4]) : 'No change in cost or fast-deploy findings.');
  lines.push('', `**${totalLine(diff)}**`, '', `<sub>${diff.base} → ${diff.head}; list prices and the assumptions of the report (docs/report.md).</sub>`);
  return lines.join('\n') + '\n';
}

/** The bill of one assembly as Markdown: per stack, every line with its assumption. */
export function renderMarkdown(report: Report): string {
  const lines = ['### Estimated monthly cost (cdk-ecs-essentials report)', ''];
  for (const stack of report.stacks.filter((s) => s.lines.length > 0)) {
    lines.push(`**${stack.name}** (${stack.region}; prices ${stack.priceVerification})`, '');
    lines.push(markdownTable(['Item', 'What', 'Quantity', 'Monthly', 'Assumption'],
      stack.lines.map((l) => [l.item, l.what, l.quantity, l.monthly === undefined ? 'not priced' : usd(l.monthly), l.assumption].map(cell)), [3]));
    lines.push('');
  }
  const t = report.totals;
  lines.push(`**Total ${usd(t.monthly)}/month**; the same app at ecs-patterns defaults ${usd(t.ecsPatternsDefaults)}/month` +
    `${t.unpricedLines > 0 ? `; ${t.unpricedLines} line(s) not priced` : ''}.`);
  return lines.join('\n') + '\n';
}

function diffRow(row: WorkloadDelta): string[] {
  const before = row.costBefore === undefined ? '(new)' : usd(row.costBefore);
  const after = row.costAfter === undefined ? '(removed)' : usd(row.costAfter);
  const change = signed((row.costAfter ?? 0) - (row.costBefore ?? 0));
  const findings = `${row.findingsBefore ?? '-'} → ${row.findingsAfter ?? '-'}`;
  return [row.stack, row.workload, before, after, change, findings].map(cell);
}

function totalLine(diff: ReportDiff): string {
  const { before, after } = diff.total;
  const percent = before > 0 ? ` (${signed(((after - before) / before) * 100, '')} %)` : '';
  return `Total ${usd(before)} → ${usd(after)}/month: ${signed(after - before)}${percent}; fast-deploy findings ${diff.findings.before} → ${diff.findings.after}`;
}

function title(header: string): string {
  return header.charAt(0) + header.slice(1).toLowerCase();
}

/** Markdown cells cannot hold a pipe. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

function signed(value: number, prefix: string = '$'): string {
  const rounded = Math.abs(value) < 0.005 ? 0 : value;
  return `${rounded < 0 ? '−' : '+'}${prefix}${Math.abs(rounded).toFixed(2)}`;
}
