import { CfnResource, Stack } from 'aws-cdk-lib';
import { asList, isObject, labelOf, referencedResource } from './cfn';
import { FastDeployContext } from './service-model';

const CAPACITY_PROVIDER = 'AWS::ECS::CapacityProvider';
const ASSOCIATIONS = 'AWS::ECS::ClusterCapacityProviderAssociations';
const AUTO_SCALING_GROUP = 'AWS::AutoScaling::AutoScalingGroup';
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration';
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate';
const FARGATE_PROVIDERS = ['FARGATE', 'FARGATE_SPOT'];

/** One reason a new task of an EC2 service may not start beside the old one. */
export interface PlacementBlocker {
  /** The reason, as the finding names it. */
  readonly reason: string;
  /**
   * False when the template cannot tell: on one instance with dynamic host ports (or awsvpc) a second copy
   * starts if the instance type has the CPU, memory (and ENI) for it, which the template does not show.
   */
  readonly certain: boolean;
}

/**
 * Why a new task of an EC2 service cannot start while the old one still runs, which a rolling
 * deployment with minimum healthy 100 % needs: a static host port (bridge mode with a fixed `hostPort`,
 * or host mode), a `distinctInstance` placement constraint (both certain), or an instance group of one
 * instance (when the app shows it: capacity providers or an Auto Scaling group whose user data joins the
 * cluster), which blocks only when the instance has no room for a second copy. Empty for Fargate and for
 * EC2 services none of these apply to. Not checked: ENIs left for awsvpc tasks on several instances.
 */
export function placementBlockers(service: CfnResource, ctx: FastDeployContext): PlacementBlocker[] {
  const props = ctx.props(service);
  const taskDefinition = ctx.taskDefinition(service);
  const tdProps = taskDefinition.node ? ctx.props(taskDefinition.node) : {};
  if (!runsOnEc2(props, tdProps)) {
    return [];
  }
  const blockers: PlacementBlocker[] = [];
  const networkMode = tdProps.NetworkMode ?? 'bridge';
  for (const container of taskDefinition.containers) {
    for (const mapping of asList(container.props.PortMappings).filter(isObject)) {
      if (networkMode === 'host' && typeof mapping.ContainerPort === 'number') {
        blockers.push({ reason: `container '${container.name}' listens on host port ${mapping.ContainerPort} (host network mode)`, certain: true });
      } else if (networkMode === 'bridge' && typeof mapping.HostPort === 'number' && mapping.HostPort !== 0) {
        blockers.push({ reason: `container '${container.name}' maps the static host port ${mapping.HostPort}`, certain: true });
      }
    }
  }
  if (asList(props.PlacementConstraints).some((c) => isObject(c) && c.Type === 'distinctInstance')) {
    blockers.push({ reason: 'the distinctInstance placement constraint allows one task per instance', certain: true });
  }
  const group = oneInstanceGroup(service, props, ctx);
  if (group) {
    blockers.push({ reason: `its capacity is one instance, Auto Scaling group '${labelOf(group)}' has MaxSize 1`, certain: false });
  }
  return blockers;
}

/**
 * The memory one task reserves, in MiB, as ECS places it: the task-level memory, else the sum of each
 * container's hard limit or, without one, its soft reservation. Undefined when a value is not a literal.
 */
export function taskMemoryMiB(service: CfnResource, ctx: FastDeployContext): number | undefined {
  const taskDefinition = ctx.taskDefinition(service);
  const tdProps = taskDefinition.node ? ctx.props(taskDefinition.node) : {};
  if (tdProps.Memory !== undefined) {
    const memory = Number(tdProps.Memory);
    return Number.isNaN(memory) ? undefined : memory;
  }
  let total = 0;
  for (const container of taskDefinition.containers) {
    const memory = container.props.Memory ?? container.props.MemoryReservation;
    if (typeof memory !== 'number') {
      return undefined;
    }
    total += memory;
  }
  return taskDefinition.containers.length > 0 ? total : undefined;
}

function runsOnEc2(props: Record<string, any>, tdProps: Record<string, any>): boolean {
  if (props.LaunchType !== undefined) {
    return props.LaunchType === 'EC2';
  }
  const strategy = asList(props.CapacityProviderStrategy).filter(isObject);
  if (strategy.length > 0) {
    return strategy.some((s) => typeof s.CapacityProvider !== 'string' || !FARGATE_PROVIDERS.includes(s.CapacityProvider));
  }
  const compatibilities = asList(tdProps.RequiresCompatibilities);
  return ['bridge', 'host'].includes(tdProps.NetworkMode) || compatibilities.includes('EC2') && !compatibilities.includes('FARGATE');
}

/** The Auto Scaling group the service's tasks run on, when the app shows it is the only one and has MaxSize 1. */
function oneInstanceGroup(service: CfnResource, props: Record<string, any>, ctx: FastDeployContext): CfnResource | undefined {
  const stack = Stack.of(service);
  const cluster = referencedResource(props.Cluster, stack, ctx.ids);
  if (!cluster) {
    return undefined;
  }
  const clusterId = ctx.ids.logicalIdOf(cluster);
  const resources = ctx.ids.resources(stack);
  const groups = new Set<CfnResource>();
  // Capacity providers: those of the service's strategy, else those associated with the cluster.
  let providers = asList(props.CapacityProviderStrategy).filter(isObject).map((s) => s.CapacityProvider);
  if (providers.length === 0) {
    providers = resources.filter((r) => r.cfnResourceType === ASSOCIATIONS && refersTo(ctx.props(r).Cluster, clusterId))
      .flatMap((r) => asList(ctx.props(r).CapacityProviders));
  }
  for (const provider of providers) {
    const node = referencedResource(provider, stack, ctx.ids);
    const group = node?.cfnResourceType === CAPACITY_PROVIDER
      ? referencedResource(ctx.props(node).AutoScalingGroupProvider?.AutoScalingGroupArn, stack, ctx.ids) : undefined;
    if (group?.cfnResourceType === AUTO_SCALING_GROUP) {
      groups.add(group);
    }
  }
  // Groups that join the cluster through their user data (Cluster.addCapacity()).
  for (const group of resources.filter((r) => r.cfnResourceType === AUTO_SCALING_GROUP)) {
    const groupProps = ctx.props(group);
    const launch = referencedResource(groupProps.LaunchConfigurationName ?? groupProps.LaunchTemplate?.LaunchTemplateId, stack, ctx.ids);
    const userData = launch?.cfnResourceType === LAUNCH_CONFIGURATION ? ctx.props(launch).UserData
      : launch?.cfnResourceType === LAUNCH_TEMPLATE ? ctx.props(launch).LaunchTemplateData?.UserData : undefined;
    if (userData !== undefined && JSON.stringify(userData).includes(`{"Ref":"${clusterId}"}`)) {
      groups.add(group);
    }
  }
  const sizes = [...groups].map((g) => Number(ctx.props(g).MaxSize));
  return groups.size === 1 && sizes[0] === 1 ? [...groups][0] : undefined;
}

function refersTo(value: unknown, logicalId: string): boolean {
  return isObject(value) && value.Ref === logicalId;
}
