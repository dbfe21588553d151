import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';

/** What the wiring needs to know about the service. */
export interface ApplicationLoggingContext {
  /** The service's log group (awslogs target, default FireLens CloudWatch destination). */
  readonly logGroup: logs.ILogGroup;
  /** The application container's name (stream prefix). */
  readonly containerName: string;
  /** The service's `logRetention` prop. */
  readonly logRetention?: logs.RetentionDays;
}

/** The application container's log driver and, with FireLens, the router it must start after. */
export interface ApplicationLogging {
  readonly logDriver: ecs.LogDriver;
  readonly router?: ecs.ContainerDefinition;
}

/** What a logging choice checks its options against: the rest of the service's props. */
export interface LoggingValidationContext {
  /** The service's `logRetention` prop. */
  readonly logRetention?: logs.RetentionDays;
  /** The largest container stop timeout of the launch type (Fargate: 120). */
  readonly maxStopTimeoutSeconds: number;
}
