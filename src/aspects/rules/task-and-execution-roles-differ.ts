import { CfnResource } from 'aws-cdk-lib';
import { labelOf } from '../private/cfn';
import { LeastPrivilegeContext, RoleView, describeRole } from '../private/iam-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM1: the task role (what the application may call) and the execution role (what ECS needs
 * to start the task) are different roles, so the application never inherits image-pull, log and
 * secret permissions, and ECS never inherits the application's.
 */
export function taskAndExecutionRolesDiffer(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  const { taskRole, executionRole } = ctx.rolesOf(node);
  if (!taskRole || !executionRole) {
    return [];
  }
  const same = sameRole(taskRole, executionRole);
  if (same === true) {
    return [{
      message: `${describeRole(taskRole)} is also the execution role of task definition '${labelOf(node)}'`,
      related: [...taskRole.related],
    }];
  }
  if (same === undefined) {
    return [{
      message: `cannot tell whether task role ${taskRole.label} and execution role ${executionRole.label} of '${labelOf(node)}' differ`,
      unresolved: true,
    }];
  }
  return [];
}

/** true / false, or undefined when one of the references cannot be resolved. */
function sameRole(a: RoleView, b: RoleView): boolean | undefined {
  if (JSON.stringify(a.reference) === JSON.stringify(b.reference)) {
    return true;
  }
  if (a.role && b.role) {
    return a.role === b.role;
  }
  if (a.importedName !== undefined && b.importedName !== undefined) {
    return a.importedName === b.importedName;
  }
  const known = (r: RoleView) => r.role !== undefined || r.importedName !== undefined;
  return known(a) && known(b) ? false : undefined;
}
