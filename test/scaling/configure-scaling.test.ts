import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { NOW, fargateService, numberParameter, targetGroupFor } from './fixtures';
import { configureScaling } from '../../src/private/configure-scaling';
import {
  DESIRED_COUNT,
  SCALING_SCALE_IN_COOLDOWN,
  SCALING_SCALE_OUT_COOLDOWN,
  SCALING_TARGET_CPU_PERCENT,
} from '../../src/private/defaults';
import { ServiceScalingOptions, ScheduledCapacity } from '../../src/scaling';

const SCALABLE_TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
const SCALING_POLICY = 'AWS::ApplicationAutoScaling::ScalingPolicy';

function policy(metricType: string, targetValue: number): Record<string, unknown> {
  return {
    PolicyType: 'TargetTrackingScaling',
    TargetTrackingScalingPolicyConfiguration: Match.objectLike({
      PredefinedMetricSpecification: Match.objectLike({ PredefinedMetricType: metricType }),
      TargetValue: targetValue,
    }),
  };
}

describe('configureScaling', () => {
  describe('defaults', () => {
    test('minCapacity defaults to the desiredCount the service passes', () => {
      // GIVEN
      const f = fargateService({ desiredCount: 3 });
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10 }, { desiredCount: 3, now: NOW });
      // THEN
      Template.fromStack(f.stack).hasResourceProperties(SCALABLE_TARGET, {
        ServiceNamespace: 'ecs',
        ScalableDimension: 'ecs:service:DesiredCount',
        MinCapacity: 3,
        MaxCapacity: 10,
      });
    });

    test('minCapacity falls back to the library desiredCount when the caller passes none', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10 }, { now: NOW });
      // THEN
      expect(DESIRED_COUNT).toBe(2);
      Template.fromStack(f.stack).hasResourceProperties(SCALABLE_TARGET, { MinCapacity: DESIRED_COUNT });
    });

    test('tracks CPU at 70 % when no target is given', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10 }, { now: NOW });
      // THEN
      expect(SCALING_TARGET_CPU_PERCENT).toBe(70);
      const template = Template.fromStack(f.stack);
      template.resourceCountIs(SCALING_POLICY, 1);
      template.hasResourceProperties(SCALING_POLICY, policy('ECSServiceAverageCPUUtilization', 70));
    });

    test('scales out after 60 s and in after 300 s by default', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10 }, { now: NOW });
      // THEN
      expect(SCALING_SCALE_OUT_COOLDOWN.toSeconds()).toBe(60);
      expect(SCALING_SCALE_IN_COOLDOWN.toSeconds()).toBe(300);
      Template.fromStack(f.stack).hasResourceProperties(SCALING_POLICY, {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({ ScaleOutCooldown: 60, ScaleInCooldown: 300 }),
      });
    });

    test('adds no scheduled action without schedules', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10 }, { now: NOW });
      // THEN
      Template.fromStack(f.stack).hasResourceProperties(SCALABLE_TARGET, { ScheduledActions: Match.absent() });
    });
  });

  describe('target tracking', () => {
    test('returns the service scalable task count for further policies', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      const taskCount = configureScaling(f.service, f.service, { maxCapacity: 10 }, { now: NOW });
      // THEN
      expect(taskCount).toBeInstanceOf(ecs.ScalableTaskCount);
      expect(() => f.service.autoScaleTaskCount({ maxCapacity: 3 })).toThrow(/already enabled/);
    });

    test('memory target alone replaces the default CPU policy', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10, targetMemoryPercent: 80 }, { now: NOW });
      // THEN
      const template = Template.fromStack(f.stack);
      template.resourceCountIs(SCALING_POLICY, 1);
      template.hasResourceProperties(SCALING_POLICY, policy('ECSServiceAverageMemoryUtilization', 80));
    });

    test('CPU and memory targets become one policy each', () => {
      // GIVEN
      const f = fargateService();
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10, targetCpuPercent: 55, targetMemoryPercent: 80 }, { now: NOW });
      // THEN
      const template = Template.fromStack(f.stack);
      template.resourceCountIs(SCALING_POLICY, 2);
      template.hasResourceProperties(SCALING_POLICY, policy('ECSServiceAverageCPUUtilization', 55));
      template.hasResourceProperties(SCALING_POLICY, policy('ECSServiceAverageMemoryUtilization', 80));
    });

    test('requestsPerTarget tracks ALBRequestCountPerTarget of the target group', () => {
      // GIVEN
      const f = fargateService();
      const targetGroup = targetGroupFor(f);
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10, requestsPerTarget: 500 }, { targetGroup, now: NOW });
      // THEN
      const template = Template.fromStack(f.stack);
      template.resourceCountIs(SCALING_POLICY, 1);
      template.hasResourceProperties(SCALING_POLICY, {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({
          PredefinedMetricSpecification: {
            PredefinedMetricType: 'ALBRequestCountPerTarget',
            ResourceLabel: Match.anyValue(),
          },
          TargetValue: 500,
        }),
      });
    });

    test('queue backlog per task is metric math on the L2 scalable target', () => {
      // GIVEN
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10, queue, backlogPerTask: 100 }, { now: NOW });
      // THEN
      const template = Template.fromStack(f.stack);
      const targetId = Object.keys(template.findResources(SCALABLE_TARGET))[0];
      template.resourceCountIs(SCALING_POLICY, 1);
      template.hasResourceProperties(SCALING_POLICY, {
        PolicyName: Match.stringLikeRegexp('QueueBacklogScaling'),
        PolicyType: 'TargetTrackingScaling',
        ScalingTargetId: { Ref: targetId },
        TargetTrackingScalingPolicyConfiguration: {
          TargetValue: 100,
          ScaleInCooldown: 300,
          ScaleOutCooldown: 60,
          CustomizedMetricSpecification: {
            Metrics: [
              Match.objectLike({
                Id: 'm1',
                ReturnData: false,
                MetricStat: {
                  Metric: {
                    Namespace: 'AWS/SQS',
                    MetricName: 'ApproximateNumberOfMessagesVisible',
                    Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Jobs'), 'QueueName'] } }],
                  },
                  Stat: 'Sum',
                },
              }),
              Match.objectLike({
                Id: 'm2',
                ReturnData: false,
                MetricStat: {
                  Metric: {
                    Namespace: 'ECS/ContainerInsights',
                    MetricName: 'RunningTaskCount',
                    Dimensions: [
                      { Name: 'ClusterName', Value: { Ref: Match.stringLikeRegexp('^Cluster') } },
                      { Name: 'ServiceName', Value: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Service'), 'Name'] } },
                    ],
                  },
                  Stat: 'Average',
                },
              }),
              Match.objectLike({ Id: 'e1', Expression: 'm1 / m2', ReturnData: true }),
            ],
          },
        },
      });
    });

    test('given cooldowns apply to every policy', () => {
      // GIVEN
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      // WHEN
      configureScaling(f.service, f.service, {
        maxCapacity: 10,
        targetCpuPercent: 60,
        queue,
        backlogPerTask: 10,
        scaleInCooldown: Duration.minutes(10),
        scaleOutCooldown: Duration.seconds(30),
      }, { now: NOW });
      // THEN
      const policies = Object.values(Template.fromStack(f.stack).findResources(SCALING_POLICY));
      expect(policies).toHaveLength(2);
      for (const p of policies) {
        expect(p.Properties.TargetTrackingScalingPolicyConfiguration).toMatchObject({ ScaleInCooldown: 600, ScaleOutCooldown: 30 });
      }
    });

    test('tokens pass through unchecked', () => {
      // GIVEN
      const f = fargateService();
      const param = (name: string) => numberParameter(f.stack, name);
      // WHEN
      configureScaling(f.service, f.service, {
        minCapacity: param('Min'),
        maxCapacity: param('Max'),
        targetCpuPercent: param('Cpu'),
      }, { now: NOW });
      // THEN
      const template = Template.fromStack(f.stack);
      template.hasResourceProperties(SCALABLE_TARGET, { MinCapacity: { Ref: 'Min' }, MaxCapacity: { Ref: 'Max' } });
      template.hasResourceProperties(SCALING_POLICY, {
        TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: { Ref: 'Cpu' } }),
      });
    });
  });

  describe('warnings', () => {
    test('warns when the queue policy reads Container Insights the cluster does not enable', () => {
      // GIVEN
      const f = fargateService({ containerInsights: false });
      const queue = new sqs.Queue(f.stack, 'Jobs');
      // WHEN
      configureScaling(f.service, f.service, { maxCapacity: 10, queue, backlogPerTask: 10 }, { now: NOW });
      // THEN
      Annotations.fromStack(f.stack).hasWarning('/Stack/Service',
        Match.stringLikeRegexp('RunningTaskCount.*Container Insights is not enabled.*cdk-ecs-essentials:queueScalingNeedsContainerInsights'));
    });

    test('warns when a queue-driven service may scale to zero', () => {
      // GIVEN
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      // WHEN
      configureScaling(f.service, f.service, { minCapacity: 0, maxCapacity: 10, queue, backlogPerTask: 10 }, { now: NOW });
      // THEN
      Annotations.fromStack(f.stack).hasWarning('/Stack/Service',
        Match.stringLikeRegexp('cannot scale out from zero.*cdk-ecs-essentials:queueScalingFromZero'));
    });

    test('no warning for a queue on a Container Insights cluster with a floor of one task', () => {
      // GIVEN
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      // WHEN
      configureScaling(f.service, f.service, { minCapacity: 1, maxCapacity: 10, queue, backlogPerTask: 10 }, { now: NOW });
      // THEN
      Annotations.fromStack(f.stack).hasNoWarning('*', Match.stringLikeRegexp('cdk-ecs-essentials'));
    });
  });

  describe('validation', () => {
    function expectError(options: ServiceScalingOptions, message: RegExp, withTargetGroup = false): void {
      const f = fargateService();
      const targetGroup = withTargetGroup ? targetGroupFor(f) : undefined;
      expect(() => configureScaling(f.service, f.service, options, { targetGroup, now: NOW })).toThrow(message);
    }

    test('fails when maxCapacity is missing', () => {
      expectError({} as ServiceScalingOptions, /'scaling.maxCapacity' is required when scaling is given, got undefined/);
    });

    test('fails when minCapacity exceeds maxCapacity', () => {
      expectError({ minCapacity: 5, maxCapacity: 4 }, /'scaling.minCapacity' must be at most maxCapacity 4, got 5$/);
    });

    test('fails when the desiredCount default exceeds maxCapacity, naming where the minimum came from', () => {
      const f = fargateService();
      expect(() => configureScaling(f.service, f.service, { maxCapacity: 1 }, { desiredCount: 3, now: NOW }))
        .toThrow(/'scaling.minCapacity' must be at most maxCapacity 1, got 3 \(defaulted from desiredCount/);
    });

    test('fails when a capacity is negative or fractional', () => {
      expectError({ minCapacity: -1, maxCapacity: 2.5 },
        /'scaling.maxCapacity' must be a non-negative integer, got 2.5\n.*'scaling.minCapacity' must be a non-negative integer, got -1/);
    });

    test.each([
      ['targetCpuPercent', { targetCpuPercent: 0 }, 0],
      ['targetCpuPercent', { targetCpuPercent: 101 }, 101],
      ['targetMemoryPercent', { targetMemoryPercent: 150 }, 150],
    ])('fails when %s is outside 1-100 (%j)', (prop, extra, received) => {
      expectError({ maxCapacity: 10, ...extra }, new RegExp(`'scaling.${prop}' must be a number from 1 to 100, got ${received}`));
    });

    test('fails when requestsPerTarget is given without a load balancer', () => {
      expectError({ maxCapacity: 10, requestsPerTarget: 100 },
        /'scaling.requestsPerTarget' needs the service behind an Application Load Balancer/);
    });

    test('fails when requestsPerTarget is not positive', () => {
      expectError({ maxCapacity: 10, requestsPerTarget: -5 }, /'scaling.requestsPerTarget' must be a number greater than 0, got -5/, true);
    });

    test('fails when queue is given without backlogPerTask', () => {
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      expect(() => configureScaling(f.service, f.service, { maxCapacity: 10, queue }, { now: NOW }))
        .toThrow(/'scaling.backlogPerTask' is required with 'queue'/);
    });

    test('fails when backlogPerTask is given without a queue', () => {
      expectError({ maxCapacity: 10, backlogPerTask: 10 }, /'scaling.backlogPerTask' needs 'queue'/);
    });

    test('fails when backlogPerTask is zero', () => {
      const f = fargateService();
      const queue = new sqs.Queue(f.stack, 'Jobs');
      expect(() => configureScaling(f.service, f.service, { maxCapacity: 10, queue, backlogPerTask: 0 }, { now: NOW }))
        .toThrow(/'scaling.backlogPerTask' must be a number greater than 0, got 0/);
    });

    test('fails when a cooldown is not whole seconds', () => {
      expectError({ maxCapacity: 10, scaleOutCooldown: Duration.millis(1500) },
        /'scaling.scaleOutCooldown' must be a whole number of seconds, got 1 second 500 millis/);
    });

    test('fails when two schedules share a name', () => {
      const schedule = appscaling.Schedule.cron({ minute: '0', hour: '8' });
      expectError({
        maxCapacity: 10,
        schedules: [
          ScheduledCapacity.schedule({ name: 'morning', schedule, minCapacity: 3 }),
          ScheduledCapacity.schedule({ name: 'morning', schedule, minCapacity: 4 }),
        ],
      }, /'scaling.schedules\[1\].name' must be unique, got 'morning' already used by scaling.schedules\[0\]/);
    });

    test('fails when two daily peaks get the same default name', () => {
      expectError({
        maxCapacity: 10,
        schedules: [
          ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 3 }),
          ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 4 }),
        ],
      }, /'scaling.schedules\[1\].name' must be unique, got 'daily-peak-08-18'/);
    });

    test('fails when scheduled action names collide across schedules', () => {
      expectError({
        maxCapacity: 10,
        schedules: [
          ScheduledCapacity.dailyPeak({ name: 'peak', startHour: 8, endHour: 18, minCapacity: 3 }),
          ScheduledCapacity.schedule({ name: 'peak-scale-up', schedule: appscaling.Schedule.cron({ minute: '0' }), minCapacity: 4 }),
        ],
      }, /'scaling.schedules' must produce unique scheduled action names .* got 'peak-scale-up' twice/);
    });

    test('fails when a schedule was not made by a ScheduledCapacity factory', () => {
      expectError({ maxCapacity: 10, schedules: [{ name: 'x' } as unknown as ScheduledCapacity] },
        /'scaling.schedules\[0\]' must be made with ScheduledCapacity.schedule\(\), dailyPeak\(\) or event\(\)/);
    });

    test('fails when schedules is not an array', () => {
      expectError({ maxCapacity: 10, schedules: 'peak' as unknown as ScheduledCapacity[] },
        /'scaling.schedules' must be an array of ScheduledCapacity, got 'peak'/);
    });

    test('reports every problem in one Error', () => {
      expectError({ minCapacity: 5, maxCapacity: 4, targetCpuPercent: 0, backlogPerTask: 1 },
        /3 invalid props:\n {2}- 'scaling.minCapacity'.*\n {2}- 'scaling.targetCpuPercent'.*\n {2}- 'scaling.backlogPerTask'/);
    });

    test('never throws a TypeError for a plain-JavaScript caller', () => {
      const f = fargateService();
      let error: unknown;
      try {
        configureScaling(f.service, f.service, { maxCapacity: 'ten' as unknown as number, schedules: [null as unknown as ScheduledCapacity] }, { now: NOW });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(/'scaling.maxCapacity' must be a non-negative integer, got 'ten'/);
    });
  });
});
