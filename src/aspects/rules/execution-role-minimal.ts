import { CfnResource } from 'aws-cdk-lib';
import { show } from '../private/cfn';
import { LeastPrivilegeContext, describeRole, relatedTo } from '../private/iam-model';
import { EXECUTION_ROLE_ACTIONS } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';
import { isWildcardAction } from './no-wildcard-actions';

const ALLOWED = new Set(EXECUTION_ROLE_ACTIONS.map((a) => a.toLowerCase()));

/**
 * ECSE-IAM6: the execution role only allows what pulling images, writing logs and reading the
 * task's secrets needs (`EXECUTION_ROLE_ACTIONS`); anything else belongs on the task role.
 */
export function executionRoleMinimal(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const role = ctx.rolesOf(node).executionRole;
  if (!role) {
    return [];
  }
  const findings: RuleFinding[] = [];
  for (const statement of role.statements) {
    // NotAction, '*' and 'service:*' are reported by ECSE-IAM2, unresolved actions too.
    if (statement.notAction) {
      continue;
    }
    const extra = statement.actions.filter((a): a is string =>
      typeof a === 'string' && !isWildcardAction(a) && !ALLOWED.has(a.toLowerCase())
      // S3 environment files and FireLens configuration files are read by ECS with the execution role.
      && !ctx.grantsOf(a, role, node).some((g) => g.executionRoleNeeds));
    if (extra.length > 0) {
      const by = [...new Set(extra.map((a) => ctx.addedBy(a, role, node)).filter((b): b is string => b !== undefined))];
      findings.push({
        message: `${describeRole(role)} allows ${extra.map(show).join(', ')}, which pulling images, writing logs ` +
          `and reading secrets do not need (${statement.source}${by.length > 0 ? `; added by ${by.join(', ')}` : ''})`,
        related: relatedTo(role, statement),
      });
    }
  }
  return findings;
}
