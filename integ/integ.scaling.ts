// Scaling: CPU target tracking, daily peaks in a named time zone, a Black Friday event, SQS backlog per task.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack, TimeZone } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { EssentialFargateService, LoadBalancing, ScheduledCapacity, WeekDay } from '../src';
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
new EssentialFargateService(stack, 'Worker', {
  cluster,
  image,
  loadBalancing: LoadBalancing.none(),
  scaling: { minCapacity: 1, maxCapacity: 10, queue, backlogPerTask: 100 },
});


acknowledgeLoadBalancer(storefront.loadBalancer!, false);
new IntegTest(app, 'ScalingTest', { testCases: [stack] });
synthWithAwsSolutionsChecks(app);
