import { CfnResource } from 'aws-cdk-lib';
import { LOG_RETENTION } from '../../private/defaults';
import { isObject, show } from '../private/cfn';
import { FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD8: the log groups of awslogs containers have a retention: aws-ecs creates them without
 * one, so logs are kept (and paid for) forever.
 */
export function logRetention(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  const tdNode = taskDefinition.node;
  if (!tdNode) {
    return [{ message: `${taskDefinition.label} is not defined in this app, its log groups cannot be read`, unresolved: true }];
  }
  const findings: RuleFinding[] = [];
  const seen = new Set<string>();
  for (const container of taskDefinition.containers) {
    const log = container.props.LogConfiguration;
    if (!isObject(log) || log.LogDriver !== 'awslogs') {
      continue;
    }
    const group = isObject(log.Options) ? log.Options['awslogs-group'] : undefined;
    const view = group === undefined ? undefined : ctx.logGroup(group, tdNode);
    const key = view?.label ?? show(group);
    if (seen.has(key)) {
      continue;
    }
    seen.add(key);
    const logGroup = view?.node;
    if (!view || !logGroup) {
      findings.push({
        message: `the log group ${view ? view.label.replace(/^Log group /, '') : show(group)} of container '${container.name}' ` +
          'is not defined in this app, its retention cannot be read',
        unresolved: true,
        related: [tdNode],
      });
      continue;
    }
    if (view.props.RetentionInDays !== undefined) {
      continue;
    }
    findings.push({
      message: `${view.label} of container '${container.name}' keeps logs forever (no retention)`,
      related: [tdNode, logGroup],
      repair: () => {
        logGroup.addPropertyOverride('RetentionInDays', LOG_RETENTION);
        ctx.changed(logGroup);
        return `${view.label} retention set to ${LOG_RETENTION} days`;
      },
    });
  }
  return findings;
}
