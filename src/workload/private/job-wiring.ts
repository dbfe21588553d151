import { Duration, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { Construct } from 'constructs';
import { CapacityMix } from '../../capacity/capacity-mix';
import { ServiceLogging } from '../../logging/service-logging';
import * as defaults from '../../private/defaults';
import { describeMemoryOptions, fargateCpuOptions, fargateMemoryOptions } from '../../private/fargate-sizes';
import * as limits from '../../private/limits';
import { checkEnvironmentExclusive } from '../../private/placement-checks';
import { checkContainerHealthCheck, checkEcsName, checkEphemeralStorage, checkImagePlatform } from '../../private/task-checks';
import { PropsValidator, describe, isKnown, listOf } from '../../private/validation';
import type { EssentialScheduledJobProps } from '../essential-scheduled-job';
import { JobSchedule } from '../job-schedule';

/** Throw one Error listing every problem of the job's props; tokens skip. */
export function validateJobProps(scope: Construct, props: EssentialScheduledJobProps, capacity: CapacityMix): void {
  const v = new PropsValidator();
  if (props.cluster && props.vpc) {
    v.fail('\'cluster\' and \'vpc\' are exclusive: give \'cluster\' to run in it, or \'vpc\' for the default cluster in it, got both');
  }
  checkEnvironmentExclusive(v, props.essentialEnvironment, { cluster: props.cluster, vpc: props.vpc });
  if (props.schedule instanceof JobSchedule) {
    v.addAll(props.schedule._validate('schedule'));
  } else {
    v.fail(`'schedule' must be made with JobSchedule.cron(), rate() or at(), got ${describe(props.schedule)}`);
  }
  // Scheduler's RetryPolicy and ECS's Fargate stop timeout, quoted in src/private/limits/.
  v.integerInRange('retryAttempts', props.retryAttempts, limits.SCHEDULER_RETRY_ATTEMPTS.min!, limits.SCHEDULER_RETRY_ATTEMPTS.max!);
  v.durationInRange('maxEventAge', props.maxEventAge, limits.SCHEDULER_MAX_EVENT_AGE.min!, limits.SCHEDULER_MAX_EVENT_AGE.max!, 'EventBridge Scheduler\'s limits');
  v.durationInRange('stopTimeout', props.stopTimeout, limits.FARGATE_STOP_TIMEOUT.min!, limits.FARGATE_STOP_TIMEOUT.max!, 'the Fargate range');
  checkEcsName(v, 'containerName', props.containerName);
  checkImagePlatform(v, scope, props.image, props.cpuArchitecture ?? defaults.CPU_ARCHITECTURE);
  const pv = props.platformVersion;
  if (pv !== undefined && limits.FARGATE_PLATFORM_VERSIONS_BEFORE_1_4.includes(pv)
    && (props.cpuArchitecture ?? defaults.CPU_ARCHITECTURE)._cpuArchitecture === 'ARM64') {
    // ECS developer guide: ARM64 tasks need Linux platform version 1.4.0 or later.
    v.fail('\'cpuArchitecture\' ARM64 (the default) needs Fargate platform version 1.4.0 or later: set \'platformVersion\' to ecs.FargatePlatformVersion.LATEST ' +
      `or VERSION1_4, or 'cpuArchitecture' to ecs.CpuArchitecture.X86_64, got ${pv}`);
  }
  v.addAll(capacity._validate('capacity'));
  checkContainerHealthCheck(v, props.healthCheck);
  checkEphemeralStorage(v, props.ephemeralStorageGiB);
  ServiceLogging._orDefault(props.logging)._validate(v, { logRetention: props.logRetention, maxStopTimeoutSeconds: 120 });
  ServiceLogging._orDefault(props.logging)._validateFits(v, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB);
  const cpu = props.cpu ?? defaults.CPU;
  const memory = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
  if (isKnown(cpu) && !fargateCpuOptions(false).includes(cpu)) {
    v.fail(`'cpu' must be one of ${listOf(fargateCpuOptions(false))}, got ${cpu}`);
  } else if (isKnown(cpu) && isKnown(memory) && !fargateMemoryOptions(cpu).includes(memory)) {
    v.fail(`'memoryLimitMiB' ${memory} is not valid with cpu ${cpu}: use ${describeMemoryOptions(cpu)}`);
  }
  v.throwIfInvalid(scope);
}

/**
 * The role EventBridge Scheduler assumes to run the job: trusted by Scheduler for this account's
 * schedule group only (confused-deputy guard), allowed to run this task definition family in this
 * cluster only (`ecs:cluster` condition).
 *
 * aws-cdk-lib's target adds `ecs:RunTask` on the current revision and `iam:PassRole` on exactly the
 * task and execution roles with `iam:PassedToService: ecs-tasks.amazonaws.com`, and `sqs:SendMessage`
 * on the dead-letter queue. The family statement keeps runs working while a deployment replaces the
 * revision: the policy and the schedule are updated one after the other, in either order.
 */
export function createSchedulerRole(scope: Construct, taskDefinition: ecs.TaskDefinition, cluster: ecs.ICluster,
  scheduleGroup?: scheduler.IScheduleGroup): iam.Role {
  const stack = Stack.of(scope);
  // Confused-deputy guard as the EventBridge Scheduler guide writes the execution role's trust policy
  // ("Set up the execution role"): aws:SourceAccount and aws:SourceArn, the ARN being the schedule group's
  // (arn:aws:scheduler:<region>:<account>:schedule-group/<group>), which is what Scheduler sends and what
  // aws-cdk-lib's own default target role pins. The job's schedule is in the default group unless given one.
  const groupArn = scheduleGroup?.scheduleGroupArn
    ?? stack.formatArn({ service: 'scheduler', resource: 'schedule-group', resourceName: 'default' });
  const role = new iam.Role(scope, 'SchedulerRole', {
    description: 'EventBridge Scheduler runs this job\'s task definition family',
    assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
      conditions: { StringEquals: { 'aws:SourceAccount': stack.account, 'aws:SourceArn': groupArn } },
    }),
  });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecs:RunTask'],
    resources: [stack.formatArn({ service: 'ecs', resource: 'task-definition', resourceName: `${taskDefinition.family}:*` })],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  }));
  // aws-cdk-lib's EcsRunFargateTask target adds its own ecs:RunTask on the current revision without the
  // cluster condition, which would let the role run the job's task (and pass its roles) in any cluster of
  // the account. An explicit Deny outside this cluster wins over that Allow.
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    effect: iam.Effect.DENY,
    actions: ['ecs:RunTask'],
    resources: ['*'],
    conditions: { ArnNotEquals: { 'ecs:cluster': cluster.clusterArn } },
  }));
  return role;
}

/**
 * "Tokens skip checks": a token `retryAttempts` or `maxEventAge` is written to the schedule's retry policy
 * as given, since aws-cdk-lib's ECS target validates both at synth and fails on a token.
 */
export function renderTokenRetryPolicy(schedule: scheduler.Schedule,
  props: { readonly retryAttempts?: number; readonly maxEventAge?: Duration }): void {
  const cfn = schedule.node.defaultChild as scheduler.CfnSchedule;
  if (props.retryAttempts !== undefined && Token.isUnresolved(props.retryAttempts)) {
    cfn.addPropertyOverride('Target.RetryPolicy.MaximumRetryAttempts', props.retryAttempts);
  }
  if (props.maxEventAge?.isUnresolved()) {
    cfn.addPropertyOverride('Target.RetryPolicy.MaximumEventAgeInSeconds', props.maxEventAge.toSeconds());
  }
}
