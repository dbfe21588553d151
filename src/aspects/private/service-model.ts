import { CfnResource, Stack } from 'aws-cdk-lib';
import { CfnValue, LogicalIds, PropertyCache, PropertySource, RENDER_EACH, asList, isObject, labelOf, referencedResource, show } from './cfn';
import { awsSidecarOf } from './sidecars';
import { renderText } from './text-pattern';

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
  /** What the container is when it runs an AWS sidecar image (a log router, Envoy, the X-Ray daemon ...). */
  readonly awsSidecar?: string;
}

/** The service's task definition. */
export interface TaskDefinitionView {
  /** The L1, when the task definition is defined in the app. */
  readonly node?: CfnResource;
  readonly reference: CfnValue;
  readonly label: string;
  readonly containers: ContainerView[];
  /**
   * The service names no task definition: an EXTERNAL controller without a task set in the template, whose task sets
   * (made by the external tool) choose it. The task definitions of the stack are then checked on their own.
   */
  readonly chosenOutsideTemplate?: boolean;
}

/** A log configuration the log rules check: a container's, or the Service Connect proxy's. */
export interface LogTargetView {
  /** How messages name the writer: "container 'web' of Task definition 'Web/TaskDef'". */
  readonly label: string;
  /** The same without the task definition, next to a log group label: "container 'web'". */
  readonly shortLabel: string;
  /** The resolved `LogConfiguration`. */
  readonly log: CfnValue;
  /** The L1 that holds it. */
  readonly node: CfnResource;
  /** The property override path of the `LogConfiguration`. */
  readonly path: string;
}

/** A log group an awslogs container writes to. */
export interface LogGroupView {
  /** The L1, when the log group is defined in the app. */
  readonly node?: CfnResource;
  /** How messages name it. */
  readonly label: string;
  readonly props: Record<string, any>;
}

/** Options of the fast-deploy rules. */
export interface FastDeployOptions {
  /** Fix mode may also rewrite values the author set explicitly. */
  readonly fixExplicitValues?: boolean;
}

/**
 * Which task definitions the services of a stack run, remembered across the contexts of one Aspect
 * (fix mode makes a context per visit); rebuilt when the stack's services change.
 */
export class ServiceUsage {
  private readonly byStack = new Map<Stack, { readonly services: number; readonly used: Set<CfnResource> }>();

  /** The task definitions the services of `stack` run. */
  public usedIn(stack: Stack, ids: LogicalIds): Set<CfnResource> {
    const services = ids.resources(stack).filter((r) => r.cfnResourceType === SERVICE);
    let entry = this.byStack.get(stack);
    if (!entry || entry.services !== services.length) {
      const used = new Set<CfnResource>();
      for (const service of services) {
        // The L1 attribute, not a rendering: cheap, and services rarely override it.
        const reference = stack.resolve((service as unknown as { taskDefinition?: unknown }).taskDefinition);
        const node = referencedResource(reference, stack, ids)
          ?? taskDefinitionByFamily(reference, ids.resources(stack), (td) => stack.resolve((td as unknown as { family?: unknown }).family));
        if (node) {
          used.add(node);
        }
      }
      entry = { services: services.length, used };
      this.byStack.set(stack, entry);
    }
    return entry.used;
  }
}

/** Why fix mode leaves an explicit value alone. */
export const EXPLICIT_VALUE = 'the value was set explicitly; fix mode only changes values left at the AWS or CDK default ' +
  '(pass fixExplicitValues: true to rewrite it)';

const TARGET_GROUP = 'AWS::ElasticLoadBalancingV2::TargetGroup';
const SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const LISTENER = 'AWS::ElasticLoadBalancingV2::Listener';
const LISTENER_RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';
const LOAD_BALANCER = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
const TASK_SET = 'AWS::ECS::TaskSet';
const SCALABLE_TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';

/**
 * Reads an ECS service, its target groups, task definition and log groups from resolved L1s.
 * One context per visit: fixes applied to an earlier service are seen by the next one.
 */
export class FastDeployContext {
  private readonly properties: PropertyCache;

  constructor(public readonly ids: LogicalIds, source: PropertySource = RENDER_EACH, private readonly options: FastDeployOptions = {},
    private readonly usage: ServiceUsage = new ServiceUsage()) {
    this.properties = new PropertyCache(source);
  }

  /** Fix mode may rewrite values the author set explicitly. */
  public get fixExplicitValues(): boolean {
    return this.options.fixExplicitValues ?? false;
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

  /**
   * How many tasks the service runs: its desired count (CloudFormation starts a new service with 1
   * when it is not set) widened by the range of an Application Auto Scaling target on it; undefined
   * when the desired count is only known at deploy time.
   */
  public taskCounts(service: CfnResource): { readonly smallest: number; readonly largest: number } | undefined {
    const desired = this.props(service).DesiredCount ?? 1;
    if (typeof desired !== 'number') {
      return undefined;
    }
    let smallest = desired;
    let largest = desired;
    const logicalId = this.ids.logicalIdOf(service);
    for (const target of this.ids.resources(Stack.of(service)).filter((r) => r.cfnResourceType === SCALABLE_TARGET)) {
      const props = this.props(target);
      // aws-ecs names the service in ResourceId as service/<cluster>/<Fn::GetAtt Service.Name>.
      if (props.ScalableDimension !== 'ecs:service:DesiredCount' || !JSON.stringify(props.ResourceId ?? '').includes(`"${logicalId}"`)) {
        continue;
      }
      if (typeof props.MinCapacity !== 'number' || typeof props.MaxCapacity !== 'number') {
        return undefined;
      }
      smallest = Math.min(smallest, props.MinCapacity);
      largest = Math.max(largest, props.MaxCapacity);
    }
    return { smallest, largest };
  }

  /**
   * The longest idle timeout set explicitly on an Application Load Balancer of the app that forwards to
   * `targetGroup` (through a listener's default actions or a listener rule): a request may run that long.
   * Undefined when none sets one (the 60 s default says nothing about the app's requests).
   */
  public explicitIdleTimeout(targetGroup: CfnResource): { readonly seconds: number; readonly label: string } | undefined {
    const stack = Stack.of(targetGroup);
    const resources = this.ids.resources(stack);
    const mentions = (r: CfnResource, target: CfnResource) => JSON.stringify(this.props(r)).includes(`"${this.ids.logicalIdOf(target)}"`);
    const listeners = new Set<CfnResource>();
    for (const r of resources) {
      if (r.cfnResourceType === LISTENER && mentions(r, targetGroup)) {
        listeners.add(r);
      } else if (r.cfnResourceType === LISTENER_RULE && mentions(r, targetGroup)) {
        const listener = referencedResource(this.props(r).ListenerArn, stack, this.ids);
        if (listener) {
          listeners.add(listener);
        }
      }
    }
    let longest: { seconds: number; label: string } | undefined;
    for (const listener of listeners) {
      const lb = referencedResource(this.props(listener).LoadBalancerArn, stack, this.ids);
      if (!lb || lb.cfnResourceType !== LOAD_BALANCER) {
        continue;
      }
      const entry = asList(this.props(lb).LoadBalancerAttributes).find((a) => isObject(a) && a.Key === 'idle_timeout.timeout_seconds');
      const seconds = isObject(entry) ? Number(entry.Value) : NaN;
      if (!Number.isNaN(seconds) && (!longest || seconds > longest.seconds)) {
        longest = { seconds, label: `Load balancer '${labelOf(lb)}'` };
      }
    }
    return longest;
  }

  /** The target groups of the service's `LoadBalancers` (Classic Load Balancer entries have none). */
  public targetGroups(service: CfnResource): TargetGroupView[] {
    const stack = Stack.of(service);
    // ECS-native blue/green, canary and linear deployments shift production to the alternate (green)
    // target group, so it is tuned like the primary one.
    const references = asList(this.props(service).LoadBalancers).flatMap((lb) => !isObject(lb) ? [lb] : [
      lb.TargetGroupArn,
      isObject(lb.AdvancedConfiguration) ? lb.AdvancedConfiguration.AlternateTargetGroupArn : undefined,
    ]).filter((reference) => reference !== undefined);
    return references
      .map((reference) => {
        const node = referencedResource(reference, stack, this.ids);
        return node && node.cfnResourceType === TARGET_GROUP
          ? { node, reference, label: `Target group '${labelOf(node)}'`, props: this.props(node) }
          : { reference, label: `Target group ${show(reference)}`, props: {} };
      });
  }

  /** The service's task definition. */
  public taskDefinition(service: CfnResource): TaskDefinitionView {
    const stack = Stack.of(service);
    let reference = this.props(service).TaskDefinition;
    if (reference === undefined) {
      // The EXTERNAL controller leaves the task definition to the service's task sets.
      const taskSet = this.ids.resources(stack).find((r) => r.cfnResourceType === TASK_SET
        && referencedResource(this.props(r).Service, stack, this.ids) === service);
      reference = taskSet ? this.props(taskSet).TaskDefinition : undefined;
    }
    if (reference === undefined) {
      return { reference, label: 'the task definition its task sets choose', containers: [], chosenOutsideTemplate: true };
    }
    const node = referencedResource(reference, stack, this.ids)
      ?? taskDefinitionByFamily(reference, this.ids.resources(stack), (td) => this.props(td).Family);
    if (!node || node.cfnResourceType !== TASK_DEFINITION) {
      return { reference, label: `Task definition ${show(reference)}`, containers: [] };
    }
    return this.taskDefinitionView(node, reference);
  }

  /** A task definition of the app and its containers. */
  public taskDefinitionView(node: CfnResource, reference: CfnValue = { Ref: this.ids.logicalIdOf(node) }): TaskDefinitionView {
    const props = this.props(node);
    const stack = Stack.of(node);
    const proxy = isObject(props.ProxyConfiguration) ? props.ProxyConfiguration.ContainerName : undefined;
    const containers = asList(props.ContainerDefinitions).map((c, index) => {
      const container = isObject(c) ? c : {};
      const name = typeof container.Name === 'string' ? container.Name : `#${index}`;
      return { index, name, props: container, awsSidecar: awsSidecarOf(container, proxy, stack, this.ids) };
    });
    return { node, reference, label: `Task definition '${labelOf(node)}'`, containers };
  }

  /** The containers of the service's task definition, then the Service Connect proxy aws-ecs configures on the service. */
  public logTargets(service: CfnResource): LogTargetView[] {
    const taskDefinition = this.taskDefinition(service);
    const targets = taskDefinition.node ? this.containerLogTargets(taskDefinition) : [];
    const serviceConnect = this.props(service).ServiceConnectConfiguration;
    if (isObject(serviceConnect) && serviceConnect.LogConfiguration !== undefined) {
      targets.push({
        label: `the Service Connect proxy of Service '${labelOf(service)}'`,
        shortLabel: `the Service Connect proxy of Service '${labelOf(service)}'`,
        log: serviceConnect.LogConfiguration,
        node: service,
        path: 'ServiceConnectConfiguration.LogConfiguration',
      });
    }
    return targets;
  }

  /** The containers of a task definition of the app, as log targets. */
  public containerLogTargets(taskDefinition: TaskDefinitionView): LogTargetView[] {
    const node = taskDefinition.node!;
    return taskDefinition.containers.map((c) => ({
      label: `container '${c.name}' of ${taskDefinition.label}`,
      shortLabel: `container '${c.name}'`,
      log: c.props.LogConfiguration,
      node,
      path: `ContainerDefinitions.${c.index}.LogConfiguration`,
    }));
  }

  /**
   * Whether an ECS service of the stack runs `taskDefinition`; task definitions that run without one
   * (scheduled tasks, RunTask) get their log checks on their own.
   */
  public usedByService(taskDefinition: CfnResource): boolean {
    return this.usage.usedIn(Stack.of(taskDefinition), this.ids).has(taskDefinition);
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

/**
 * The task definition a service names by family (`family` or `family:revision`): aws-ecs does so for
 * the CODE_DEPLOY controller and for `taskDefinitionRevision`. A revision names the family's task
 * definition as this app defines it, the one the rules can read.
 */
function taskDefinitionByFamily(reference: CfnValue, resources: CfnResource[], familyOf: (td: CfnResource) => unknown): CfnResource | undefined {
  if (typeof reference !== 'string' || reference.startsWith('arn:')) {
    return undefined;
  }
  const family = reference.replace(/:\d+$/, '');
  return resources.find((r) => r.cfnResourceType === TASK_DEFINITION && familyOf(r) === family);
}
