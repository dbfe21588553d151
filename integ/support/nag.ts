import { App } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

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
      `  ${violation.ruleName} at ${resource.resourceLogicalId}: ${violation.description.split('.')[0]}`,
    ),
  );
  throw new Error(`cdk-nag AwsSolutions: ${lines.length} unacknowledged finding(s):\n${lines.join('\n')}`);
}
