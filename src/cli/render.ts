/**
 * The report as text: per stack, a table of what each service does and a table of what it costs,
 * then the totals and every assumption behind the figures.
 */
import { describeWaits } from './ecs-service';
import { ELB_PRICING_URL, FARGATE_PRICING_URL } from './prices';
import { Report, ServiceReport, StackReport } from './report';
import { textTable } from './table';

const SERVICE_HEADER = ['SERVICE', 'LAUNCH', 'CPU/MIB ARCH', 'COUNT', 'CAPACITY MIX', 'WAITS traffic+drain+stop', 'STRATEGY', 'SERVICE CONNECT', 'FAST-DEPLOY'];
const COST_HEADER = ['SERVICE', 'TASKS (On-Demand + Spot)', 'COMPUTE', 'ALB SHARE', 'TOTAL/MONTH', 'ECS-PATTERNS DEFAULTS', 'SAVING'];

/** The whole report as text. */
export function renderText(report: Report): string {
  const blocks = report.stacks.map(renderStack);
  if (report.stacks.length === 0) {
    blocks.push(`no stacks in ${report.assembly}`);
  }
  blocks.push(renderTotals(report));
  return blocks.join('\n\n') + '\n';
}

function renderStack(stack: StackReport): string {
  const title = `${stack.name}: ${stack.resources} resources (limit 500), ${stack.templateKb.toFixed(1)} KB template (limit 1024 KB)`;
  if (stack.services.length === 0) {
    return `${title}, no ECS service`;
  }
  const lines = [title, ''];
  lines.push(textTable(SERVICE_HEADER, stack.services.map(serviceRow), '  '));
  const findings = stack.services.filter((s) => s.findings.length > 0);
  if (findings.length > 0) {
    lines.push('', '  Fast-deploy findings (EcsFastDeployChecks rule ids, read from the template; see docs/warnings.md):');
    for (const s of findings) {
      for (const f of s.findings) {
        lines.push(`    ${s.label}: ${f.ruleId} ${f.message}`);
      }
    }
  }
  const region = `${stack.region}${stack.regionNote ? ` (${stack.regionNote})` : ''}`;
  lines.push('', `  Estimated monthly cost in USD, ${region}; ${stack.region} prices ${stack.priceVerification}:`);
  lines.push(textTable(COST_HEADER, stack.services.map(costRow), '  '));
  const notes = stack.services.filter((s) => s.cost !== undefined && s.costNote !== undefined);
  for (const s of notes) {
    lines.push(`  note: ${s.label}: ${s.costNote}`);
  }
  return lines.join('\n');
}

function serviceRow(s: ServiceReport): string[] {
  const count = s.scaling ? `${s.desiredCount ?? '-'} (${s.scaling.min}-${s.scaling.max})` : `${s.desiredCount ?? '-'}`;
  const findings = s.findings.length === 0 ? 'ok' : [...new Set(s.findings.map((f) => f.ruleId.replace('ECSE-', '')))].join(' ');
  return [s.label, s.launch, s.taskSize, count, s.capacityMix, describeWaits(s.rolloutWaits), s.deploymentStrategy, s.serviceConnect, findings];
}

function costRow(s: ServiceReport): string[] {
  const c = s.cost;
  if (c === undefined) {
    return [s.label, '-', '-', '-', s.costNote ?? 'n/a', '-', '-'];
  }
  const tasks = `${num(c.tasks)} = ${num(c.onDemandTasks)} + ${num(c.spotTasks)}${c.tasksBasis === 'desired count' ? '' : ` (${c.tasksBasis})`}`;
  const compute = `${usd(c.computeOnDemand + c.computeSpot)}`;
  const saving = c.ecsPatternsDefaults > 0 ? `${usd(c.saving)} (${Math.round((c.saving / c.ecsPatternsDefaults) * 100)} %)` : usd(c.saving);
  return [s.label, tasks, compute, usd(c.albShare), usd(c.total), usd(c.ecsPatternsDefaults), saving];
}

function renderTotals(report: Report): string {
  const t = report.totals;
  const a = report.assumptions;
  const percent = (share: number) => `${+(share * 100).toFixed(2)} %`;
  const lines = [
    `Total estimated: ${usd(t.monthly)}/month; the same services at ecs-patterns defaults: ${usd(t.ecsPatternsDefaults)}/month; ` +
      `saving ${usd(t.saving)}/month${t.ecsPatternsDefaults > 0 ? ` (${Math.round((t.saving / t.ecsPatternsDefaults) * 100)} %)` : ''}` +
      `${t.unpricedServices > 0 ? `; ${t.unpricedServices} service(s) not priced` : ''}.`,
    '',
    'Assumptions:',
    `  ${a.hoursPerMonth} h/month; price table of ${report.priceTableDate} (${FARGATE_PRICING_URL}, ${ELB_PRICING_URL})`,
    `  Fargate Spot ${percent(a.spotDiscount)} below On-Demand (--spot-discount); Compute Savings Plans ${percent(a.savingsPlanDiscount)} ` +
      'off the On-Demand share (--savings-plan-discount)',
    `  ${a.albLcus} LCU per ALB (--alb-lcus); an ALB's cost is split evenly over the services behind it`,
    '  ecs-patterns defaults: the same task size and count, x86, all On-Demand, one ALB per load-balanced service',
    '  not included: data transfer, NAT gateways, public IPv4 addresses, logs and metrics, ephemeral storage above 20 GB',
  ];
  return lines.join('\n');
}

function usd(value: number): string {
  return `$${value.toFixed(2)}`;
}

/** Task counts: whole numbers as they are, expected shares to two decimals. */
function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}
