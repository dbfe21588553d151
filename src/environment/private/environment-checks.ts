import { Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Construct } from 'constructs';
import { checkWebAclArn } from '../../private/alb-hardening';
import { checkDomainName } from '../../private/dns-checks';
import { HTTP_NAMESPACE_NAME } from '../../private/limits';
import { PropsValidator } from '../../private/validation';
import { EnvironmentDomainOptions } from '../environment-domain-options';

/** `domain.domainName`: DNS labels inside the hosted zone; tokens skip. */
export function checkDomain(v: PropsValidator, scope: Construct, domain: EnvironmentDomainOptions): void {
  checkDomainName(v, 'domain.domainName', domain.domainName, domain.hostedZone);
  domain.accessLogs?._validate(v, scope, 'domain.accessLogs');
  checkWebAclArn(v, 'domain.webAclArn', domain.webAclArn);
}

/** Each interface endpoint once: a second endpoint of one service in a VPC fails (private DNS conflict). */
export function checkInterfaceEndpoints(v: PropsValidator, services: ec2.InterfaceVpcEndpointAwsService[] | undefined): void {
  const names = (services ?? []).map((s) => s.shortName);
  const repeated = names.filter((n, i) => names.indexOf(n) !== i);
  if (repeated.length > 0) {
    v.fail(`'interfaceEndpoints' must name each service once (a VPC takes one endpoint with private DNS per service), got ${[...new Set(repeated)].join(', ')} twice`);
  }
}

/** A Service Connect namespace name Cloud Map takes (HTTP_NAMESPACE_NAME); a token is not checked. */
export function checkNamespaceName(v: PropsValidator, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  if (!new RegExp(HTTP_NAMESPACE_NAME.pattern!).test(name)) {
    v.fail(`'namespaceName' must be 1–1024 printable ASCII characters without spaces, not an ARN (${HTTP_NAMESPACE_NAME.source.split(' (')[0]}), got '${name}'`);
  }
}
