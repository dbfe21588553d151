import { CfnResource } from 'aws-cdk-lib';
import { LOG_DRIVER_MODE, LOG_MAX_BUFFER_SIZE_MIB } from '../../private/defaults';
import { isObject } from '../private/cfn';
import { EXPLICIT_VALUE, FastDeployContext, LogTargetView } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD7: awslogs containers log in non-blocking mode with a buffer, so a slow or throttled
 * CloudWatch Logs endpoint drops log lines instead of stalling the application. A container that
 * does not set the mode depends on the account setting `defaultLogDriverMode` (non-blocking since 2025-06-25
 * unless the account sets blocking: https://docs.aws.amazon.com/AmazonECS/latest/developerguide/using_awslogs.html),
 * which the template does not show. Checked on the
 * containers of the service's task definition and on the Service Connect proxy's log configuration
 * (`serviceConnectConfiguration.logDriver`); an explicit `blocking` mode is reported, and changed
 * only with `fixExplicitValues`.
 */
export function awslogsNonBlocking(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  const findings: RuleFinding[] = taskDefinition.node || taskDefinition.chosenOutsideTemplate ? [] : [{
    message: `${taskDefinition.label} is not defined in this app, its log configuration cannot be read`,
    unresolved: true,
    outsideApp: true,
  }];
  return [...findings, ...ctx.logTargets(node).flatMap((target) => checkMode(target, ctx))];
}

/** ECSE-FD7 on a task definition no service of the stack runs (scheduled tasks, RunTask). */
export function awslogsNonBlockingStandalone(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  if (ctx.usedByService(node)) {
    return [];
  }
  return ctx.containerLogTargets(ctx.taskDefinitionView(node)).flatMap((target) => checkMode(target, ctx));
}

function checkMode(target: LogTargetView, ctx: FastDeployContext): RuleFinding[] {
  const wanted: string = LOG_DRIVER_MODE;
  const log = target.log;
  if (!isObject(log) || log.LogDriver !== 'awslogs') {
    return [];
  }
  const options = isObject(log.Options) ? log.Options : {};
  if (options.mode === wanted) {
    return [];
  }
  const related = [target.node];
  if (options.mode !== undefined && typeof options.mode !== 'string') {
    return [{ message: `${target.label} has an awslogs mode that cannot be resolved`, unresolved: true, related }];
  }
  const explicit = options.mode !== undefined;
  const message = `${target.label} ${explicit ? `logs in '${options.mode}' mode (set explicitly)` : 'does not set the awslogs mode (the account default: non-blocking since 2025-06-25, ' +
    'unless the account setting defaultLogDriverMode says blocking)'}`;
  if (explicit && !ctx.fixExplicitValues) {
    return [{ message, related, unchanged: EXPLICIT_VALUE }];
  }
  return [{
    message,
    related,
    repair: () => {
      target.node.addPropertyOverride(`${target.path}.Options.mode`, wanted);
      let buffer = '';
      if (options['max-buffer-size'] === undefined) {
        target.node.addPropertyOverride(`${target.path}.Options.max-buffer-size`, `${LOG_MAX_BUFFER_SIZE_MIB}m`);
        buffer = ` with a ${LOG_MAX_BUFFER_SIZE_MIB} MiB buffer`;
      }
      ctx.changed(target.node);
      return `${target.label} awslogs mode set to '${wanted}'${buffer} (before: ` +
        `${explicit ? `'${options.mode}', set explicitly` : 'not set, the account default applied'})`;
    },
  }];
}
