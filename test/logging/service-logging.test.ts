import { App, Duration, Size, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as firehose from 'aws-cdk-lib/aws-kinesisfirehose';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as fc from 'fast-check';
import {
  CapacityMix, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialFargateServiceProps,
  EssentialManagedInstancesCapacity, EssentialManagedInstancesService, EssentialQueueWorker, FireLensDestination, LoadBalancing,
  ServiceLogging,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, vpc, cluster };
}

function synth(props: Partial<EssentialFargateServiceProps> = {}) {
  const { app, stack, cluster } = setup();
  const service = new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), ...props });
  return { app, stack, service, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialFargateServiceProps>) {
  return () => {
    const { stack, cluster } = setup();
    return new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), ...props });
  };
}

function containers(template: Template): any[] {
  const defs = Object.values(template.findResources('AWS::ECS::TaskDefinition'));
  expect(defs).toHaveLength(1);
  return (defs[0] as any).Properties.ContainerDefinitions;
}

function fireLens(destination: FireLensDestination) {
  return ServiceLogging.fireLens({ destination });
}

function policyStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('ServiceLogging.awsLogs()', () => {
  test('without logging, the template is the same as with ServiceLogging.awsLogs()', () => {
    const plain = synth().template.toJSON();
    const explicit = synth({ logging: ServiceLogging.awsLogs() }).template.toJSON();
    expect(explicit).toEqual(plain);
  });

  test('default: non-blocking awslogs with a 25 MiB buffer into the service log group, one month retention', () => {
    const { template } = synth({ logging: ServiceLogging.awsLogs() });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: [Match.objectLike({
        Name: 'app',
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b', 'awslogs-stream-prefix': 'app' }),
        },
      })],
    });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('blocking mode has no buffer size', () => {
    const { template } = synth({ logging: ServiceLogging.awsLogs({ mode: ecs.AwsLogDriverMode.BLOCKING }) });
    const options = containers(template)[0].LogConfiguration.Options;
    expect(options.mode).toBe('blocking');
    expect(options['max-buffer-size']).toBeUndefined();
  });

  test('buffer size and retention are taken from the options', () => {
    const { template } = synth({ logging: ServiceLogging.awsLogs({ maxBufferSize: Size.mebibytes(8), retention: logs.RetentionDays.ONE_WEEK }) });
    expect(containers(template)[0].LogConfiguration.Options['max-buffer-size']).toBe('8388608b');
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
  });

  test('fails when maxBufferSize is given with the blocking mode', () => {
    expect(build({ logging: ServiceLogging.awsLogs({ mode: ecs.AwsLogDriverMode.BLOCKING, maxBufferSize: Size.mebibytes(4) }) }))
      .toThrow(/'maxBufferSize' applies to the NON_BLOCKING mode only/);
  });

  test('fails when both retention and logRetention are given', () => {
    expect(build({ logRetention: logs.RetentionDays.ONE_DAY, logging: ServiceLogging.awsLogs({ retention: logs.RetentionDays.ONE_WEEK }) }))
      .toThrow(/'retention' and 'logRetention' both set/);
  });

  test('fails when maxBufferSize is outside 1–1024 MiB; a token size is not checked', () => {
    expect(build({ logging: ServiceLogging.awsLogs({ maxBufferSize: Size.gibibytes(2) }) })).toThrow(/maxBufferSize \(MiB\)' must be an integer from 1 to 1024, got 2048/);
    // Only this library's check is asserted: whether aws-cdk-lib's awslogs driver accepts a token size depends on its version.
    expect(build({ logging: ServiceLogging.awsLogs({ maxBufferSize: Size.bytes(Token.asNumber({ Ref: 'Buffer' })) }) })).not.toThrow(/maxBufferSize \(MiB\)/);
  });
});

describe('ServiceLogging.fireLens()', () => {
  const { template, service } = synth({ logging: fireLens(FireLensDestination.cloudWatchLogs()) });

  test('adds an essential AWS for Fluent Bit router with 50 MiB reserved, a 10 s stop timeout and ECS metadata', () => {
    const router = containers(template).find((c) => c.Name === 'log-router');
    expect(router).toMatchObject({
      Essential: true,
      MemoryReservation: 50,
      StopTimeout: 10,
      FirelensConfiguration: { Type: 'fluentbit', Options: { 'enable-ecs-log-metadata': 'true' } },
    });
  });

  test('the router image is the stable AWS for Fluent Bit image named by the SSM parameter of the Region', () => {
    const params = template.findParameters('*', { Default: '/aws/service/aws-for-fluent-bit/stable' });
    expect(Object.keys(params)).toHaveLength(1);
    const router = containers(template).find((c) => c.Name === 'log-router');
    expect(router.Image).toEqual({ Ref: Object.keys(params)[0] });
  });

  test('the router logs non-blocking to a log group of its own with the service retention', () => {
    const router = containers(template).find((c) => c.Name === 'log-router');
    expect(router.LogConfiguration.LogDriver).toBe('awslogs');
    expect(router.LogConfiguration.Options).toMatchObject({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b', 'awslogs-stream-prefix': 'log-router' });
    const groups = template.findResources('AWS::Logs::LogGroup');
    expect(Object.keys(groups)).toHaveLength(2);
    expect(router.LogConfiguration.Options['awslogs-group']).toEqual({ Ref: Object.keys(groups).find((k) => k.includes('RouterLogs')) });
    for (const group of Object.values(groups)) {
      expect((group as any).Properties.RetentionInDays).toBe(30);
    }
  });

  test('the application logs through awsfirelens to cloudwatch_logs in the service log group and starts after the router', () => {
    const app = containers(template).find((c) => c.Name === 'app');
    expect(app.LogConfiguration).toEqual({
      LogDriver: 'awsfirelens',
      Options: {
        Name: 'cloudwatch_logs',
        region: { Ref: 'AWS::Region' },
        log_group_name: { Ref: Stack.of(service).getLogicalId(service.logGroup.node.defaultChild as logs.CfnLogGroup) },
        log_stream_prefix: 'app/',
      },
    });
    expect(app.DependsOn).toEqual([{ ContainerName: 'log-router', Condition: 'START' }]);
  });

  test('the execution role pulls only from the aws-for-fluent-bit repository (login on *), the task role writes only the log group', () => {
    const statements = policyStatements(template);
    const pull = statements.find((s) => JSON.stringify(s.Action).includes('ecr:BatchGetImage'));
    expect(pull.Action).toEqual(['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage']);
    expect(JSON.stringify(pull.Resource)).toContain(':repository/aws-for-fluent-bit');
    const login = statements.find((s) => s.Action === 'ecr:GetAuthorizationToken');
    expect(login.Resource).toBe('*');
    const write = statements.find((s) => JSON.stringify(s.Action).includes('logs:PutLogEvents') && JSON.stringify(s.Resource).includes('Arn'));
    expect(write).toBeDefined();
    for (const statement of statements) {
      if (statement.Resource === '*') {
        expect(statement.Action).toBe('ecr:GetAuthorizationToken');
      }
    }
  });

  test('options: router image, memory, stop timeout, log retention and metadata', () => {
    const own = synth({
      logging: ServiceLogging.fireLens({
        destination: FireLensDestination.cloudWatchLogs(),
        routerImage: ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:2.34.3'),
        routerMemoryReservationMiB: 100,
        routerStopTimeout: Duration.seconds(30),
        routerLogRetention: logs.RetentionDays.ONE_WEEK,
        enableEcsLogMetadata: false,
      }),
    }).template;
    const router = containers(own).find((c) => c.Name === 'log-router');
    expect(router).toMatchObject({
      Image: 'public.ecr.aws/aws-observability/aws-for-fluent-bit:2.34.3',
      MemoryReservation: 100,
      StopTimeout: 30,
      FirelensConfiguration: { Options: { 'enable-ecs-log-metadata': 'false' } },
    });
    own.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 7 });
    expect(JSON.stringify(policyStatements(own))).not.toContain('aws-for-fluent-bit');
  });

  test('a given log group receives the logs and only it is writable', () => {
    const { stack, cluster } = setup();
    const logGroup = new logs.LogGroup(stack, 'AppLogs', { retention: logs.RetentionDays.ONE_YEAR });
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: fireLens(FireLensDestination.cloudWatchLogs({ logGroup })),
    });
    const t = Template.fromStack(stack);
    const app = containers(t).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options.log_group_name).toEqual({ Ref: stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup) });
    const write = policyStatements(t).find((s) => JSON.stringify(s.Action).includes('logs:PutLogEvents'));
    expect(JSON.stringify(write.Resource)).toContain(stack.getLogicalId(logGroup.node.defaultChild as logs.CfnLogGroup));
  });

  test('Firehose: kinesis_firehose output and PutRecord(Batch) on that stream only', () => {
    const { stack, cluster } = setup();
    const bucket = new s3.Bucket(stack, 'Lake');
    const deliveryStream = new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(bucket) });
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: fireLens(FireLensDestination.kinesisFirehose({ deliveryStream })),
    });
    const t = Template.fromStack(stack);
    const app = containers(t).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options).toEqual({
      Name: 'kinesis_firehose', region: { Ref: 'AWS::Region' }, delivery_stream: { Ref: stack.getLogicalId(deliveryStream.node.defaultChild as firehose.CfnDeliveryStream) },
    });
    const put = policyStatements(t).find((s) => JSON.stringify(s.Action).includes('firehose:PutRecordBatch'));
    expect(put.Action).toEqual(['firehose:PutRecord', 'firehose:PutRecordBatch']);
    expect(put.Resource).toEqual({ 'Fn::GetAtt': [stack.getLogicalId(deliveryStream.node.defaultChild as firehose.CfnDeliveryStream), 'Arn'] });
  });

  test('S3: s3 output with PutObject uploads under the prefix, s3:PutObject on the prefix only, GenerateDataKey on the bucket key', () => {
    const { stack, cluster } = setup();
    const bucket = new s3.Bucket(stack, 'Logs', { encryptionKey: new kms.Key(stack, 'Key'), encryption: s3.BucketEncryption.KMS });
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: fireLens(FireLensDestination.s3({ bucket, prefix: 'api/' })),
    });
    const t = Template.fromStack(stack);
    const app = containers(t).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options).toMatchObject({
      Name: 's3', use_put_object: 'On', total_file_size: '1M', upload_timeout: '1m', s3_key_format: '/api/$TAG/%Y/%m/%d/%H-%M-%S',
    });
    const statements = policyStatements(t);
    const put = statements.find((s) => s.Action === 's3:PutObject');
    expect(JSON.stringify(put.Resource)).toContain('/api/*');
    const kmsStatement = statements.find((s) => JSON.stringify(s.Action).includes('kms:'));
    expect(kmsStatement.Action).toBe('kms:GenerateDataKey');
  });

  test('S3: default prefix fluent-bit-logs/', () => {
    const { stack, cluster } = setup();
    const bucket = new s3.Bucket(stack, 'Logs');
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), logging: fireLens(FireLensDestination.s3({ bucket })) });
    const app = containers(Template.fromStack(stack)).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options.s3_key_format).toBe('/fluent-bit-logs/$TAG/%Y/%m/%d/%H-%M-%S');
  });

  test('HTTP: http output on 443 with TLS and JSON, and no task-role grant', () => {
    const t = synth({ logging: fireLens(FireLensDestination.http({ host: 'logs.example.com' })) }).template;
    const app = containers(t).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options).toEqual({ Name: 'http', Host: 'logs.example.com', Port: '443', URI: '/', Format: 'json', tls: 'On' });
    const taskRoleStatements = Object.values(t.findResources('AWS::IAM::Policy'))
      .filter((p: any) => JSON.stringify(p.Properties.Roles).includes('TaskRole'));
    expect(taskRoleStatements).toEqual([]);
  });

  test('HTTP options are rendered', () => {
    const t = synth({ logging: fireLens(FireLensDestination.http({ host: 'collector.internal', port: 8888, uri: '/ingest', format: 'json_lines', tls: false })) }).template;
    const app = containers(t).find((c) => c.Name === 'app');
    expect(app.LogConfiguration.Options).toEqual({ Name: 'http', Host: 'collector.internal', Port: '8888', URI: '/ingest', Format: 'json_lines', tls: 'Off' });
  });

  test('fails when the HTTP host is empty or holds a scheme, the port, uri or format are invalid; all reported together', () => {
    expect(build({ logging: fireLens(FireLensDestination.http({ host: '' })) })).toThrow(/'host' must be a host name such as 'logs.example.com', got an empty string/);
    expect(build({ logging: fireLens(FireLensDestination.http({ host: 'https://logs.example.com', port: 0, uri: 'ingest', format: 'xml' })) }))
      .toThrow(/4 invalid props[\s\S]*without scheme[\s\S]*port' must be an integer from 1 to 65535, got 0[\s\S]*'uri' must start with '\/'[\s\S]*'format' must be one of/);
  });

  test('token host, port and uri are not checked', () => {
    const host = Token.asString({ Ref: 'Host' });
    expect(build({ logging: fireLens(FireLensDestination.http({ host, port: Token.asNumber({ Ref: 'Port' }), uri: Token.asString({ Ref: 'Uri' }) })) })).not.toThrow();
  });

  test('fails when the S3 prefix starts with a slash', () => {
    expect(() => {
      const { stack, cluster } = setup();
      const bucket = new s3.Bucket(stack, 'Logs');
      new EssentialFargateService(stack, 'Api', { image, cluster, logging: fireLens(FireLensDestination.s3({ bucket, prefix: '/logs/' })) });
    }).toThrow(/'prefix' must not start with '\/'/);
  });

  test('fails when the S3 prefix holds a wildcard: the grant on prefix* would reach other keys', () => {
    for (const prefix of ['a*/', 'logs?/']) {
      expect(() => {
        const { stack, cluster } = setup();
        const bucket = new s3.Bucket(stack, 'Logs');
        new EssentialFargateService(stack, 'Api', { image, cluster, logging: fireLens(FireLensDestination.s3({ bucket, prefix })) });
      }).toThrow(/'prefix' must not contain '\*' or '\?'/);
    }
  });

  test('fails on Windows tasks', () => {
    expect(build({
      operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
      cpu: 1024,
      memoryLimitMiB: 2048,
      capacity: CapacityMix.onDemandOnly(),
      logging: fireLens(FireLensDestination.cloudWatchLogs()),
    })).toThrow(/ServiceLogging.fireLens\(\) is not available for Windows tasks/);
  });

  test('fails when the router reservation is below 6 MiB or not below the task memory, or its stop timeout exceeds 120 s on Fargate', () => {
    const destination = FireLensDestination.cloudWatchLogs();
    expect(build({ logging: ServiceLogging.fireLens({ destination, routerMemoryReservationMiB: 4 }) })).toThrow(/routerMemoryReservationMiB' must be an integer from 6/);
    expect(build({ logging: ServiceLogging.fireLens({ destination, routerMemoryReservationMiB: 512 }) })).toThrow(/must be less than the task memory \(512 MiB\), got 512/);
    expect(build({ logging: ServiceLogging.fireLens({ destination, routerStopTimeout: Duration.seconds(121) }) })).toThrow(/routerStopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(build({ logging: ServiceLogging.fireLens({ destination, routerMemoryReservationMiB: Token.asNumber({ Ref: 'Mem' }) }) })).not.toThrow();
  });

  test('property: any reservation from 6 MiB below the task memory synthesizes, others throw an Error naming the prop', () => {
    fc.assert(fc.property(fc.integer({ min: -10, max: 600 }), (reservation) => {
      const destination = FireLensDestination.cloudWatchLogs();
      const attempt = build({ logging: ServiceLogging.fireLens({ destination, routerMemoryReservationMiB: reservation }) });
      if (reservation >= 6 && reservation < 512) {
        expect(attempt).not.toThrow();
      } else {
        expect(attempt).toThrow(/routerMemoryReservationMiB/);
      }
    }), { numRuns: 15 });
  });
});

describe('logging on every variant', () => {
  test('EC2, Managed Instances and the queue worker route through FireLens', () => {
    const { stack, cluster } = setup();
    const ec2Capacity = new EssentialEc2Capacity(stack, 'Ec2', { cluster });
    const mi = new EssentialManagedInstancesCapacity(stack, 'Mi', { cluster });
    const destination = FireLensDestination.cloudWatchLogs();
    const services = [
      new EssentialEc2Service(stack, 'OnEc2', { image, capacity: ec2Capacity, loadBalancing: LoadBalancing.none(), logging: ServiceLogging.fireLens({ destination }) }),
      new EssentialEc2Service(stack, 'Bridge', {
        image,
        capacity: ec2Capacity,
        networkMode: ecs.NetworkMode.BRIDGE,
        loadBalancing: LoadBalancing.none(),
        logging: ServiceLogging.fireLens({ destination }),
      }),
      new EssentialManagedInstancesService(stack, 'OnMi', { image, capacity: mi, loadBalancing: LoadBalancing.none(), logging: ServiceLogging.fireLens({ destination }) }),
      new EssentialQueueWorker(stack, 'Worker', { image, cluster, logging: ServiceLogging.fireLens({ destination }) }),
    ];
    const t = Template.fromStack(stack);
    for (const service of services) {
      const def = t.findResources('AWS::ECS::TaskDefinition', {});
      const cfn = def[stack.getLogicalId(service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)];
      const names = cfn.Properties.ContainerDefinitions.map((c: any) => c.Name);
      expect(names).toContain('log-router');
      const app = cfn.Properties.ContainerDefinitions.find((c: any) => c.Name === 'app');
      expect(app.LogConfiguration.LogDriver).toBe('awsfirelens');
      expect(app.DependsOn).toEqual([{ ContainerName: 'log-router', Condition: 'START' }]);
    }
  });
});

describe('the Aspects report nothing on FireLens services', () => {
  test('CloudWatch, Firehose, S3 and HTTP destinations pass EcsLeastPrivilegeChecks and EcsFastDeployChecks', () => {
    const { app, stack, cluster } = setup();
    // The application image from ECR in the Region, so that the image-pull rule (ECSE-FD10) has nothing to say either.
    const ecrImage = ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'), 'v1');
    const bucket = new s3.Bucket(stack, 'Lake', { encryptionKey: new kms.Key(stack, 'Key'), encryption: s3.BucketEncryption.KMS });
    const deliveryStream = new firehose.DeliveryStream(stack, 'Stream', { destination: new firehose.S3Bucket(bucket) });
    const destinations = [
      FireLensDestination.cloudWatchLogs(),
      FireLensDestination.kinesisFirehose({ deliveryStream }),
      FireLensDestination.s3({ bucket }),
      FireLensDestination.http({ host: 'logs.example.com' }),
    ];
    destinations.forEach((destination, i) => new EssentialFargateService(stack, `Service${i}`, {
      image: ecrImage,
      cluster,
      loadBalancing: LoadBalancing.none(),
      logging: ServiceLogging.fireLens({ destination }),
    }));
    expect(findingsOfLibraryAspects(app, stack, true)).toEqual([]);
  });
});

describe('FireLensDestination.s3 on a bucket several services share', () => {
  const shared = (prefixes: Array<string | undefined>) => {
    const { stack, cluster } = setup();
    const bucket = new s3.Bucket(stack, 'Logs');
    prefixes.forEach((prefix, i) => new EssentialFargateService(stack, `Svc${i}`, {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: fireLens(FireLensDestination.s3({ bucket, prefix })),
    }));
    return Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('fireLensS3SharedPrefix'));
  };

  test('two services on the default prefix, or an empty one beside another: a warning naming both', () => {
    const [same] = shared([undefined, undefined]);
    expect(same.entry.data).toMatch(/'fluent-bit-logs\/' overlaps 'fluent-bit-logs\/', which '.*Svc0\/TaskDefinition\/TaskRole' writes in the same bucket/);
    expect(shared(['orders/', ''])).toHaveLength(1);
  });

  test('a prefix per service: no warning', () => {
    expect(shared(['orders/', 'payments/'])).toEqual([]);
  });
});
