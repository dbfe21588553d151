import { CfnResource } from 'aws-cdk-lib';
import { LOG_RETENTION } from '../../private/defaults';
import { isObject, show } from '../private/cfn';
import { FastDeployContext, LogTargetView } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD8: the log groups of awslogs containers have a retention: aws-ecs creates them without
 * one, so logs are kept (and paid for) forever. Checked for the containers of the service's task
 * definition and for the Service Connect proxy's log group.
 */
export function logRetention(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  const findings: RuleFinding[] = taskDefinition.node ? [] : [{
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

function checkRetention(targets: LogTargetView[], ctx: FastDeployContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const target of targets) {
    const log = target.log;
    if (!isObject(log) || log.LogDriver !== 'awslogs') {
      continue;
    }
    const group = isObject(log.Options) ? log.Options['awslogs-group'] : undefined;
    const view = group === undefined ? undefined : ctx.logGroup(group, target.node);
    const key = view?.label ?? show(group);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const logGroup = view?.node;
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
