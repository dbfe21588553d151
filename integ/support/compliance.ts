import { App, Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import * as library from '../../src';

/**
 * The findings of cdk-nag's NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs that the library's
 * defaults leave open in the integ apps, each with the reason a reviewer can check. Only what this
 * library creates is acknowledged (the top-level library constructs of the app); the apps' own VPCs,
 * clusters and buckets keep their findings. `npx projen nag:all` counts them.
 */
const REASONS: Record<string, string> = {
  IAMNoInlinePolicy:
    'aws-cdk-lib grants (grantRead, addToPrincipalPolicy) render as an AWS::IAM::Policy attached to one role, scoped to the resources of this '
    + 'workload; a customer managed policy would be attachable to other principals and widen the blast radius, not narrow it.',
  CloudWatchLogGroupEncrypted:
    'Customer-key encryption of log groups is opt-in (ServiceLogging.awsLogs({ encryptionKey }) and fireLens({ encryptionKey }), '
    + 'shown in integ.logging-storage); CloudWatch Logs encrypts every log group at rest with AES-256-GCM by default.',
  CloudWatchAlarmAction:
    'These alarms are read by ECS (deployment rollback alarms) and the monitoring dashboard; they notify when the app gives notificationTopic, '
    + 'and the integ apps have no subscriber to notify.',
  ALBHttpToHttpsRedirection:
    'The integ ALB has no certificate (no public domain in an offline test); with certificate or domainName the library adds an HTTPS listener '
    + 'and the port 80 -> 443 redirect (test/service/alb-hardening.test.ts).',
  ELBv2ACMCertificateRequired:
    'The integ ALB has no certificate (no public domain in an offline test); LoadBalancing.publicAlb({ certificate }) or ({ domainName, hostedZone }) '
    + 'serves HTTPS with an ACM certificate and the recommended TLS policy.',
  ALBWAFEnabled:
    'AWS WAF is opt-in (LoadBalancing.publicAlb({ webAclArn }), shown in integ.web-service): a web ACL is billed per ACL and rule, and its '
    + 'rules are the owner\'s choice.',
  ELBDeletionProtectionEnabled:
    'Deletion protection is opt-in (publicAlb({ deletionProtection: true })): integ apps are deployed and destroyed, and a protected ALB '
    + 'makes the stack deletion fail.',
  ELBLoggingEnabled:
    'ALB access logs are opt-in (AlbAccessLogs.createBucket(), shown in integ.daemon-access-logs): each ALB adds an S3 bucket and its storage cost.',
  EC2IMDSv2Enabled:
    'False positive: the rule reads only an Auto Scaling group\'s LaunchTemplate property; these groups use a MixedInstancesPolicy whose '
    + 'launch templates set HttpTokens required and hop limit 1 (test/capacity/essential-ec2-capacity.test.ts).',
  S3BucketLoggingEnabled:
    'This bucket holds ALB access logs written by ELB only; its S3 server access logs need a second log bucket, which '
    + 'AlbAccessLogs.createBucket({ serverAccessLogsBucket }) takes where the organisation has a central one.',
  S3BucketReplicationEnabled:
    'ALB access logs are kept 90 days for incident review; replicating them to a second Region doubles their cost for no recovery need.',
  S3BucketVersioningEnabled:
    'ALB access log objects are written once by ELB and never overwritten; the lifecycle rule expires them after 90 days.',
  S3DefaultEncryptionKMS:
    'ELB access logging supports SSE-S3 only ("The only server-side encryption option that\'s supported is Amazon S3-managed keys (SSE-S3)", '
    + 'ELB access-log guide), so the log bucket cannot use a KMS key.',
  VPCNoUnrestrictedRouteToIGW:
    'The environment\'s public subnets route to the internet gateway by design: they hold the internet-facing ALB and the NAT gateways; '
    + 'tasks run in private subnets unless EnvironmentNetwork.publicSubnetsOnly() is chosen.',
  VPCSubnetAutoAssignPublicIpDisabled:
    'Public subnets of the environment VPC hold the ALB and NAT gateways, which need public addresses; tasks get one only with assignPublicIp '
    + 'or EnvironmentNetwork.publicSubnetsOnly().',
  VPCDefaultSecurityGroupClosed:
    'Nothing of the library uses the VPC default security group (every task, ALB and endpoint has its own); closing it needs a custom '
    + 'resource Lambda, a finding of its own.',
};

const PACKS = ['NIST.800.53.R5', 'HIPAA.Security', 'PCI.DSS.321'];

type AnyClass = abstract new (...args: never[]) => unknown;
const LIBRARY_CLASSES: ReadonlyArray<AnyClass> = (Object.values(library) as unknown[])
  .filter((v): v is AnyClass => typeof v === 'function');

function isLibrary(node: IConstruct): boolean {
  return LIBRARY_CLASSES.some((cls) => node instanceof cls);
}

/** Acknowledge the compliance packs' findings on every top-level construct of this library in `app`. */
export function acknowledgeComplianceFindings(app: App): void {
  for (const node of app.node.findAll()) {
    if (!isLibrary(node) || node.node.scopes.slice(0, -1).some(isLibrary)) {
      continue;
    }
    // One metadata entry per construct (acknowledgeFinding would add one per id, each repeating the previous ones).
    const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
    const previous = node.node.metadata.filter((entry) => entry.type === key).pop()?.data ?? {};
    const ids: Record<string, string> = {};
    for (const pack of PACKS) {
      for (const [rule, reason] of Object.entries(REASONS)) {
        ids[`${pack}-${rule}`] = reason;
      }
    }
    node.node.addMetadata(key, { ...previous, ...ids });
  }
}
