import { CfnResource } from 'aws-cdk-lib';
import { show } from '../private/cfn';
import { LeastPrivilegeContext, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { withoutResourceScope } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM3: no role of a task definition allows an action on `Resource: '*'` (or through
 * `NotResource`) unless AWS gives that action no resource-level permission
 * (`ACTIONS_WITHOUT_RESOURCE_SCOPE`).
 */
export function noWildcardResources(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const role of rolesOf(ctx.rolesOf(node))) {
    for (const statement of role.statements) {
      const related = relatedTo(role, statement);
      const texts = statement.resources.map((r) => ctx.text(r, node));
      const unresolved = statement.resources.filter((_, i) => texts[i] === undefined);
      for (const resource of unresolved) {
        findings.push({
          message: `${describeRole(role)} has a resource that cannot be resolved at synth time: ${show(resource)} (${statement.source})`,
          unresolved: true,
          related,
        });
      }
      const wildcard = statement.notResource || texts.includes('*');
      if (!wildcard) {
        continue;
      }
      const where = statement.notResource ? `every resource except ${statement.resources.map(show).join(', ')} (NotResource)` : "Resource '*'";
      if (statement.notAction) {
        findings.push({ message: `${describeRole(role)} allows NotAction statements on ${where} (${statement.source})`, related });
        continue;
      }
      // Unresolved actions are reported by ECSE-IAM2.
      const actions = statement.actions.filter((a): a is string => typeof a === 'string');
      const scoped = actions.filter((a) => withoutResourceScope(a) === undefined && !tagsAtCreation(a, actions));
      if (scoped.length > 0) {
        findings.push({
          message: `${describeRole(role)} allows ${scoped.map(show).join(', ')} on ${where} (${statement.source})`,
          related,
        });
      }
    }
  }
  return findings;
}

/**
 * `ssm:AddTagsToResource` next to `ssm:CreateActivation` tags the activation as it is created
 * (`create-activation --tags`, as the FIS SSM-agent sidecar does). Activations have no ARN, so
 * the tagging can only be granted on `*`; anywhere else the action is scoped to its resource types.
 */
function tagsAtCreation(action: string, statementActions: ReadonlyArray<string>): boolean {
  return action.toLowerCase() === 'ssm:addtagstoresource' && statementActions.some((a) => a.toLowerCase() === 'ssm:createactivation');
}
