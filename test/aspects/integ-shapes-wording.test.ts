import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { Annotations } from 'aws-cdk-lib/assertions';
import { EcsFastDeployChecks } from '../../src';
import { errorsAndWarnings, infos, rule } from './fixtures/findings';
import { importedTargetGroupApp, networkLoadBalancedApp } from './fixtures/integ-shapes-wording';

// Issue 24, wording: what the findings say on aws-cdk's own ECS integ app shapes.
describe('issue 24: wording on aws-cdk integ app shapes', () => {
  test('fix mode names the NLB default timeout of a TCP health check (10 s), not the ALB one', () => {
    // GIVEN
    const { app, stack } = networkLoadBalancedApp();
    // WHEN
    Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
    // THEN
    const fd1 = infos(Annotations.fromStack(stack), 'ECSE-FD1').join('\n');
    expect(fd1).toMatch(/timeout to 4 s \(from 10 s, the NLB default for TCP health checks; it must stay below the interval\)/);
    expect(fd1).not.toMatch(/from 5 s/);
  });

  test('a target group imported by a literal ARN is outside the app, not "only known at deploy time"', () => {
    // GIVEN
    const { app, stack } = importedTargetGroupApp();
    // WHEN
    Aspects.of(app).add(new EcsFastDeployChecks());
    // THEN
    const findings = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD[123]');
    expect(findings).toHaveLength(3);
    for (const finding of findings) {
      expect(finding).toMatch(/shared-web.*defined outside this app/);
      expect(finding).not.toMatch(/only known at deploy time/);
    }
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD1', 'not defined in this app'));
  });
});
