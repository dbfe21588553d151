import { CfnResource } from 'aws-cdk-lib';
import { LeastPrivilegeContext, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { isBroadManagedPolicy } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM4: no role of a task definition has AdministratorAccess, PowerUserAccess, IAMFullAccess
 * or any other `*FullAccess` AWS managed policy.
 */
export function noBroadManagedPolicies(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return rolesOf(ctx.rolesOf(node)).flatMap((role) => role.awsManagedPolicies
    .filter((p) => isBroadManagedPolicy(p.name))
    .map((p) => ({
      message: `${describeRole(role)} has the broad AWS managed policy '${p.name}'`,
      related: relatedTo(role),
    })));
}
