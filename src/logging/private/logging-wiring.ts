import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { ApplicationLogging, ApplicationLoggingContext } from './logging-binding';
import * as defaults from '../../private/defaults';
import { PropsValidator } from '../../private/validation';
import { ServiceLogging } from '../service-logging';

export type { ApplicationLogging, ApplicationLoggingContext } from './logging-binding';

/** The logging choice of a service, the default (`ServiceLogging.awsLogs()`) when none is given. */
function choiceOf(logging: ServiceLogging | undefined): ServiceLogging {
  return logging ?? ServiceLogging.awsLogs();
}

/** The retention of the service's log group: the logging choice's, the service's, or the library's. */
export function serviceLogRetention(logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined): logs.RetentionDays {
  return choiceOf(logging)._logGroupRetention() ?? logRetention ?? defaults.LOG_RETENTION;
}

/**
 * Record the problems of the logging choice.
 *
 * @param maxStopTimeoutSeconds the largest container stop timeout of the launch type (Fargate: 120)
 */
export function validateLogging(v: PropsValidator, logging: ServiceLogging | undefined, logRetention: logs.RetentionDays | undefined,
  maxStopTimeoutSeconds: number): void {
  choiceOf(logging)._validate(v, { logRetention, maxStopTimeoutSeconds });
}

/**
 * Fail when the logging choice's sidecar (the FireLens router) cannot fit in the task: its memory
 * reservation comes out of the task's memory, and the application needs some too.
 */
export function validateRouterFits(v: PropsValidator, logging: ServiceLogging | undefined, taskMemoryMiB: number): void {
  choiceOf(logging)._validateFits(v, taskMemoryMiB);
}

/**
 * The log driver of the application container. With FireLens, adds the log router (a sidecar with its
 * own non-blocking log group), its image pull on the execution role and the destination's grant on
 * the task role.
 */
export function applicationLogging(taskDefinition: ecs.TaskDefinition, logging: ServiceLogging | undefined,
  ctx: ApplicationLoggingContext): ApplicationLogging {
  return choiceOf(logging)._bind(taskDefinition, ctx);
}
