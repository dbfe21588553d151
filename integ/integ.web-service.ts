// One public web service with every default.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialFargateService } from '../src';
import { synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseWebService');

const web = new EssentialFargateService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 80,
});

Validations.of(web.loadBalancer!).acknowledge({
  id: 'AwsSolutions-EC23',
  reason: 'An internet-facing ALB must accept 0.0.0.0/0 on its listener port (80) to serve the public; the tasks accept traffic from the ALB security group only.',
});
Validations.of(web.loadBalancer!).acknowledge({
  id: 'AwsSolutions-ELB2',
  reason: 'ALB access logs need an S3 bucket whose policy trusts the Region\'s ELB log delivery principal; the example has no log bucket. Production apps enable them with loadBalancer.logAccessLogs(bucket).',
});
Validations.of(stack.node.findChild('WebVpc')).acknowledge({
  id: 'AwsSolutions-VPC7',
  reason: 'VPC Flow Logs are billed per GB ingested; the VPC created for the example has none. Production apps pass their own VPC (prop vpc or cluster) with the flow logs their organisation requires.',
});

new IntegTest(app, 'WebServiceTest', { testCases: [stack] });
synthWithAwsSolutionsChecks(app);
