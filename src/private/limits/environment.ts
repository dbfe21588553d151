import { Limit } from './limit';

/**
 * A host label of `LoadBalancing.environment({ host })` and each label of an environment's domain. The
 * 63-character length is DNS's (Route 53 Developer Guide, "DNS domain name format": "Each label can be up
 * to 63 bytes long", after RFC 1035 2.3.4); the characters a-z, 0-9 and '-' (not first or last) are ours:
 * Route 53 also takes '_' and escaped octets, but an ALB host header and a browser take only RFC 1123 host
 * names, and ACM wildcard certificates cover one label.
 */
export const DNS_HOST_LABEL: Limit = {
  prop: 'loadBalancing.host, domain.domainName (each label)',
  min: 1,
  max: 63,
  pattern: '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$',
  source: 'ours: the length is DNS\'s, Route 53 "Each label can be up to 63 bytes long" (RFC 1035 2.3.4); the characters a-z, 0-9 and \'-\' are RFC 1123 host names, which ALB host rules and ACM wildcards take',
  ours: true,
};

/**
 * A full host name. The Route 53 API takes names up to 1024 characters (`DNSName`), but DNS does not:
 * "the total length of a domain name cannot exceed 255 bytes, including the dots" (Route 53 Developer
 * Guide, DNS domain name format), which is 253 characters written out.
 */
export const DNS_NAME_LENGTH: Limit = {
  prop: 'domain.domainName, <host>.<domainName>',
  min: 1,
  max: 253,
  source: 'ours: DNS\'s limit, which the Route 53 API (DNSName, up to 1024) does not enforce: Route 53 Developer Guide "cannot exceed 255 bytes, including the dots" (RFC 1035 2.3.4), 253 characters written out',
  ours: true,
};

/** Cloud Map API `CreateHttpNamespaceRequest.Name` (shape NamespaceNameHttp: max 1024, printable ASCII, not an ARN). */
export const HTTP_NAMESPACE_NAME: Limit = {
  prop: 'namespaceName',
  max: 1024,
  pattern: '^(?!arn:)[!-~]{1,1024}$',
  source: 'Cloud Map API CreateHttpNamespaceRequest.Name (shape NamespaceNameHttp: max 1024, pattern ^(?!arn:)[!-~]{1,1024}$)',
  model: 'botocore:servicediscovery:CreateHttpNamespaceRequest.Name',
};

/** Environments and domains (DNS, Cloud Map): every limit of this file, in the order docs/limits.md lists them. */
export const ENVIRONMENT_LIMITS: readonly Limit[] = [
  DNS_HOST_LABEL, DNS_NAME_LENGTH, HTTP_NAMESPACE_NAME,
];
