import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import { EssentialFargateService, EssentialScheduledJob, JobSchedule, LoadBalancing } from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup() {
  const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const masterKey = new kms.Key(stack, 'TopicKey');
  const topic = new sns.Topic(stack, 'Alerts', { masterKey });
  return { stack, cluster, topic };
}

function keyStatement(principal: string, service: string, resource: string) {
  return {
    Effect: 'Allow',
    Principal: { Service: principal },
    Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    Resource: '*',
    Condition: {
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:${service}:eu-west-1:111122223333:${resource}`]] } },
    },
  };
}

function keyStatements(template: Template): any[] {
  const keys = template.findResources('AWS::KMS::Key');
  return (Object.values(keys)[0] as any).Properties.KeyPolicy.Statement;
}

function topicStatements(template: Template): any[] {
  return Object.values(template.findResources('AWS::SNS::TopicPolicy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('KMS-encrypted notificationTopic', () => {
  test('CloudWatch alarms of enableMonitoring may use the topic\'s key, for this account\'s alarms only', () => {
    const { stack, cluster, topic } = setup();
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), enableMonitoring: true, notificationTopic: topic });
    const template = Template.fromStack(stack);
    expect(keyStatements(template)).toContainEqual(keyStatement('cloudwatch.amazonaws.com', 'cloudwatch', 'alarm:*'));
  });

  test('EventBridge may use the key for this account\'s rules only, and publish for each rule only (aws:SourceArn)', () => {
    const { stack, cluster, topic } = setup();
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), notificationTopic: topic });
    const template = Template.fromStack(stack);
    const keyStatementsOfEvents = keyStatements(template).filter((s) => JSON.stringify(s.Principal).includes('events.'));
    expect(keyStatementsOfEvents).toEqual([keyStatement('events.amazonaws.com', 'events', 'rule/*')]);
    const publish = topicStatements(template).filter((s) => s.Action === 'sns:Publish');
    expect(publish).toHaveLength(3);
    for (const statement of publish) {
      expect(statement).toMatchObject({
        Principal: { Service: 'events.amazonaws.com' },
        Condition: { ArnEquals: { 'aws:SourceArn': { 'Fn::GetAtt': [expect.stringMatching(/^Api.*Rule/), 'Arn'] } } },
      });
    }
  });

  test('the scheduled job\'s rules and dead-letter alarm get the same statements', () => {
    const { stack, cluster, topic } = setup();
    new EssentialScheduledJob(stack, 'Job', { image, cluster, schedule: JobSchedule.cron({ hour: '2' }), notificationTopic: topic });
    const template = Template.fromStack(stack);
    expect(keyStatements(template)).toEqual(expect.arrayContaining([
      keyStatement('cloudwatch.amazonaws.com', 'cloudwatch', 'alarm:*'),
      keyStatement('events.amazonaws.com', 'events', 'rule/*'),
    ]));
    expect(topicStatements(template).filter((s) => s.Action === 'sns:Publish' && !s.Condition)).toEqual([]);
  });

  test('an unencrypted topic gets no key statements, and its publish statements are still conditioned', () => {
    const stack = new Stack(new App(), 'Test');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const topic = new sns.Topic(stack, 'Alerts');
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), notificationTopic: topic });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::KMS::Key', 0);
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Condition: { ArnEquals: Match.anyValue() } })]) },
    });
  });

  test('an imported key cannot be edited: a warning says what its key policy must allow', () => {
    const stack = new Stack(new App(), 'Test', { env: { account: '111122223333', region: 'eu-west-1' } });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const masterKey = kms.Key.fromKeyArn(stack, 'Imported', 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab');
    const topic = new sns.Topic(stack, 'Alerts', { masterKey });
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), enableMonitoring: true, notificationTopic: topic });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('cloudwatch.amazonaws.com kms:Decrypt and kms:GenerateDataKey\\*'));
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('events.amazonaws.com kms:Decrypt'));
  });

  test('a topic of another stack is published to by this account\'s rules (no cycle between the stacks)', () => {
    const app = new App();
    const env = { account: '111122223333', region: 'eu-west-1' };
    const shared = new Stack(app, 'Shared', { env });
    const topic = new sns.Topic(shared, 'Alerts', { masterKey: new kms.Key(shared, 'TopicKey') });
    const stack = new Stack(app, 'Test', { env });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    new EssentialFargateService(stack, 'Api', { image, cluster, loadBalancing: LoadBalancing.none(), notificationTopic: topic });
    expect(() => app.synth()).not.toThrow();
    const publish = topicStatements(Template.fromStack(shared)).filter((s) => s.Action === 'sns:Publish');
    expect(publish).toHaveLength(1);
    expect(publish[0].Condition).toEqual({
      StringEquals: { 'aws:SourceAccount': '111122223333' },
      ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':events:eu-west-1:111122223333:rule/*']] } },
    });
  });
});
