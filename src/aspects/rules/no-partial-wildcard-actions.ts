import { CfnResource } from 'aws-cdk-lib';
import { FindingLevel } from '../finding-level';
import { isWildcardAction } from './no-wildcard-actions';
import { show } from '../private/cfn';
import { grantMethodOf } from '../private/generated-statements';
import { LeastPrivilegeContext, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { RuleFinding } from '../rule-pack';

/** `s3:Get*`, `elasticloadbalancing:Describe*`, `kms:GenerateDataKey*`: a wildcard inside an action name. */
export function isPartialWildcardAction(action: string): boolean {
  return /[*?]/.test(action) && !isWildcardAction(action);
}

/**
 * ECSE-IAM9: no role of a task definition allows actions through a partial wildcard (`s3:Get*`,
 * `elasticloadbalancing:Describe*`): the set grows whenever the service adds an action, and it
 * often holds more than the task calls (`s3:Get*` includes `s3:GetBucketPolicy`).
 *
 * The wildcards that aws-cdk-lib's grant methods emit on the resource they grant
 * (`bucket.grantRead()`: `s3:GetObject*`, `s3:GetBucket*`, `s3:List*`) are listed as info with the
 * method named: they expand to a documented set on one resource. `*` and `service:*` are ECSE-IAM2's.
 */
export function noPartialWildcardActions(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const role of rolesOf(ctx.rolesOf(node))) {
    for (const statement of role.statements) {
      if (statement.notAction) {
        continue; // reported by ECSE-IAM2
      }
      const partial = statement.actions.filter((a): a is string => typeof a === 'string' && isPartialWildcardAction(a));
      if (partial.length === 0) {
        continue;
      }
      const onEveryResource = statement.notResource || statement.resources.some((r) => ctx.breadth(r, node) !== 'scoped');
      const methods = [...new Set(partial.map(grantMethodOf))];
      const fromGrantMethod = !onEveryResource && methods.every((m) => m !== undefined);
      findings.push({
        message: `${describeRole(role)} allows partial wildcard action ${partial.map(show).join(', ')} (${statement.source}` +
          `${fromGrantMethod ? `; added by ${methods.join(', ')} on the resource it grants` : ''})`,
        related: relatedTo(role, statement),
        maxLevel: fromGrantMethod ? FindingLevel.INFO : undefined,
      });
    }
  }
  return findings;
}
