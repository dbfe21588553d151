import { CfnOutput } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';

/** What a workload shows in the stack's outputs: its URL (own load balancer) and its log group. */
export interface WorkloadOutputs {
  readonly logGroup: logs.ILogGroup;
  readonly loadBalancer?: elbv2.IApplicationLoadBalancer;
  readonly listener?: elbv2.IApplicationListener;
  /** The service's own name (a domain or an environment host), which wins over the ALB's DNS name. */
  readonly url?: string;
}

/**
 * Stack outputs of a workload (`outputs`, default true): `Url` for a service with a load balancer of its
 * own or a name of its own (a domain or an environment host), `LogGroupName` for every workload — what `cdk deploy` prints and a pipeline can read. Outputs
 * only, never exports: an export would lock the value against changes from other stacks.
 */
export function addWorkloadOutputs(scope: Construct, parts: WorkloadOutputs, enabled: boolean | undefined): void {
  if (enabled === false) {
    return;
  }
  if (parts.url) {
    new CfnOutput(scope, 'Url', { description: `URL of ${scope.node.path}`, value: parts.url });
  } else if (parts.loadBalancer) {
    const cfnListener = parts.listener?.node.defaultChild as elbv2.CfnListener | undefined;
    const scheme = cfnListener?.protocol === 'HTTPS' ? 'https' : 'http';
    new CfnOutput(scope, 'Url', {
      description: `URL of ${scope.node.path} (its load balancer's DNS name)`,
      value: `${scheme}://${parts.loadBalancer.loadBalancerDnsName}`,
    });
  }
  new CfnOutput(scope, 'LogGroupName', {
    description: `Log group of ${scope.node.path}: npx cdk-ecs-essentials logs cdk.out prints the command that follows it`,
    value: parts.logGroup.logGroupName,
  });
}
