import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { exampleZone, newStack } from './support';
import { AlbAccessLogs, EssentialEnvironment } from '../../src';

const WEB_ACL = 'arn:aws:wafv2:us-east-1:123456789012:regional/webacl/prod/0123abcd-ef01-2345-6789-abcdef012345';

function attribute(template: Template, key: string): string | undefined {
  const [lb] = Object.values(template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer'));
  const attributes = (lb.Properties.LoadBalancerAttributes ?? []) as Array<{ Key: string; Value: string }>;
  return attributes.find((a) => a.Key === key)?.Value;
}

describe('EssentialEnvironment shared ALB hardening (the options a service\'s own ALB has)', () => {
  test('defaults: invalid header fields dropped, no access logs, no web ACL, no deletion protection', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Prod', { domain: { domainName: 'example.com', hostedZone: exampleZone(stack) } });
    const template = Template.fromStack(stack);
    expect(attribute(template, 'routing.http.drop_invalid_header_fields.enabled')).toBe('true');
    expect(attribute(template, 'deletion_protection.enabled') ?? 'false').toBe('false');
    expect(attribute(template, 'access_logs.s3.enabled') ?? 'false').toBe('false');
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
    template.resourceCountIs('AWS::S3::Bucket', 0);
  });

  test('access logs to a bucket of the environment, a Regional web ACL and deletion protection', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Prod', {
      domain: {
        domainName: 'example.com',
        hostedZone: exampleZone(stack),
        accessLogs: AlbAccessLogs.createBucket(),
        webAclArn: WEB_ACL,
        deletionProtection: true,
      },
    });
    const template = Template.fromStack(stack);
    expect(attribute(template, 'access_logs.s3.enabled')).toBe('true');
    expect(attribute(template, 'deletion_protection.enabled')).toBe('true');
    template.hasResourceProperties('AWS::S3::Bucket', {
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: WEB_ACL,
      ResourceArn: { Ref: Match.stringLikeRegexp('^ProdLoadBalancer') },
    });
  });

  test('fails when the web ACL is CloudFront-scoped or the log bucket uses KMS, naming the domain props', () => {
    const stack = newStack();
    const bucket = new s3.Bucket(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key') });
    expect(() => new EssentialEnvironment(stack, 'Prod', {
      domain: {
        domainName: 'example.com',
        hostedZone: exampleZone(stack),
        webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/0123',
        accessLogs: AlbAccessLogs.toBucket(bucket),
      },
    })).toThrow(/'domain.accessLogs' bucket must use Amazon S3-managed keys[\s\S]*'domain.webAclArn' must be the ARN of a Regional WAF web ACL/);
  });

  test('fails when access logs are asked for in an environment-agnostic stack (the bucket policy needs the Region)', () => {
    const stack = new Stack(new App(), 'Agnostic');
    expect(() => new EssentialEnvironment(stack, 'Prod', {
      domain: { domainName: 'example.com', hostedZone: exampleZone(stack), accessLogs: AlbAccessLogs.createBucket() },
    })).toThrow(/'domain.accessLogs' needs a stack with a known Region/);
  });
});
