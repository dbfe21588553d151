/**
 * The bill lines a stack decides outside its services: NAT gateways, Elastic IPs, VPC endpoints,
 * CloudWatch alarms and dashboards, Container Insights and log ingestion. Each line states its
 * assumption; a line that cannot be priced says why.
 */
import { CostAssumptions, CostLine, pricedLine, unpricedLine } from './cost';
import { shortPath } from './load-balancers';
import { RegionPrices } from './prices';
import { CfnTemplate, constructPath, logicalIdsOfType, propertiesOf } from './template';

/** Every line of this file for one template. */
export function stackLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  return [
    ...natLines(template, prices, a),
    ...elasticIpLines(template, prices, a),
    ...endpointLines(template, prices, a),
    ...alarmLines(template, prices),
    ...dashboardLines(template, prices),
    ...containerInsightsLines(template),
    ...logLines(template, prices, a),
  ];
}

/** `Vpc/PublicSubnet1/NATGateway, Vpc/PublicSubnet2/NATGateway` → at most three names, then `…`. */
function labels(template: CfnTemplate, ids: string[]): string {
  const names = ids.map((id) => shortPath(constructPath(template, id)));
  return names.length <= 3 ? names.join(', ') : `${names.slice(0, 3).join(', ')} … (${names.length})`;
}

/**
 * NAT gateways: per hour each, plus per GB processed; the GB come from `--nat-gb` (default 0), since
 * no template says how much traffic leaves through them.
 */
function natLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const ids = logicalIdsOfType(template, 'AWS::EC2::NatGateway');
  if (ids.length === 0) {
    return [];
  }
  return [
    pricedLine('NAT gateway hours', labels(template, ids), ids.length * a.hoursPerMonth, 'h', prices.natHour,
      `${ids.length} NAT gateway(s) all month`),
    pricedLine('NAT data processing', labels(template, ids), a.natGb, 'GB', prices.natGb,
      `${a.natGb} GB/month through this stack's NAT gateways (assumption, --nat-gb${a.natGb === 0 ? '; 0 by default: add your traffic' : ''})`),
  ];
}

/** Elastic IPs (the NAT gateways' among them): a public IPv4 address each, in use or idle. */
function elasticIpLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const ids = logicalIdsOfType(template, 'AWS::EC2::EIP');
  if (ids.length === 0) {
    return [];
  }
  return [pricedLine('public IPv4 (Elastic IPs)', labels(template, ids), ids.length * a.hoursPerMonth, 'IP-h', prices.ipv4Hour,
    `${ids.length} Elastic IP(s), charged in use or idle`)];
}

/** Interface endpoints per Availability Zone-hour (data processed not included); gateway endpoints are free. */
function endpointLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const lines: CostLine[] = [];
  for (const id of logicalIdsOfType(template, 'AWS::EC2::VPCEndpoint')) {
    const props = propertiesOf(template, id);
    const type = props.VpcEndpointType ?? 'Gateway';
    const what = `${labels(template, [id])} (${serviceNameOf(props.ServiceName)})`;
    if (type === 'Gateway') {
      lines.push({ item: 'gateway endpoint', what, quantity: '-', monthly: 0, assumption: 'gateway endpoints (S3, DynamoDB) are free', verified: true, source: prices.endpointAzHour.source });
    } else if (type === 'Interface') {
      const azs = Array.isArray(props.SubnetIds) ? props.SubnetIds.length : undefined;
      lines.push(azs === undefined
        ? unpricedLine('interface endpoint', what, 'its subnets are not a list in the template, so its Availability Zones are unknown')
        : pricedLine('interface endpoint', what, azs * a.hoursPerMonth, 'AZ-h', prices.endpointAzHour,
          `${azs} AZ(s) all month; data processed through it not included`));
    } else {
      lines.push(unpricedLine(`${type} endpoint`, what, `${type} endpoints are not in the price table`));
    }
  }
  return lines;
}

/** `com.amazonaws.us-east-1.ecr.api`, or CDK's `Fn::Join` of `com.amazonaws.`, the Region and `.ecr.api` → `ecr.api`. */
function serviceNameOf(value: unknown): string {
  if (typeof value === 'string') {
    return /^com\.amazonaws\.[a-z0-9-]+\.(.+)$/.exec(value)?.[1] ?? value;
  }
  return /"\.([a-z0-9.-]+)"\]\]\}$/.exec(JSON.stringify(value ?? ''))?.[1] ?? 'service';
}

/**
 * Standard-resolution alarms: per alarm metric (a metric-math alarm pays for each metric it reads);
 * composite alarms per alarm. The free tier (10 alarm metrics per account) is not subtracted.
 */
function alarmLines(template: CfnTemplate, prices: RegionPrices): CostLine[] {
  const lines: CostLine[] = [];
  const ids = logicalIdsOfType(template, 'AWS::CloudWatch::Alarm');
  if (ids.length > 0) {
    const metrics = ids.reduce((sum, id) => sum + alarmMetrics(propertiesOf(template, id)), 0);
    lines.push(pricedLine('CloudWatch alarms', `${ids.length} alarm(s)`, metrics, 'alarm metric-month(s)', prices.alarmMetricMonth,
      'one metric per alarm, each metric of a metric-math alarm; free tier not subtracted (it is per account)'));
  }
  const composite = logicalIdsOfType(template, 'AWS::CloudWatch::CompositeAlarm');
  if (composite.length > 0) {
    lines.push(pricedLine('CloudWatch composite alarms', `${composite.length} alarm(s)`, composite.length, 'alarm-month(s)', prices.compositeAlarmMonth,
      'per composite alarm'));
  }
  return lines;
}

function alarmMetrics(props: Record<string, any>): number {
  if (!Array.isArray(props.Metrics)) {
    return 1;
  }
  return Math.max(1, props.Metrics.filter((m: Record<string, unknown>) => m.MetricStat !== undefined).length);
}

/** Dashboards per month; the free tier (3 per account) is not subtracted. */
function dashboardLines(template: CfnTemplate, prices: RegionPrices): CostLine[] {
  const ids = logicalIdsOfType(template, 'AWS::CloudWatch::Dashboard');
  if (ids.length === 0) {
    return [];
  }
  return [pricedLine('CloudWatch dashboards', labels(template, ids), ids.length, 'dashboard-month(s)', prices.dashboardMonth,
    'free tier (3 per account) not subtracted')];
}

/** Container Insights is billed per metric or observation the running tasks produce: named, not guessed. */
function containerInsightsLines(template: CfnTemplate): CostLine[] {
  const lines: CostLine[] = [];
  for (const id of logicalIdsOfType(template, 'AWS::ECS::Cluster')) {
    const settings: Array<Record<string, unknown>> = propertiesOf(template, id).ClusterSettings ?? [];
    const value = settings.find((s) => s.Name === 'containerInsights')?.Value;
    if (value === 'enabled' || value === 'enhanced') {
      lines.push(unpricedLine(`Container Insights (${value})`, labels(template, [id]),
        value === 'enhanced'
          ? 'billed per observation, which grows with tasks, containers and their lifetimes; see the CloudWatch pricing page'
          : 'billed as custom metrics and performance-log ingestion per cluster, service and task; see the CloudWatch pricing page'));
    }
  }
  return lines;
}

/** Log ingestion from `--log-gb` (default 0); storage depends on retention and is not priced. */
function logLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const ids = logicalIdsOfType(template, 'AWS::Logs::LogGroup');
  if (ids.length === 0) {
    return [];
  }
  return [pricedLine('log ingestion', `${ids.length} log group(s)`, a.logGb, 'GB', prices.logIngestGb,
    `${a.logGb} GB/month ingested by this stack (assumption, --log-gb${a.logGb === 0 ? '; 0 by default: add your volume' : ''}); storage not priced`)];
}
