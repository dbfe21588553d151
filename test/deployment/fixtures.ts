import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { EssentialFargateService, EssentialFargateServiceProps } from '../../src';

export const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** A stack with a VPC (one NAT gateway) and a cluster: cheaper to synthesize than the default VPC. */
export interface Setup {
  readonly app: App;
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
}

export function setup(): Setup {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  return { app, stack, vpc, cluster };
}

/** A shared ALB listener that answers 404 by default, in the given setup. */
export function sharedListener(s: Setup): elbv2.ApplicationListener {
  const alb = new elbv2.ApplicationLoadBalancer(s.stack, 'SharedAlb', { vpc: s.vpc, internetFacing: true });
  return alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
}

/** A Fargate service named Orders in a fresh setup, and its template. */
export function synth(props: Partial<EssentialFargateServiceProps> = {}): { setup: Setup; service: EssentialFargateService; template: Template } {
  const s = setup();
  const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, ...props });
  return { setup: s, service, template: Template.fromStack(s.stack) };
}

/** Build lazily so that `toThrow` can catch the constructor's Error. */
export function build(props: Partial<EssentialFargateServiceProps>): () => EssentialFargateService {
  return () => {
    const s = setup();
    return new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, ...props });
  };
}

/** The properties of the only resource of `type` in the template. */
export function onlyResource(template: Template, type: string): Record<string, any> {
  const resources = Object.values(template.findResources(type));
  expect(resources).toHaveLength(1);
  return resources[0].Properties;
}

/** The logical ID of the only resource of `type` whose logical ID contains `part`. */
export function logicalIdOf(template: Template, type: string, part: string): string {
  const ids = Object.keys(template.findResources(type)).filter((id) => id.includes(part));
  expect(ids).toHaveLength(1);
  return ids[0];
}
