import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The service whose traffic ECS shifts, and the target-group settings both of its target groups share. */
export interface TrafficShiftTarget {
  readonly service: ecs.BaseService;
  readonly vpc: ec2.IVpc;
  readonly containerName: string;
  readonly containerPort: number;
  /** Port, protocol, health check and deregistration delay (the fast-deploy timing). */
  readonly targetGroupProps: elbv2.AddApplicationTargetsProps;
}

/** What the traffic shift added beside the primary target group. */
export interface TrafficShiftWiring {
  /** The second target group: ECS registers the new revision's tasks in whichever group is idle. */
  readonly alternateTargetGroup: elbv2.ApplicationTargetGroup;
  /** The listener rule whose weights ECS moves from one target group to the other. */
  readonly productionRule: elbv2.ApplicationListenerRule;
  /** The listener rule ECS points at the new tasks during the test phase, when there is one. */
  readonly testRule?: elbv2.ApplicationListenerRule;
  /** The role ECS assumes to move the weights and register tasks. */
  readonly role: iam.Role;
}

/**
 * Wire an ECS-native blue/green, canary or linear deployment behind an ALB: an alternate target group
 * with the same health check, the production listener rule forwarding to both groups (weights 100/0),
 * the role ECS uses to shift traffic, and the service registered in `primary` with that configuration.
 *
 * ECS takes a listener *rule* ARN for an ALB (the listener ARN only for an NLB), so the production
 * route must be a rule, never a listener's default action.
 *
 * @param createProductionRule builds the production rule around the weighted forward action
 * @param createTestRule builds the test rule (same weighted action) that ECS points at the new tasks
 *   during the test phase, before any production traffic
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
 */
export function wireTrafficShift(scope: Construct, target: TrafficShiftTarget, primary: elbv2.ApplicationTargetGroup,
  createProductionRule: (action: elbv2.ListenerAction) => elbv2.ApplicationListenerRule,
  createTestRule?: (action: elbv2.ListenerAction) => elbv2.ApplicationListenerRule): TrafficShiftWiring {
  const { port, protocol, deregistrationDelay, healthCheck } = target.targetGroupProps;
  // No target is ever added to it from CDK, so its target type is stated: ECS documents ip target
  // groups (awsvpc tasks) for blue/green; bridge-mode services are refused before this point.
  const alternateTargetGroup = new elbv2.ApplicationTargetGroup(scope, 'AlternateTarget', {
    vpc: target.vpc,
    targetType: elbv2.TargetType.IP,
    port,
    protocol,
    deregistrationDelay,
    healthCheck,
  });
  const weighted = () => elbv2.ListenerAction.weightedForward([
    { targetGroup: primary, weight: 100 },
    { targetGroup: alternateTargetGroup, weight: 0 },
  ]);
  const productionRule = createProductionRule(weighted());
  const testRule = createTestRule?.(weighted());
  const role = trafficShiftRole(scope, [primary, alternateTargetGroup], testRule ? [productionRule, testRule] : [productionRule]);
  // The L2 AlternateTarget; given a role, it attaches no managed policy of its own.
  primary.addTarget(target.service.loadBalancerTarget({
    containerName: target.containerName,
    containerPort: target.containerPort,
    alternateTarget: new ecs.AlternateTarget('AlternateTarget', {
      alternateTargetGroup,
      productionListener: ecs.ListenerRuleConfiguration.applicationListenerRule(productionRule),
      testListener: testRule && ecs.ListenerRuleConfiguration.applicationListenerRule(testRule),
      role,
    }),
  }));
  // ECS uses the role as soon as the service exists: its policy must exist first (the role ARN
  // alone only orders the service after the role, not after the role's policy).
  target.service.node.defaultChild!.node.addDependency(role);
  return { alternateTargetGroup, productionRule, testRule, role };
}

/**
 * The Amazon ECS infrastructure role for load balancers, scoped to this service's two target groups
 * and its production (and test) rule.
 *
 * AWS's managed policy AmazonECSInfrastructureRolePolicyForLoadBalancers (v6) grants the same
 * actions on every target group, every ALB listener rule and every ALB and NLB listener
 * (ModifyListener is for NLB listeners and listener default rules; this service's production route is
 * a non-default ALB rule, changed with ModifyRule). The four Describe actions take no resource-level
 * permission in IAM, so they stay on `*`, as in the managed policy.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonECSInfrastructureRolePolicyForLoadBalancers.html
 * @see https://docs.aws.amazon.com/service-authorization/latest/reference/list_awselasticloadbalancingv2.html
 */
function trafficShiftRole(scope: Construct, targetGroups: elbv2.ApplicationTargetGroup[], rules: elbv2.ApplicationListenerRule[]): iam.Role {
  const role = new iam.Role(scope, 'TrafficShiftRole', {
    assumedBy: new iam.ServicePrincipal('ecs.amazonaws.com'),
    description: 'Lets ECS shift production traffic between the two target groups of this service during blue/green, canary and linear deployments',
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: [
      'elasticloadbalancing:DescribeListeners',
      'elasticloadbalancing:DescribeRules',
      'elasticloadbalancing:DescribeTargetGroups',
      'elasticloadbalancing:DescribeTargetHealth',
    ],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
    resources: targetGroups.map((group) => group.targetGroupArn),
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['elasticloadbalancing:ModifyRule'],
    resources: rules.map((rule) => rule.listenerRuleArn),
  }));
  return role;
}
