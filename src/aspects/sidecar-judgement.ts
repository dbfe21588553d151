/**
 * Not exported from the package (src/aspects/index.ts): it lives outside private/ so the report CLI may import it.
 *
 * Which containers are AWS sidecars, judged from template values only: shared by the Aspects and the
 * report CLI (which must not load aws-cdk-lib), so both exempt the same containers from ECSE-FD4.
 */

/**
 * AWS sidecar images, by a part of the repository name every registry AWS publishes them in shares
 * (public.ecr.aws, Docker Hub `amazon/...`, the regional ECR accounts). They need their stop timeout to
 * flush logs, drain connections or send the last trace segments.
 */
const AWS_SIDECAR_IMAGES: ReadonlyArray<{ readonly repository: RegExp; readonly what: string; readonly publishedByAws: boolean }> = [
  { repository: /aws-for-fluent-bit/, what: 'an AWS for Fluent Bit log router', publishedByAws: true },
  { repository: /aws-appmesh-envoy/, what: 'the App Mesh Envoy proxy', publishedByAws: true },
  { repository: /aws-xray-daemon/, what: 'the X-Ray daemon', publishedByAws: true },
  { repository: /cloudwatch-agent/, what: 'the CloudWatch agent', publishedByAws: true },
  { repository: /aws-otel-collector/, what: 'the AWS Distro for OpenTelemetry collector', publishedByAws: true },
  // Upstream Envoy (Docker Hub), as App Mesh and Envoy-based meshes run it: it drains connections like AWS's build,
  // but AWS does not publish it, so ECSE-FD10 still judges where it is pulled from.
  { repository: /(^|\/)envoyproxy\/envoy(-[\w-]+)?([:@]|$)/, what: 'the Envoy proxy (envoyproxy/envoy)', publishedByAws: false },
];

/** What `awsSidecarRole` calls the task's App Mesh proxy, whatever its image. */
export const APP_MESH_PROXY = 'the App Mesh proxy of the task';

/** What an AWS sidecar image is, from the image's text (its literal parts), or undefined. */
export function awsSidecarImage(image: string): string | undefined {
  return AWS_SIDECAR_IMAGES.find((s) => s.repository.test(image))?.what;
}

/** What an AWS sidecar image is when AWS publishes it (ECSE-FD10 leaves those alone), or undefined. */
export function awsPublishedSidecarImage(image: string): string | undefined {
  return AWS_SIDECAR_IMAGES.find((s) => s.publishedByAws && s.repository.test(image))?.what;
}

/** What `awsSidecarOfContainer` calls a FireLens log router, whatever its image. */
export const FIRELENS_LOG_ROUTER = 'a FireLens log router';

/**
 * What an AWS sidecar container is, or undefined for any other container: a FireLens log router (by
 * its `FirelensConfiguration`, whatever the image), the task's App Mesh proxy (named by the task's
 * `ProxyConfiguration`, whatever the image), or an AWS sidecar image.
 *
 * @param container a resolved container definition
 * @param proxyContainerName `ProxyConfiguration.ContainerName` of its task definition, if any
 * @param image the container's image as text
 */
export function awsSidecarOfContainer(container: Record<string, unknown>, proxyContainerName: unknown, image: string): string | undefined {
  if (typeof container.FirelensConfiguration === 'object' && container.FirelensConfiguration !== null) {
    return FIRELENS_LOG_ROUTER;
  }
  if (proxyContainerName !== undefined && container.Name === proxyContainerName) {
    return APP_MESH_PROXY;
  }
  return awsSidecarImage(image);
}
