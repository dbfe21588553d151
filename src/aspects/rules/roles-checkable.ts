import { CfnResource } from 'aws-cdk-lib';
import { LeastPrivilegeContext, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { TASK_EXECUTION_MANAGED_POLICY, isBroadManagedPolicy } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM8: every permission of the task definition's roles can be read at synth time. Imported
 * roles, customer managed policies from outside the app, AWS managed policies (other than those
 * ECSE-IAM4 / ECSE-IAM5 judge by name and those whose statements are known, `managed-policies.ts`)
 * and unresolvable policy documents are reported, so nothing passes unchecked without anyone noticing.
 */
export function rolesCheckable(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const role of rolesOf(ctx.rolesOf(node))) {
    const related = relatedTo(role);
    for (const what of role.unchecked) {
      findings.push({ message: `${describeRole(role)} could not be fully checked: ${what}`, related });
    }
    for (const policy of role.awsManagedPolicies) {
      if (!policy.known && !isBroadManagedPolicy(policy.name) && policy.name !== TASK_EXECUTION_MANAGED_POLICY) {
        findings.push({
          message: `${describeRole(role)} has the AWS managed policy '${policy.name}', whose statements cannot be read at synth time`,
          related,
        });
      }
    }
  }
  return findings;
}
