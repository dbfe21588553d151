import { Annotations, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import * as limits from './limits';
import { PropsValidator } from './validation';

/**
 * A task count (desired count, scaling range): a whole number within the library's typo guard, with a
 * warning above ECS's default "Tasks per service" quota, which an account can raise.
 */
export function checkTaskCount(v: PropsValidator, scope: IConstruct, prop: string, count: number | undefined,
  min: number = limits.TASK_COUNT.min!): void {
  v.integerInRange(prop, count, min, limits.TASK_COUNT.max!);
  if (count !== undefined && !Token.isUnresolved(count) && Number.isInteger(count)
    && count > limits.TASKS_PER_SERVICE_QUOTA && count <= limits.TASK_COUNT.max!) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:beyondTasksPerServiceQuota',
      `'${prop}' ${count} is above ECS's default "Tasks per service" quota (${limits.TASKS_PER_SERVICE_QUOTA}, adjustable in Service Quotas, ` +
      'code L-4637F321): the service stops growing there unless the account\'s quota was raised');
  }
}

/** A name ECS takes for a service or a container (ECS API: up to 255 letters, numbers, underscores and hyphens). */
export function checkEcsName(v: PropsValidator, prop: string, name: string | undefined): void {
  if (name === undefined || Token.isUnresolved(name)) {
    return;
  }
  if (!new RegExp(limits.ECS_NAME.pattern!).test(name)) {
    v.fail(`'${prop}' must be 1–255 letters, numbers, underscores or hyphens (${limits.ECS_NAME.source}), got '${name}'`);
  }
}

/** Record the problems of the container health check of `EssentialContainerOptions.healthCheck`. */
export function checkContainerHealthCheck(v: PropsValidator, healthCheck: ecs.HealthCheck | undefined): void {
  if (!healthCheck) {
    return;
  }
  const command = healthCheck.command;
  if (command.length === 0 || (command[0] !== 'CMD' && command[0] !== 'CMD-SHELL' && command.length < 2)) {
    // aws-cdk-lib prepends CMD-SHELL to a one-element command; ECS wants CMD or CMD-SHELL first.
    v.fail(`'healthCheck.command' must start with 'CMD' or 'CMD-SHELL' (ECS API HealthCheck.command), or be one shell command, got ${JSON.stringify(command)}`);
  }
  const { CONTAINER_HEALTH_CHECK_INTERVAL: interval, CONTAINER_HEALTH_CHECK_TIMEOUT: timeout } = limits;
  const { CONTAINER_HEALTH_CHECK_RETRIES: retries, CONTAINER_HEALTH_CHECK_START_PERIOD: start } = limits;
  v.durationInRange('healthCheck.interval', healthCheck.interval, interval.min!, interval.max!, 'ECS API HealthCheck.interval');
  v.durationInRange('healthCheck.timeout', healthCheck.timeout, timeout.min!, timeout.max!, 'ECS API HealthCheck.timeout');
  v.integerInRange('healthCheck.retries', healthCheck.retries, retries.min!, retries.max!);
  v.durationInRange('healthCheck.startPeriod', healthCheck.startPeriod, start.min!, start.max!, 'ECS API HealthCheck.startPeriod');
}

/**
 * Record the problems of `EssentialTaskOptions.ephemeralStorageGiB`: Fargate only, 21–200 GiB.
 *
 * @param launch where the task runs, for the message; undefined on Fargate
 */
export function checkEphemeralStorage(v: PropsValidator, gib: number | undefined, launch?: string): void {
  if (gib === undefined) {
    return;
  }
  if (launch !== undefined) {
    v.fail('\'ephemeralStorageGiB\' is for Fargate tasks only (ECS API EphemeralStorage: "used to expand the total amount of ephemeral storage available, beyond the default amount, for tasks hosted on Fargate"): ' +
      `on ${launch} the instance's volume is the task's storage; leave it out, got ${gib}`);
    return;
  }
  v.integerInRange('ephemeralStorageGiB', gib, limits.EPHEMERAL_STORAGE.min!, limits.EPHEMERAL_STORAGE.max!);
}

/** The Docker platform a task of this architecture runs images for. */
function platformOf(architecture: ecs.CpuArchitecture): string {
  return architecture._cpuArchitecture === 'ARM64' ? 'linux/arm64' : 'linux/amd64';
}

/**
 * An image built from a local directory (`ContainerImage.fromAsset`) must be built for the task's
 * architecture: Docker builds for the build machine's platform unless told, so an x86 laptop or CI
 * runner makes an image that fails on Graviton tasks with "exec format error", seen only after deploy.
 * A stated platform that differs is an error naming both; none stated is an acknowledgeable warning.
 */
export function checkImagePlatform(v: PropsValidator, scope: IConstruct, image: ecs.ContainerImage,
  architecture: ecs.CpuArchitecture | undefined): void {
  if (!(image instanceof ecs.AssetImage) || architecture === undefined) {
    return;
  }
  // AssetImage keeps its props private; `platform` is the ecr-assets Platform given to fromAsset().
  const platform = (image as unknown as { props?: { platform?: { platform?: string } } }).props?.platform?.platform;
  const wanted = platformOf(architecture);
  if (platform === undefined) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:imageAssetPlatform',
      '\'image\' is built from a local directory without a platform, so Docker builds it for the build machine; the tasks run on ' +
      `${architecture._cpuArchitecture} (${wanted}). Pass platform: Platform.${wanted === 'linux/arm64' ? 'LINUX_ARM64' : 'LINUX_AMD64'} ` +
      '(aws-cdk-lib/aws-ecr-assets) to ContainerImage.fromAsset(), or set cpuArchitecture to the build machine\'s; an image of the ' +
      'wrong architecture fails every task with "exec format error" after the deployment started');
    return;
  }
  if (!Token.isUnresolved(platform) && platform !== wanted) {
    v.fail(`'image' is built for ${platform} (ContainerImage.fromAsset platform) but the tasks run on ${architecture._cpuArchitecture} (${wanted}): ` +
      `build for ${wanted}, or set cpuArchitecture to ecs.CpuArchitecture.${platform === 'linux/arm64' ? 'ARM64' : 'X86_64'}`);
  }
}
