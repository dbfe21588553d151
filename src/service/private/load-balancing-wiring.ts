import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { RolloutTestTrafficOptions } from '../../deployment/rollout-options';
import type { EssentialEnvironment } from '../../environment/essential-environment';
import { AlbHardening, newHardenedAlb } from '../../private/alb-hardening';
import { addHttpsWithRedirect } from '../../private/https-listener';
import { OWN_ALB_PRODUCTION_PRIORITY_WITH_TEST, OWN_ALB_TEST_RULE_PRIORITY, testTrafficCondition } from '../../private/test-traffic';
import { wireTrafficShift } from '../../private/traffic-shift';
import { SharedListenerOptions } from '../shared-listener-options';

/** What load balancing needs from the service it binds to. */
export interface LoadBalancingContext {
  readonly service: ecs.BaseService;
  readonly cluster: ecs.ICluster;
  readonly containerName: string;
  readonly containerPort: number;
  /** Port, protocol, health check and deregistration delay of the target group (the fast-deploy timing). */
  readonly targetGroupProps: elbv2.AddApplicationTargetsProps;
  /**
   * True when the rollout shifts traffic between two target groups (blue/green, canary, linear):
   * the production route becomes a listener rule with an alternate target group.
   */
  readonly shiftsTraffic?: boolean;
  /** Requests the traffic-shifting rollout sends to the new tasks during its test phase. */
  readonly testTraffic?: RolloutTestTrafficOptions;
  /** The service's environment (its shared HTTPS listener, for LoadBalancing.environment()). */
  readonly environment?: EssentialEnvironment;
}

/** What load balancing created for a service. */
export interface LoadBalancingBinding {
  readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  readonly listener?: elbv2.IApplicationListener;
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
  /** The second target group of a traffic-shifting rollout. */
  readonly alternateTargetGroup?: elbv2.ApplicationTargetGroup;
  /** The listener rule whose weights ECS moves during a traffic-shifting rollout. */
  readonly productionRule?: elbv2.ApplicationListenerRule;
  /** The listener rule ECS points at the new tasks during the test phase of a traffic-shifting rollout. */
  readonly testRule?: elbv2.ApplicationListenerRule;
  /** The service's URL when it has a name of its own (`https://web.example.com`). */
  readonly url?: string;
}

/** An ALB of the service's own with an HTTP listener, or HTTPS plus a redirect from port 80. */
export function createOwnAlb(scope: Construct, context: LoadBalancingContext, internetFacing: boolean,
  certificate: acm.ICertificate | undefined, hardening: AlbHardening): LoadBalancingBinding {
  const lb = newHardenedAlb(scope, 'LoadBalancer', { vpc: context.cluster.vpc, internetFacing }, hardening);
  const listener = certificate
    ? addHttpsWithRedirect(lb, certificate, internetFacing)
    : lb.addListener('Listener', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: internetFacing });
  if (context.shiftsTraffic) {
    return { loadBalancer: lb, listener, ...ownListenerWithTrafficShift(scope, context, listener) };
  }
  const targetGroup = listener.addTargets('Target', {
    ...context.targetGroupProps,
    targets: [loadBalancerTarget(context)],
  });
  return { loadBalancer: lb, listener, targetGroup };
}

/** A target group and a listener rule on a listener shared with other services. */
export function attachToSharedListener(scope: Construct, context: LoadBalancingContext, shared: SharedListenerOptions): LoadBalancingBinding {
  claimPriority(scope, shared.listener, shared.priority, 'loadBalancing.priority');
  if (context.testTraffic?.priority !== undefined) {
    claimPriority(scope, shared.listener, context.testTraffic.priority, 'rollout.testTraffic.priority');
  }
  const conditions: elbv2.ListenerCondition[] = [];
  if (shared.pathPatterns && shared.pathPatterns.length > 0) {
    conditions.push(elbv2.ListenerCondition.pathPatterns(shared.pathPatterns));
  }
  if (shared.hostHeaders && shared.hostHeaders.length > 0) {
    conditions.push(elbv2.ListenerCondition.hostHeaders(shared.hostHeaders));
  }
  const targetType = context.service.taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? elbv2.TargetType.IP : elbv2.TargetType.INSTANCE;
  const rule = (action: elbv2.ListenerAction) => new elbv2.ApplicationListenerRule(scope, 'ListenerRule', {
    listener: shared.listener,
    priority: shared.priority,
    conditions,
    action,
  });
  if (context.shiftsTraffic) {
    // Same construct IDs as the rolling shape: switching strategy keeps the target group and
    // updates the rule's action in place.
    const primary = new elbv2.ApplicationTargetGroup(scope, 'Target', { vpc: context.cluster.vpc, targetType, ...context.targetGroupProps });
    const test = context.testTraffic;
    // The test rule repeats the service's route and adds the header, at a priority evaluated first.
    const testRule = test && ((action: elbv2.ListenerAction) => new elbv2.ApplicationListenerRule(scope, 'TestRule', {
      listener: shared.listener,
      priority: test.priority!,
      conditions: [...conditions, testTrafficCondition(test)],
      action,
    }));
    const wiring = wireTrafficShift(scope, trafficShiftTarget(context), primary, rule, testRule);
    noteNonForwardActions(scope, shared.listener);
    const { alternateTargetGroup, productionRule } = wiring;
    return { listener: shared.listener, targetGroup: primary, alternateTargetGroup, productionRule, testRule: wiring.testRule };
  }
  // The target group is created in the service's construct so that it is removed with the service.
  // awsvpc tasks register their IPs; bridge tasks register as instance and dynamic port.
  // The target registers its security-group rule with the listener (also an imported one).
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'Target', {
    vpc: context.cluster.vpc,
    targetType,
    ...context.targetGroupProps,
    targets: [loadBalancerTarget(context)],
  });
  rule(elbv2.ListenerAction.forward([targetGroup]));
  return { listener: shared.listener, targetGroup };
}

/**
 * The own ALB's listener when the rollout shifts traffic: ECS needs a listener rule to move (a
 * default action cannot be one), so a catch-all rule at priority 1 forwards to both target groups.
 * The primary target group keeps its rolling construct ID and stays the listener's default action,
 * which the catch-all rule shadows: every action of the listener is a forward, so it never mixes
 * forward and non-forward actions (a mix ECS blue/green does not support).
 */
function ownListenerWithTrafficShift(scope: Construct, context: LoadBalancingContext, listener: elbv2.ApplicationListener): LoadBalancingBinding {
  const primary = listener.addTargets('Target', context.targetGroupProps);
  const test = context.testTraffic;
  const wiring = wireTrafficShift(scope, trafficShiftTarget(context), primary, (action) => new elbv2.ApplicationListenerRule(scope, 'ProductionRule', {
    listener,
    // A test rule must be evaluated first, so the production rule then moves one place down.
    priority: test ? OWN_ALB_PRODUCTION_PRIORITY_WITH_TEST : 1,
    conditions: [elbv2.ListenerCondition.pathPatterns(['/*'])],
    action,
  }), test && ((action) => new elbv2.ApplicationListenerRule(scope, 'TestRule', {
    listener,
    priority: OWN_ALB_TEST_RULE_PRIORITY,
    conditions: [testTrafficCondition(test)],
    action,
  })));
  const { alternateTargetGroup, productionRule, testRule } = wiring;
  return { targetGroup: primary, alternateTargetGroup, productionRule, testRule };
}

function trafficShiftTarget(context: LoadBalancingContext) {
  return {
    service: context.service,
    vpc: context.cluster.vpc,
    containerName: context.containerName,
    containerPort: context.containerPort,
    targetGroupProps: context.targetGroupProps,
  };
}

function loadBalancerTarget(context: LoadBalancingContext): elbv2.IApplicationLoadBalancerTarget {
  return context.service.loadBalancerTarget({ containerName: context.containerName, containerPort: context.containerPort });
}

/** The rule priorities this app's services took on each shared listener, with the service that took them. */
const claimedPriorities = new WeakMap<object, Map<number, string>>();

/**
 * Two rules of one listener cannot share a priority (ELB CreateRule: "PriorityInUse"), which CloudFormation
 * reports only at deploy: fail at synth, naming both services.
 */
function claimPriority(scope: Construct, listener: elbv2.IApplicationListener, priority: number, prop: string): void {
  if (Token.isUnresolved(priority)) {
    return;
  }
  const taken = claimedPriorities.get(listener) ?? new Map<number, string>();
  claimedPriorities.set(listener, taken);
  const owner = taken.get(priority);
  if (owner !== undefined && owner !== scope.node.path) {
    throw new Error(`${scope.constructor.name} '${scope.node.path}': '${prop}' ${priority} is already the priority of a rule of '${owner}' ` +
      `on listener '${listener.node.path}': ELB rejects two rules with one priority (PriorityInUse); give each service its own`);
  }
  taken.set(priority, scope.node.path);
}

/**
 * ECS's "Application Load Balancer resources for blue/green" page listed, as a limitation, listeners whose
 * rules mix forward and non-forward actions (redirect, fixed-response, authenticate): "the deployment
 * fails". The English page of 2026-12 no longer lists it while its translations still do, so this is an
 * info, not a warning: at synthesis, after every rule of the app exists, name the listener's non-forward
 * actions that can be seen here (rules added outside this app cannot).
 */
function noteNonForwardActions(scope: Construct, listener: elbv2.IApplicationListener): void {
  scope.node.addValidation({
    validate: () => {
      const types = new Set<string>();
      const cfnListener = listener.node.defaultChild;
      if (cfnListener instanceof elbv2.CfnListener) {
        const actions = Stack.of(listener).resolve(cfnListener.defaultActions) as Array<{ type?: string }> | undefined;
        (actions ?? []).forEach((a) => a.type && types.add(a.type));
      }
      for (const rule of Stack.of(listener).node.findAll().filter((c): c is elbv2.CfnListenerRule => c instanceof elbv2.CfnListenerRule)) {
        if (Stack.of(rule).resolve(rule.listenerArn) === Stack.of(listener).resolve(listener.listenerArn)) {
          const actions = Stack.of(rule).resolve(rule.actions) as Array<{ type?: string }> | undefined;
          (actions ?? []).forEach((a) => a.type && types.add(a.type));
        }
      }
      const nonForward = [...types].filter((t) => t !== 'forward');
      if (nonForward.length > 0) {
        Annotations.of(scope).addInfo(`The shared listener '${listener.node.path}' also has ${nonForward.join(', ')} actions beside this service's forward ` +
          'rule. ECS once documented blue/green, canary and linear as unsupported on listeners that mix forward and non-forward actions ' +
          '("Application Load Balancer resources for blue/green deployments"); if a deployment fails at its first traffic shift, give the ' +
          'service a listener of forward actions only (docs/deployments.md).');
      }
      return [];
    },
  });
}
