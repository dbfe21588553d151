import { CfnOutput, Stack } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { STACK_OUTPUTS } from './limits';

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
  checkOutputCount(Stack.of(scope));
  new CfnOutput(scope, 'LogGroupName', {
    description: `Log group of ${scope.node.path}: npx cdk-ecs-essentials logs cdk.out prints the command that follows it`,
    value: parts.logGroup.logGroupName,
  });
}

const CHECKED_STACKS = new WeakSet<Stack>();

/**
 * CloudFormation refuses a template with more than 200 outputs; the library adds one or two per workload,
 * so about a hundred workloads in one stack reach it. Count at synthesis, once per stack, every output
 * (the app's own too), and name the way out.
 */
function checkOutputCount(stack: Stack): void {
  if (CHECKED_STACKS.has(stack)) {
    return;
  }
  CHECKED_STACKS.add(stack);
  stack.node.addValidation({
    validate: () => {
      const outputs = stack.node.findAll().filter((c) => c instanceof CfnOutput && Stack.of(c) === stack).length;
      const max = STACK_OUTPUTS.max!;
      return outputs <= max ? [] : [`the stack has ${outputs} outputs; CloudFormation allows ${max} per template: set 'outputs: false' on ` +
        'some workloads (each adds a LogGroupName output and, with a load balancer or a name of its own, a Url), or split the stack'];
    },
  });
}
