/**
 * The bill lines of instance capacity: EC2 Auto Scaling groups (instance type × the instances they
 * keep, On-Demand and Spot from their instances distribution) and ECS Managed Instances capacity
 * providers (named with the reason they cannot be priced from a template).
 */
import { CostAssumptions, CostLine, pricedLine, unpricedLine } from './cost';
import { shortPath } from './load-balancers';
import { PriceFigure, RegionPrices } from './prices';
import { num, pct } from './service-cost';
import { CfnTemplate, constructPath, logicalIdsOfType, numberProp, propertiesOf, refTarget } from './template';

/** Every EC2 and Managed Instances capacity line of a template. */
export function capacityLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  return [
    ...logicalIdsOfType(template, 'AWS::AutoScaling::AutoScalingGroup').flatMap((id) => autoScalingGroupLines(template, id, prices, a)),
    ...managedInstancesLines(template),
  ];
}

/** How many instances an Auto Scaling group keeps and how many of them are Spot (expected values). */
export interface GroupShare {
  readonly instances: number;
  readonly basis: string;
  readonly onDemand: number;
  readonly spot: number;
}

/**
 * Instances: the desired capacity, else the minimum size (ECS managed scaling adds instances as tasks
 * need them, so this is the floor of the bill). On-Demand: the base, then the On-Demand percentage
 * of the rest (MixedInstancesPolicy.InstancesDistribution; 100 % without one unless the launch
 * template or configuration asks for Spot).
 * @see https://docs.aws.amazon.com/autoscaling/ec2/APIReference/API_InstancesDistribution.html
 */
export function groupShare(props: Record<string, any>, spotMarket: boolean): GroupShare {
  const desired = numberProp(props.DesiredCapacity);
  const instances = desired ?? numberProp(props.MinSize) ?? 0;
  const basis = desired !== undefined ? 'desired capacity' : 'minimum size: managed scaling adds instances as tasks need them';
  const distribution = props.MixedInstancesPolicy?.InstancesDistribution;
  if (distribution === undefined) {
    return spotMarket ? { instances, basis, onDemand: 0, spot: instances } : { instances, basis, onDemand: instances, spot: 0 };
  }
  const base = Math.min(numberProp(distribution.OnDemandBaseCapacity) ?? 0, instances);
  const percent = numberProp(distribution.OnDemandPercentageAboveBaseCapacity) ?? 100;
  const onDemand = base + (instances - base) * percent / 100;
  return { instances, basis, onDemand, spot: instances - onDemand };
}

function autoScalingGroupLines(template: CfnTemplate, id: string, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  const props = propertiesOf(template, id);
  const what = shortPath(constructPath(template, id));
  const { instanceType, spotMarket, note } = instanceTypeOf(template, props);
  if (instanceType === undefined) {
    return [unpricedLine('EC2 instances', what, note)];
  }
  const price = prices.instanceHour[instanceType];
  if (price === undefined) {
    return [unpricedLine('EC2 instances', `${what} (${instanceType})`,
      `${instanceType} is not in the instance price table of ${prices.region} (${Object.keys(prices.instanceHour).join(', ')})`)];
  }
  const share = groupShare(props, spotMarket);
  const lines: CostLine[] = [];
  const label = `${what} (${instanceType}${note ? `, ${note}` : ''})`;
  if (share.onDemand > 0 || share.spot === 0) {
    lines.push(pricedLine('EC2 instances On-Demand', label, share.onDemand * a.hoursPerMonth, 'instance-h',
      discounted(price, a.savingsPlanDiscount),
      `${num(share.onDemand)} of ${share.instances} instance(s) (${share.basis}); Savings Plans ${pct(a.savingsPlanDiscount)} (--savings-plan-discount); EBS volumes not included`));
  }
  if (share.spot > 0) {
    lines.push(pricedLine('EC2 instances Spot', label, share.spot * a.hoursPerMonth, 'instance-h', discounted(price, a.ec2SpotDiscount),
      `${num(share.spot)} of ${share.instances} instance(s) (${share.basis}); Spot ${pct(a.ec2SpotDiscount)} below On-Demand (assumption, --ec2-spot-discount)`));
  }
  return lines;
}

/**
 * The instance type the group launches: the first override of a mixed instances policy (the
 * On-Demand `prioritized` strategy takes it first; Spot may pick another listed type), else the
 * launch template's or launch configuration's own type.
 */
function instanceTypeOf(template: CfnTemplate, props: Record<string, any>): { instanceType?: string; spotMarket: boolean; note: string } {
  const mixed = props.MixedInstancesPolicy?.LaunchTemplate;
  const overrides: Array<Record<string, unknown>> = Array.isArray(mixed?.Overrides) ? mixed.Overrides : [];
  const templateId = refTarget(template, mixed?.LaunchTemplateSpecification?.LaunchTemplateId ?? props.LaunchTemplate?.LaunchTemplateId);
  const data: Record<string, any> = propertiesOf(template, templateId).LaunchTemplateData ?? {};
  const spotTemplate = data.InstanceMarketOptions?.MarketType === 'spot';
  if (overrides.length > 0) {
    const first = overrides[0].InstanceType;
    if (typeof first === 'string') {
      return { instanceType: first, spotMarket: spotTemplate, note: overrides.length > 1 ? `first of ${overrides.length} types` : '' };
    }
    return { spotMarket: spotTemplate, note: 'its overrides give instance requirements, not an instance type, so the type is chosen at launch' };
  }
  if (typeof data.InstanceType === 'string') {
    return { instanceType: data.InstanceType, spotMarket: spotTemplate, note: '' };
  }
  const configuration = propertiesOf(template, refTarget(template, props.LaunchConfigurationName));
  if (typeof configuration.InstanceType === 'string') {
    return { instanceType: configuration.InstanceType, spotMarket: configuration.SpotPrice !== undefined, note: '' };
  }
  return { spotMarket: false, note: 'the instance type is not readable from the template (a launch template from elsewhere, or instance requirements)' };
}

/**
 * ECS Managed Instances: ECS picks the instance types from the provider's attribute requirements at
 * run time, and both the instance price and the Managed Instances management fee depend on the type.
 */
function managedInstancesLines(template: CfnTemplate): CostLine[] {
  return logicalIdsOfType(template, 'AWS::ECS::CapacityProvider')
    .filter((id) => propertiesOf(template, id).ManagedInstancesProvider !== undefined)
    .map((id) => {
      const launch = propertiesOf(template, id).ManagedInstancesProvider.InstanceLaunchTemplate ?? {};
      const option = launch.CapacityOptionType ?? 'ON_DEMAND';
      return unpricedLine(`Managed Instances (${option === 'SPOT' ? 'Spot' : 'On-Demand'}) + management fee`, shortPath(constructPath(template, id)),
        'ECS chooses the instance types from attribute requirements at run time and scales them with the tasks; the instance price and ' +
        'the per-instance-hour management fee both depend on the type, which the template does not fix');
    });
}

function discounted(price: PriceFigure, discount: number): PriceFigure {
  return { ...price, usd: +(price.usd * (1 - discount)).toFixed(6) };
}
