import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import {
  EssentialFargateService, EssentialQueueWorker, EssentialScheduledJob, FireLensDestination, JobSchedule, LoadBalancing,
  ServiceLogging,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const key = new kms.Key(stack, 'Key');
  return { stack, cluster, key };
}

/** The statement AWS's "Encrypt log data using AWS KMS" step 2 puts in the key policy. */
const LOGS_KEY_STATEMENT = {
  Effect: 'Allow',
  Principal: { Service: 'logs.eu-west-1.amazonaws.com' },
  Action: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
  Resource: '*',
  Condition: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':logs:eu-west-1:111122223333:log-group:*']] } } },
};

function expectEncrypted(template: Template, count: number) {
  const groups = template.findResources('AWS::Logs::LogGroup', { Properties: { KmsKeyId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Key'), 'Arn'] } } });
  expect(Object.keys(groups)).toHaveLength(count);
  template.hasResourceProperties('AWS::KMS::Key', {
    KeyPolicy: { Statement: Match.arrayWith([LOGS_KEY_STATEMENT]) },
  });
}

describe('ServiceLogging encryptionKey', () => {
  test('awsLogs({ encryptionKey }) encrypts the service\'s log group and lets CloudWatch Logs use the key', () => {
    const { stack, cluster, key } = setup();
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: ServiceLogging.awsLogs({ encryptionKey: key }),
    });
    expectEncrypted(Template.fromStack(stack), 1);
  });

  test('fireLens({ encryptionKey }) encrypts the service\'s and the log router\'s log groups', () => {
    const { stack, cluster, key } = setup();
    new EssentialFargateService(stack, 'Api', {
      image,
      cluster,
      loadBalancing: LoadBalancing.none(),
      logging: ServiceLogging.fireLens({ destination: FireLensDestination.cloudWatchLogs(), encryptionKey: key }),
    });
    expectEncrypted(Template.fromStack(stack), 2);
  });

  test('the queue worker and the scheduled job encrypt their log groups; the key policy holds one statement for all', () => {
    const { stack, cluster, key } = setup();
    const logging = ServiceLogging.awsLogs({ encryptionKey: key });
    new EssentialQueueWorker(stack, 'Worker', { image, cluster, logging });
    new EssentialScheduledJob(stack, 'Job', { image, cluster, logging, schedule: JobSchedule.cron({ hour: '2' }) });
    const template = Template.fromStack(stack);
    expectEncrypted(template, 2);
    const statements = (Object.values(template.findResources('AWS::KMS::Key'))[0] as any).Properties.KeyPolicy.Statement;
    expect(statements.filter((s: any) => JSON.stringify(s.Principal).includes('logs.'))).toHaveLength(1);
  });

  test('without a key, log groups have no KmsKeyId (default pinned)', () => {
    const { stack, cluster } = setup();
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none() });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: Match.absent() });
  });

  test('an imported key cannot be edited: a warning says what its key policy must allow', () => {
    const { stack, cluster } = setup();
    const key = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: ServiceLogging.awsLogs({ encryptionKey: key }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::Logs::LogGroup', { KmsKeyId: key.keyArn });
    Annotations.fromStack(stack).hasWarning('/Test/Api/Logs', Match.stringLikeRegexp('logs.eu-west-1.amazonaws.com.*kms:EncryptionContext:aws:logs:arn'));
  });

  test('a key of another stack gets the statement without a reference back to the service\'s stack', () => {
    const app = new App();
    const keys = new Stack(app, 'Keys');
    const key = new kms.Key(keys, 'Key');
    const stack = new Stack(app, 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    new EssentialFargateService(stack, 'Api', {
      image, cluster, loadBalancing: LoadBalancing.none(), logging: ServiceLogging.awsLogs({ encryptionKey: key }),
    });
    expect(() => app.synth()).not.toThrow();
    Template.fromStack(keys).hasResourceProperties('AWS::KMS::Key', {
      KeyPolicy: { Statement: Match.arrayWith([Match.objectLike({ Action: LOGS_KEY_STATEMENT.Action })]) },
    });
  });
});
