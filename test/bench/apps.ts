/**
 * The apps the benchmark synthesizes: N services in one stack sharing a VPC and a cluster, built
 * with this library or with aws-ecs-patterns, configured alike (size, count, architecture, Spot mix).
 */
import { App, Aspects, IAspect, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { EssentialFargateService, LoadBalancing } from '../../src';

/** Which construct builds the services. */
export enum Variant {
  /** EssentialFargateService, one ALB per service (the default, LoadBalancing.publicAlb()). */
  OURS = 'ours',
  /** EssentialFargateService behind one shared ALB listener (a listener rule per service). */
  OURS_SHARED = 'ours-shared',
  /** aws-ecs-patterns ApplicationLoadBalancedFargateService, one ALB per service. */
  PATTERNS = 'ecs-patterns',
}

export const STACK_NAME = 'Bench';
/**
 * 40 services with an ALB each pass CloudFormation's 500-resource limit; CDK refuses such a stack.
 * The bench lifts CDK's check (0 = off) to time and measure the one-stack app anyway.
 */
const STACK_RESOURCE_LIMIT_CONTEXT = '@aws-cdk/core:stackResourceLimit';
const IMAGE = 'public.ecr.aws/nginx/nginx:stable';
const CONTAINER_PORT = 8080;
const CPU = 256;
const MEMORY_MIB = 512;
const DESIRED_COUNT = 2;

/** The library's default mix, given to ecs-patterns too so both sides run the same capacity. */
const SPOT_MIX: ecs.CapacityProviderStrategy[] = [
  { capacityProvider: 'FARGATE', base: 1, weight: 2 },
  { capacityProvider: 'FARGATE_SPOT', weight: 1 },
];

/** Build (not synthesize) an app of `services` services. */
export function buildApp(variant: Variant, services: number, outdir: string, aspects: IAspect[] = []): App {
  const app = new App({ outdir, context: { [STACK_RESOURCE_LIMIT_CONTEXT]: 0 } });
  const stack = new Stack(app, STACK_NAME);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  const listener = variant === Variant.OURS_SHARED ? sharedListener(stack, vpc) : undefined;
  for (let i = 0; i < services; i++) {
    if (variant === Variant.PATTERNS) {
      addPatternsService(stack, `Svc${i}`, cluster);
    } else {
      addOurService(stack, `Svc${i}`, cluster, i, listener);
    }
  }
  for (const aspect of aspects) {
    Aspects.of(app).add(aspect);
  }
  return app;
}

function addOurService(stack: Stack, id: string, cluster: ecs.ICluster, index: number, listener?: elbv2.IApplicationListener): void {
  new EssentialFargateService(stack, id, {
    image: ecs.ContainerImage.fromRegistry(IMAGE),
    cluster,
    containerPort: CONTAINER_PORT,
    cpu: CPU,
    memoryLimitMiB: MEMORY_MIB,
    desiredCount: DESIRED_COUNT,
    loadBalancing: listener
      ? LoadBalancing.sharedListener({ listener, priority: index + 1, pathPatterns: [`/svc${index}`, `/svc${index}/*`] })
      : LoadBalancing.publicAlb(),
  });
}

function addPatternsService(stack: Stack, id: string, cluster: ecs.ICluster): void {
  new ecsPatterns.ApplicationLoadBalancedFargateService(stack, id, {
    cluster,
    cpu: CPU,
    memoryLimitMiB: MEMORY_MIB,
    desiredCount: DESIRED_COUNT,
    runtimePlatform: { cpuArchitecture: ecs.CpuArchitecture.ARM64, operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    capacityProviderStrategies: SPOT_MIX,
    taskImageOptions: { image: ecs.ContainerImage.fromRegistry(IMAGE), containerPort: CONTAINER_PORT },
  });
}

/** One public ALB and HTTP listener for all services; requests no rule matches get a 404. */
function sharedListener(stack: Stack, vpc: ec2.IVpc): elbv2.IApplicationListener {
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'SharedAlb', { vpc, internetFacing: true, dropInvalidHeaderFields: true });
  return alb.addListener('Http', {
    port: 80,
    defaultAction: elbv2.ListenerAction.fixedResponse(404, { contentType: 'text/plain', messageBody: 'no route' }),
  });
}
