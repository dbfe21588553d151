import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import * as defaults from '../private/defaults';
import { S3_EXPIRATION_DAYS } from '../private/limits';
import { PropsValidator, secondsOf } from '../private/validation';

const SECONDS_PER_DAY = 86_400;

/**
 * Options of the bucket `AlbAccessLogs.createBucket()` creates for a service's ALB access logs.
 */
export interface AlbAccessLogBucketOptions {
  /**
   * How long access logs are kept: a lifecycle rule deletes them after this many days (whole days,
   * 1 or more).
   *
   * @default Duration.days(90)
   */
  readonly retention?: Duration;

  /**
   * Prefix of the log objects in the bucket; it must not contain `AWSLogs` (Elastic Load Balancing
   * adds `AWSLogs/<account>/...` after it).
   *
   * @default - no prefix
   */
  readonly prefix?: string;

  /**
   * A bucket that receives S3 server access logs of the access-log bucket (cdk-nag AwsSolutions-S1).
   *
   * @default - no server access logs: the bucket only holds logs, which Elastic Load Balancing
   * writes; acknowledge AwsSolutions-S1 on it, or pass your central logging bucket here
   */
  readonly serverAccessLogsBucket?: s3.IBucket;
}

/**
 * Where a service's own ALB writes its access logs: one S3 object per load balancer node every
 * five minutes, with each request's client, latencies, target and status codes.
 *
 * - `AlbAccessLogs.toBucket(bucket, prefix?)`: a bucket you own (for example one log bucket per
 *   account). It must be in the ALB's Region and encrypted with Amazon S3-managed keys (SSE-S3),
 *   the only server-side encryption ALB access logs support.
 * - `AlbAccessLogs.createBucket({ retention?, prefix?, serverAccessLogsBucket? })`: a bucket of the
 *   service's own with SSE-S3, a TLS-only bucket policy, all public access blocked and a lifecycle
 *   rule that deletes logs after `retention` (90 days by default). The bucket is retained when the
 *   stack is deleted.
 *
 * Either way the bucket policy lets Elastic Load Balancing write under the prefix, and the ALB
 * depends on that policy. With access logs the ALB no longer reports cdk-nag AwsSolutions-ELB2.
 *
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
 */
export abstract class AlbAccessLogs {
  /**
   * Write the access logs to a bucket you own.
   *
   * @param bucket an S3 bucket in the ALB's Region, encrypted with SSE-S3 (not KMS)
   * @param prefix prefix of the log objects; must not contain `AWSLogs`
   */
  public static toBucket(bucket: s3.IBucket, prefix?: string): AlbAccessLogs {
    return new OwnedBucketAccessLogs(bucket, prefix);
  }

  /**
   * Create a bucket for the access logs as a child of the service (construct id `AccessLogs`).
   *
   * @param options retention, prefix and server access logging of the bucket
   */
  public static createBucket(options: AlbAccessLogBucketOptions = {}): AlbAccessLogs {
    return new CreatedBucketAccessLogs(options);
  }

  /**
   * Record every problem of the options with `<prop>.<field>` names (`loadBalancing.accessLogs` by default).
   *
   * @internal
   */
  public abstract _validate(v: PropsValidator, scope?: Construct, prop?: string): void;

  /**
   * Turn on the access logs of `loadBalancer`, creating the bucket when asked to. Returns the bucket.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, loadBalancer: elbv2.ApplicationLoadBalancer): s3.IBucket;
}

/** `toBucket()`: a bucket the user owns. */
class OwnedBucketAccessLogs extends AlbAccessLogs {
  constructor(private readonly bucket: s3.IBucket, private readonly prefix: string | undefined) {
    super();
  }

  public _validate(v: PropsValidator, scope?: Construct, prop: string = 'loadBalancing.accessLogs'): void {
    validateRegionAndPrefix(v, scope, this.prefix, prop);
    if (this.bucket?.encryptionKey) {
      v.fail(`'${prop}' bucket must use Amazon S3-managed keys (SSE-S3), the only server-side encryption ALB access logs ` +
        `support, got bucket '${this.bucket.node.path}' with a KMS key`);
    }
  }

  public _bind(_scope: Construct, loadBalancer: elbv2.ApplicationLoadBalancer): s3.IBucket {
    loadBalancer.logAccessLogs(this.bucket, this.prefix);
    return this.bucket;
  }
}

/** `createBucket()`: a bucket of the service's own. */
class CreatedBucketAccessLogs extends AlbAccessLogs {
  constructor(private readonly options: AlbAccessLogBucketOptions) {
    super();
  }

  public _validate(v: PropsValidator, scope?: Construct, prop: string = 'loadBalancing.accessLogs'): void {
    validateRegionAndPrefix(v, scope, this.options.prefix, prop);
    const retention = secondsOf(this.options.retention);
    if (retention !== undefined && (retention < S3_EXPIRATION_DAYS.min! * SECONDS_PER_DAY || retention % SECONDS_PER_DAY !== 0)) {
      v.fail(`'${prop}.retention' must be a whole number of days, 1 or more (S3 lifecycle expiration), got ${retention} s`);
    }
  }

  public _bind(scope: Construct, loadBalancer: elbv2.ApplicationLoadBalancer): s3.IBucket {
    const bucket = new s3.Bucket(scope, 'AccessLogs', {
      // ALB access logs support SSE-S3 only.
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      lifecycleRules: [{ expiration: this.options.retention ?? defaults.ALB_ACCESS_LOG_RETENTION }],
      serverAccessLogsBucket: this.options.serverAccessLogsBucket,
    });
    loadBalancer.logAccessLogs(bucket, this.options.prefix);
    return bucket;
  }
}

/** The checks both bucket choices share: a stack with a known Region, and a prefix ELB accepts. */
function validateRegionAndPrefix(v: PropsValidator, scope: Construct | undefined, prefix: string | undefined, prop: string): void {
  // The bucket policy names the Region's Elastic Load Balancing account (or, in Regions opened
  // since August 2022, its log delivery service): aws-cdk-lib needs the stack's Region to pick it.
  if (scope && Token.isUnresolved(Stack.of(scope).region)) {
    v.fail(`'${prop}' needs a stack with a known Region (env: { region }): the bucket policy must name the ` +
      'Elastic Load Balancing log writer of that Region, got an environment-agnostic stack');
  }
  // ELB appends AWSLogs/<account>/... itself and rejects prefixes that contain it.
  // https://docs.aws.amazon.com/elasticloadbalancing/latest/application/enable-access-logging.html
  if (prefix !== undefined && !Token.isUnresolved(prefix)) {
    if (prefix.includes('AWSLogs')) {
      v.fail(`'${prop}' prefix must not contain 'AWSLogs' (Elastic Load Balancing adds it after the prefix), got '${prefix}'`);
    }
    if (prefix.startsWith('/') || prefix.endsWith('/')) {
      v.fail(`'${prop}' prefix must not start or end with '/' (it is joined to 'AWSLogs/' with one), got '${prefix}'`);
    }
  }
}
