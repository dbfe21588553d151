import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { Annotations, Template } from 'aws-cdk-lib/assertions';
import { EcsFastDeployChecks } from '../../src';
import { errorsAndWarnings, infos, rule } from './fixtures/findings';
import { envoySidecarApp, importedTargetGroupApp, networkLoadBalancedApp } from './fixtures/integ-shapes-wording';
import { fastDeployFindings } from '../../src/cli/findings';
import { findEcsServices } from '../../src/cli/template';

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

  describe('envoyproxy/envoy from Docker Hub is a sidecar (FD4) that FD10 still judges', () => {
    test('fix mode keeps its stop timeout; the app container is fixed; FD10 reports Docker Hub', () => {
      // GIVEN
      const { app, stack } = envoySidecarApp();
      // WHEN
      Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });
      // THEN
      const template = Template.fromStack(stack).toJSON();
      const task = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition');
      const stopTimeouts = Object.fromEntries(task.Properties.ContainerDefinitions.map((c: any) => [c.Name, c.StopTimeout]));
      expect(stopTimeouts).toEqual({ web: 2, envoy: undefined });
      const annotations = Annotations.fromStack(stack);
      expect(errorsAndWarnings(annotations, 'ECSE-FD4')).toEqual([]);
      expect(infos(annotations, 'ECSE-FD10').filter((i) => /container 'envoy'.*Docker Hub/.test(i))).toHaveLength(1);
    });

    test('the report CLI exempts it from FD4 too (one judgement)', () => {
      const { app, stack } = envoySidecarApp();
      Aspects.of(app).add(new EcsFastDeployChecks());
      const template = Template.fromStack(stack).toJSON();
      const cliFd4 = findEcsServices(template).flatMap((s) => fastDeployFindings(template, s)).filter((f) => f.ruleId === 'ECSE-FD4');
      expect(cliFd4.map((f) => f.message).join('\n')).not.toMatch(/envoy/);
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD4').join('\n')).not.toMatch(/envoy/);
    });
  });
});
