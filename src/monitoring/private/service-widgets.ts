import { Lazy, Stack } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { containerInsightsMetric, ScheduledWindow, serverDiscoveryName, serviceConnectAsTarget, serviceConnectInbound, serviceConnectOutbound, spotInterruptionRule, spotInterruptions, utilizationMetric, workerQueuesOf, loadBalancedParts } from './service-metrics';
import * as defaults from '../../private/defaults';
import { IEssentialService } from '../../service/essential-service';

/** Dashboards are 24 units wide: three graphs a row. */
export const WIDGET_WIDTH = 8;
export const WIDGET_HEIGHT = 6;

const p50 = cloudwatch.Stats.p(50);
const p99 = cloudwatch.Stats.p(99);

/** The widgets of one service, in dashboard order (rows of three are formed by the caller). */
export function serviceWidgets(service: IEssentialService): cloudwatch.IWidget[] {
  const widgets: cloudwatch.IWidget[] = [
    graph('Tasks: running vs desired', [
      containerInsightsMetric(service, 'DesiredTaskCount', cloudwatch.Stats.AVERAGE, 'Desired'),
      containerInsightsMetric(service, 'RunningTaskCount', cloudwatch.Stats.AVERAGE, 'Running'),
      containerInsightsMetric(service, 'PendingTaskCount', cloudwatch.Stats.AVERAGE, 'Pending'),
    ]),
    new cloudwatch.GraphWidget({
      title: 'CPU and memory utilization (%)',
      left: [
        utilizationMetric(service, 'CPU', cloudwatch.Stats.AVERAGE),
        utilizationMetric(service, 'Memory', cloudwatch.Stats.AVERAGE),
        utilizationMetric(service, 'Memory', cloudwatch.Stats.MAXIMUM),
      ],
      leftYAxis: { min: 0, max: 100, showUnits: false },
      leftAnnotations: [
        { value: defaults.MONITORING_CPU_HIGH_PERCENT, label: 'CPU alarm', color: cloudwatch.Color.ORANGE },
        { value: defaults.MONITORING_MEMORY_HIGH_PERCENT, label: 'Memory alarm', color: cloudwatch.Color.RED },
      ],
      width: WIDGET_WIDTH,
      height: WIDGET_HEIGHT,
    }),
    graph('Deployments', [
      containerInsightsMetric(service, 'DeploymentCount', cloudwatch.Stats.MAXIMUM, 'Deployments in progress'),
      containerInsightsMetric(service, 'TaskSetCount', cloudwatch.Stats.MAXIMUM, 'Task sets'),
    ]),
    spotWidget(service),
  ];
  const groups = targetGroupsOf(service);
  if (groups.length > 0) {
    const period = defaults.MONITORING_PERIOD;
    // Blue/green, canary and linear rollouts move production traffic between two target groups: draw both.
    const each = (f: (tg: elbv2.ApplicationTargetGroup, prefix: string) => cloudwatch.IMetric[]) =>
      groups.flatMap(([prefix, tg]) => f(tg, prefix));
    widgets.push(
      graph('ALB requests and target 5xx',
        each((tg, prefix) => [tg.metrics.requestCount({ period, statistic: cloudwatch.Stats.SUM, label: `${prefix}Requests` })]),
        each((tg, prefix) => [tg.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period, statistic: cloudwatch.Stats.SUM, label: `${prefix}Target 5xx` })])),
      graph('ALB target response time (s)', each((tg, prefix) => [
        tg.metrics.targetResponseTime({ period, statistic: p50, label: `${prefix}p50` }),
        tg.metrics.targetResponseTime({ period, statistic: p99, label: `${prefix}p99` }),
      ])),
      graph('ALB targets', each((tg, prefix) => [
        tg.metrics.healthyHostCount({ period, statistic: cloudwatch.Stats.MINIMUM, label: `${prefix}Healthy (min)` }),
        tg.metrics.unhealthyHostCount({ period, statistic: cloudwatch.Stats.MAXIMUM, label: `${prefix}Unhealthy (max)` }),
      ])),
    );
  }
  const discoveryName = serverDiscoveryName(service);
  if (discoveryName) {
    widgets.push(
      graph(`Service Connect server '${discoveryName}': requests and 5xx`, [
        serviceConnectInbound(service, discoveryName, 'RequestCount', cloudwatch.Stats.SUM, 'Requests in'),
      ], [
        serviceConnectAsTarget(discoveryName, 'HTTPCode_Target_5XX_Count', cloudwatch.Stats.SUM, '5xx answered'),
      ]),
      graph(`Service Connect server '${discoveryName}': response time (ms) and connections`, [
        serviceConnectAsTarget(discoveryName, 'TargetResponseTime', p50, 'p50 response time'),
        serviceConnectAsTarget(discoveryName, 'TargetResponseTime', p99, 'p99 response time'),
      ], [
        serviceConnectInbound(service, discoveryName, 'ActiveConnectionCount', cloudwatch.Stats.SUM, 'Active connections'),
        serviceConnectInbound(service, discoveryName, 'NewConnectionCount', cloudwatch.Stats.SUM, 'New connections'),
      ]),
    );
  }
  if (service.serviceConnect) {
    // Client-server services are clients too: both roles call other services through their proxy.
    widgets.push(
      graph('Service Connect client: requests and 5xx by server', [
        serviceConnectOutbound(service, 'RequestCount', cloudwatch.Stats.SUM, 'Requests to'),
        serviceConnectOutbound(service, 'HTTPCode_Target_5XX_Count', cloudwatch.Stats.SUM, '5xx from'),
      ]),
      graph('Service Connect client: response time by server (ms)', [
        serviceConnectOutbound(service, 'TargetResponseTime', p99, 'p99 of'),
      ]),
    );
  }
  const queues = workerQueuesOf(service);
  if (queues) {
    const period = defaults.MONITORING_PERIOD;
    widgets.push(
      graph('Queue depth', [
        queues.queue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM, label: 'Waiting' }),
        queues.queue.metricApproximateNumberOfMessagesNotVisible({ period, statistic: cloudwatch.Stats.MAXIMUM, label: 'In flight' }),
        ...(queues.deadLetterQueue
          ? [queues.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period, statistic: cloudwatch.Stats.MAXIMUM, label: 'Dead-letter queue' })]
          : []),
      ]),
      graph('Age of oldest message (s)', [
        queues.queue.metricApproximateAgeOfOldestMessage({ period, statistic: cloudwatch.Stats.MAXIMUM, label: 'Oldest message' }),
      ]),
    );
  }
  const schedules = scheduleWidget(service);
  if (schedules) {
    widgets.push(schedules);
  }
  return widgets;
}

/**
 * The target groups to draw with the label prefix of their lines: the service's, and the alternate
 * one of the service constructs (`alternateTargetGroup`) under a traffic-shifting rollout.
 */
function targetGroupsOf(service: IEssentialService): Array<[string, elbv2.ApplicationTargetGroup]> {
  const { targetGroup, alternateTargetGroup } = loadBalancedParts(service);
  if (!targetGroup) {
    return [];
  }
  return alternateTargetGroup
    ? [['Primary: ', targetGroup], ['Alternate: ', alternateTargetGroup]]
    : [['', targetGroup]];
}

function graph(title: string, left: cloudwatch.IMetric[], right: cloudwatch.IMetric[] = []): cloudwatch.GraphWidget {
  return new cloudwatch.GraphWidget({ title, left, right, width: WIDGET_WIDTH, height: WIDGET_HEIGHT });
}

/**
 * Spot interruptions: neither ECS nor Container Insights publishes a metric for them. With
 * `notificationTopic`, the service's EventBridge rule for the interruption warning counts them
 * (`AWS/Events` `TriggeredRules`); without it, the widget says where to look.
 */
function spotWidget(service: IEssentialService): cloudwatch.IWidget {
  const rule = spotInterruptionRule(service);
  if (rule) {
    return graph('Spot interruption warnings', [spotInterruptions(rule)]);
  }
  return new cloudwatch.TextWidget({
    markdown: '### Spot interruption warnings\nECS publishes no metric for them. Give the service `notificationTopic` ' +
      'to receive each warning and count them here (EventBridge `TriggeredRules` of its Spot interruption rule), ' +
      'or look for stopped tasks with stop code `SpotInterruption` in the ECS console.',
    width: WIDGET_WIDTH,
    height: WIDGET_HEIGHT,
  });
}

/**
 * The scheduled-scaling windows of the service, read at synthesis from the scheduled actions of its
 * scalable task count (so schedules added after the monitoring are listed too).
 */
function scheduleWidget(service: IEssentialService): cloudwatch.IWidget | undefined {
  const target = service.scalableTaskCount?.node.findAll().find((c): c is appscaling.CfnScalableTarget => c instanceof appscaling.CfnScalableTarget);
  if (!target) {
    return undefined;
  }
  const markdown = Lazy.string({
    produce: () => {
      const actions = (Stack.of(target).resolve(target.scheduledActions) ?? []) as ScheduledWindow[];
      const capacity = `${Stack.of(target).resolve(target.minCapacity)}–${Stack.of(target).resolve(target.maxCapacity)} tasks`;
      if (actions.length === 0) {
        return `### Scheduled scaling\nNo schedules: target tracking only, ${capacity}.`;
      }
      const rows = actions.map((a) =>
        `| ${a.scheduledActionName} | \`${a.schedule}\` | ${a.timezone ?? 'UTC'} | ${a.scalableTargetAction?.minCapacity ?? '–'} | ${a.scalableTargetAction?.maxCapacity ?? '–'} |`);
      return ['### Scheduled scaling', `Outside the windows: ${capacity}.`, '',
        '| window | schedule | time zone | min | max |', '|---|---|---|---|---|', ...rows].join('\n');
    },
  });
  return new cloudwatch.TextWidget({ markdown, width: WIDGET_WIDTH, height: WIDGET_HEIGHT });
}
