import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as events from 'aws-cdk-lib/aws-events';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as defaults from '../../private/defaults';
import { defaultDnsName } from '../../private/service-connect-wiring';
import { IEssentialService, ILoadBalancedEssentialService } from '../../service/essential-service';

/**
 * The metrics the dashboard and the recommended alarms read, each with the AWS page that names it.
 * Every metric here is published by AWS without agents; none is invented.
 */

/**
 * Container Insights service metrics: RunningTaskCount, DesiredTaskCount, PendingTaskCount,
 * DeploymentCount, TaskSetCount, with the dimensions ClusterName and ServiceName. Published only
 * for clusters with Container Insights (the library's default cluster has it).
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/Container-Insights-metrics-ECS.html
 */
export const CONTAINER_INSIGHTS_NAMESPACE = 'ECS/ContainerInsights';

/**
 * ECS service utilization (CPUUtilization, MemoryUtilization: used ÷ reserved by the service's
 * tasks) and the Service Connect proxy metrics.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service_utilization.html
 */
export const ECS_NAMESPACE = 'AWS/ECS';

/** The ClusterName and ServiceName dimensions of a service. */
export function serviceDimensions(service: IEssentialService): Record<string, string> {
  return { ClusterName: service.cluster.clusterName, ServiceName: service.service.serviceName };
}

/** A Container Insights metric of the service. */
export function containerInsightsMetric(service: IEssentialService, metricName: string, statistic: string, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: CONTAINER_INSIGHTS_NAMESPACE,
    metricName,
    dimensionsMap: serviceDimensions(service),
    statistic,
    period: defaults.MONITORING_PERIOD,
    label,
  });
}

/**
 * ECS service CPU or memory utilization in percent. The same metrics target tracking scales on, and
 * published for every Fargate and EC2 service, with or without Container Insights.
 */
export function utilizationMetric(service: IEssentialService, resource: 'CPU' | 'Memory', statistic: string): cloudwatch.Metric {
  const options = { period: defaults.MONITORING_PERIOD, statistic, label: `${resource} ${statistic.toLowerCase()} (%)` };
  return resource === 'CPU' ? service.service.metricCpuUtilization(options) : service.service.metricMemoryUtilization(options);
}

/**
 * The Service Connect discovery name of a client-server service: the `DiscoveryName` of its inbound
 * metrics and the `TargetDiscoveryName` of its clients' outbound metrics.
 */
export function serverDiscoveryName(service: IEssentialService): string | undefined {
  const sc = service.serviceConnect;
  if (!sc?.isServer) {
    return undefined;
  }
  // The construct that enabled Service Connect owns the ECS service (a worker wraps one).
  const owner = service.service.node.scope ?? service;
  return sc._discoveryNameFor(defaultDnsName(owner));
}

/**
 * Inbound Service Connect metric of a server (RequestCount, ActiveConnectionCount,
 * NewConnectionCount), published by the server's proxies with ClusterName, ServiceName and
 * DiscoveryName.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-metrics.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html (Service Connect metrics and dimensions)
 */
export function serviceConnectInbound(service: IEssentialService, discoveryName: string, metricName: string,
  statistic: string, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ECS_NAMESPACE,
    metricName,
    dimensionsMap: { ...serviceDimensions(service), DiscoveryName: discoveryName },
    statistic,
    period: defaults.MONITORING_PERIOD,
    label,
  });
}

/**
 * A Service Connect metric of the responses a server's application gave (HTTPCode_Target_5XX_Count,
 * TargetResponseTime), as its clients' proxies saw them: published with TargetDiscoveryName alone
 * for every client, and with the client's ClusterName and ServiceName per client.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-metrics.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/available-metrics.html (Service Connect metrics and dimensions)
 */
export function serviceConnectAsTarget(discoveryName: string, metricName: string, statistic: string, label: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: ECS_NAMESPACE,
    metricName,
    dimensionsMap: { TargetDiscoveryName: discoveryName },
    statistic,
    period: defaults.MONITORING_PERIOD,
    label,
  });
}

/**
 * A client's outbound Service Connect metric for every server it calls, one line per server: a
 * CloudWatch SEARCH over the dimensions ClusterName, ServiceName (the client) and
 * TargetDiscoveryName (the server), so servers added later appear without a change. Dashboards only:
 * alarms cannot evaluate SEARCH.
 *
 * @see https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/using-search-expressions.html
 */
export function serviceConnectOutbound(service: IEssentialService, metricName: string, statistic: string, label: string): cloudwatch.MathExpression {
  const period = defaults.MONITORING_PERIOD;
  const search = `{${ECS_NAMESPACE},ClusterName,ServiceName,TargetDiscoveryName} MetricName="${metricName}" ` +
    `ClusterName="${service.cluster.clusterName}" ServiceName="${service.service.serviceName}"`;
  return new cloudwatch.MathExpression({
    expression: `SEARCH('${search}', '${statistic}', ${period.toSeconds()})`,
    usingMetrics: {},
    period,
    label: `${label} \${PROP('Dim.TargetDiscoveryName')}`,
  });
}

/**
 * The EventBridge rule of the service's Spot interruption notifications (created with
 * `notificationTopic`), whose `TriggeredRules` count is the one Spot interruption metric AWS publishes:
 * neither ECS nor Container Insights counts interruptions.
 *
 * @see https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-monitoring.html
 */
export function spotInterruptionRule(service: IEssentialService): events.Rule | undefined {
  return service.node.findAll().find((c): c is events.Rule => c instanceof events.Rule && c.node.id === 'SpotInterruptionRule');
}

/** Spot interruption warnings per period, counted by the service's notification rule. */
export function spotInterruptions(rule: events.Rule): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: 'AWS/Events',
    metricName: 'TriggeredRules',
    dimensionsMap: { RuleName: rule.ruleName },
    statistic: cloudwatch.Stats.SUM,
    period: defaults.MONITORING_PERIOD,
    label: 'Spot interruption warnings',
  });
}

/** The queues of a queue worker: any service exposing `queue` (and `deadLetterQueue`), as EssentialQueueWorker does. */
export interface WorkerQueues {
  readonly queue: sqs.IQueue;
  readonly deadLetterQueue?: sqs.IQueue;
}

/** The queue and dead-letter queue of a worker, undefined for services without a queue. */
export function workerQueuesOf(service: IEssentialService): WorkerQueues | undefined {
  const candidate = service as unknown as { queue?: unknown; deadLetterQueue?: unknown };
  if (!isQueue(candidate.queue)) {
    return undefined;
  }
  const queue = candidate.queue;
  const own = isQueue(candidate.deadLetterQueue) ? candidate.deadLetterQueue : undefined;
  // A queue of this app given to the worker knows its redrive target.
  const deadLetterQueue = own ?? (queue instanceof sqs.Queue ? queue.deadLetterQueue?.queue : undefined);
  return { queue, deadLetterQueue };
}

function isQueue(value: unknown): value is sqs.IQueue {
  return typeof value === 'object' && value !== null && 'queueArn' in value && 'metricApproximateNumberOfMessagesVisible' in value;
}

/** The scheduled actions of the service's scalable task count, as CloudFormation receives them. */
export interface ScheduledWindow {
  readonly scheduledActionName: string;
  readonly schedule: string;
  readonly timezone?: string;
  readonly scalableTargetAction?: { readonly minCapacity?: number; readonly maxCapacity?: number };
}

/**
 * The load-balancer parts of a service: those of an `ILoadBalancedEssentialService`, none for a
 * service without them (a worker, a daemon).
 */
export function loadBalancedParts(service: IEssentialService): Partial<Pick<ILoadBalancedEssentialService, 'targetGroup' | 'alternateTargetGroup'>> {
  const parts = service as Partial<ILoadBalancedEssentialService>;
  return {
    targetGroup: parts.targetGroup instanceof elbv2.ApplicationTargetGroup ? parts.targetGroup : undefined,
    alternateTargetGroup: parts.alternateTargetGroup instanceof elbv2.ApplicationTargetGroup ? parts.alternateTargetGroup : undefined,
  };
}
