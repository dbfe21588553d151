import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import type { AlarmedTargetGroup } from '../../private/rollback-alarms';

/** What a rollout checks its options against: the rest of the service's props. */
export interface RolloutValidationContext {
  /** True when the service sits behind a load balancer (its own or a shared listener). */
  readonly hasLoadBalancer: boolean;
  /** True when the service publishes a Service Connect endpoint (ECS can shift its Service Connect traffic). */
  readonly serviceConnectServer: boolean;
  /** True for EC2 tasks in bridge mode (instance targets). */
  readonly bridgeNetworking: boolean;
  /** True when the scaling props track ALB requests per target of one target group. */
  readonly scalesOnRequestsPerTarget: boolean;
  /** The production rule's priority on a shared listener; undefined for an ALB of the service's own. */
  readonly sharedListenerPriority?: number;
  /** How many condition values (paths and hosts) the production rule has on a shared listener. */
  readonly sharedConditionValues?: number;
}

/** What a rollout needs to know about the service it binds to. */
export interface RolloutContext {
  /** True when the service sits behind a load balancer (its own or a shared listener). */
  readonly hasLoadBalancer: boolean;
  /** The alarms the user gave in `rollbackAlarms`. */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];
}

/** The deployment props a rollout gives the ECS service (a subset of ecs.BaseServiceOptions). */
export interface RolloutBinding {
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
  readonly circuitBreaker?: ecs.DeploymentCircuitBreaker;
  readonly healthCheckGracePeriod?: Duration;
  readonly deploymentStrategy?: ecs.DeploymentStrategy;
  readonly bakeTime?: Duration;
  readonly lifecycleHooks?: ecs.IDeploymentLifecycleHookTarget[];
  readonly canaryConfiguration?: ecs.TrafficShiftConfig;
  readonly linearConfiguration?: ecs.TrafficShiftConfig;
  readonly deploymentAlarms?: ecs.DeploymentAlarmConfig;
}

/** What the finished service gives its rollout. */
export interface RolloutCompletion {
  readonly service: ecs.BaseService;
  /** The target groups of the service: one, or two for a traffic-shifting rollout behind an ALB. */
  readonly targetGroups: AlarmedTargetGroup[];
  /** The alarms the user gave in `rollbackAlarms`. */
  readonly rollbackAlarms?: cloudwatch.IAlarm[];
}
