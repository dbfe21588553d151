import { CfnResource } from 'aws-cdk-lib';
import { show } from '../private/cfn';
import { LeastPrivilegeContext, describeRole, relatedTo } from '../private/iam-model';
import { actionMatches } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM7: the task role never gets `iam:*` (or any wildcard over IAM actions), `iam:PassRole`
 * on `*` or `sts:AssumeRole` on `*`: each lets code in the container act as another principal.
 */
export function taskRoleNoPrivilegeEscalation(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const role = ctx.rolesOf(node).taskRole;
  if (!role) {
    return [];
  }
  const findings: RuleFinding[] = [];
  for (const statement of role.statements) {
    if (statement.notAction) {
      continue; // reported by ECSE-IAM2
    }
    const related = relatedTo(role, statement);
    const actions = statement.actions.filter((a): a is string => typeof a === 'string');
    const iamWildcards = actions.filter((a) => a.includes('*') && (a === '*' || a.toLowerCase().startsWith('iam:')));
    if (iamWildcards.length > 0) {
      findings.push({ message: `${describeRole(role)} allows ${iamWildcards.map(show).join(', ')} over IAM (${statement.source})`, related });
    }
    const onEverything = statement.notResource || statement.resources.some((r) => ctx.text(r, node) === '*');
    if (!onEverything) {
      continue;
    }
    for (const sensitive of ['iam:PassRole', 'sts:AssumeRole']) {
      const granting = actions.filter((a) => actionMatches(a, sensitive));
      if (granting.length > 0) {
        findings.push({
          message: `${describeRole(role)} allows '${sensitive}' on every role` +
            `${granting.includes(sensitive) ? '' : ` through ${granting.map(show).join(', ')}`} (${statement.source})`,
          related,
        });
      }
    }
  }
  return findings;
}
