import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { PropsValidator } from './validation';
import type { AlbAccessLogs } from '../service/alb-access-logs';

/** How an ALB the library creates is hardened, defaults applied: a service's own ALB and an environment's shared one. */
export interface AlbHardening {
  readonly accessLogs?: AlbAccessLogs;
  readonly deletionProtection: boolean;
  readonly dropInvalidHeaderFields: boolean;
  /** A Regional WAF web ACL to associate. */
  readonly webAclArn?: string;
}

/**
 * An ALB (construct id `id`) with the hardening attributes, its access logs (bucket `AccessLogs` when created) and
 * its web ACL association (`WebAclAssociation`), all children of `scope`.
 */
export function newHardenedAlb(scope: Construct, id: string, props: elbv2.ApplicationLoadBalancerProps,
  hardening: AlbHardening): elbv2.ApplicationLoadBalancer {
  const lb = new elbv2.ApplicationLoadBalancer(scope, id, {
    ...props,
    dropInvalidHeaderFields: hardening.dropInvalidHeaderFields,
    deletionProtection: hardening.deletionProtection,
  });
  hardening.accessLogs?._bind(scope, lb);
  if (hardening.webAclArn !== undefined) {
    // No WAFv2 L2 in aws-cdk-lib: the association is the L1.
    new wafv2.CfnWebACLAssociation(scope, 'WebAclAssociation', { resourceArn: lb.loadBalancerArn, webAclArn: hardening.webAclArn });
  }
  return lb;
}

/**
 * WAF associates only Regional web ACLs with an ALB ("For an Application Load Balancer ... the web ACL
 * must be Regional"; a CloudFront-scoped ACL's ARN is `.../global/webacl/...`), and WAFv2 ARNs read
 * `arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`
 * (https://docs.aws.amazon.com/service-authorization/latest/reference/list_awswafv2.html, resource type webacl).
 */
export function checkWebAclArn(v: PropsValidator, prop: string, arn: string | undefined): void {
  if (arn === undefined || Token.isUnresolved(arn)) {
    return;
  }
  if (!/^arn:[^:]+:wafv2:[^:]+:\d{12}:regional\/webacl\/[^/]+\/[^/]+$/.test(arn)) {
    v.fail(`'${prop}' must be the ARN of a Regional WAF web ACL (arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>), got '${arn}'`);
  }
}
