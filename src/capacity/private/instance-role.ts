import { Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';

/**
 * What the ECS agent on a container instance calls, and nothing else: AWS's managed policy
 * AmazonEC2ContainerServiceforEC2Role lists ecs:DeregisterContainerInstance, ecs:DiscoverPollEndpoint,
 * ecs:Poll, ecs:RegisterContainerInstance, ecs:StartTelemetrySession, ecs:Submit*,
 * ecs:UpdateContainerInstancesState and ecr:GetAuthorizationToken (kept here, scoped to the cluster
 * where IAM allows), plus ecs:CreateCluster (the agent's default cluster; ours exists), ecr image pulls
 * and logs:CreateLogStream/PutLogEvents (both for tasks without an execution role: ours always have one),
 * ec2:DescribeTags and ecs:TagResource (ECS_CONTAINER_INSTANCE_PROPAGATE_TAGS_FROM, not set here): left out.
 *
 * @see https://docs.aws.amazon.com/aws-managed-policy/latest/reference/AmazonEC2ContainerServiceforEC2Role.html
 */
export function addAgentPermissions(role: iam.Role, cluster: ecs.ICluster): void {
  const stack = Stack.of(role);
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ecs:DeregisterContainerInstance', 'ecs:RegisterContainerInstance', 'ecs:Submit*'],
    resources: [cluster.clusterArn],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // Poll and StartTelemetrySession take a container instance, unknown before it registers.
    actions: ['ecs:Poll', 'ecs:StartTelemetrySession'],
    resources: ['*'],
    conditions: { ArnEquals: { 'ecs:cluster': cluster.clusterArn } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // The agent sets its own instance to DRAINING on a Spot interruption notice
    // (ECS_ENABLE_SPOT_INSTANCE_DRAINING; aws/amazon-ecs-agent calls UpdateContainerInstancesState), which
    // aws-cdk-lib does not grant.
    actions: ['ecs:UpdateContainerInstancesState'],
    resources: [stack.formatArn({ service: 'ecs', resource: 'container-instance', resourceName: `${cluster.clusterName}/*` })],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // Neither action has a resource type: '*' is the narrowest IAM accepts. The ECR token carries the
    // instance role's own (pull-less) permissions.
    actions: ['ecs:DiscoverPollEndpoint', 'ecr:GetAuthorizationToken'],
    resources: ['*'],
  }));
}
