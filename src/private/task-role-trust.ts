import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * The confused-deputy conditions of the ECS guide's task role trust policy ("Amazon ECS task IAM role": the
 * trust relationship with `"ArnLike": { "aws:SourceArn": "arn:aws:ecs:us-west-2:111122223333:*" }` and
 * `"StringEquals": { "aws:SourceAccount": "111122223333" }`) on the task role the task definition created:
 * only ECS acting for this account's resources in this Region may assume it. aws-cdk-lib's `TaskDefinition`
 * creates the role with a bare `ecs-tasks.amazonaws.com` principal. A role the user passed is left alone.
 */
export function conditionTaskRoleTrust(taskDefinition: ecs.TaskDefinition): void {
  const role = taskDefinition.taskRole;
  if (!(role instanceof iam.Role) || role.node.scope !== taskDefinition) {
    return;
  }
  const stack = Stack.of(taskDefinition);
  (role.node.defaultChild as iam.CfnRole).addPropertyOverride('AssumeRolePolicyDocument.Statement.0.Condition', {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': `arn:${stack.partition}:ecs:${stack.region}:${stack.account}:*` },
  });
}
