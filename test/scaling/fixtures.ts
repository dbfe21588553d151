import { App, CfnParameter, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/** A fixed "now" so warnings about past events never depend on the day the tests run. */
export const NOW = new Date('2030-06-01T00:00:00Z');

export interface ServiceFixture {
  readonly stack: Stack;
  readonly vpc: ec2.IVpc;
  readonly cluster: ecs.Cluster;
  readonly service: ecs.FargateService;
}

export interface ServiceFixtureOptions {
  /** Container Insights on the cluster; on by default like the library's own clusters. */
  readonly containerInsights?: boolean;
  readonly desiredCount?: number;
}

/** A plain FargateService, the way the library's service constructs hand it to configureScaling. */
export function fargateService(options: ServiceFixtureOptions = {}): ServiceFixture {
  const stack = new Stack(new App(), 'Stack', { env: { account: '111111111111', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', {
    vpc,
    containerInsightsV2: options.containerInsights === false ? undefined : ecs.ContainerInsights.ENABLED,
  });
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'Task');
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
    portMappings: [{ containerPort: 8080 }],
  });
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    desiredCount: options.desiredCount ?? 2,
    // Silences aws-ecs's own warnings so tests can assert that scaling adds none.
    circuitBreaker: { rollback: true },
    minHealthyPercent: 100,
  });
  return { stack, vpc, cluster, service };
}

/** An ALB target group with the service registered, attached to a listener as scaleOnRequestCount needs. */
export function targetGroupFor(fixture: ServiceFixture): elbv2.ApplicationTargetGroup {
  const lb = new elbv2.ApplicationLoadBalancer(fixture.stack, 'Lb', { vpc: fixture.vpc, internetFacing: true });
  const listener = lb.addListener('Http', { port: 80, open: true });
  return listener.addTargets('App', { port: 8080, targets: [fixture.service] });
}

/** A deploy-time number, declared as a parameter so CDK's template validation stays quiet. */
export function numberParameter(stack: Stack, name: string): number {
  return new CfnParameter(stack, name, { type: 'Number' }).valueAsNumber;
}
