import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { CfnValue, LogicalIds, isObject } from '../private/cfn';
import { FastDeployContext, TaskDefinitionView } from '../private/service-model';
import { HOLE, renderPattern } from '../private/text-pattern';
import { RuleFinding } from '../rule-pack';
import { FIRELENS_LOG_ROUTER, awsPublishedSidecarImage } from '../sidecar-judgement';

/**
 * A private ECR image URI: `<account>.dkr.ecr[-fips].<region>.<amazonaws.com | amazonaws.com.cn | ${AWS::URLSuffix}>/...`.
 *
 * @see https://docs.aws.amazon.com/AmazonECR/latest/userguide/Registries.html
 */
const PRIVATE_ECR = /^[^/]+\.dkr\.ecr(?:-fips)?\.([^./]+|\$\{AWS::Region\})\.[^/]+\//;

/** Images of AWS agents other than FD4's AWS sidecars: the SSM agent sidecar of `enableFaultInjection`. */
const AWS_AGENT_IMAGES = /amazon-ssm-agent/;

/**
 * ECSE-FD10: application images come from Amazon ECR in the stack's Region.
 *
 * A Fargate task keeps no image cache: every task pulls every image in full, so the pull is part of
 * every deployment step and every scale-out, and AWS recommends a repository in the task's Region
 * (https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-pull-behavior.html). Reported:
 * images from Docker Hub and other registries outside ECR, from ECR Public (`public.ecr.aws`, a
 * registry of its own reached over its public endpoint, not the Region's private registry), and from
 * a private ECR registry in another Region. Images built by aws-cdk-lib assets
 * (`ContainerImage.fromAsset`) and repositories of the same stack are in the stack's Region and pass.
 * An image or stack Region that is only known at deploy time is reported as unresolved.
 *
 * AWS sidecars (FireLens log routers, Envoy, the X-Ray daemon, the CloudWatch agent, the ADOT
 * collector, the SSM agent of fault injection) are not checked: AWS publishes them, and their images
 * are chosen through the library or construct that adds them.
 */
export function imagePullSource(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  if (taskDefinition.chosenOutsideTemplate) {
    return [];
  }
  if (!taskDefinition.node) {
    return [{ message: `${taskDefinition.label} is not defined in this app, its images cannot be read`, unresolved: true, outsideApp: true }];
  }
  return checkImages(taskDefinition, ctx.ids);
}

/** ECSE-FD10 on a task definition no service of the stack runs (scheduled tasks, RunTask). */
export function imagePullSourceStandalone(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  if (ctx.usedByService(node)) {
    return [];
  }
  return checkImages(ctx.taskDefinitionView(node), ctx.ids);
}

function checkImages(taskDefinition: TaskDefinitionView, ids: LogicalIds): RuleFinding[] {
  const node = taskDefinition.node!;
  const stack = Stack.of(node);
  return taskDefinition.containers.flatMap((container): RuleFinding[] => {
    const image = renderPattern(sameStackArnParts(container.props.Image, stack, ids), stack, ids);
    // A log router is chosen with the FireLens option that adds it; any other sidecar (the App Mesh proxy, Envoy) is
    // judged by its image: AWS's builds pass, Envoy from Docker Hub (envoyproxy/envoy) is pulled like any other.
    const awsSidecar = container.awsSidecar === FIRELENS_LOG_ROUTER ? container.awsSidecar : awsPublishedSidecarImage(image);
    if (awsSidecar || AWS_AGENT_IMAGES.test(image)) {
      return [];
    }
    const problem = sourceProblem(image, stack);
    return problem ? [{ ...problem, message: `container '${container.name}' of ${taskDefinition.label} ${problem.message}`, related: [node] }] : [];
  });
}

/** What is wrong with where the image comes from, or undefined for same-Region private ECR. */
function sourceProblem(image: string, stack: Stack): { readonly message: string; readonly unresolved?: boolean } | undefined {
  if (image.includes(HOLE) && !PRIVATE_ECR.test(image)) {
    return { message: 'pulls an image whose registry is only known at deploy time', unresolved: true };
  }
  const ecr = PRIVATE_ECR.exec(image);
  if (ecr) {
    const region = ecr[1];
    if (region === '${AWS::Region}') {
      return undefined;
    }
    if (Token.isUnresolved(stack.region)) {
      return { message: `pulls '${show(image)}' from ECR in ${region}, and the stack's Region is only known at deploy time`, unresolved: true };
    }
    return region === stack.region ? undefined
      : { message: `pulls '${show(image)}' from ECR in ${region}, not in the stack's Region ${stack.region}: every pull crosses Regions` };
  }
  const registry = registryOf(image);
  if (registry === 'public.ecr.aws') {
    return { message: `pulls '${show(image)}' from Amazon ECR Public, not from the Region's private registry` };
  }
  return { message: `pulls '${show(image)}' from ${registry === 'docker.io' ? 'Docker Hub' : registry}, outside Amazon ECR` };
}

/** The registry host of an image reference; Docker Hub when the first part names no host. */
function registryOf(image: string): string {
  const slash = image.indexOf('/');
  const first = slash < 0 ? '' : image.slice(0, slash);
  if (first === '' || (!first.includes('.') && !first.includes(':') && first !== 'localhost')) {
    return 'docker.io';
  }
  return first === 'registry-1.docker.io' || first === 'index.docker.io' ? 'docker.io' : first;
}

/** The image for a message, deploy-time parts shown as `<?>`. */
function show(image: string): string {
  return image.split(HOLE).join('<?>');
}

/**
 * Replace `Fn::Select` of the Region (index 3) or account (4) of a `Fn::Split` of the ARN of a
 * resource of the same stack with the pseudo parameter it equals. `ContainerImage.fromEcrRepository`
 * builds the URI of a repository of the stack this way, and the repository is in the stack's Region.
 */
function sameStackArnParts(value: CfnValue, stack: Stack, ids: LogicalIds): CfnValue {
  if (Array.isArray(value)) {
    return value.map((v) => sameStackArnParts(v, stack, ids));
  }
  if (!isObject(value)) {
    return value;
  }
  const select = value['Fn::Select'];
  if (Array.isArray(select) && (select[0] === 3 || select[0] === 4 || select[0] === '3' || select[0] === '4') && isObject(select[1])) {
    const split = select[1]['Fn::Split'];
    const getAtt = Array.isArray(split) && split[0] === ':' && isObject(split[1]) ? split[1]['Fn::GetAtt'] : undefined;
    const target = Array.isArray(getAtt) ? getAtt : typeof getAtt === 'string' ? getAtt.split('.') : [];
    const element = typeof target[0] === 'string' ? ids.find(stack, target[0]) : undefined;
    if (target[1] === 'Arn' && CfnResource.isCfnResource(element) && Stack.of(element) === stack) {
      return { Ref: Number(select[0]) === 3 ? 'AWS::Region' : 'AWS::AccountId' };
    }
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sameStackArnParts(v, stack, ids)]));
}
