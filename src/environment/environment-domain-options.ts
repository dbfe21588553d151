import * as route53 from 'aws-cdk-lib/aws-route53';

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
}
