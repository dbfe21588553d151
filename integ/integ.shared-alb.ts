// Two services behind one shared ALB (path rules), On-Demand only.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CapacityMix, EssentialFargateService } from '../src';
import { synthWithAwsSolutionsChecks } from './support/nag';

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
for (const [name, priority] of [['orders', 10], ['payments', 20]] as const) {
  new EssentialFargateService(stack, name === 'orders' ? 'Orders' : 'Payments', {
    image,
    cluster,
    containerPort: 80,
    capacity: CapacityMix.onDemandOnly(),
    sharedListener: { listener, priority, pathPatterns: [`/${name}`, `/${name}/*`] },
  });
}

Validations.of(alb).acknowledge({
  id: 'AwsSolutions-EC23',
  reason: 'An internet-facing ALB must accept 0.0.0.0/0 on its listener port (80) to serve the public; the tasks accept traffic from the ALB security group only.',
});
Validations.of(alb).acknowledge({
  id: 'AwsSolutions-ELB2',
  reason: 'ALB access logs need an S3 bucket whose policy trusts the Region\'s ELB log delivery principal; this test app has no log bucket. Production apps enable them with alb.logAccessLogs(bucket).',
});

new IntegTest(app, 'SharedAlbTest', { testCases: [stack] });
synthWithAwsSolutionsChecks(app);
