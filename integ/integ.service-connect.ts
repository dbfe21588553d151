// The example app (npx projen example). Service Connect: a public web client and two client-server backends (orders also calls payments).
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { Annotations, App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialFargateService, LoadBalancing, ServiceConnectMode } from '../src';
import { DeploymentAssertions, HTTP_TIMEOUT, POLL_INTERVAL } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseServiceConnect');
// Every Service Connect server warns that a replacing update fails (cdk-ecs-essentials:serviceConnectReplacement):
// these test stacks are deployed and destroyed whole, never updated by replacement.
Annotations.of(stack).acknowledgeWarning('cdk-ecs-essentials:serviceConnectReplacement',
  'integ stacks are created and destroyed whole; no update replaces a Service Connect service');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

const payments = new EssentialFargateService(stack, 'Payments', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server(),
});
const orders = new EssentialFargateService(stack, 'Orders', {
  cluster,
  image,
  containerPort: 80,
  loadBalancing: LoadBalancing.none(),
  serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
  environment: { PAYMENTS_URL: payments.serviceConnectEndpoint! },
});
const web = new EssentialFargateService(stack, 'Web', {
  cluster,
  image,
  containerPort: 80,
  serviceConnect: ServiceConnectMode.client(),
  environment: { ORDERS_URL: orders.serviceConnectEndpoint! },
});
orders.connectTo(payments);
web.connectTo(orders);

for (const service of [orders, web]) {
  Validations.of(service.taskDefinition).acknowledge({
    id: 'AwsSolutions-ECS2',
    reason: 'The environment holds only Service Connect endpoints (http://name:port), which are not secrets; ECS2 flags any environment variable, and AWS documents environment variables as the way to pass non-secret configuration.',
  });
}

acknowledgeLoadBalancer(web.loadBalancer!, true);
const integ = new IntegTest(app, 'ServiceConnectTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
for (const service of [payments, orders, web]) {
  check.serviceSteady(service, { desiredCount: 2 });
}
// Each server's tasks are registered in the cluster's namespace under the name its clients call.
for (const name of ['payments', 'orders']) {
  check.chain(integ.assertions.awsApiCall('ServiceDiscovery', 'discoverInstances', {
    NamespaceName: cluster.defaultCloudMapNamespace!.namespaceName,
    ServiceName: name,
    HealthStatus: 'HEALTHY',
  }, ['Instances.0.Attributes.AWS_INSTANCE_IPV4'])
    .assertAtPath('Instances.0.Attributes.AWS_INSTANCE_IPV4', ExpectedResult.stringLikeRegexp('^\\d+\\.\\d+\\.\\d+\\.\\d+$'))
    .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
}
check.http(web.loadBalancer!, '/', { bodyPattern: 'Welcome to nginx' });
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
