// Two services behind one shared ALB (path rules), On-Demand only.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CapacityMix, EssentialFargateService, LoadBalancing } from '../src';
import { DeploymentAssertions } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseSharedAlb');

const vpc = new ec2.Vpc(stack, 'Vpc', {
  maxAzs: 2,
  flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } },
});
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const alb = new elbv2.ApplicationLoadBalancer(stack, 'SharedAlb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
const listener = alb.addListener('Http', {
  port: 80,
  defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'not found' }),
});

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const services = new Map<string, EssentialFargateService>();
for (const [name, priority] of [['orders', 10], ['payments', 20]] as const) {
  services.set(name, new EssentialFargateService(stack, name === 'orders' ? 'Orders' : 'Payments', {
    image,
    cluster,
    containerPort: 80,
    capacity: CapacityMix.onDemandOnly(),
    loadBalancing: LoadBalancing.sharedListener({ listener, priority, pathPatterns: [`/${name}`, `/${name}/*`] }),
  }));
}


acknowledgeLoadBalancer(alb, true);
const integ = new IntegTest(app, 'SharedAlbTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
for (const service of services.values()) {
  check.serviceSteady(service, { desiredCount: 2 });
  check.targetsHealthy(service.targetGroup!);
}
// Unmatched paths get the listener's own 404; each service's paths reach its tasks, whose nginx answers
// (404 too: the stock image has no /orders page, but the body is nginx's, not the listener's 'not found').
check.http(alb, '/', { status: 404, bodyPattern: '^not found$' });
for (const name of services.keys()) {
  check.http(alb, `/${name}`, { status: 404, bodyPattern: 'nginx' });
}
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
