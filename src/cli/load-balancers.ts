/**
 * The load balancers of a template, which services are behind each, and their bill lines: hours and
 * capacity units, and the public IPv4 address of each node of an internet-facing one.
 */
import { CostAssumptions, CostLine, LoadBalancerType, pricedLine } from './cost';
import { RegionPrices } from './prices';
import { CfnTemplate, EcsServiceRef, constructPath, logicalIdsOfType, propertiesOf, refTarget } from './template';

/** A load balancer of the template. */
export interface LoadBalancer {
  readonly logicalId: string;
  readonly label: string;
  readonly type: LoadBalancerType;
  /** Public IPv4 addresses AWS assigns to its nodes: one per subnet of an internet-facing load balancer; 0 when internal. */
  readonly publicNodes: number;
}

/** Which load balancers of the template each service is behind, and how many services share each. */
export interface LoadBalancerAttribution {
  readonly loadBalancers: Map<string, LoadBalancer>;
  readonly byService: Map<string, string[]>;
  readonly servicesPer: Map<string, number>;
}

/** Every ALB and NLB of the template (gateway load balancers are not priced: the report says so). */
export function loadBalancersOf(template: CfnTemplate): Map<string, LoadBalancer> {
  const result = new Map<string, LoadBalancer>();
  for (const id of logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::LoadBalancer')) {
    const props = propertiesOf(template, id);
    const type = props.Type ?? 'application';
    if (type !== 'application' && type !== 'network') {
      continue;
    }
    result.set(id, { logicalId: id, label: shortPath(constructPath(template, id)), type, publicNodes: publicNodesOf(props) });
  }
  return result;
}

/**
 * CloudFormation's default scheme is internet-facing. Each subnet (one per Availability Zone) gets a
 * node with a public IPv4 address; an NLB subnet mapping with an Elastic IP uses that EIP, priced
 * with the EIPs.
 */
function publicNodesOf(props: Record<string, any>): number {
  if ((props.Scheme ?? 'internet-facing') !== 'internet-facing') {
    return 0;
  }
  if (Array.isArray(props.SubnetMappings)) {
    return props.SubnetMappings.filter((m: Record<string, unknown>) => m.AllocationId === undefined).length;
  }
  return Array.isArray(props.Subnets) ? props.Subnets.length : 0;
}

/** Target group → listener (default actions) or listener rule → listener → load balancer, all as Refs in one template. */
export function attributeLoadBalancers(template: CfnTemplate, services: EcsServiceRef[]): LoadBalancerAttribution {
  const loadBalancers = loadBalancersOf(template);
  const listenerLb = new Map<string, string>();
  const targetGroupLbs = new Map<string, Set<string>>();
  const link = (targetGroups: string[], lb: string) => {
    for (const tg of targetGroups) {
      targetGroupLbs.set(tg, (targetGroupLbs.get(tg) ?? new Set()).add(lb));
    }
  };
  for (const id of logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::Listener')) {
    const props = propertiesOf(template, id);
    const lb = refTarget(template, props.LoadBalancerArn);
    if (lb !== undefined && loadBalancers.has(lb)) {
      listenerLb.set(id, lb);
      link(refsIn(props.DefaultActions), lb);
    }
  }
  for (const id of logicalIdsOfType(template, 'AWS::ElasticLoadBalancingV2::ListenerRule')) {
    const props = propertiesOf(template, id);
    const listener = refTarget(template, props.ListenerArn);
    const lb = listener !== undefined ? listenerLb.get(listener) : undefined;
    if (lb !== undefined) {
      link(refsIn(props.Actions), lb);
    }
  }
  const byService = new Map<string, string[]>();
  const servicesPer = new Map<string, number>();
  for (const service of services) {
    // Blue/green and canary services name their alternate target group in AdvancedConfiguration.
    const targetGroups = [...service.targetGroupIds, ...refsIn(service.properties.LoadBalancers)];
    const mine = new Set(targetGroups.flatMap((tg) => [...(targetGroupLbs.get(tg) ?? [])]));
    if (mine.size > 0) {
      byService.set(service.logicalId, [...mine]);
      for (const lb of mine) {
        servicesPer.set(lb, (servicesPer.get(lb) ?? 0) + 1);
      }
    }
  }
  return { loadBalancers, byService, servicesPer };
}

/** The full month of one load balancer: its hours and capacity units, and its nodes' public IPv4 addresses. */
export function loadBalancerTotal(lb: Pick<LoadBalancer, 'type' | 'publicNodes'>, prices: RegionPrices, assumptions: CostAssumptions): number {
  return loadBalancerLines({ logicalId: '', label: '', ...lb }, prices, assumptions).reduce((sum, line) => sum + (line.monthly ?? 0), 0);
}

/** The bill lines of one load balancer. */
export function loadBalancerLines(lb: LoadBalancer, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const hours = a.hoursPerMonth;
  const lines = lb.type === 'network'
    ? [
      pricedLine('NLB hours', lb.label, hours, 'h', prices.nlbHour, 'runs all month'),
      pricedLine('NLB capacity units', lb.label, a.nlbLcus * hours, 'NLCU-h', prices.nlcuHour, `${a.nlbLcus} NLCU on average (assumption, --nlb-lcus)`),
    ]
    : [
      pricedLine('ALB hours', lb.label, hours, 'h', prices.albHour, 'runs all month'),
      pricedLine('ALB capacity units', lb.label, a.albLcus * hours, 'LCU-h', prices.albLcuHour, `${a.albLcus} LCU on average (assumption, --alb-lcus)`),
    ];
  if (lb.publicNodes > 0) {
    lines.push(pricedLine('public IPv4 (load balancer nodes)', lb.label, lb.publicNodes * hours, 'IP-h', prices.ipv4Hour,
      `internet-facing: one address per subnet/AZ (${lb.publicNodes})`));
  }
  return lines;
}

/** Every `Ref` target inside a template value. */
export function refsIn(value: unknown): string[] {
  if (Array.isArray(value)) {
    return value.flatMap(refsIn);
  }
  if (typeof value !== 'object' || value === null) {
    return [];
  }
  const record = value as Record<string, unknown>;
  if (typeof record.Ref === 'string') {
    return [record.Ref];
  }
  return Object.values(record).flatMap(refsIn);
}

/** `/Stack/Web/LoadBalancer/Resource` → `Web/LoadBalancer`; a logical id stays as it is. */
export function shortPath(cdkPath: string): string {
  const parts = cdkPath.replace(/^\//, '').split('/');
  if (parts.length <= 1) {
    return cdkPath;
  }
  return parts.slice(1).filter((part, i, rest) => !(i === rest.length - 1 && /^(Resource|Default)$/.test(part))).join('/');
}
