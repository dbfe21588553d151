import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { Construct } from 'constructs';
import { SharedListenerOptions } from '../shared-listener-options';

/** What load balancing needs from the service it binds to. */
export interface LoadBalancingContext {
  readonly service: ecs.BaseService;
  readonly cluster: ecs.ICluster;
  readonly containerName: string;
  readonly containerPort: number;
  /** Port, protocol, health check and deregistration delay of the target group (the fast-deploy timing). */
  readonly targetGroupProps: elbv2.AddApplicationTargetsProps;
}

/** What load balancing created for a service. */
export interface LoadBalancingBinding {
  readonly loadBalancer?: elbv2.ApplicationLoadBalancer;
  readonly listener?: elbv2.IApplicationListener;
  readonly targetGroup?: elbv2.ApplicationTargetGroup;
}

/** An ALB of the service's own with an HTTP listener, or HTTPS plus a redirect from port 80. */
export function createOwnAlb(scope: Construct, context: LoadBalancingContext, internetFacing: boolean,
  certificate: acm.ICertificate | undefined): LoadBalancingBinding {
  const lb = new elbv2.ApplicationLoadBalancer(scope, 'LoadBalancer', {
    vpc: context.cluster.vpc,
    internetFacing,
    // Headers with invalid characters are a request-smuggling vector (Security Hub ELB.4).
    dropInvalidHeaderFields: true,
  });
  let listener: elbv2.ApplicationListener;
  if (certificate) {
    listener = lb.addListener('HttpsListener', {
      port: 443,
      protocol: elbv2.ApplicationProtocol.HTTPS,
      certificates: [certificate],
      sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
      open: internetFacing,
    });
    lb.addRedirect({
      sourcePort: 80,
      sourceProtocol: elbv2.ApplicationProtocol.HTTP,
      targetPort: 443,
      targetProtocol: elbv2.ApplicationProtocol.HTTPS,
      open: internetFacing,
    });
  } else {
    listener = lb.addListener('Listener', { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, open: internetFacing });
  }
  if (!internetFacing) {
    // `open` adds 0.0.0.0/0; an internal ALB is for callers in its VPC: open the listener ports to it.
    for (const port of certificate ? [80, 443] : [80]) {
      lb.connections.allowFrom(ec2.Peer.ipv4(context.cluster.vpc.vpcCidrBlock), ec2.Port.tcp(port), 'From the VPC to the internal ALB');
    }
  }
  const targetGroup = listener.addTargets('Target', {
    ...context.targetGroupProps,
    targets: [loadBalancerTarget(context)],
  });
  return { loadBalancer: lb, listener, targetGroup };
}

/** A target group and a listener rule on a listener shared with other services. */
export function attachToSharedListener(scope: Construct, context: LoadBalancingContext, shared: SharedListenerOptions): LoadBalancingBinding {
  const conditions: elbv2.ListenerCondition[] = [];
  if (shared.pathPatterns && shared.pathPatterns.length > 0) {
    conditions.push(elbv2.ListenerCondition.pathPatterns(shared.pathPatterns));
  }
  if (shared.hostHeaders && shared.hostHeaders.length > 0) {
    conditions.push(elbv2.ListenerCondition.hostHeaders(shared.hostHeaders));
  }
  // The target group is created in the service's construct so that it is removed with the service.
  // awsvpc tasks register their IPs; bridge tasks register as instance and dynamic port.
  // The target registers its security-group rule with the listener (also an imported one).
  const targetGroup = new elbv2.ApplicationTargetGroup(scope, 'Target', {
    vpc: context.cluster.vpc,
    targetType: context.service.taskDefinition.networkMode === ecs.NetworkMode.AWS_VPC ? elbv2.TargetType.IP : elbv2.TargetType.INSTANCE,
    ...context.targetGroupProps,
    targets: [loadBalancerTarget(context)],
  });
  new elbv2.ApplicationListenerRule(scope, 'ListenerRule', {
    listener: shared.listener,
    priority: shared.priority,
    conditions,
    action: elbv2.ListenerAction.forward([targetGroup]),
  });
  return { listener: shared.listener, targetGroup };
}

function loadBalancerTarget(context: LoadBalancingContext): elbv2.IApplicationLoadBalancerTarget {
  return context.service.loadBalancerTarget({ containerName: context.containerName, containerPort: context.containerPort });
}
