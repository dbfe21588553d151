import { Lazy } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as sns from 'aws-cdk-lib/aws-sns';
import { dashboardBody, expressionsOf, image, metricsOf, setup, titles, widget } from './support';
import {
  EssentialFargateService, EssentialFargateServiceProps, EssentialQueueWorker, EssentialServiceMonitoring, LoadBalancing, Rollout,
  ScheduledCapacity, ServiceConnectMode,
} from '../../src';

const CLUSTER = 'Ref(ClusterEB0386A7)';

/** A stack with a Fargate service named Web, monitored through `enableMonitoring`. */
function monitored(props: Partial<EssentialFargateServiceProps> = {}) {
  const s = setup();
  const service = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster, enableMonitoring: true, ...props });
  const template = Template.fromStack(s.stack);
  return { ...s, service, template, dashboard: dashboardBody(template) };
}

/** The properties of the alarm whose logical ID contains `part`. */
function alarm(template: Template, part: string): Record<string, any> {
  const found = Object.entries(template.findResources('AWS::CloudWatch::Alarm')).filter(([id]) => id.includes(part));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0][1].Properties;
}

/** The metric of a one-metric alarm, or the named metric of a math alarm, as namespace / name / dimensions / stat. */
function alarmMetric(props: Record<string, any>, id?: string): Record<string, unknown> {
  if (props.Metrics) {
    const entry = props.Metrics.find((m: any) => m.Id === id);
    const stat = entry.MetricStat;
    const metric = stat.Metric;
    return { namespace: metric.Namespace, metricName: metric.MetricName, dimensions: metric.Dimensions, stat: stat.Stat, period: stat.Period };
  }
  return { namespace: props.Namespace, metricName: props.MetricName, dimensions: props.Dimensions, stat: props.Statistic, period: props.Period };
}

const serviceDimensions = [
  { Name: 'ClusterName', Value: { Ref: 'ClusterEB0386A7' } },
  { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['WebServiceD04B5F3E', 'Name'] } },
];

describe('EssentialServiceMonitoring through enableMonitoring', () => {
  // The tests that read the all-defaults stack share one synthesis; none changes it.
  let defaults: ReturnType<typeof monitored>;
  beforeAll(() => {
    defaults = monitored();
  });

  test('no dashboard and no alarms unless monitoring is enabled', () => {
    // GIVEN / WHEN
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    // THEN
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(service.monitoring).toBeUndefined();
  });

  test('one dashboard with a 3-hour default interval; the monitoring is exposed on the service', () => {
    // GIVEN / WHEN
    const { template, service } = defaults;
    // THEN
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(service.monitoring).toBeInstanceOf(EssentialServiceMonitoring);
    expect(dashboardBody(template)).toMatchObject({ start: '-PT3H' } as any);
  });

  test('tasks widget: desired, running and pending tasks from Container Insights, by cluster and service', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    const metrics = metricsOf(widget(dashboard, 'Tasks: running vs desired'));
    expect(metrics.map((m) => [m.namespace, m.metricName])).toEqual([
      ['ECS/ContainerInsights', 'DesiredTaskCount'],
      ['ECS/ContainerInsights', 'RunningTaskCount'],
      ['ECS/ContainerInsights', 'PendingTaskCount'],
    ]);
    for (const m of metrics) {
      expect(m.dimensions).toEqual({ ClusterName: CLUSTER, ServiceName: 'GetAtt(WebServiceD04B5F3E.Name)' });
      expect(m.options.period).toBe(60);
    }
  });

  test('utilization widget: ECS CPU and memory utilization with the alarm thresholds drawn', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    const w = widget(dashboard, 'CPU and memory utilization');
    expect(metricsOf(w).map((m) => [m.namespace, m.metricName, m.options.stat ?? 'Average'])).toEqual([
      ['AWS/ECS', 'CPUUtilization', 'Average'],
      ['AWS/ECS', 'MemoryUtilization', 'Average'],
      ['AWS/ECS', 'MemoryUtilization', 'Maximum'],
    ]);
    expect(w.properties.annotations.horizontal.map((a: any) => a.value)).toEqual([85, 90]);
  });

  test('deployments widget: Container Insights DeploymentCount and TaskSetCount', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    expect(metricsOf(widget(dashboard, 'Deployments')).map((m) => [m.namespace, m.metricName, m.options.stat])).toEqual([
      ['ECS/ContainerInsights', 'DeploymentCount', 'Maximum'],
      ['ECS/ContainerInsights', 'TaskSetCount', 'Maximum'],
    ]);
  });

  test('Spot interruptions: counted by the notification rule (AWS/Events TriggeredRules) when notifications are set', () => {
    // GIVEN
    const s = setup();
    const topic = new sns.Topic(s.stack, 'Alerts');
    // WHEN
    new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster, enableMonitoring: true, notificationTopic: topic });
    // THEN
    const metrics = metricsOf(widget(dashboardBody(Template.fromStack(s.stack)), 'Spot interruption warnings'));
    expect(metrics).toEqual([expect.objectContaining({
      namespace: 'AWS/Events', metricName: 'TriggeredRules', dimensions: { RuleName: 'Ref(WebSpotInterruptionRule6FA96CB1)' },
    })]);
  });

  test('Spot interruptions: a note instead of an invented metric without notifications', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    const w = widget(dashboard, 'Spot interruption warnings');
    expect(w.type).toBe('text');
    expect(w.properties.markdown).toContain('notificationTopic');
  });

  test('ALB widgets: requests, target 5xx, response time and healthy targets of the target group', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    const alb = ['ALB requests and target 5xx', 'ALB target response time', 'ALB targets']
      .flatMap((title) => metricsOf(widget(dashboard, title)));
    expect(alb.map((m) => [m.metricName, m.options.stat])).toEqual([
      ['RequestCount', 'Sum'], ['HTTPCode_Target_5XX_Count', 'Sum'], ['TargetResponseTime', 'p50'], ['TargetResponseTime', 'p99'],
      ['HealthyHostCount', 'Minimum'], ['UnHealthyHostCount', 'Maximum'],
    ]);
    for (const m of alb) {
      expect(m.namespace).toBe('AWS/ApplicationELB');
      expect(m.dimensions.TargetGroup).toBe('GetAtt(WebLoadBalancerListenerTargetGroupB3983AD6.TargetGroupFullName)');
      expect(m.dimensions.LoadBalancer).toContain('WebLoadBalancerListener');
    }
  });

  test('no ALB widgets or alarms for a service without a load balancer', () => {
    // GIVEN / WHEN
    const { dashboard, template } = monitored({ loadBalancing: LoadBalancing.none() });
    // THEN
    expect(titles(dashboard).filter((t) => t.startsWith('ALB'))).toEqual([]);
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.includes('Target'))).toEqual([]);
  });

  test('the recommended alarms of a public web service: CPU, memory, tasks below desired, target 5xx rate, unhealthy targets', () => {
    // GIVEN / WHEN
    const { template, service } = defaults;
    // THEN
    expect(Object.keys(template.findResources('AWS::CloudWatch::Alarm')).map((id) => id.replace(/^WebMonitoring|[0-9A-F]{8}$/g, ''))).toEqual([
      'CpuHigh', 'MemoryHigh', 'TasksBelowDesired', 'Target5xxRate', 'TargetUnhealthy',
    ]);
    expect(service.monitoring!.alarms).toHaveLength(5);
    expect(service.monitoring!.alarmsOf(service)).toHaveLength(5);
  });

  test('CpuHigh: average CPUUtilization >= 85 % for 5 of 5 one-minute periods, missing data not breaching', () => {
    // GIVEN / WHEN
    const props = alarm(defaults.template, 'CpuHigh');
    // THEN
    expect(alarmMetric(props, 'm1')).toEqual({ namespace: 'AWS/ECS', metricName: 'CPUUtilization', dimensions: serviceDimensions, stat: 'Average', period: 60 });
    expect(props).toMatchObject({
      Threshold: 85, EvaluationPeriods: 5, DatapointsToAlarm: 5, ComparisonOperator: 'GreaterThanOrEqualToThreshold', TreatMissingData: 'notBreaching',
    });
  });

  test('MemoryHigh: maximum MemoryUtilization >= 90 % for 5 of 5 one-minute periods', () => {
    // GIVEN / WHEN
    const props = alarm(defaults.template, 'MemoryHigh');
    // THEN
    expect(alarmMetric(props, 'm1')).toEqual({ namespace: 'AWS/ECS', metricName: 'MemoryUtilization', dimensions: serviceDimensions, stat: 'Maximum', period: 60 });
    expect(props).toMatchObject({ Threshold: 90, EvaluationPeriods: 5, DatapointsToAlarm: 5, TreatMissingData: 'notBreaching' });
  });

  test('TasksBelowDesired: desired minus running tasks >= 1 for 10 of 10 one-minute periods', () => {
    // GIVEN / WHEN
    const props = alarm(defaults.template, 'TasksBelowDesired');
    // THEN
    expect(props.Metrics[0]).toMatchObject({ Expression: 'FILL(desired, 0) - FILL(running, 0)', ReturnData: true });
    expect(alarmMetric(props, 'desired')).toMatchObject({ namespace: 'ECS/ContainerInsights', metricName: 'DesiredTaskCount', dimensions: serviceDimensions });
    expect(alarmMetric(props, 'running')).toMatchObject({ namespace: 'ECS/ContainerInsights', metricName: 'RunningTaskCount', dimensions: serviceDimensions });
    expect(props).toMatchObject({ Threshold: 1, EvaluationPeriods: 10, DatapointsToAlarm: 10, TreatMissingData: 'notBreaching' });
  });

  test('Target5xxRate and TargetUnhealthy: the rollback alarms\' definition (5 % of >= 10 requests a minute; 1 unhealthy; 2 minutes)', () => {
    // GIVEN / WHEN
    const { template } = defaults;
    // THEN
    const rate = alarm(template, 'MonitoringTarget5xxRate');
    expect(rate.Metrics[0].Expression).toBe('IF(FILL(requests, 0) >= 10, 100 * FILL(errors, 0) / FILL(requests, 0), 0)');
    expect(alarmMetric(rate, 'errors')).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum', period: 60 });
    expect(alarmMetric(rate, 'requests')).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'RequestCount', stat: 'Sum', period: 60 });
    expect(rate).toMatchObject({ Threshold: 5, EvaluationPeriods: 2, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
    const unhealthy = alarm(template, 'MonitoringTargetUnhealthy');
    expect(alarmMetric(unhealthy)).toMatchObject({ namespace: 'AWS/ApplicationELB', metricName: 'UnHealthyHostCount', stat: 'Maximum', period: 60 });
    expect(unhealthy).toMatchObject({ Threshold: 1, EvaluationPeriods: 2, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
  });

  test('a blue/green service reuses its rollback alarms instead of defining its own', () => {
    // GIVEN / WHEN
    const { template, service } = monitored({ rollout: Rollout.blueGreen() });
    // THEN
    const ids = Object.keys(template.findResources('AWS::CloudWatch::Alarm'));
    expect(ids.filter((id) => id.includes('RollbackAlarms'))).toHaveLength(4);
    expect(ids.filter((id) => id.includes('MonitoringTarget'))).toEqual([]);
    expect(service.monitoring!.alarms).toEqual(expect.arrayContaining(service.rollbackAlarms));
  });

  test('a blue/green service: the ALB widgets draw the primary and the alternate target group', () => {
    // GIVEN / WHEN
    const { dashboard } = monitored({ rollout: Rollout.blueGreen() });
    // THEN
    const requests = metricsOf(widget(dashboard, 'ALB requests and target 5xx'));
    expect(requests.map((m) => [m.metricName, m.options.label, m.dimensions.TargetGroup.replace(/[0-9A-F]{8}\./, '.')])).toEqual([
      ['RequestCount', 'Primary: Requests', 'GetAtt(WebLoadBalancerListenerTargetGroup.TargetGroupFullName)'],
      ['RequestCount', 'Alternate: Requests', 'GetAtt(WebAlternateTarget.TargetGroupFullName)'],
      ['HTTPCode_Target_5XX_Count', 'Primary: Target 5xx', 'GetAtt(WebLoadBalancerListenerTargetGroup.TargetGroupFullName)'],
      ['HTTPCode_Target_5XX_Count', 'Alternate: Target 5xx', 'GetAtt(WebAlternateTarget.TargetGroupFullName)'],
    ]);
  });

  test('alarm actions go to the service\'s notifications topic, once per alarm, rollback alarms included', () => {
    // GIVEN
    const s = setup();
    const topic = new sns.Topic(s.stack, 'Alerts');
    // WHEN
    new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster, enableMonitoring: true, notificationTopic: topic, rollout: Rollout.canary({ percent: 10 }) });
    // THEN
    const alarms = Object.values(Template.fromStack(s.stack).findResources('AWS::CloudWatch::Alarm'));
    expect(alarms).toHaveLength(7);
    for (const a of alarms) {
      expect(a.Properties.AlarmActions).toEqual([{ Ref: expect.stringMatching(/^Alerts/) }]);
    }
  });

  test('no alarm actions without notifications', () => {
    // GIVEN / WHEN
    const { template } = defaults;
    // THEN
    for (const a of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      expect(a.Properties.AlarmActions).toBeUndefined();
    }
  });

  test('scheduled-scaling windows are listed from the service\'s scheduled actions', () => {
    // GIVEN / WHEN
    const { dashboard } = monitored({
      scaling: { minCapacity: 2, maxCapacity: 8, schedules: [ScheduledCapacity.dailyPeak({ name: 'lunch', startHour: 11, endHour: 14, minCapacity: 6 })] },
    });
    // THEN
    const markdown: string = widget(dashboard, 'Scheduled scaling').properties.markdown;
    expect(markdown).toContain('Outside the windows: 2–8 tasks');
    expect(markdown).toMatch(/\| lunch\S* \| `cron\(0 11 \* \* \? \*\)` \| UTC \| 6 \|/);
  });

  test('no scheduled-scaling widget for a service without scaling', () => {
    // GIVEN / WHEN
    const { dashboard } = defaults;
    // THEN
    expect(titles(dashboard).filter((t) => t.includes('Scheduled scaling'))).toEqual([]);
  });
});

describe('Service Connect', () => {
  function serverAndClient() {
    const s = setup();
    s.cluster.addDefaultCloudMapNamespace({ name: 'shop', useForServiceConnect: true });
    const orders = new EssentialFargateService(s.stack, 'Orders', {
      image, cluster: s.cluster, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
    });
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster, serviceConnect: ServiceConnectMode.client() });
    web.connectTo(orders);
    const monitoring = new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web, orders] });
    const template = Template.fromStack(s.stack);
    return { ...s, orders, web, monitoring, template, dashboard: dashboardBody(template) };
  }

  test('server widgets: inbound requests and connections by DiscoveryName; 5xx and response time by TargetDiscoveryName', () => {
    // GIVEN / WHEN
    const { dashboard } = serverAndClient();
    // THEN
    const inbound = { ClusterName: CLUSTER, ServiceName: 'GetAtt(OrdersServiceD066556E.Name)', DiscoveryName: 'orders' };
    const requests = metricsOf(widget(dashboard, "Service Connect server 'orders': requests and 5xx"));
    expect(requests).toEqual([
      expect.objectContaining({ namespace: 'AWS/ECS', metricName: 'RequestCount', dimensions: inbound }),
      expect.objectContaining({ namespace: 'AWS/ECS', metricName: 'HTTPCode_Target_5XX_Count', dimensions: { TargetDiscoveryName: 'orders' } }),
    ]);
    const latency = metricsOf(widget(dashboard, "Service Connect server 'orders': response time"));
    expect(latency.map((m) => [m.metricName, m.dimensions])).toEqual([
      ['TargetResponseTime', { TargetDiscoveryName: 'orders' }],
      ['TargetResponseTime', { TargetDiscoveryName: 'orders' }],
      ['ActiveConnectionCount', inbound],
      ['NewConnectionCount', inbound],
    ]);
  });

  test('client widgets: a SEARCH over the client\'s outbound metrics by TargetDiscoveryName', () => {
    // GIVEN / WHEN
    const { dashboard } = serverAndClient();
    // THEN
    const client = dashboard.widgets.filter((w) => w.properties.title === 'Service Connect client: requests and 5xx by server');
    expect(client).toHaveLength(2); // both services are clients
    const expressions = expressionsOf(client[0]).map((e) => e.expression);
    expect(expressions).toEqual([
      'SEARCH(\'{AWS/ECS,ClusterName,ServiceName,TargetDiscoveryName} MetricName="RequestCount" ' +
        `ClusterName="${CLUSTER}" ServiceName="GetAtt(WebServiceD04B5F3E.Name)"', 'Sum', 60)`,
      'SEARCH(\'{AWS/ECS,ClusterName,ServiceName,TargetDiscoveryName} MetricName="HTTPCode_Target_5XX_Count" ' +
        `ClusterName="${CLUSTER}" ServiceName="GetAtt(WebServiceD04B5F3E.Name)"', 'Sum', 60)`,
    ]);
  });

  test('ServiceConnect5xxRate of the server only: 5xx by TargetDiscoveryName over inbound requests, the rollback definition', () => {
    // GIVEN / WHEN
    const { template } = serverAndClient();
    // THEN
    const ids = Object.keys(template.findResources('AWS::CloudWatch::Alarm')).filter((id) => id.includes('ServiceConnect5xxRate'));
    expect(ids).toEqual([expect.stringMatching(/^OpsOrdersServiceConnect5xxRate/)]);
    const props = alarm(template, 'ServiceConnect5xxRate');
    expect(alarmMetric(props, 'errors')).toEqual({
      namespace: 'AWS/ECS', metricName: 'HTTPCode_Target_5XX_Count', dimensions: [{ Name: 'TargetDiscoveryName', Value: 'orders' }], stat: 'Sum', period: 60,
    });
    expect(alarmMetric(props, 'requests')).toMatchObject({
      namespace: 'AWS/ECS',
      metricName: 'RequestCount',
      stat: 'Sum',
      period: 60,
      dimensions: [
        { Name: 'ClusterName', Value: { Ref: 'ClusterEB0386A7' } },
        { Name: 'DiscoveryName', Value: 'orders' },
        { Name: 'ServiceName', Value: { 'Fn::GetAtt': ['OrdersServiceD066556E', 'Name'] } },
      ],
    });
    expect(props).toMatchObject({ Threshold: 5, EvaluationPeriods: 2, DatapointsToAlarm: 2, TreatMissingData: 'notBreaching' });
  });

  test('several services: one dashboard, alarms grouped per service and looked up with alarmsOf()', () => {
    // GIVEN / WHEN
    const { template, monitoring, web, orders } = serverAndClient();
    // THEN
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(monitoring.alarmsOf(web).map((a) => a.node.path)).toEqual(
      ['CpuHigh', 'MemoryHigh', 'TasksBelowDesired', 'Target5xxRate', 'TargetUnhealthy'].map((n) => `Test/Ops/Web/${n}`));
    expect(monitoring.alarmsOf(orders).map((a) => a.node.id)).toEqual(
      ['CpuHigh', 'MemoryHigh', 'TasksBelowDesired', 'ServiceConnect5xxRate']);
    expect(monitoring.alarms).toHaveLength(9);
  });
});

describe('queue workers', () => {
  function worker() {
    const s = setup();
    const topic = new sns.Topic(s.stack, 'Alerts');
    const w = new EssentialQueueWorker(s.stack, 'Thumbnails', { image, cluster: s.cluster, enableMonitoring: true, notificationTopic: topic });
    const template = Template.fromStack(s.stack);
    return { ...s, worker: w, template, dashboard: dashboardBody(template) };
  }

  test('queue depth and age of the oldest message, dead-letter queue included', () => {
    // GIVEN / WHEN
    const { dashboard } = worker();
    // THEN
    const depth = metricsOf(widget(dashboard, 'Queue depth'));
    expect(depth.map((m) => [m.namespace, m.metricName, Object.values(m.dimensions)[0]])).toEqual([
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'GetAtt(ThumbnailsQueue5AE666C7.QueueName)'],
      ['AWS/SQS', 'ApproximateNumberOfMessagesNotVisible', 'GetAtt(ThumbnailsQueue5AE666C7.QueueName)'],
      ['AWS/SQS', 'ApproximateNumberOfMessagesVisible', 'GetAtt(ThumbnailsDeadLetterQueue21F24C76.QueueName)'],
    ]);
    expect(metricsOf(widget(dashboard, 'Age of oldest message')).map((m) => m.metricName)).toEqual(['ApproximateAgeOfOldestMessage']);
  });

  test('DeadLetterQueueNotEmpty: one visible message in the DLQ, one period, to the worker\'s topic', () => {
    // GIVEN / WHEN
    const { template, worker: w } = worker();
    // THEN
    const props = alarm(template, 'DeadLetterQueueNotEmpty');
    expect(alarmMetric(props)).toMatchObject({ namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', stat: 'Maximum', period: 60 });
    expect(props).toMatchObject({ Threshold: 1, EvaluationPeriods: 1, TreatMissingData: 'notBreaching', AlarmActions: [{ Ref: expect.stringMatching(/^Alerts/) }] });
    expect(w.monitoring!.alarmsOf(w).map((a) => a.node.id)).toEqual(
      ['CpuHigh', 'MemoryHigh', 'TasksBelowDesired', 'DeadLetterQueueNotEmpty']);
  });
});

describe('validation', () => {
  test('fails when services is empty', () => {
    // GIVEN
    const s = setup();
    // WHEN / THEN
    expect(() => new EssentialServiceMonitoring(s.stack, 'Ops', { services: [] })).toThrow(/'services' must list at least one service, got an empty list/);
  });

  test('fails when a service is listed twice, also as a worker and its inner service', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    const w = new EssentialQueueWorker(s.stack, 'Worker', { image, cluster: s.cluster });
    // WHEN / THEN
    expect(() => new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web, w, web, w.essentialService] }))
      .toThrow(/'services\[2\]' \(Test\/Web\) runs the same ECS service as 'services\[0\]'[\s\S]*'services\[3\]' \(Test\/Worker\/Service\) runs the same ECS service as 'services\[1\]'/);
  });

  test('fails when dashboardName has characters CloudWatch rejects', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    // WHEN / THEN
    expect(() => new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web], dashboardName: 'my dashboard!' }))
      .toThrow(/'dashboardName' must be 1–255 letters, digits, '-' or '_', got 'my dashboard!'/);
  });

  test('a dashboardName token is not checked', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    // WHEN / THEN
    expect(() => new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web], dashboardName: Lazy.string({ produce: () => 'x y' }) })).not.toThrow();
  });

  test('alarmsOf() fails for a service the monitoring does not watch', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    const other = new EssentialFargateService(s.stack, 'Other', { image, cluster: s.cluster, loadBalancing: LoadBalancing.none() });
    const monitoring = new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web] });
    // WHEN / THEN
    expect(() => monitoring.alarmsOf(other)).toThrow(/'service' Test\/Other is not one of the services of Test\/Ops/);
  });

  test('createAlarms false: the dashboard alone', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster });
    // WHEN
    const monitoring = new EssentialServiceMonitoring(s.stack, 'Ops', { services: [web], createAlarms: false, dashboardName: 'shop-ops' });
    // THEN
    const template = Template.fromStack(s.stack);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'shop-ops' });
    expect(monitoring.alarmsOf(web)).toEqual([]);
  });
});
