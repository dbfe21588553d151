/**
 * Every numeric range and pattern the library enforces at synth, grouped by what it constrains: one file per
 * group, each limit with the AWS text it comes from or `ours` and the reason (see limit.ts).
 */
import { CAPACITY_LIMITS } from './capacity';
import { ENVIRONMENT_LIMITS } from './environment';
import { FAULT_INJECTION_LIMITS } from './fault-injection';
import { Limit } from './limit';
import { LOAD_BALANCING_LIMITS } from './load-balancing';
import { SCHEDULE_LIMITS } from './schedules';
import { SERVICE_LIMITS } from './service';
import { TASK_DEFINITION_LIMITS } from './task-definition';

export * from './limit';
export * from './task-definition';
export * from './service';
export * from './load-balancing';
export * from './environment';
export * from './capacity';
export * from './schedules';
export * from './fault-injection';

/** A group of limits: its heading in docs/limits.md and its limits. */
export interface LimitGroup {
  readonly title: string;
  readonly limits: readonly Limit[];
}

/** Every group, in the order docs/limits.md shows them. */
export const LIMIT_GROUPS: readonly LimitGroup[] = [
  { title: 'Task definitions and containers (ECS, Fargate)', limits: TASK_DEFINITION_LIMITS },
  { title: 'Services: counts, deployments, Service Connect, scaling, outputs and dashboards (ECS, CloudFormation, CloudWatch)', limits: SERVICE_LIMITS },
  { title: 'Load balancing (Elastic Load Balancing, S3 for access logs)', limits: LOAD_BALANCING_LIMITS },
  { title: 'Environments and domains (DNS, Cloud Map)', limits: ENVIRONMENT_LIMITS },
  { title: 'Capacity and daemons (ECS capacity providers, EC2, Auto Scaling, Managed Instances)', limits: CAPACITY_LIMITS },
  { title: 'Jobs, workers and schedules (EventBridge Scheduler, Application Auto Scaling, CloudWatch alarms)', limits: SCHEDULE_LIMITS },
  { title: 'Fault injection (AWS FIS)', limits: FAULT_INJECTION_LIMITS },
];

/** Every limit the constructs enforce (a test fails when one is left out). */
export const LIMITS: readonly Limit[] = LIMIT_GROUPS.flatMap((group) => group.limits);
