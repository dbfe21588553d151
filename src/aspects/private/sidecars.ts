import { Stack } from 'aws-cdk-lib';
import { LogicalIds, isObject } from './cfn';
import { renderPattern } from './text-pattern';

/**
 * AWS sidecar images, by a part of the repository name every registry AWS publishes them in shares
 * (public.ecr.aws, Docker Hub `amazon/...`, the regional ECR accounts). They need their stop timeout to
 * flush logs, drain connections or send the last trace segments, so ECSE-FD4 leaves them alone.
 */
const AWS_SIDECAR_IMAGES: ReadonlyArray<{ readonly repository: RegExp; readonly what: string }> = [
  { repository: /aws-for-fluent-bit/, what: 'an AWS for Fluent Bit log router' },
  { repository: /aws-appmesh-envoy/, what: 'the App Mesh Envoy proxy' },
  { repository: /aws-xray-daemon/, what: 'the X-Ray daemon' },
  { repository: /cloudwatch-agent/, what: 'the CloudWatch agent' },
  { repository: /aws-otel-collector/, what: 'the AWS Distro for OpenTelemetry collector' },
];

/**
 * What an AWS sidecar container is, or undefined for any other container: a FireLens log router (by
 * its `FirelensConfiguration`, whatever the image), the task's App Mesh proxy (named by the task's
 * `ProxyConfiguration`), or an AWS sidecar image. Images are read by their literal parts, so an image
 * URI built from a region mapping is still recognised.
 */
export function awsSidecarOf(container: Record<string, any>, isProxy: boolean, stack: Stack, ids: LogicalIds): string | undefined {
  if (isObject(container.FirelensConfiguration)) {
    return 'a FireLens log router';
  }
  if (isProxy) {
    return 'the App Mesh proxy of the task';
  }
  const image = renderPattern(container.Image, stack, ids);
  return AWS_SIDECAR_IMAGES.find((s) => s.repository.test(image))?.what;
}
