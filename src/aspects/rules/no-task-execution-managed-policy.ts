import { CfnResource } from 'aws-cdk-lib';
import { LeastPrivilegeContext, describeRole, relatedTo, rolesOf } from '../private/iam-model';
import { TASK_EXECUTION_MANAGED_POLICY } from '../private/iam-reference';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-IAM5: no role uses `AmazonECSTaskExecutionRolePolicy`, which allows ECR pulls from every
 * repository and log writes to every log group (`Resource: '*'`); aws-ecs grants the same actions
 * scoped to the task's repositories and log groups.
 */
export function noTaskExecutionManagedPolicy(node: CfnResource, ctx: LeastPrivilegeContext): RuleFinding[] {
  return rolesOf(ctx.rolesOf(node)).flatMap((role) => role.awsManagedPolicies
    .filter((p) => p.name === TASK_EXECUTION_MANAGED_POLICY)
    .map(() => ({
      message: `${describeRole(role)} uses the AWS managed policy '${TASK_EXECUTION_MANAGED_POLICY}' ` +
        '(ECR pulls and log writes on every resource)',
      related: relatedTo(role),
    })));
}
