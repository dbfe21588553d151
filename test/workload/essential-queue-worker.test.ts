import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  CapacityMix, EcsFault, EssentialFargateService, EssentialQueueWorker, IEssentialService, LoadBalancing, ServiceConnectMode,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  return { app, stack, cluster };
}

describe('EssentialQueueWorker', () => {
  describe('defaults', () => {
    // GIVEN
    const { stack, cluster } = setup();
    // WHEN
    const worker = new EssentialQueueWorker(stack, 'Worker', { image, cluster });
    const template = Template.fromStack(stack);

    test('creates an encrypted queue with a dead-letter queue after 5 receives, both TLS only', () => {
      template.resourceCountIs('AWS::SQS::Queue', 2);
      template.hasResourceProperties('AWS::SQS::Queue', {
        SqsManagedSseEnabled: true,
        VisibilityTimeout: 120,
        RedrivePolicy: { deadLetterTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerDeadLetterQueue'), 'Arn'] }, maxReceiveCount: 5 },
      });
      template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true, MessageRetentionPeriod: 1209600 });
      template.resourcePropertiesCountIs('AWS::SQS::QueuePolicy', {
        PolicyDocument: { Statement: [Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })] },
      }, 2);
      expect(worker.deadLetterQueue).toBeDefined();
      expect(worker.queue).toBeInstanceOf(sqs.Queue);
    });

    test('the task role may consume exactly the worker queue and nothing else', () => {
      template.hasResourceProperties('AWS::IAM::Policy', {
        Roles: [{ Ref: Match.stringLikeRegexp('WorkerServiceTaskDefinitionTaskRole') }],
        PolicyDocument: {
          Statement: [{
            Effect: 'Allow',
            Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
            Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerQueue'), 'Arn'] },
          }],
        },
      });
    });

    test('runs Graviton tasks with a 60 s stop timeout and QUEUE_URL, without a load balancer', () => {
      template.hasResourceProperties('AWS::ECS::TaskDefinition', {
        RuntimePlatform: { CpuArchitecture: 'ARM64', OperatingSystemFamily: 'LINUX' },
        Cpu: '256',
        Memory: '512',
        ContainerDefinitions: [Match.objectLike({
          Name: 'app',
          StopTimeout: 60,
          Environment: [{ Name: 'QUEUE_URL', Value: { Ref: Match.stringLikeRegexp('WorkerQueue') } }],
        })],
      });
      template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
      // A worker is an IEssentialService without load-balancer members.
      expect('targetGroup' in worker).toBe(false);
      expect('loadBalancer' in worker).toBe(false);
      expect('listener' in worker).toBe(false);
    });

    test('weights capacity to Spot with one On-Demand task first, and starts at zero tasks', () => {
      template.hasResourceProperties('AWS::ECS::Service', {
        DesiredCount: 0,
        CapacityProviderStrategy: [
          { CapacityProvider: 'FARGATE', Base: 1, Weight: 1 },
          { CapacityProvider: 'FARGATE_SPOT', Weight: 3 },
        ],
      });
    });

    test('scales from 0 to 10 tasks, tracking 10 messages per running task', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 0, MaxCapacity: 10 });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          TargetValue: 10,
          CustomizedMetricSpecification: { Metrics: Match.arrayWith([Match.objectLike({ Expression: 'm1 / m2' })]) },
        }),
      });
    });

    test('wakes from zero: one task when a message is visible and no task is wanted, on 1-minute metrics', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ExactCapacity',
          Cooldown: 60,
          MetricAggregationType: 'Maximum',
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: Match.stringLikeRegexp('WorkerWakeUpPolicy') }],
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 1,
        EvaluationPeriods: 1,
        DatapointsToAlarm: 1,
        TreatMissingData: 'notBreaching',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'IF(FILL(desired, 0) < 1 AND visible >= 1, 1, 0)' }),
          Match.objectLike({ Id: 'visible', MetricStat: Match.objectLike({ Period: 60, Stat: 'Maximum', Metric: Match.objectLike({ MetricName: 'ApproximateNumberOfMessagesVisible' }) }) }),
          Match.objectLike({ Id: 'desired', MetricStat: Match.objectLike({ Period: 60, Metric: Match.objectLike({ Namespace: 'ECS/ContainerInsights', MetricName: 'DesiredTaskCount' }) }) }),
        ]),
      });
      expect(worker.wakeUpAlarm).toBeDefined();
    });

    test('returns to zero after 15 minutes with nothing visible or in flight; a silent queue counts as empty', () => {
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: Match.objectLike({
          AdjustmentType: 'ExactCapacity',
          StepAdjustments: [{ MetricIntervalUpperBound: 0, ScalingAdjustment: 0 }],
        }),
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        AlarmActions: [{ Ref: Match.stringLikeRegexp('WorkerScaleToZeroPolicy') }],
        ComparisonOperator: 'LessThanOrEqualToThreshold',
        Threshold: 0,
        EvaluationPeriods: 15,
        DatapointsToAlarm: 15,
        TreatMissingData: 'breaching',
        Metrics: Match.arrayWith([
          Match.objectLike({ Expression: 'FILL(visible, 0) + FILL(inFlight, 0)' }),
          Match.objectLike({ Id: 'inFlight', MetricStat: Match.objectLike({ Period: 60, Metric: Match.objectLike({ MetricName: 'ApproximateNumberOfMessagesNotVisible' }) }) }),
        ]),
      });
      expect(worker.emptyQueueAlarm).toBeDefined();
    });

    test('log group keeps one month', () => {
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
    });

    test('is an IEssentialService made of an EssentialFargateService', () => {
      const service: IEssentialService = worker;
      expect(service.service).toBe(worker.essentialService.service);
      expect(worker.essentialService).toBeInstanceOf(EssentialFargateService);
      expect(worker.scalableTaskCount).toBeDefined();
      expect(worker.connections.securityGroups.length).toBe(1);
    });
  });

  test('consumes a given queue without creating one, and warns when it has no dead-letter queue', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.minutes(5) });
    // WHEN
    const worker = new EssentialQueueWorker(stack, 'Worker', { image, cluster, queue });
    // THEN
    expect(worker.queue).toBe(queue);
    expect(worker.deadLetterQueue).toBeUndefined();
    Template.fromStack(stack).resourceCountIs('AWS::SQS::Queue', 1);
    Template.fromStack(stack).hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: { Statement: [Match.objectLike({ Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Jobs'), 'Arn'] } })] },
    });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('has no dead-letter queue'));
  });

  test('with minCapacity 1 there is no wake-up or scale-to-zero path', () => {
    const { stack, cluster } = setup();
    const worker = new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { minCapacity: 1, maxCapacity: 4, backlogPerTask: 50 } });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', { MinCapacity: 1, MaxCapacity: 4 });
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalingPolicy', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::ECS::Service', { DesiredCount: 1 });
    expect(worker.wakeUpAlarm).toBeUndefined();
  });

  test('scaleToZeroAfter sets the empty-queue alarm length', () => {
    const { stack, cluster } = setup();
    new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { scaleToZeroAfter: Duration.minutes(5) } });
    Template.fromStack(stack).hasResourceProperties('AWS::CloudWatch::Alarm', { EvaluationPeriods: 5, DatapointsToAlarm: 5, Threshold: 0 });
  });

  test('capacity, stopTimeout and the service features reach the inner service', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const topic = new sns.Topic(stack, 'Topic');
    const server = new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server() });
    // WHEN
    const worker = new EssentialQueueWorker(stack, 'Worker', {
      image,
      cluster,
      capacity: CapacityMix.onDemandOnly(),
      stopTimeout: Duration.seconds(30),
      notificationTopic: topic,
      serviceConnect: ServiceConnectMode.client(),
      enableFaultInjection: true,
    });
    worker.connectTo(server);
    worker.addChaosExperiments('Chaos', {
      stopConditions: [new cloudwatch.Alarm(stack, 'Stop', { metric: worker.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 1 })],
      faults: [EcsFault.stopTask()],
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Weight: 1 }],
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true }),
    });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({ Name: 'app', StopTimeout: 30 })]),
    });
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 1);
    template.hasResourceProperties('AWS::Events::Rule', { Description: Match.stringLikeRegexp('Spot interruption') });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('WorkerService'), 'GroupId'] },
    });
  });

  test('the library\'s Aspects report nothing on a worker', () => {
    const { app, stack, cluster } = setup();
    new EssentialQueueWorker(stack, 'Worker', { image, cluster });
    new EssentialQueueWorker(stack, 'Given', { image, cluster, queue: new sqs.Queue(stack, 'Q', { visibilityTimeout: Duration.minutes(2), deadLetterQueue: { queue: new sqs.Queue(stack, 'Dlq'), maxReceiveCount: 3 } }) });
    // THEN
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });

  test('warns when the cluster has no Container Insights', () => {
    const { stack } = setup();
    const plain = new ecs.Cluster(stack, 'Plain', { vpc: new ec2.Vpc(stack, 'Vpc2', { maxAzs: 2 }) });
    new EssentialQueueWorker(stack, 'Worker', { image, cluster: plain });
    Annotations.fromStack(stack).hasWarning('/Stack/Worker', Match.stringLikeRegexp('Container Insights is not enabled'));
  });

  describe('validation', () => {
    test('a given queue with SQS defaults (30 s visibility) synthesizes: the default stop timeout follows it, with a warning', () => {
      // GIVEN the Copilot migration case: an existing queue, SQS defaults
      const { stack, cluster } = setup();
      const queue = new sqs.Queue(stack, 'Jobs', { deadLetterQueue: { queue: new sqs.Queue(stack, 'Dlq'), maxReceiveCount: 3 } });
      // WHEN
      new EssentialQueueWorker(stack, 'Worker', { image, cluster, queue });
      // THEN the container stops 30 s after SIGTERM, not the library's 60 s
      Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
        ContainerDefinitions: [Match.objectLike({ Name: 'app', StopTimeout: 30 })],
      });
      Annotations.fromStack(stack).hasWarning('/Stack/Worker',
        Match.stringLikeRegexp("'stopTimeout' follows the visibility timeout of 'queue' \\(30 s, perhaps the SQS default\\) instead of the library's 60 s"));
    });

    test('the default stop timeout never goes below Fargate\'s 2 s, and stays 60 s for a queue that allows it', () => {
      // GIVEN
      const { stack, cluster } = setup();
      const dlq = { queue: new sqs.Queue(stack, 'Dlq'), maxReceiveCount: 3 };
      // WHEN
      new EssentialQueueWorker(stack, 'Fast', { image, cluster, queue: new sqs.Queue(stack, 'Zero', { visibilityTimeout: Duration.seconds(0), deadLetterQueue: dlq }) });
      new EssentialQueueWorker(stack, 'Slow', { image, cluster, queue: new sqs.Queue(stack, 'Long', { visibilityTimeout: Duration.minutes(5), deadLetterQueue: dlq }) });
      // THEN
      const stops = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition'))
        .map((t) => t.Properties.ContainerDefinitions.find((c: any) => c.Name === 'app').StopTimeout);
      expect(stops.sort()).toEqual([2, 60]);
    });

    test('fails when the given queue\'s visibility timeout is shorter than an explicit stop timeout', () => {
      const { stack, cluster } = setup();
      const queue = new sqs.Queue(stack, 'Jobs');
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queue, stopTimeout: Duration.seconds(60) }))
        .toThrow("EssentialQueueWorker 'Stack/Worker': 'queue' visibility timeout 30 s (the SQS default) is shorter than 'stopTimeout' 60 s");
    });

    test('fails when an explicit visibility timeout is shorter than an explicit stop timeout', () => {
      const { stack, cluster } = setup();
      const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(90) });
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queue, stopTimeout: Duration.seconds(100) }))
        .toThrow(/'queue' visibility timeout 90 s is shorter than 'stopTimeout' 100 s/);
    });

    test('skips the visibility check for tokens and imported queues', () => {
      const { stack, cluster } = setup();
      const tokenQueue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.seconds(Token.asNumber({ Ref: 'Visibility' })) });
      const imported = sqs.Queue.fromQueueArn(stack, 'Imported', 'arn:aws:sqs:eu-west-1:111111111111:jobs');
      expect(() => new EssentialQueueWorker(stack, 'A', { image, cluster, queue: tokenQueue })).not.toThrow();
      expect(() => new EssentialQueueWorker(stack, 'B', { image, cluster, queue: imported })).not.toThrow();
      expect(() => new EssentialQueueWorker(stack, 'C', { image, cluster, queue: imported, stopTimeout: Duration.seconds(Token.asNumber({ Ref: 'Stop' })) })).not.toThrow();
    });

    test('fails when minCapacity is above maxCapacity', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { minCapacity: 5, maxCapacity: 2 } }))
        .toThrow("EssentialQueueWorker 'Stack/Worker': 'queueScaling.minCapacity' must be at most maxCapacity 2, got 5");
    });

    test('fails when maxCapacity is 0 or a fraction', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { maxCapacity: 0 } }))
        .toThrow(/'queueScaling.maxCapacity' must be an integer from 1 to 100000, got 0/);
      expect(() => new EssentialQueueWorker(stack, 'Worker2', { image, cluster, queueScaling: { maxCapacity: 2.5 } }))
        .toThrow(/'queueScaling.maxCapacity' must be an integer from 1 to 100000, got 2.5/);
    });

    test('fails when backlogPerTask is not above 0', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { backlogPerTask: 0 } }))
        .toThrow(/'queueScaling.backlogPerTask' must be a number greater than 0, got 0/);
    });

    test('fails when scaleToZeroAfter is not a whole number of minutes from 1 to 1440', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'A', { image, cluster, queueScaling: { scaleToZeroAfter: Duration.seconds(90) } }))
        .toThrow(/'queueScaling.scaleToZeroAfter' must be a whole number of minutes from 1 to 1440.*got 1 minute 30 seconds/);
      expect(() => new EssentialQueueWorker(stack, 'B', { image, cluster, queueScaling: { scaleToZeroAfter: Duration.days(2) } }))
        .toThrow(/'queueScaling.scaleToZeroAfter'/);
    });

    test('reports several problems at once', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queueScaling: { minCapacity: -1, backlogPerTask: -3 } }))
        .toThrow(/2 invalid props:[\s\S]*'queueScaling.minCapacity'[\s\S]*'queueScaling.backlogPerTask'/);
    });

    test('skips scaling checks for tokens', () => {
      const { stack, cluster } = setup();
      expect(() => new EssentialQueueWorker(stack, 'Worker', {
        image,
        cluster,
        queueScaling: {
          minCapacity: Token.asNumber({ Ref: 'Min' }),
          maxCapacity: Token.asNumber({ Ref: 'Max' }),
          backlogPerTask: Token.asNumber({ Ref: 'Backlog' }),
          scaleToZeroAfter: Duration.minutes(Token.asNumber({ Ref: 'Idle' })),
        },
      })).not.toThrow();
    });

    test('fails when the stop timeout is beyond the Fargate maximum (checked by the inner service)', () => {
      const { stack, cluster } = setup();
      const queue = new sqs.Queue(stack, 'Jobs', { visibilityTimeout: Duration.minutes(10) });
      expect(() => new EssentialQueueWorker(stack, 'Worker', { image, cluster, queue, stopTimeout: Duration.seconds(200) }))
        .toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    });
  });
});

describe('EssentialQueueWorker queue Region', () => {
  const inRegion = (region: string) => new Stack(new App(), 'Workers', { env: { account: '111111111111', region } });

  test('fails when an imported queue is in another Region than the worker (its alarms could never read the backlog)', () => {
    const stack = inRegion('eu-west-1');
    const queue = sqs.Queue.fromQueueArn(stack, 'Orders', 'arn:aws:sqs:us-east-1:111111111111:orders');
    expect(() => new EssentialQueueWorker(stack, 'Worker', { image, queue }))
      .toThrow(/'queue' must be in the worker's Region \(eu-west-1\).*got a queue in us-east-1/);
  });

  test('a queue of the same Region synthesizes; an environment-agnostic stack skips the check', () => {
    const stack = inRegion('eu-west-1');
    new EssentialQueueWorker(stack, 'Worker', { image, queue: sqs.Queue.fromQueueArn(stack, 'Orders', 'arn:aws:sqs:eu-west-1:111111111111:orders') });
    expect(Template.fromStack(stack).toJSON()).toBeDefined();
    const agnostic = new Stack(new App(), 'Agnostic');
    expect(() => new EssentialQueueWorker(agnostic, 'Worker', {
      image, queue: sqs.Queue.fromQueueArn(agnostic, 'Orders', 'arn:aws:sqs:us-east-1:111111111111:orders'),
    })).not.toThrow();
  });
});
