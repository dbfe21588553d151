import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';

/** What a destination is told when it is wired into a task. */
export interface FireLensDestinationContext {
  /** The log group of the service, the default of `cloudWatchLogs()`. */
  readonly serviceLogGroup: logs.ILogGroup;
  /** The name of the application container (log stream prefix). */
  readonly containerName: string;
}

/** A destination wired into a task: the log driver options and the task-role grant. */
export interface BoundDestination {
  /** Options of the `awsfirelens` log driver: the Fluent Bit output plugin and its settings. */
  readonly options: Record<string, string>;
  /** Grant the task role exactly what the output calls. */
  readonly grant?: (role: iam.IGrantable) => iam.Grant;
}
