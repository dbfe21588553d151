import { CfnResource } from 'aws-cdk-lib';
import { show } from '../private/cfn';
import { LeastPrivilegeContext, RoleView, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { RuleFinding } from '../rule-pack';

/** `*` or `service:*`: every action, or every action of a service. */
export function isWildcardAction(action: string): boolean {
  return action === '*' || /^[A-Za-z0-9-]+:\*$/.test(action);
}

/**
 * ECSE-IAM2: no role of a task definition allows `*` or `service:*`, nor uses `NotAction` in an
 * Allow statement (which allows every action not listed).
 */
export function noWildcardActions(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return checkRoles(rolesOf(ctx.rolesOf(node)));
}

/** ECSE-IAM2 on the Service Connect TLS roles of an `AWS::ECS::Service`. */
export function noWildcardActionsOnServiceConnectTls(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return checkRoles(ctx.serviceConnectTlsRoles(node));
}

function checkRoles(roles: RoleView[]): RuleFinding[] {
  const findings: RuleFinding[] = [];
  for (const role of roles) {
    for (const statement of role.statements) {
      const related = relatedTo(role, statement);
      if (statement.notAction) {
        findings.push({
          message: `${describeRole(role)} allows every action except ${statement.actions.map(show).join(', ')} ` +
            `through NotAction (${statement.source})`,
          related,
        });
        continue;
      }
      const wildcards = statement.actions.filter((a): a is string => typeof a === 'string' && isWildcardAction(a));
      if (wildcards.length > 0) {
        findings.push({
          message: `${describeRole(role)} allows wildcard action ${wildcards.map(show).join(', ')} (${statement.source})`,
          related,
        });
      }
      for (const action of statement.actions.filter((a) => typeof a !== 'string')) {
        findings.push({
          message: `${describeRole(role)} has an action that cannot be resolved at synth time: ${show(action)} (${statement.source})`,
          unresolved: true,
          related,
        });
      }
    }
  }
  return findings;
}
