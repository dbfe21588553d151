// Safe deployments: ECS-native blue/green, canary and linear rollouts with alarms that roll back, on the
// service's own ALB (public and internal), on a shared listener and on Service Connect.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, Duration, Stack, Validations } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';
import { EssentialFargateService, LoadBalancing, Rollout, ServiceConnectMode } from '../src';
import { DeploymentAssertions, ExactValue } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseDeployments');
// Every Service Connect server warns that a replacing update fails (cdk-ecs-essentials:serviceConnectReplacement):
// these test stacks are deployed and destroyed whole, never updated by replacement.
Annotations.of(stack).acknowledgeWarning('cdk-ecs-essentials:serviceConnectReplacement',
  'integ stacks are created and destroyed whole; no update replaces a Service Connect service');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

// An application metric the team already alarms on: it rolls deployments back too.
const checkoutErrors = new cloudwatch.Alarm(stack, 'CheckoutErrors', {
  alarmDescription: 'Checkout errors reported by the application',
  metric: new cloudwatch.Metric({ namespace: 'EcseIntegShop', metricName: 'CheckoutErrors', period: Duration.minutes(1), statistic: 'Sum' }),
  threshold: 5,
  evaluationPeriods: 2,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});

// Blue/green on the service's own public ALB, with the user's alarm beside the defaults; requests with
// the test header reach the new tasks before production traffic does.
const storefront = new EssentialFargateService(stack, 'Storefront', {
  cluster,
  image,
  containerPort: 80,
  rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-test-revision', headerValues: ['green'] } }),
  rollbackAlarms: [checkoutErrors],
});

// Service Connect: a client-server on blue/green without a load balancer (ECS shifts its Service
// Connect traffic), called by the canary service below. No target group, so no default alarm: it
// rolls back on an alarm over its own CPU, referenced by a fixed name so that the service (which
// lists the alarm) and the alarm (whose metric names the service) do not depend on each other.
const PAYMENTS_CPU_ALARM = 'ecse-integ-payments-cpu';
const payments = new EssentialFargateService(stack, 'Payments', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server({ dnsName: 'payments' }),
  // Service Connect clients that send the header reach the new tasks during the test phase.
  rollout: Rollout.blueGreen({ bakeTime: Duration.minutes(5), testTraffic: { headerName: 'x-test-revision', headerValues: ['green'] } }),
  rollbackAlarms: [cloudwatch.Alarm.fromAlarmName(stack, 'PaymentsCpuRef', PAYMENTS_CPU_ALARM)],
});
new cloudwatch.Alarm(stack, 'PaymentsCpu', {
  alarmName: PAYMENTS_CPU_ALARM,
  alarmDescription: 'Payments tasks run out of CPU',
  metric: payments.service.metricCpuUtilization({ period: Duration.minutes(1) }),
  threshold: 90,
  evaluationPeriods: 2,
});

// Canary on an internal ALB: 10 % of the traffic for 5 minutes, then the rest.
const orders = new EssentialFargateService(stack, 'Orders', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.internalAlb(),
  serviceConnect: ServiceConnectMode.client(),
  environment: { PAYMENTS_URL: payments.serviceConnectEndpoint! },
  rollout: Rollout.canary({ percent: 10, interval: Duration.minutes(5) }),
});
orders.connectTo(payments);
orders.loadBalancer!.connections.allowFrom(storefront, ec2.Port.tcp(80), 'From the storefront to the internal orders ALB');

// Linear on a listener shared with a rolling service: 25 % every 2 minutes.
const sharedAlb = new elbv2.ApplicationLoadBalancer(stack, 'SharedAlb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
const listener = sharedAlb.addListener('Http', {
  port: 80,
  defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not found' }),
});
const catalog = new EssentialFargateService(stack, 'Catalog', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/catalog', '/catalog/*'] }),
  rollout: Rollout.linear({ stepPercent: 25, interval: Duration.minutes(2) }),
});
const search = new EssentialFargateService(stack, 'Search', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, pathPatterns: ['/search', '/search/*'] }),
});

for (const service of [storefront, orders, catalog]) {
  acknowledgeTrafficShiftRole(service);
}
Validations.of(orders.taskDefinition).acknowledge({
  id: 'AwsSolutions-ECS2',
  reason: 'The environment holds only the Service Connect endpoint (http://payments:80), which is not a secret; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
});
acknowledgeLoadBalancer(storefront.loadBalancer!, true);
acknowledgeLoadBalancer(orders.loadBalancer!, false);
acknowledgeLoadBalancer(sharedAlb, true);

/** The one wildcard of the role ECS shifts traffic with: the four ELB Describe actions. */
function acknowledgeTrafficShiftRole(service: IConstruct): void {
  const policy = service.node.findChild('TrafficShiftRole').node.findChild('DefaultPolicy');
  acknowledgeFinding(policy, 'AwsSolutions-IAM5[Resource::*]',
    'ECS infrastructure role for load balancers: elasticloadbalancing:DescribeListeners, DescribeRules, DescribeTargetGroups and ' +
    'DescribeTargetHealth support no resource-level permissions (IAM Service Authorization Reference), so AWS grants them on * in ' +
    'AmazonECSInfrastructureRolePolicyForLoadBalancers too; every write action of the role is scoped to this service\'s two target groups and its listener rule.');
}

const integ = new IntegTest(app, 'DeploymentsTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
// Every service's first deployment completes with its strategy (ECS reports the strategy it deployed with).
const strategies: Array<[EssentialFargateService, string]> = [
  [payments, 'BLUE_GREEN'], [storefront, 'BLUE_GREEN'], [orders, 'CANARY'], [catalog, 'LINEAR'], [search, 'ROLLING'],
];
for (const [service, strategy] of strategies) {
  check.serviceSteady(service, { desiredCount: 2 });
  check.apiAt('ECS', 'describeServices', { cluster: check.physicalId(cluster), services: [check.physicalId(service.service)] },
    'services.0.deploymentConfiguration.strategy', new ExactValue(strategy));
}
// Deployments roll back on alarms: the storefront's list holds the user's alarm beside the defaults.
check.apiAt('ECS', 'describeServices', { cluster: check.physicalId(cluster), services: [check.physicalId(storefront.service)] },
  'services.0.deploymentConfiguration.alarms.rollback', new ExactValue(true));
// ECS knows the storefront's test listener rule, which it points at the new tasks in the test phase.
check.apiAt('ECS', 'describeServices', { cluster: check.physicalId(cluster), services: [check.physicalId(storefront.service)] },
  'services.0.loadBalancers.0.advancedConfiguration.testListenerRule', ExpectedResult.stringLikeRegexp(':listener-rule/app/'));
// The payments server's client alias carries its Service Connect test traffic rule.
check.apiAt('ECS', 'describeServices', { cluster: check.physicalId(cluster), services: [check.physicalId(payments.service)] },
  'services.0.deployments.0.serviceConnectConfiguration.services.0.clientAliases.0.testTrafficRules.header.name', new ExactValue('x-test-revision'));
// Traffic reaches each strategy's tasks: the public ALB end to end, the internal and shared ones through their targets.
check.http(storefront.loadBalancer!, '/', { bodyPattern: 'Welcome to nginx' });
check.targetsHealthy(orders.targetGroup!);
check.targetsHealthy(catalog.targetGroup!);
check.targetsHealthy(search.targetGroup!);
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
