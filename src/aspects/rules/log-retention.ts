import { CfnResource } from 'aws-cdk-lib';
import { LOG_RETENTION } from '../../private/defaults';
import { CfnValue, isObject, show } from '../private/cfn';
import { FastDeployContext, LogTargetView } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD8: the log groups of awslogs containers have a retention: aws-ecs creates them without
 * one, so logs are kept (and paid for) forever. Checked for the containers of the service's task
 * definition and for the Service Connect proxy's log group, and for the log groups created outside
 * the template: by ECS (`awslogs-create-group`) or by a FireLens CloudWatch output (`auto_create_group`).
 */
export function logRetention(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  const findings: RuleFinding[] = taskDefinition.node || taskDefinition.chosenOutsideTemplate ? [] : [{
    message: `${taskDefinition.label} is not defined in this app, its log groups cannot be read`,
    unresolved: true,
    outsideApp: true,
  }];
  return [...findings, ...checkRetention(ctx.logTargets(node), ctx)];
}

/** ECSE-FD8 on a task definition no service of the stack runs (scheduled tasks, RunTask). */
export function logRetentionStandalone(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  if (ctx.usedByService(node)) {
    return [];
  }
  return checkRetention(ctx.containerLogTargets(ctx.taskDefinitionView(node)), ctx);
}

/**
 * The FireLens outputs that write to CloudWatch Logs: `cloudwatch_logs` (Fluent Bit's C plugin) and
 * `cloudwatch` (AWS's Go plugin); both create the group with `auto_create_group` and give a group they
 * create a retention only with `log_retention_days`.
 *
 * @see https://docs.fluentbit.io/manual/pipeline/outputs/cloudwatch
 * @see https://github.com/aws/amazon-cloudwatch-logs-for-fluent-bit#plugin-options
 */
const FIRELENS_CLOUDWATCH = ['cloudwatch_logs', 'cloudwatch'];

/** Where a log configuration writes, and who creates the group when the template does not. */
interface LogDestination {
  readonly group: CfnValue;
  /** The group is created at run time when missing: by ECS (awslogs) or by the FireLens output. */
  readonly createdBy?: 'ecs' | 'firelens';
  /** FireLens' `log_retention_days`, applied to a group it creates. */
  readonly retentionOption?: CfnValue;
}

function destinationOf(log: CfnValue): LogDestination | undefined {
  if (!isObject(log)) {
    return undefined;
  }
  const options = isObject(log.Options) ? log.Options : {};
  if (log.LogDriver === 'awslogs') {
    return { group: options['awslogs-group'], createdBy: isTrue(options['awslogs-create-group']) ? 'ecs' : undefined };
  }
  if (log.LogDriver === 'awsfirelens' && FIRELENS_CLOUDWATCH.includes(options.Name) && options.log_group_name !== undefined) {
    return {
      group: options.log_group_name,
      createdBy: isTrue(options.auto_create_group) ? 'firelens' : undefined,
      retentionOption: options.log_retention_days,
    };
  }
  return undefined;
}

function isTrue(value: CfnValue): boolean {
  return value === true || (typeof value === 'string' && value.toLowerCase() === 'true');
}

function checkRetention(targets: LogTargetView[], ctx: FastDeployContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const destination = destinationOf(target.log);
    if (!destination) {
      continue;
    }
    const group = destination.group;
    const view = group === undefined ? undefined : ctx.logGroup(group, target.node);
    const key = view?.label ?? show(group);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const logGroup = view?.node;
    if (!logGroup && destination.createdBy) {
      findings.push(...createdAtRunTime(target, destination, view?.label ?? `Log group ${show(group)}`, ctx));
      continue;
    }
    if (!view || !logGroup) {
      findings.push({
        message: `the log group ${view ? view.label.replace(/^Log group /, '') : show(group)} of ${target.shortLabel} ` +
          'is not defined in this app, its retention cannot be read',
        unresolved: true,
        outsideApp: true,
        related: [target.node],
      });
      continue;
    }
    if (view.props.RetentionInDays !== undefined) {
      continue;
    }
    findings.push({
      message: `${view.label} of ${target.shortLabel} keeps logs forever (no retention)`,
      related: [target.node, logGroup],
      repair: () => {
        logGroup.addPropertyOverride('RetentionInDays', LOG_RETENTION);
        ctx.changed(logGroup);
        return `${view.label} retention set from never expire (the CloudWatch Logs default) to ${LOG_RETENTION} days`;
      },
    });
  }
  return findings;
}

/**
 * A group the template does not define, created when missing by ECS (`awslogs-create-group`, never with a
 * retention) or by a FireLens CloudWatch output (`auto_create_group`, with `log_retention_days` only).
 */
function createdAtRunTime(target: LogTargetView, destination: LogDestination, label: string, ctx: FastDeployContext): RuleFinding[] {
  const related = [target.node];
  if (destination.createdBy === 'ecs') {
    return [{
      message: `${label} of ${target.shortLabel} is created by ECS (awslogs-create-group) when missing, and keeps logs forever (no retention)`,
      related,
      advice: 'define the log group in the app with a retention and pass it: LogDrivers.awsLogs({ logGroup, ... }) or ' +
        'logRetention; ECS gives the groups it creates no retention (fix mode cannot: the group is not in the template)',
    }];
  }
  if (destination.retentionOption !== undefined) {
    return [];
  }
  return [{
    message: `${label} of ${target.shortLabel} is created by its FireLens CloudWatch output (auto_create_group) without ` +
      'log_retention_days, and keeps logs forever (no retention)',
    related,
    advice: `add log_retention_days: '${LOG_RETENTION}' to the options of LogDrivers.firelens(), or define the log group in the app ` +
      'with a retention; or add EcsFastDeployChecks({ fix: true })',
    repair: () => {
      target.node.addPropertyOverride(`${target.path}.Options.log_retention_days`, String(LOG_RETENTION));
      ctx.changed(target.node);
      return `${label} of ${target.shortLabel}: FireLens option log_retention_days set to ${LOG_RETENTION} (before: not set, ` +
        'groups it creates never expire); a group that already exists keeps its retention';
    },
  }];
}
