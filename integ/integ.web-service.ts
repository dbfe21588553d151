// One public web service with every default.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialFargateService } from '../src';
import { DeploymentAssertions } from './support/assertions';
import { acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseWebService');

const web = new EssentialFargateService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 80,
});

// Services created without cluster or vpc share the stack's default VPC; web.cluster.vpc is it.
Validations.of(web.cluster.vpc).acknowledge({
  id: 'AwsSolutions-VPC7',
  reason: 'VPC Flow Logs are billed per GB ingested; the VPC created for the example has none. Production apps pass their own VPC (prop vpc or cluster) with the flow logs their organisation requires.',
});

acknowledgeLoadBalancer(web.loadBalancer!, true);
const integ = new IntegTest(app, 'WebServiceTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
check.serviceSteady(web, { desiredCount: 2 });
check.http(web.loadBalancer!, web.targetGroup!.healthCheck.path ?? '/', { bodyPattern: 'Welcome to nginx' });
synthWithAwsSolutionsChecks(app);
