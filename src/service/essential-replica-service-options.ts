import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { EssentialServiceOptions } from './essential-service-options';
import { FastDeployOptions } from './fast-deploy-options';
import { LoadBalancing } from './load-balancing';
import { ServiceScalingOptions } from '../scaling/service-scaling-options';

/**
 * Props shared by the REPLICA service variants (`EssentialFargateService`, `EssentialEc2Service`,
 * `EssentialManagedInstancesService`): a task count, load balancing, the fast-deploy timing, rollback
 * alarms and scaling. Extends `EssentialServiceOptions`; the same name means the same thing on every
 * variant.
 */
export interface EssentialReplicaServiceOptions extends EssentialServiceOptions {
  /**
   * Number of tasks to run (0–10000).
   *
   * @default 2
   */
  readonly desiredCount?: number;

  /**
   * Path the ALB health check requests; must start with '/'.
   *
   * @default '/'
   */
  readonly healthCheckPath?: string;

  /**
   * How the service receives traffic: an ALB of its own (public or internal), a rule on a shared
   * listener, or none.
   *
   * @default LoadBalancing.publicAlb()
   */
  readonly loadBalancing?: LoadBalancing;

  /**
   * The ALB and container timing of each deployment step: health-check interval, timeout and
   * thresholds, deregistration delay, container stop timeout.
   *
   * @default - the fast-deploy profile (see FastDeployOptions)
   */
  readonly fastDeploy?: FastDeployOptions;

  /**
   * CloudWatch alarms that roll a deployment back when one goes into ALARM during the deployment or
   * its bake time (`DeploymentConfiguration.Alarms` with rollback), added to the library's default
   * alarms of blue/green, canary and linear rollouts.
   *
   * Add alarms here rather than with `service.enableDeploymentAlarms()`: aws-cdk-lib drops alarms
   * added by a second call (aws/aws-cdk#36308). For an alarm on a metric of this service itself
   * (CPU, Service Connect errors), give the alarm a fixed `alarmName` and pass
   * `cloudwatch.Alarm.fromAlarmName(scope, id, thatName)`: a reference to the alarm construct would
   * make the service and the alarm depend on each other.
   *
   * @default - none besides the rollout's default alarms
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
   */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];

  /**
   * Target tracking and scheduled scaling of the task count.
   *
   * @default - a fixed desired count
   */
  readonly scaling?: ServiceScalingOptions;
}
