import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { AlbAccessLogs, EssentialFargateService, LoadBalancing } from '../../src';

const env = { account: '111122223333', region: 'eu-west-1' };
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function synth(loadBalancing?: LoadBalancing) {
  const app = new App();
  const stack = new Stack(app, 'Test', { env });
  const service = new EssentialFargateService(stack, 'Web', { image, loadBalancing });
  return { app, stack, service, template: Template.fromStack(stack) };
}

function build(loadBalancing: LoadBalancing): () => void {
  return () => {
    const stack = new Stack(new App(), 'Test', { env });
    new EssentialFargateService(stack, 'Web', { image, loadBalancing });
  };
}

/** The cdk-nag AwsSolutions rule ids reported on the ALB. */
function nagFindingsOnAlb(app: App, service: EssentialFargateService): string[] {
  const report = new AwsSolutionsChecks(app, { verbose: false }).validateScope(app);
  const albPath = service.loadBalancer!.node.path;
  return report.violations
    .filter((v) => v.violatingResources.some((r) => ((r as { constructPath?: string }).constructPath ?? '').startsWith(albPath)))
    .map((v) => v.ruleName);
}

describe('ALB access logs', () => {
  test('off by default: no bucket, no access_logs attributes', () => {
    const { template } = synth();
    template.resourceCountIs('AWS::S3::Bucket', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([Match.objectLike({ Key: 'access_logs.s3.enabled' })])),
    });
  });

  describe('createBucket()', () => {
    const { app, service, template } = synth(LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket() }));

    test('the ALB writes its access logs to the bucket', () => {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'access_logs.s3.enabled', Value: 'true' },
          { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('^WebAccessLogs') } },
          { Key: 'access_logs.s3.prefix', Value: '' },
        ]),
      });
    });

    test('the bucket has SSE-S3, no public access and a 90-day lifecycle rule, and is retained', () => {
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] },
      });
      template.hasResource('AWS::S3::Bucket', { DeletionPolicy: 'Retain' });
    });

    test('the bucket policy denies non-TLS requests and lets Elastic Load Balancing write', () => {
      template.hasResourceProperties('AWS::S3::BucketPolicy', {
        PolicyDocument: {
          Statement: Match.arrayWith([
            Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
            Match.objectLike({ Effect: 'Allow', Action: 's3:PutObject', Principal: { Service: 'delivery.logs.amazonaws.com' } }),
            Match.objectLike({ Effect: 'Allow', Action: 's3:GetBucketAcl', Principal: { Service: 'delivery.logs.amazonaws.com' } }),
          ]),
        },
      });
    });

    test('the ALB depends on the bucket policy', () => {
      const lb = template.findResources('AWS::ElasticLoadBalancingV2::LoadBalancer');
      const policyId = Object.keys(template.findResources('AWS::S3::BucketPolicy'))[0];
      expect(Object.values(lb)[0].DependsOn).toContain(policyId);
    });

    test('cdk-nag AwsSolutions-ELB2 is no longer reported on the ALB', () => {
      expect(nagFindingsOnAlb(app, service)).not.toContain('AwsSolutions-ELB2');
    });
  });

  test('without access logs cdk-nag reports AwsSolutions-ELB2 (the reason to offer them)', () => {
    const { app, service } = synth();
    expect(nagFindingsOnAlb(app, service)).toContain('AwsSolutions-ELB2');
  });

  test('createBucket() takes a retention, a prefix and a server access logs bucket', () => {
    const app = new App();
    const stack = new Stack(app, 'Test', { env });
    const central = new s3.Bucket(stack, 'Central');
    new EssentialFargateService(stack, 'Web', {
      image,
      loadBalancing: LoadBalancing.internalAlb({
        accessLogs: AlbAccessLogs.createBucket({ retention: Duration.days(30), prefix: 'web', serverAccessLogsBucket: central }),
      }),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      LifecycleConfiguration: { Rules: [{ ExpirationInDays: 30, Status: 'Enabled' }] },
      LoggingConfiguration: { DestinationBucketName: { Ref: Match.stringLikeRegexp('^Central') } },
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'access_logs.s3.prefix', Value: 'web' }]),
    });
  });

  test('toBucket() writes to the given bucket and creates none', () => {
    const app = new App();
    const stack = new Stack(app, 'Test', { env });
    const logs = new s3.Bucket(stack, 'Logs', { encryption: s3.BucketEncryption.S3_MANAGED });
    new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.toBucket(logs, 'alb') }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::S3::Bucket', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.arrayWith([
        { Key: 'access_logs.s3.enabled', Value: 'true' },
        { Key: 'access_logs.s3.bucket', Value: { Ref: Match.stringLikeRegexp('^Logs') } },
        { Key: 'access_logs.s3.prefix', Value: 'alb' },
      ]),
    });
  });

  test('fails when the prefix contains AWSLogs', () => {
    expect(build(LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket({ prefix: 'x/AWSLogs' }) })))
      .toThrow(/'loadBalancing.accessLogs' prefix must not contain 'AWSLogs'.*got 'x\/AWSLogs'/);
  });

  test('fails when the prefix starts or ends with a slash', () => {
    expect(build(LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket({ prefix: '/web/' }) })))
      .toThrow(/prefix must not start or end with '\/'/);
  });

  test('fails when the bucket is encrypted with KMS', () => {
    expect(() => {
      const stack = new Stack(new App(), 'Test', { env });
      const bucket = new s3.Bucket(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key') });
      new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.toBucket(bucket) }) });
    }).toThrow(/bucket must use Amazon S3-managed keys \(SSE-S3\).*got bucket 'Test\/Logs' with a KMS key/);
  });

  test('fails when the retention is not whole days', () => {
    expect(build(LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket({ retention: Duration.hours(36) }) })))
      .toThrow(/'loadBalancing.accessLogs.retention' must be a whole number of days, 1 or more.*got 129600 s/);
  });

  test('fails when the stack has no Region', () => {
    expect(() => {
      const stack = new Stack(new App(), 'Agnostic');
      new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket() }) });
    }).toThrow(/'loadBalancing.accessLogs' needs a stack with a known Region/);
  });

  test('token prefix and retention are not checked', () => {
    expect(build(LoadBalancing.publicAlb({
      accessLogs: AlbAccessLogs.createBucket({ prefix: Token.asString({ Ref: 'Prefix' }), retention: Duration.days(Token.asNumber({ Ref: 'Days' })) }),
    }))).not.toThrow();
  });
});
