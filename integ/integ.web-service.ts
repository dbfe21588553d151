// One public web service with every default, behind an AWS WAF web ACL.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { EssentialFargateService, LoadBalancing } from '../src';
import { DeploymentAssertions } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseWebService');

// A Regional web ACL with AWS's common rule set, associated with the service's ALB.
const webAcl = new wafv2.CfnWebACL(stack, 'WebAcl', {
  scope: 'REGIONAL',
  defaultAction: { allow: {} },
  visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'EcseWebService', sampledRequestsEnabled: true },
  rules: [{
    name: 'AWSManagedRulesCommonRuleSet',
    priority: 0,
    overrideAction: { none: {} },
    statement: { managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' } },
    visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: 'CommonRuleSet', sampledRequestsEnabled: true },
  }],
});
const web = new EssentialFargateService(stack, 'Web', {
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 80,
  loadBalancing: LoadBalancing.publicAlb({ webAclArn: webAcl.attrArn }),
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
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
