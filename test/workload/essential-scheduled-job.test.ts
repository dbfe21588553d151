import { App, Duration, Stack, TimeZone, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { CapacityMix, EssentialScheduledJob, JobSchedule } from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  return { app, stack, cluster };
}

const nightly = JobSchedule.cron({ hour: '2', timeZone: TimeZone.ASIA_SEOUL });

describe('EssentialScheduledJob', () => {
  describe('defaults', () => {
    // GIVEN
    const { stack, cluster } = setup();
    // WHEN
    const job = new EssentialScheduledJob(stack, 'Nightly', { image, cluster, schedule: nightly });
    const template = Template.fromStack(stack);
    const taskDefinitionArn = { Ref: Match.stringLikeRegexp('NightlyTaskDefinition') };

    test('an EventBridge Scheduler schedule in the time zone, on the hour, on Fargate Spot, with retries, event age and a dead-letter queue', () => {
      template.hasResourceProperties('AWS::Scheduler::Schedule', {
        ScheduleExpression: 'cron(0 2 * * ? *)',
        ScheduleExpressionTimezone: 'Asia/Seoul',
        State: 'ENABLED',
        FlexibleTimeWindow: { Mode: 'OFF' },
        Target: {
          Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] },
          RoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('NightlySchedulerRole'), 'Arn'] },
          RetryPolicy: { MaximumRetryAttempts: 5, MaximumEventAgeInSeconds: 3600 },
          DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('NightlyDeadLetterQueue'), 'Arn'] } },
          EcsParameters: Match.objectLike({
            TaskDefinitionArn: taskDefinitionArn,
            CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE_SPOT', Weight: 1 }],
            Group: `family:${job.taskDefinition.family}`,
            PropagateTags: 'TASK_DEFINITION',
            NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ AssignPublicIp: 'DISABLED' }) },
          }),
        },
      });
      expect(job.capacity.spotWeight).toBe(1);
      expect(job.capacity.onDemandWeight).toBe(0);
    });

    test('a Graviton task that gets the whole two-minute Spot notice, with non-blocking logs kept one month', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        Cpu: '256',
        Memory: '512',
        ContainerDefinitions: [Match.objectLike({
          Name: 'app',
          Essential: true,
          StopTimeout: 120,
          LogConfiguration: Match.objectLike({ Options: Match.objectLike({ 'mode': 'non-blocking', 'max-buffer-size': '26214400b' }) }),
        })],
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    test('the dead-letter queue is encrypted, TLS only and keeps messages 14 days', () => {
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      template.hasResourceProperties('AWS::SQS::QueuePolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      });
    });

    test('the Scheduler role is trusted by Scheduler for this account\'s default schedule group only (aws:SourceAccount and aws:SourceArn)', () => {
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: {
          Statement: [{
            Action: 'sts:AssumeRole',
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Condition: {
              StringEquals: {
                'aws:SourceAccount': '111111111111',
                'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':scheduler:eu-west-1:111111111111:schedule-group/default']] },
              },
            },
          }],
        },
      });
    });

    test('the Scheduler role cannot run the task outside the job\'s cluster, even through aws-cdk-lib\'s unconditioned RunTask', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('NightlySchedulerRole') }],
        PolicyDocument: {
          Statement: Match.arrayWith([{
            Action: 'ecs:RunTask',
            Effect: 'Deny',
            Resource: '*',
            Condition: { ArnNotEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] } } },
          }]),
        },
      });
    });

    test('the Scheduler role may run this family in this cluster and pass exactly the two roles to ECS tasks', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('NightlySchedulerRole') }],
        PolicyDocument: {
          Statement: [
            {
              Action: 'ecs:RunTask',
              Effect: 'Allow',
              Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:ecs:eu-west-1:111111111111:task-definition/${job.taskDefinition.family}:*`]] },
              Condition: { ArnEquals: { 'ecs:cluster': { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] } } },
            },
            Match.objectLike({ Action: 'ecs:RunTask', Effect: 'Deny' }),
            {
              Action: 'iam:PassRole',
              Effect: 'Allow',
              Resource: [
                { 'Fn::GetAtt': [Match.stringLikeRegexp('NightlyTaskDefinitionTaskRole'), 'Arn'] },
                { 'Fn::GetAtt': [Match.stringLikeRegexp('NightlyTaskDefinitionExecutionRole'), 'Arn'] },
              ],
              Condition: { StringLike: { 'iam:PassedToService': 'ecs-tasks.amazonaws.com' } },
            },
            { Action: 'ecs:RunTask', Effect: 'Allow', Resource: taskDefinitionArn },
            Match.objectLike({ Action: 'ecs:TagResource' }),
            { Action: 'sqs:SendMessage', Effect: 'Allow', Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('NightlyDeadLetterQueue'), 'Arn'] } },
          ],
        },
      });
    });

    test('the schedule waits for the capacity-provider association of the cluster', () => {
      const schedule = Object.values<any>(template.findResources('AWS::Scheduler::Schedule'))[0];
      expect(schedule.DependsOn).toEqual([expect.stringMatching(/^Cluster[0-9A-F]{8}$/)]);
      expect(template.toJSON().Resources[schedule.DependsOn[0]].Type).toBe('AWS::ECS::ClusterCapacityProviderAssociations');
    });

    test('no notification rules without a topic', () => {
      template.resourceCountIs('AWS::Events::Rule', 0);
      template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    });
  });

  test('rate and one-time schedules', () => {
    const { stack, cluster } = setup();
    new EssentialScheduledJob(stack, 'Hourly', { image, cluster, schedule: JobSchedule.rate(Duration.hours(6)) });
    new EssentialScheduledJob(stack, 'Once', { image, cluster, schedule: JobSchedule.at(new Date('2030-01-01T09:00:00Z'), TimeZone.EUROPE_BERLIN) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'rate(6 hours)' });
    template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'at(2030-01-01T09:00:00)', ScheduleExpressionTimezone: 'Europe/Berlin' });
  });

  test('notificationTopic: a run exiting non-zero, a run failing to start, and a run Scheduler gave up on', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    // WHEN
    const job = new EssentialScheduledJob(stack, 'Nightly', { image, cluster, schedule: nightly, notificationTopic: topic });
    // THEN
    const template = Template.fromStack(stack);
    const base = {
      'source': ['aws.ecs'],
      'detail-type': ['ECS Task State Change'],
    };
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: {
        ...base,
        detail: {
          clusterArn: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] }],
          group: [`family:${job.taskDefinition.family}`],
          lastStatus: ['STOPPED'],
          containers: { name: ['app'], exitCode: [{ 'anything-but': [0] }] },
        },
      },
      Targets: [Match.objectLike({ Arn: { Ref: Match.stringLikeRegexp('Topic') } })],
    });
    template.hasResourceProperties('AWS::Events::Rule', {
      EventPattern: { ...base, detail: Match.objectLike({ stopCode: ['TaskFailedToStart'], lastStatus: ['STOPPED'] }) },
    });
    template.hasResourceProperties('AWS::CloudWatch::Alarm', {
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Namespace: 'AWS/SQS',
      Period: 60,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      AlarmActions: [{ Ref: Match.stringLikeRegexp('Topic') }],
    });
  });

  test('a given dead-letter queue, On-Demand capacity, retries and a disabled schedule', () => {
    const { stack, cluster } = setup();
    const deadLetterQueue = new sqs.Queue(stack, 'Failures');
    new EssentialScheduledJob(stack, 'Job', {
      image,
      cluster,
      schedule: nightly,
      deadLetterQueue,
      capacity: CapacityMix.onDemandOnly(),
      retryAttempts: 0,
      maxEventAge: Duration.minutes(5),
      enabled: false,
      stopTimeout: Duration.seconds(10),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::SQS::Queue', 1);
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      State: 'DISABLED',
      Target: Match.objectLike({
        RetryPolicy: { MaximumRetryAttempts: 0, MaximumEventAgeInSeconds: 300 },
        DeadLetterConfig: { Arn: { 'Fn::GetAtt': [Match.stringLikeRegexp('Failures'), 'Arn'] } },
        EcsParameters: Match.objectLike({ CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }] }),
      }),
    });
  });

  test('runs in the stack\'s default cluster without cluster or vpc', () => {
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const job = new EssentialScheduledJob(stack, 'Job', { image, schedule: nightly });
    expect(job.cluster.node.path).toContain('EcsEssentialsDefaults');
    Template.fromStack(stack).resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('the library\'s Aspects report nothing on a job', () => {
    const { app, stack, cluster } = setup();
    new EssentialScheduledJob(stack, 'Job', { image, cluster, schedule: nightly });
    // THEN
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });

  describe('validation', () => {
    const attempt = (props: Partial<ConstructorParameters<typeof EssentialScheduledJob>[2]>) => {
      const { stack, cluster } = setup();
      return () => new EssentialScheduledJob(stack, 'Job', { image, cluster, schedule: nightly, ...props });
    };

    test('fails when a cron field is out of range, naming the field', () => {
      expect(attempt({ schedule: JobSchedule.cron({ minute: '60' }) }))
        .toThrow("EssentialScheduledJob 'Stack/Job': 'schedule.minute' must be a cron field of 0-59 with , - * /, got '60'");
      expect(attempt({ schedule: JobSchedule.cron({ hour: '24' }) })).toThrow(/'schedule.hour'/);
      expect(attempt({ schedule: JobSchedule.cron({ month: 'FOO' }) })).toThrow(/'schedule.month'/);
      expect(attempt({ schedule: JobSchedule.cron({ weekDay: '8' }) })).toThrow(/'schedule.weekDay'/);
      expect(attempt({ schedule: JobSchedule.cron({ year: '1969' }) })).toThrow(/'schedule.year'/);
      expect(attempt({ schedule: JobSchedule.cron({ hour: '?' }) })).toThrow(/'schedule.hour'/);
    });

    test('accepts the special cron forms', () => {
      expect(attempt({ schedule: JobSchedule.cron({ minute: '0/15', hour: '8-18', weekDay: 'MON-FRI' }) })).not.toThrow();
      expect(attempt({ schedule: JobSchedule.cron({ day: 'L' }) })).not.toThrow();
      expect(attempt({ schedule: JobSchedule.cron({ day: '15W', month: 'JAN,JUL' }) })).not.toThrow();
      expect(attempt({ schedule: JobSchedule.cron({ weekDay: '6L' }) })).not.toThrow();
      expect(attempt({ schedule: JobSchedule.cron({ weekDay: '2#1', year: '2030-2035' }) })).not.toThrow();
    });

    test('fails when both day and weekDay are given', () => {
      expect(attempt({ schedule: JobSchedule.cron({ day: '1', weekDay: 'MON' }) }))
        .toThrow(/'schedule' cannot restrict both 'day' and 'weekDay'/);
    });

    test('fails when the time zone is not an IANA name', () => {
      expect(attempt({ schedule: JobSchedule.cron({ hour: '2', timeZone: TimeZone.of('Mars/Olympus_Mons') }) }))
        .toThrow("EssentialScheduledJob 'Stack/Job': 'schedule.timeZone' must be an IANA time zone name such as 'Europe/Berlin' or 'Asia/Seoul', got 'Mars/Olympus_Mons'");
      expect(attempt({ schedule: JobSchedule.at(new Date('2030-01-01T00:00:00Z'), TimeZone.of('CEST')) })).toThrow(/'schedule.timeZone'/);
    });

    test('fails when the rate is below one minute or not whole minutes', () => {
      expect(attempt({ schedule: JobSchedule.rate(Duration.seconds(30)) }))
        .toThrow(/'schedule' rate must be a whole number of minutes, at least 1 .*got 30 seconds/);
      expect(attempt({ schedule: JobSchedule.rate(Duration.seconds(90)) })).toThrow(/'schedule' rate/);
    });

    test('fails when the one-time date is invalid', () => {
      expect(attempt({ schedule: JobSchedule.at(new Date('not a date')) })).toThrow(/'schedule' JobSchedule.at\(\) needs a valid Date/);
    });

    test('fails when the retry policy is outside Scheduler\'s limits', () => {
      expect(attempt({ retryAttempts: 186 })).toThrow(/'retryAttempts' must be an integer from 0 to 185, got 186/);
      expect(attempt({ maxEventAge: Duration.seconds(30) })).toThrow(/'maxEventAge' must be a whole number of seconds from 60 to 86400/);
    });

    test('fails when stopTimeout, cpu or memory do not fit Fargate', () => {
      expect(attempt({ stopTimeout: Duration.seconds(121) })).toThrow(/'stopTimeout' must be a whole number of seconds from 2 to 120/);
      expect(attempt({ cpu: 300 })).toThrow(/'cpu' must be one of/);
      expect(attempt({ cpu: 256, memoryLimitMiB: 4096 })).toThrow(/'memoryLimitMiB' 4096 is not valid with cpu 256/);
    });

    test('fails when cluster and vpc are both given', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialScheduledJob(stack, 'Job', { image, cluster, vpc: cluster.vpc, schedule: nightly }))
        .toThrow(/'cluster' and 'vpc' are exclusive/);
    });

    test('reports several problems at once', () => {
      expect(attempt({ schedule: JobSchedule.cron({ minute: '61', hour: '25' }), retryAttempts: -1 }))
        .toThrow(/3 invalid props:[\s\S]*'schedule.minute'[\s\S]*'schedule.hour'[\s\S]*'retryAttempts'/);
    });

    test('skips tokens', () => {
      expect(attempt({
        schedule: JobSchedule.cron({ minute: Token.asString({ Ref: 'Minute' }), timeZone: TimeZone.of(Token.asString({ Ref: 'Zone' })) }),
        // retryAttempts and maxEventAge are not here: aws-cdk-lib's Scheduler target itself rejects tokens for them.
        cpu: Token.asNumber({ Ref: 'Cpu' }),
      })).not.toThrow();
      expect(attempt({ schedule: JobSchedule.rate(Duration.minutes(Token.asNumber({ Ref: 'Rate' }))) })).not.toThrow();
    });
  });
});

describe('EssentialScheduledJob monitoring', () => {
  function job(props: { enableMonitoring?: boolean; topic?: boolean }) {
    const stack = new Stack(new App(), 'Jobs');
    const j = new EssentialScheduledJob(stack, 'Nightly', {
      image,
      schedule: JobSchedule.rate(Duration.days(1)),
      enableMonitoring: props.enableMonitoring,
      notificationTopic: props.topic ? new sns.Topic(stack, 'Topic') : undefined,
    });
    return { job: j, template: Template.fromStack(stack) };
  }

  test('no dashboard and no run rules by default', () => {
    const { job: j, template } = job({});
    expect(j.dashboard).toBeUndefined();
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::Events::Rule', 0);
  });

  test('enableMonitoring: a dashboard of runs ended and failed (rule matches), runs Scheduler gave up on, and run durations from the logs', () => {
    const { job: j, template } = job({ enableMonitoring: true });
    expect(j.dashboard).toBeDefined();
    template.resourceCountIs('AWS::Events::Rule', 3);
    // Rules without a topic have no target: they are counted, not forwarded.
    template.allResourcesProperties('AWS::Events::Rule', { Targets: Match.absent() });
    const body = JSON.stringify(Object.values(template.findResources('AWS::CloudWatch::Dashboard'))[0].Properties.DashboardBody);
    for (const expected of ['TriggeredRules', 'RuleName', 'ApproximateNumberOfMessagesVisible', 'Runs ended and failed', 'max(@timestamp) - min(@timestamp)']) {
      expect(body).toContain(expected);
    }
  });

  test('with a topic and monitoring, the failure rules notify and the run-ended rule only counts', () => {
    const { template } = job({ enableMonitoring: true, topic: true });
    const rules = Object.entries(template.findResources('AWS::Events::Rule'));
    expect(rules.filter(([, r]) => r.Properties.Targets !== undefined).map(([id]) => id.replace(/[0-9A-F]{8}$/, '')).sort())
      .toEqual(['NightlyRunFailedRule', 'NightlyRunFailedToStartRule']);
  });
});
