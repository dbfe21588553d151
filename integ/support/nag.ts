import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { IConstruct } from 'constructs';

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
