import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { Construct } from 'constructs';

/**
 * An HTTPS listener on port 443 with AWS's recommended TLS policy, and port 80 redirecting to it
 * (what aws-ecs-patterns does with `redirectHTTP`). Shared by a service's own ALB and an
 * environment's shared ALB.
 *
 * @param defaultAction the listener's default action (none: the first `addTargets` provides it)
 */
export function addHttpsWithRedirect(lb: elbv2.ApplicationLoadBalancer, certificate: acm.ICertificate, open: boolean,
  defaultAction?: elbv2.ListenerAction): elbv2.ApplicationListener {
  const listener = lb.addListener('HttpsListener', {
    port: 443,
    protocol: elbv2.ApplicationProtocol.HTTPS,
    certificates: [certificate],
    sslPolicy: elbv2.SslPolicy.RECOMMENDED_TLS,
    open,
    defaultAction,
  });
  lb.addRedirect({
    sourcePort: 80,
    sourceProtocol: elbv2.ApplicationProtocol.HTTP,
    targetPort: 443,
    targetProtocol: elbv2.ApplicationProtocol.HTTPS,
    open,
  });
  return listener;
}

/** A certificate for `domainName` (and its SANs) validated by DNS records ACM writes into `zone`. */
export function dnsValidatedCertificate(scope: Construct, id: string, zone: route53.IHostedZone, domainName: string,
  subjectAlternativeNames?: string[]): acm.Certificate {
  return new acm.Certificate(scope, id, {
    domainName,
    subjectAlternativeNames,
    validation: acm.CertificateValidation.fromDns(zone),
  });
}
