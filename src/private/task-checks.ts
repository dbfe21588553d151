import * as ecs from 'aws-cdk-lib/aws-ecs';
import { PropsValidator } from './validation';

/**
 * The container health check's ranges, as the ECS API documents them (`HealthCheck`: "You may specify
 * between 5 and 300 seconds" for interval, "between 2 and 60 seconds" for timeout, "between 1 and 10
 * retries", "between 0 and 300 seconds" for startPeriod).
 */
const HEALTH_CHECK_LIMITS = {
  interval: [5, 300],
  timeout: [2, 60],
  retries: [1, 10],
  startPeriod: [0, 300],
} as const;

/**
 * Ephemeral storage of a Fargate task: ECS API `EphemeralStorage.sizeInGiB`, "The minimum supported
 * value is 21 GiB and the maximum supported value is 200 GiB".
 */
export const EPHEMERAL_STORAGE_GIB = { min: 21, max: 200 } as const;

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
  v.durationInRange('healthCheck.interval', healthCheck.interval, HEALTH_CHECK_LIMITS.interval[0], HEALTH_CHECK_LIMITS.interval[1], 'ECS API HealthCheck.interval');
  v.durationInRange('healthCheck.timeout', healthCheck.timeout, HEALTH_CHECK_LIMITS.timeout[0], HEALTH_CHECK_LIMITS.timeout[1], 'ECS API HealthCheck.timeout');
  v.integerInRange('healthCheck.retries', healthCheck.retries, HEALTH_CHECK_LIMITS.retries[0], HEALTH_CHECK_LIMITS.retries[1]);
  v.durationInRange('healthCheck.startPeriod', healthCheck.startPeriod, HEALTH_CHECK_LIMITS.startPeriod[0], HEALTH_CHECK_LIMITS.startPeriod[1], 'ECS API HealthCheck.startPeriod');
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
  v.integerInRange('ephemeralStorageGiB', gib, EPHEMERAL_STORAGE_GIB.min, EPHEMERAL_STORAGE_GIB.max);
}
