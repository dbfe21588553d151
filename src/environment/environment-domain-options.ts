import * as route53 from 'aws-cdk-lib/aws-route53';
import type { AlbAccessLogs } from '../service/alb-access-logs';

/**
 * The domain of an `EssentialEnvironment`: a DNS-validated certificate for the domain and its
 * subdomains, and one shared internet-facing ALB with an HTTPS listener, to which
 * `LoadBalancing.environment({ host })` attaches each service as `https://<host>.<domainName>`.
 */
export interface EnvironmentDomainOptions {
  /**
   * The domain the environment's services live under, e.g. `example.com` or `test.example.com`.
   * Must be the hosted zone's name or a name inside it.
   */
  readonly domainName: string;

  /**
   * The public hosted zone of `domainName` (or of a parent domain): ACM writes the certificate's
   * validation records into it, and each service gets an alias A record in it.
   */
  readonly hostedZone: route53.IHostedZone;

  /**
   * Write the shared ALB's access logs to S3: `AlbAccessLogs.createBucket()` (a bucket of the environment's own
   * with SSE-S3, TLS only, no public access, logs deleted after 90 days) or `AlbAccessLogs.toBucket(bucket)`.
   * Off by default, as on a service's own ALB; turn it on where requests must be traceable (cdk-nag
   * AwsSolutions-ELB2, Security Hub ELB.5).
   *
   * @default - no access logs
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
   */
  readonly accessLogs?: AlbAccessLogs;

  /**
   * ARN of a Regional AWS WAF web ACL to associate with the shared ALB
   * (`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`, e.g. `webAcl.attrArn` of a
   * `wafv2.CfnWebACL` with scope REGIONAL): one web ACL in front of every service of the environment.
   *
   * @default - no web ACL
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html
   */
  readonly webAclArn?: string;

  /**
   * Deletion protection on the shared ALB: it cannot be deleted (nor replaced, nor its stack deleted) until
   * it is turned off. Turn it on for production environments (Security Hub ELB.6).
   *
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * Drop HTTP headers whose names are not valid (`[-A-Za-z0-9]+`) before they reach the services: a
   * request-smuggling vector (Security Hub ELB.4). Turn off only for clients that send underscores in
   * header names.
   *
   * @default true
   */
  readonly dropInvalidHeaderFields?: boolean;
}
