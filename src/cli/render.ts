/**
 * The report as text: per stack, a table of what each service does and a table of what it costs,
 * then the totals and every assumption behind the figures.
 */
import { CostLine } from './cost';
import { describeWaits } from './ecs-service';
import { PRICING_PAGES } from './prices';
import { Report, ServiceReport, StackReport } from './report';
import { num, pct } from './service-cost';
import { textTable } from './table';

const BILL_HEADER = ['ITEM', 'WHAT', 'QUANTITY × PRICE', 'MONTHLY', 'ASSUMPTION'];
const SERVICE_HEADER = ['SERVICE', 'LAUNCH', 'CPU/MIB ARCH', 'COUNT', 'CAPACITY MIX', 'WAITS traffic+drain+stop', 'STRATEGY', 'SERVICE CONNECT', 'FAST-DEPLOY'];
const COST_HEADER = ['SERVICE', 'TASKS (On-Demand + Spot)', 'COMPUTE', 'LB SHARE', 'PUBLIC IPS', 'TOTAL/MONTH', 'ECS-PATTERNS DEFAULTS', 'SAVING'];

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
  if (stack.services.length === 0 && stack.lines.length === 0) {
    return `${title}, no ECS service`;
  }
  const lines = [title, ''];
  if (stack.services.length === 0) {
    lines.push('  no ECS service');
  }
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
  lines.push('', `  Estimated monthly cost in USD, ${region}; prices ${stack.priceVerification}:`);
  if (stack.services.length > 0) {
    lines.push(textTable(COST_HEADER, stack.services.map(costRow), '  '));
    for (const s of stack.services.filter((x) => x.cost !== undefined && x.costNote !== undefined)) {
      lines.push(`  note: ${s.label}: ${s.costNote}`);
    }
    lines.push('');
  }
  lines.push(`  Bill of ${stack.name}: every line its templates decide (${usd(stack.total)}/month):`);
  lines.push(textTable(BILL_HEADER, stack.lines.map(billRow), '  '));
  return lines.join('\n');
}

function billRow(line: CostLine): string[] {
  const monthly = line.monthly === undefined ? 'not priced' : `${usd(line.monthly)}${line.verified || line.monthly === 0 ? '' : ' *'}`;
  return [line.item, line.what, line.quantity, monthly, line.assumption.replace(/^not priced: /, '')];
}

function serviceRow(s: ServiceReport): string[] {
  const count = s.scaling ? `${s.desiredCount ?? '-'} (${s.scaling.min}-${s.scaling.max})` : `${s.desiredCount ?? '-'}`;
  const findings = s.findings.length === 0 ? 'ok' : [...new Set(s.findings.map((f) => f.ruleId.replace('ECSE-', '')))].join(' ');
  return [s.label, s.launch, s.taskSize, count, s.capacityMix, describeWaits(s.rolloutWaits), s.deploymentStrategy, s.serviceConnect, findings];
}

function costRow(s: ServiceReport): string[] {
  const c = s.cost;
  if (c === undefined) {
    return [s.label, '-', '-', '-', '-', s.costNote ?? 'n/a', '-', '-'];
  }
  const tasks = `${num(c.tasks)} = ${num(c.onDemandTasks)} + ${num(c.spotTasks)}${c.tasksBasis === 'desired count' ? '' : ` (${c.tasksBasis})`}`;
  const compute = `${usd(c.computeOnDemand + c.computeSpot)}`;
  const saving = c.ecsPatternsDefaults > 0 ? `${usd(c.saving)} (${Math.round((c.saving / c.ecsPatternsDefaults) * 100)} %)` : usd(c.saving);
  return [s.label, tasks, compute, usd(c.loadBalancerShare), usd(c.publicIp), usd(c.total), `${usd(c.ecsPatternsDefaults)} at ${c.ecsPatternsSize}`, saving];
}

function renderTotals(report: Report): string {
  const t = report.totals;
  const a = report.assumptions;
  const lines = [
    `Total estimated: ${usd(t.monthly)}/month, every priced line of every stack; the same app at ecs-patterns defaults: ` +
      `${usd(t.ecsPatternsDefaults)}/month; saving ${usd(t.saving)}/month` +
      `${t.ecsPatternsDefaults > 0 ? ` (${Math.round((t.saving / t.ecsPatternsDefaults) * 100)} %)` : ''}` +
      `${t.unpricedLines > 0 ? `; ${t.unpricedLines} line(s) not priced (each says why)` : ''}` +
      `${t.unpricedServices > 0 ? `; ${t.unpricedServices} service(s) without a cost of their own` : ''}.`,
    '',
    'Assumptions (* marks a line whose price is not verified):',
    `  ${a.hoursPerMonth} h/month; price table of ${report.priceTableDate} (${Object.values(PRICING_PAGES).join(', ')})`,
    `  Fargate Spot ${pct(a.spotDiscount)} below On-Demand (--spot-discount); EC2 Spot ${pct(a.ec2SpotDiscount)} (--ec2-spot-discount); ` +
      `Compute Savings Plans ${pct(a.savingsPlanDiscount)} off On-Demand (--savings-plan-discount)`,
    `  ${a.albLcus} LCU per ALB (--alb-lcus), ${a.nlbLcus} NLCU per NLB (--nlb-lcus); a load balancer's cost is split evenly over the services behind it`,
    `  ${a.natGb} GB/month through each stack's NAT gateways (--nat-gb), ${a.logGb} GB/month of logs per stack (--log-gb)`,
    '  ecs-patterns defaults hold equal: task count, network (NAT, endpoints, public task IPs), alarms, dashboards, logs and instances;',
    '  they change: the size you asked for (before the Service Connect proxy budget), x86, all On-Demand, a load balancer of the same type per service',
    '  not included: data transfer, load balancer and endpoint data beyond the capacity units, EBS volumes, log storage, ECR, ephemeral storage above 20 GB',
    '',
    `Cost allocation: activate ${report.costAllocationTags.join(' and ')} as cost-allocation tags (Billing console) to see the bill per service ` +
      'in Cost Explorer; ECS puts them on tasks of services with ECS managed tags on.',
  ];
  return lines.join('\n');
}

function usd(value: number): string {
  return value < -0.005 ? `-$${(-value).toFixed(2)}` : `$${Math.abs(value).toFixed(2)}`;
}
