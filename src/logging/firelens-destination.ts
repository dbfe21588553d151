import { Annotations, Aws, Token, Tokenization } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct, IConstruct } from 'constructs';
import * as defaults from '../private/defaults';
import { PropsValidator } from '../private/validation';
import { BoundDestination, FireLensDestinationContext } from './private/destination-binding';
import { CONTAINER_PORT } from '../private/limits';

/**
 * Options of `FireLensDestination.cloudWatchLogs()`.
 */
export interface FireLensCloudWatchLogsOptions {
  /**
   * The log group the application's logs go to.
   *
   * @default - the service's log group (`service.logGroup`, retention set)
   */
  readonly logGroup?: logs.ILogGroup;
}

/**
 * Options of `FireLensDestination.kinesisFirehose()`.
 */
export interface FireLensFirehoseOptions {
  /** The Amazon Data Firehose stream the application's logs go to (e.g. on to S3 or OpenSearch). */
  readonly deliveryStream: firehose.IDeliveryStream;
}

/**
 * Options of `FireLensDestination.s3()`.
 */
export interface FireLensS3Options {
  /** The bucket the application's logs go to, as newline-delimited JSON objects. */
  readonly bucket: s3.IBucket;

  /**
   * Key prefix of the log objects; the task role may write under it only. Must not start with '/'.
   *
   * @default 'fluent-bit-logs/'
   */
  readonly prefix?: string;
}

/**
 * Options of `FireLensDestination.http()`.
 */
export interface FireLensHttpOptions {
  /** Host name of the HTTP endpoint, without scheme or path (e.g. `logs.example.com`). */
  readonly host: string;

  /**
   * Port of the endpoint (1–65535).
   *
   * @default 443
   */
  readonly port?: number;

  /**
   * Path the logs are posted to; must start with '/'.
   *
   * @default '/'
   */
  readonly uri?: string;

  /**
   * Body format of the Fluent Bit http output: `json`, `json_lines`, `json_stream`, `msgpack` or `gelf`.
   *
   * @default 'json'
   */
  readonly format?: string;

  /**
   * Use TLS. Turn it off only for endpoints inside the VPC.
   *
   * @default true
   */
  readonly tls?: boolean;
}

/** The Fluent Bit http output's body formats (https://docs.fluentbit.io/manual/pipeline/outputs/http). */
const HTTP_FORMATS = ['json', 'json_lines', 'json_stream', 'msgpack', 'gelf'];

/**
 * Where the FireLens log router (AWS for Fluent Bit) sends the application's logs, and the one
 * grant the task role gets for it: write on exactly that log group, stream, bucket prefix, or
 * nothing for an HTTP endpoint.
 *
 * Each destination is one Fluent Bit output plugin configured through the `awsfirelens` log driver.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_firelens.html
 */
export abstract class FireLensDestination {
  /**
   * CloudWatch Logs through the Fluent Bit `cloudwatch_logs` output. The task role may create
   * streams in and put events to the log group only.
   *
   * @param options the log group
   * @see https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch
   */
  public static cloudWatchLogs(options: FireLensCloudWatchLogsOptions = {}): FireLensDestination {
    return new CloudWatchLogsDestination(options);
  }

  /**
   * Amazon Data Firehose through the Fluent Bit `kinesis_firehose` output. The task role may put
   * records to the stream only.
   *
   * @param options the delivery stream
   * @see https://docs.fluentbit.io/manual/pipeline/outputs/firehose
   */
  public static kinesisFirehose(options: FireLensFirehoseOptions): FireLensDestination {
    return new FirehoseDestination(options);
  }

  /**
   * Amazon S3 through the Fluent Bit `s3` output with PutObject uploads. The task role may put
   * objects under the prefix only (and generate data keys with the bucket's KMS key, if it has one).
   *
   * @param options the bucket and the key prefix
   * @see https://docs.fluentbit.io/manual/pipeline/outputs/s3
   */
  public static s3(options: FireLensS3Options): FireLensDestination {
    return new S3Destination(options);
  }

  /**
   * Any HTTP endpoint (a log vendor, a collector) through the Fluent Bit `http` output. The task role
   * gets nothing: give the endpoint's credentials through the vendor's own mechanism.
   *
   * @param options host, port, path, format and TLS
   * @see https://docs.fluentbit.io/manual/pipeline/outputs/http
   */
  public static http(options: FireLensHttpOptions): FireLensDestination {
    return new HttpDestination(options);
  }

  /**
   * The problems of the destination's options.
   *
   * @internal
   */
  public abstract _validate(): string[];

  /**
   * The output plugin options and the grant for the task role.
   *
   * @internal
   */
  public abstract _bind(ctx: FireLensDestinationContext): BoundDestination;
}

/** `cloudWatchLogs()`: the Fluent Bit `cloudwatch_logs` output. */
class CloudWatchLogsDestination extends FireLensDestination {
  constructor(private readonly options: FireLensCloudWatchLogsOptions) {
    super();
  }

  public _validate(): string[] {
    return [];
  }

  public _bind(ctx: FireLensDestinationContext): BoundDestination {
    const logGroup = this.options.logGroup ?? ctx.serviceLogGroup;
    return {
      options: {
        Name: 'cloudwatch_logs',
        region: Aws.REGION,
        log_group_name: logGroup.logGroupName,
        log_stream_prefix: `${ctx.containerName}/`,
      },
      grant: (role) => logGroup.grantWrite(role),
    };
  }
}

/** `kinesisFirehose()`: the Fluent Bit `kinesis_firehose` output. */
class FirehoseDestination extends FireLensDestination {
  constructor(private readonly options: FireLensFirehoseOptions) {
    super();
  }

  public _validate(): string[] {
    return [];
  }

  public _bind(): BoundDestination {
    const stream = this.options.deliveryStream;
    return {
      options: {
        Name: 'kinesis_firehose',
        region: Aws.REGION,
        delivery_stream: stream.deliveryStreamName,
      },
      grant: (role) => stream.grantPutRecords(role),
    };
  }
}

/** `s3()`: the Fluent Bit `s3` output with PutObject uploads. */
class S3Destination extends FireLensDestination {
  private readonly prefix: string;

  constructor(private readonly options: FireLensS3Options) {
    super();
    this.prefix = options.prefix ?? defaults.FIRELENS_S3_PREFIX;
  }

  public _validate(): string[] {
    const prefix = this.prefix;
    const problems: string[] = [];
    if (!Token.isUnresolved(prefix) && /[*?]/.test(prefix)) {
      // The grant is `${prefix}*`: a wildcard in the prefix would widen it ('a*/' → a grant on a*/*).
      problems.push('\'logging\' FireLensDestination.s3 \'prefix\' must not contain \'*\' or \'?\' (the task role\'s grant is on the ' +
        `prefix followed by *, so a wildcard in it widens the grant to other keys), got '${prefix}'`);
    }
    if (!Token.isUnresolved(prefix) && prefix.startsWith('/')) {
      problems.push(`'logging' FireLensDestination.s3 'prefix' must not start with '/' (S3 keys have no leading slash), got '${prefix}'`);
    }
    return problems;
  }

  public _bind(): BoundDestination {
    const { bucket } = this.options;
    const prefix = this.prefix;
    return {
      options: {
        Name: 's3',
        region: Aws.REGION,
        bucket: bucket.bucketName,
        // One object per upload with PutObject: the role needs s3:PutObject only, no multipart actions.
        use_put_object: 'On',
        total_file_size: defaults.FIRELENS_S3_TOTAL_FILE_SIZE,
        upload_timeout: defaults.FIRELENS_S3_UPLOAD_TIMEOUT,
        // The FireLens tag holds the container name and the task ID: one folder per task.
        s3_key_format: `/${prefix}$TAG/%Y/%m/%d/%H-%M-%S`,
      },
      grant: (role) => {
        warnAboutSharedPrefix(bucket, prefix, role);
        // bucket.grantPut() would add s3:Abort* and the KMS wildcards; PutObject is all the output calls.
        const grant = iam.Grant.addToPrincipalOrResource({
          grantee: role,
          actions: ['s3:PutObject'],
          resourceArns: [bucket.arnForObjects(`${prefix}*`)],
          resource: bucket,
        });
        bucket.encryptionKey?.grant(role, 'kms:GenerateDataKey');
        return grant;
      },
    };
  }
}

/** `http()`: the Fluent Bit `http` output. */
class HttpDestination extends FireLensDestination {
  private readonly port: number;
  private readonly uri: string;
  private readonly format: string;
  private readonly tls: boolean;

  constructor(private readonly options: FireLensHttpOptions) {
    super();
    this.port = options.port ?? defaults.FIRELENS_HTTP_PORT;
    this.uri = options.uri ?? defaults.FIRELENS_HTTP_URI;
    this.format = options.format ?? defaults.FIRELENS_HTTP_FORMAT;
    this.tls = options.tls ?? defaults.FIRELENS_HTTP_TLS;
  }

  public _validate(): string[] {
    const v = new PropsValidator();
    const { host } = this.options;
    const { uri, format } = this;
    if (!Token.isUnresolved(host)) {
      if (host.trim() === '') {
        v.fail('\'logging\' FireLensDestination.http \'host\' must be a host name such as \'logs.example.com\', got an empty string');
      } else if (host.includes('://') || host.includes('/') || /\s/.test(host)) {
        v.fail(`'logging' FireLensDestination.http 'host' must be a host name without scheme, path or spaces (e.g. 'logs.example.com'), got '${host}'`);
      }
    }
    v.integerInRange('logging FireLensDestination.http port', this.options.port, CONTAINER_PORT.min!, CONTAINER_PORT.max!);
    if (!Token.isUnresolved(uri) && !uri.startsWith('/')) {
      v.fail(`'logging' FireLensDestination.http 'uri' must start with '/', got '${uri}'`);
    }
    if (!Token.isUnresolved(format) && !HTTP_FORMATS.includes(format)) {
      v.fail(`'logging' FireLensDestination.http 'format' must be one of ${HTTP_FORMATS.join(', ')}, got '${format}'`);
    }
    return v.problems;
  }

  public _bind(): BoundDestination {
    return {
      options: {
        Name: 'http',
        Host: this.options.host,
        Port: Tokenization.stringifyNumber(this.port),
        URI: this.uri,
        Format: this.format,
        tls: this.tls ? 'On' : 'Off',
      },
    };
  }
}

/** The log prefixes of the app's FireLens S3 destinations, by bucket, with the task role that writes there. */
const S3_LOG_PREFIXES = new WeakMap<s3.IBucket, Array<{ readonly prefix: string; readonly role: IConstruct }>>();

/**
 * Each service's task role may write `${prefix}*` of the bucket: two services whose prefixes overlap (the same
 * default prefix, or an empty one, on one bucket) can overwrite each other's log objects. Warn on the second,
 * naming both, with the way out: a prefix per service (`prefix: 'orders/'`). Token prefixes are not compared.
 */
function warnAboutSharedPrefix(bucket: s3.IBucket, prefix: string, grantee: iam.IGrantable): void {
  if (!Construct.isConstruct(grantee)) {
    return;
  }
  const role: IConstruct = grantee;
  const seen = S3_LOG_PREFIXES.get(bucket) ?? [];
  S3_LOG_PREFIXES.set(bucket, [...seen, { prefix, role }]);
  if (Token.isUnresolved(prefix)) {
    return;
  }
  const other = seen.find((o) => !Token.isUnresolved(o.prefix) && (o.prefix.startsWith(prefix) || prefix.startsWith(o.prefix)));
  if (other) {
    Annotations.of(role).addWarningV2('cdk-ecs-essentials:fireLensS3SharedPrefix',
      `FireLensDestination.s3 'prefix' '${prefix}' overlaps '${other.prefix}', which '${other.role.node.path}' writes in the same bucket ` +
      `'${bucket.node.path}': each task role may overwrite the other's log objects. Give each service its own prefix (prefix: '<service>/').`);
  }
}
