import { App, CfnResource, Stack, Token, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import { EssentialEc2Capacity, EssentialScheduledJob } from '../../src';

/**
 * Run cdk-nag's AwsSolutions pack over a synthesized integ app and fail on any unacknowledged finding.
 *
 * cdk-nag 3 is a policy-validation plugin; aws-cdk-lib 2.257 (the version integ-runner can read)
 * does not hand plugins the construct tree, so the pack is invoked directly through `validateScope`,
 * its documented entry point for that case. Findings are acknowledged in the apps with
 * `Validations.of(construct).acknowledge({ id, reason })`, each reason naming the AWS requirement.
 * Runs after `app.synth()` so that Aspects (capacity-provider associations, fixes) have been applied.
 */
export function synthWithAwsSolutionsChecks(app: App): void {
  app.synth();
  const report = new AwsSolutionsChecks(app, { verbose: true }).validateScope(app);
  if (report.success) {
    return;
  }
  const lines = report.violations.flatMap((violation) =>
    violation.violatingResources.map((resource) =>
      `  ${violation.ruleName} at ${(resource as { constructPath?: string }).constructPath ?? resource.resourceLogicalId}: ${violation.description.split('.')[0]}`,
    ),
  );
  throw new Error(`cdk-nag AwsSolutions: ${lines.length} unacknowledged finding(s):\n${lines.join('\n')}`);
}

/**
 * Acknowledge one cdk-nag finding (`AwsSolutions-IAM5[Resource::*]`) rather than a whole rule.
 *
 * aws-cdk-lib 2.257's `Validations.acknowledge` parses `::` as a plugin prefix and rejects finding ids,
 * so the acknowledgement is recorded in the same construct metadata it writes and cdk-nag reads.
 */
export function acknowledgeFinding(scope: IConstruct, id: string, reason: string): void {
  if (reason.length < 30) {
    throw new Error(`acknowledgement of ${id} needs a reason naming the AWS requirement, got '${reason}'`);
  }
  const key = Validations.ACKNOWLEDGED_RULES_METADATA_KEY;
  const previous = scope.node.metadata.filter((entry) => entry.type === key).pop()?.data ?? {};
  scope.node.addMetadata(key, { ...previous, [id]: reason });
}

/**
 * The two findings every ALB of the integ apps carries, acknowledged with their AWS reasons.
 *
 * @param internetFacing whether the ALB serves the public (EC23 only applies to open listeners)
 */
export function acknowledgeLoadBalancer(alb: IConstruct, internetFacing: boolean): void {
  if (internetFacing) {
    acknowledgeFinding(alb, 'AwsSolutions-EC23',
      'An internet-facing ALB must accept 0.0.0.0/0 on its listener port to serve the public; the tasks accept traffic from the ALB security group only.');
  }
  acknowledgeFinding(alb, 'AwsSolutions-ELB2',
    'ALB access logs need an S3 bucket whose policy trusts the Region\'s ELB log delivery principal; the integ apps have no log bucket. ' +
    'Production apps enable them with loadBalancer.logAccessLogs(bucket).');
}

/**
 * The VPC an integ app creates for its cluster has no flow logs (AwsSolutions-VPC7): the library takes the
 * cluster and its VPC as input, and their flow logs belong to the VPC owner.
 */
export function acknowledgeVpcWithoutFlowLogs(vpc: IConstruct): void {
  Validations.of(vpc).acknowledge({
    id: 'AwsSolutions-VPC7',
    reason: 'VPC Flow Logs are billed per GB ingested and belong to the VPC owner; this library takes the cluster (and its VPC) as input. Production apps bring a VPC with the flow logs their organisation requires.',
  });
}

/**
 * The findings of an `EssentialEc2Capacity`: the ECS agent's permissions (the agent's part of
 * AmazonEC2ContainerServiceforEC2Role, scoped to the cluster) and its two Auto Scaling groups.
 */
export function acknowledgeEc2Capacity(capacity: EssentialEc2Capacity): void {
  Validations.of(capacity.role).acknowledge({
    id: 'AwsSolutions-IAM5[Action::ecs:Submit*]',
    reason: 'The ECS agent reports container, task and attachment state through ecs:SubmitContainerStateChange, SubmitTaskStateChange and SubmitAttachmentStateChanges (the Submit* of AmazonEC2ContainerServiceforEC2Role); the statement is scoped to the cluster ARN.',
  });
  Validations.of(capacity.role).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'ecs:DiscoverPollEndpoint and ecr:GetAuthorizationToken support no resource-level permissions; ecs:Poll and ecs:StartTelemetrySession are conditioned on ecs:cluster (all four from AmazonEC2ContainerServiceforEC2Role).',
  });
  const stack = Stack.of(capacity);
  const clusterRef = `<${stack.getLogicalId(capacity.cluster.node.defaultChild as CfnResource)}>`;
  // An environment-agnostic stack renders the partition and Region as references; a stack with a Region, as literals.
  const partition = Token.isUnresolved(stack.partition) ? '<AWS::Partition>' : stack.partition;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  acknowledgeFinding(capacity.role, `AwsSolutions-IAM5[Resource::arn:${partition}:ecs:${region}:<AWS::AccountId>:container-instance/${clusterRef}/*]`,
    'The ECS agent sets its own container instance to DRAINING on a Spot interruption notice (ecs:UpdateContainerInstancesState, in AmazonEC2ContainerServiceforEC2Role); instance IDs are assigned at registration, so the ARN is scoped to this cluster.');
  for (const group of [capacity.onDemandGroup, capacity.spotGroup]) {
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-AS3',
      reason: 'ECS managed scaling sets the desired capacity of these groups and managed draining moves tasks off terminating instances; ECS emits container instance state change events (the services notify on DRAINING), so ASG SNS notifications would duplicate them.',
    });
    Validations.of(group).acknowledge({
      id: 'AwsSolutions-EC26',
      reason: 'cdk-nag 3.0.2 EC26 reads only an ASG\'s LaunchTemplate property and throws on a MixedInstancesPolicy. Both launch templates map the root volume /dev/xvda as an encrypted gp3 EBS volume (pinned by the unit tests), so EBS encryption at rest holds.',
    });
  }
}

/**
 * The two IAM5 findings of an `EssentialScheduledJob`'s Scheduler role: RunTask on every revision of the
 * job's family, and TagResource on the tasks it creates (both limited to the job's cluster).
 */
export function acknowledgeScheduledJob(job: EssentialScheduledJob): void {
  const stack = Stack.of(job);
  acknowledgeFinding(job.schedulerRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task-definition/${job.taskDefinition.family}:*]`,
    'EventBridge Scheduler runs the task definition family in every revision (ecs:RunTask, limited to this cluster by the ecs:cluster condition), so a run started while a deployment replaces the revision is still allowed.');
  acknowledgeFinding(job.schedulerRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/<${stack.getLogicalId(job.cluster.node.defaultChild as CfnResource)}>/*]`,
    'ECS RunTask with propagated tags needs ecs:TagResource on the task it creates, whose ID does not exist before the call; the resource is limited to tasks of this cluster.');
}
