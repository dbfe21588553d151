import { Token } from 'aws-cdk-lib';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as limits from './limits';
import { PropsValidator } from './validation';

/** Where the character rule comes from, for messages: it is this library's, not Route 53's (limits.DNS_HOST_LABEL). */
const CHARACTERS_ARE_OURS = '(the characters are this library\'s rule: RFC 1123 host names, which ALB host rules and ACM wildcard certificates take)';

/** One DNS host label (limits.DNS_HOST_LABEL); tokens skip. */
export function checkHostLabel(v: PropsValidator, prop: string, label: string): void {
  if (Token.isUnresolved(label)) {
    return;
  }
  if (!new RegExp(limits.DNS_HOST_LABEL.pattern!).test(label)) {
    v.fail(`'${prop}' must be one DNS label: 1–63 characters (DNS's limit, RFC 1035) of a-z, 0-9 and '-', not first or last ${CHARACTERS_ARE_OURS}, got '${label}'`);
  }
}

/**
 * A domain name: labels as limits.DNS_HOST_LABEL, at most limits.DNS_NAME_LENGTH in all, and inside
 * `zone` when the zone's name is known; tokens skip.
 */
export function checkDomainName(v: PropsValidator, prop: string, name: string, zone: route53.IHostedZone | undefined): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const label = new RegExp(limits.DNS_HOST_LABEL.pattern!);
  if (name.split('.').some((l) => !label.test(l)) || name.length > limits.DNS_NAME_LENGTH.max!) {
    v.fail(`'${prop}' must be DNS labels of 1–63 characters a-z, 0-9 and '-' (not first or last) joined by dots, ` +
      `at most ${limits.DNS_NAME_LENGTH.max} characters in all (DNS's limits, RFC 1035) ${CHARACTERS_ARE_OURS}, got '${name}'`);
  }
  const zoneName = zone && knownZoneName(zone);
  if (zoneName !== undefined && name !== zoneName && !name.endsWith(`.${zoneName}`)) {
    v.fail(`'${prop}' must be the hosted zone's name '${zoneName}' or a name inside it (ACM validates the certificate and ` +
      `Route 53 holds the alias record in that zone), got '${name}'`);
  }
}

/** The hosted zone's name without the trailing dot, when it is known at synth. */
function knownZoneName(zone: route53.IHostedZone): string | undefined {
  // HostedZone.fromHostedZoneId() zones have no name and throw when asked for it: nothing to compare.
  const zoneName = zoneNameOrUndefined(zone);
  return zoneName === undefined || Token.isUnresolved(zoneName) ? undefined : zoneName.replace(/\.$/, '');
}

function zoneNameOrUndefined(zone: route53.IHostedZone): string | undefined {
  try {
    return zone.zoneName;
  } catch {
    return undefined;
  }
}
