import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { newHardenedAlb } from '../../private/alb-hardening';
import * as defaults from '../../private/defaults';
import { addHttpsWithRedirect, dnsValidatedCertificate } from '../../private/https-listener';
import { EnvironmentDomainOptions } from '../environment-domain-options';

/**
 * The environment's domain: its certificate, shared ALB and HTTPS listener (children of the environment),
 * and the host rules on it.
 */
export class SharedHttpsAlb {
  public readonly domainName: string;
  public readonly hostedZone: route53.IHostedZone;
  public readonly certificate: acm.Certificate;
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  public readonly listener: elbv2.ApplicationListener;
  private nextPriority = defaults.ENVIRONMENT_FIRST_RULE_PRIORITY;

  constructor(scope: Construct, vpc: ec2.IVpc, domain: EnvironmentDomainOptions) {
    this.domainName = domain.domainName;
    this.hostedZone = domain.hostedZone;
    // One certificate for the domain and every host under it: services come and go without a new
    // certificate (and its DNS validation wait) each time.
    this.certificate = dnsValidatedCertificate(scope, 'Certificate', domain.hostedZone, `*.${domain.domainName}`, [domain.domainName]);
    this.loadBalancer = newHardenedAlb(scope, 'LoadBalancer', {
      vpc,
      internetFacing: true,
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
    }, {
      accessLogs: domain.accessLogs,
      deletionProtection: domain.deletionProtection ?? defaults.ALB_DELETION_PROTECTION,
      dropInvalidHeaderFields: domain.dropInvalidHeaderFields ?? defaults.ALB_DROP_INVALID_HEADER_FIELDS,
      webAclArn: domain.webAclArn,
    });
    this.listener = addHttpsWithRedirect(this.loadBalancer, this.certificate, true,
      elbv2.ListenerAction.fixedResponse(defaults.ENVIRONMENT_UNMATCHED_STATUS, { contentType: 'text/plain', messageBody: 'not found' }));
  }

  /** `<host>.<domainName>`. */
  public hostName(host: string): string {
    return `${host}.${this.domainName}`;
  }

  /** The priority of the next host rule without an explicit one. */
  public takePriority(): number {
    return this.nextPriority++;
  }

  /** An alias A record `<host>.<domainName>` → the shared ALB, as a child of the service. */
  public addHostRecord(scope: Construct, host: string): route53.ARecord {
    return new route53.ARecord(scope, 'AliasRecord', {
      zone: this.hostedZone,
      recordName: this.hostName(host),
      target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(this.loadBalancer)),
    });
  }
}
