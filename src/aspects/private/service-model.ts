import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnValue, LogicalIds, PropertyCache, PropertySource, RENDER_EACH, asList, isObject, labelOf, referencedResource, renderText, show } from './cfn';

/** A target group the service registers its tasks with. */
export interface TargetGroupView {
  /** The L1, when the target group is defined in the app. */
  readonly node?: CfnResource;
  /** The resolved `TargetGroupArn` of the service's load balancer entry. */
  readonly reference: CfnValue;
  readonly label: string;
  readonly props: Record<string, any>;
}

/** One container definition of the service's task definition. */
export interface ContainerView {
  /** Position in `ContainerDefinitions`, the path property overrides use. */
  readonly index: number;
  readonly name: string;
  readonly props: Record<string, any>;
}

/** The service's task definition. */
export interface TaskDefinitionView {
  /** The L1, when the task definition is defined in the app. */
  readonly node?: CfnResource;
  readonly reference: CfnValue;
  readonly label: string;
  readonly containers: ContainerView[];
}

/** A log group an awslogs container writes to. */
export interface LogGroupView {
  /** The L1, when the log group is defined in the app. */
  readonly node?: CfnResource;
  /** How messages name it. */
  readonly label: string;
  readonly props: Record<string, any>;
}

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const LOG_GROUP = 'AWS::Logs::LogGroup';

/**
 * Reads an ECS service, its target groups, task definition and log groups from resolved L1s.
 * One context per visit: fixes applied to an earlier service are seen by the next one.
 */
export class FastDeployContext {
  private readonly properties: PropertyCache;

  constructor(private readonly ids: LogicalIds, source: PropertySource = RENDER_EACH) {
    this.properties = new PropertyCache(source);
  }

  /** The rendered properties of an L1 (cached for this visit). */
  public props(node: CfnResource): Record<string, any> {
    return this.properties.props(node);
  }

  /** Forget the rendered properties of `node` after a fix changed it. */
  public changed(node: CfnResource): void {
    this.properties.forget(node);
  }

  /** True when ECS controls the rollout (circuit breaker and minimum healthy percent apply). */
  public usesEcsDeploymentController(service: CfnResource): boolean {
    const type = this.props(service).DeploymentController?.Type;
    return type === undefined || type === 'ECS';
  }

  /** The target groups of the service's `LoadBalancers` (Classic Load Balancer entries have none). */
  public targetGroups(service: CfnResource): TargetGroupView[] {
    const stack = Stack.of(service);
    return asList(this.props(service).LoadBalancers)
      .filter((lb) => !isObject(lb) || lb.TargetGroupArn !== undefined)
      .map((lb) => {
        const reference = isObject(lb) ? lb.TargetGroupArn : lb;
        const node = referencedResource(reference, stack, this.ids);
        return node && node.cfnResourceType === TARGET_GROUP
          ? { node, reference, label: `Target group '${labelOf(node)}'`, props: this.props(node) }
          : { reference, label: `Target group ${show(reference)}`, props: {} };
      });
  }

  /** The service's task definition. */
  public taskDefinition(service: CfnResource): TaskDefinitionView {
    const reference = this.props(service).TaskDefinition;
    const node = referencedResource(reference, Stack.of(service), this.ids);
    if (!node || node.cfnResourceType !== TASK_DEFINITION) {
      return { reference, label: `Task definition ${show(reference)}`, containers: [] };
    }
    const containers = asList(this.props(node).ContainerDefinitions).map((c, index) => ({
      index,
      name: isObject(c) && typeof c.Name === 'string' ? c.Name : `#${index}`,
      props: isObject(c) ? c : {},
    }));
    return { node, reference, label: `Task definition '${labelOf(node)}'`, containers };
  }

  /** The log group named by an awslogs container's `awslogs-group` option. */
  public logGroup(group: CfnValue, taskDefinition: CfnResource): LogGroupView | undefined {
    const stack = Stack.of(taskDefinition);
    const node = referencedResource(group, stack, this.ids);
    if (node && node.cfnResourceType === LOG_GROUP) {
      return { node, label: `Log group '${labelOf(node)}'`, props: this.props(node) };
    }
    const name = renderText(group, stack, this.ids);
    if (name === undefined) {
      return undefined;
    }
    const byName = this.ids.resources(stack).find((r) => r.cfnResourceType === LOG_GROUP && this.props(r).LogGroupName === name);
    return byName
      ? { node: byName, label: `Log group '${labelOf(byName)}'`, props: this.props(byName) }
      : { label: `Log group '${name}'`, props: {} };
  }
}
