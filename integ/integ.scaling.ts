// Scaling: CPU target tracking, daily peaks in a named time zone, a Black Friday event, SQS backlog per task.
import { ExpectedResult, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EssentialFargateService, LoadBalancing, ScheduledCapacity, WeekDay } from '../src';
import { DeploymentAssertions, scalableResourceId } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseScaling');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

const storefront = new EssentialFargateService(stack, 'Storefront', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.internalAlb(),
  scaling: {
    minCapacity: 2,
    maxCapacity: 20,
    targetCpuPercent: 60,
    requestsPerTarget: 500,
    schedules: [
      ScheduledCapacity.dailyPeak({
        startHour: 8,
        endHour: 18,
        minCapacity: 6,
        weekDays: [WeekDay.MONDAY, WeekDay.TUESDAY, WeekDay.WEDNESDAY, WeekDay.THURSDAY, WeekDay.FRIDAY],
        timeZone: TimeZone.EUROPE_BERLIN,
      }),
      ScheduledCapacity.event({
        name: 'black-friday-2030',
        start: new Date('2030-11-29T06:00:00Z'),
        end: new Date('2030-11-30T06:00:00Z'),
        minCapacity: 15,
        maxCapacity: 40,
        warmup: Duration.hours(1),
      }),
    ],
  },
});

const dlq = new sqs.Queue(stack, 'OrdersDlq', { enforceSSL: true });
const queue = new sqs.Queue(stack, 'Orders', { enforceSSL: true, deadLetterQueue: { queue: dlq, maxReceiveCount: 5 } });
const worker = new EssentialFargateService(stack, 'Worker', {
  cluster,
  image,
  loadBalancing: LoadBalancing.none(),
  scaling: { minCapacity: 1, maxCapacity: 10, queue, backlogPerTask: 100 },
});


acknowledgeLoadBalancer(storefront.loadBalancer!, false);
const integ = new IntegTest(app, 'ScalingTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// Auto scaling owns the desired count here: the completed rollout (steady state) is the check.
check.serviceSteady(storefront);
check.targetsHealthy(storefront.targetGroup!);
check.serviceSteady(worker);

// Application Auto Scaling registered each schedule with its time and time zone (the event's at() times are UTC).
const storefrontId = scalableResourceId(check.physicalId(storefront.service));
const schedules: Array<[string, Record<string, unknown>]> = [
  ['daily-peak-08-18-mon-fri-scale-up', { Schedule: 'cron(0 8 ? * MON,TUE,WED,THU,FRI *)', Timezone: 'Europe/Berlin', ScalableTargetAction: { MinCapacity: 6 } }],
  ['daily-peak-08-18-mon-fri-scale-down', { Schedule: 'cron(0 18 ? * MON,TUE,WED,THU,FRI *)', Timezone: 'Europe/Berlin', ScalableTargetAction: { MinCapacity: 2 } }],
  // The event starts at 06:00 UTC; the one-hour warm-up moves the scale-up to 05:00 UTC.
  ['black-friday-2030-scale-up', { Schedule: 'at(2030-11-29T05:00:00)', ScalableTargetAction: { MinCapacity: 15, MaxCapacity: 40 } }],
  ['black-friday-2030-scale-down', { Schedule: 'at(2030-11-30T06:00:00)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 20 } }],
];
for (const [name, expected] of schedules) {
  check.chain(integ.assertions.awsApiCall('ApplicationAutoScaling', 'describeScheduledActions', {
    ServiceNamespace: 'ecs', ResourceId: storefrontId, ScheduledActionNames: [name],
  }).expect(ExpectedResult.objectLike({ ScheduledActions: [Match.objectLike(expected)] })));
}

// Each target-tracking policy is attached to its service with its target value.
const policies: Array<[EssentialFargateService, string, number]> = [
  [storefront, 'CpuScaling', 60],
  [storefront, 'RequestCountScaling', 500],
  [worker, 'QueueBacklogScaling', 100],
];
for (const [service, id, targetValue] of policies) {
  const policy = service.node.findAll()
    .find((c) => c instanceof appscaling.CfnScalingPolicy && c.node.scope!.node.id === id) as appscaling.CfnScalingPolicy;
  check.chain(integ.assertions.awsApiCall('ApplicationAutoScaling', 'describeScalingPolicies', {
    ServiceNamespace: 'ecs', ResourceId: scalableResourceId(check.physicalId(service.service)), PolicyNames: [stack.resolve(policy.policyName)],
  }).expect(ExpectedResult.objectLike({
    ScalingPolicies: [Match.objectLike({
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: Match.objectLike({ TargetValue: targetValue }),
    })],
  })));
}
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
