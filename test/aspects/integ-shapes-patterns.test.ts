import { AspectPriority, Aspects } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EcsEssentialsSuppressions, EcsFastDeployChecks } from '../../src';
import { errorsAndWarnings, infos, rule } from './fixtures/findings';
import { oneInstanceMultipleTargetGroupsApp } from './fixtures/patterns-shapes';

// The corpus run over aws-cdk's aws-ecs-patterns integ apps: each test is one class of wrong finding or risky fix.
const report = (app: Parameters<typeof Aspects.of>[0]) => Aspects.of(app).add(new EcsFastDeployChecks());
const fix = (app: Parameters<typeof Aspects.of>[0]) =>
  Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });

describe('aws-ecs-patterns integ app shapes', () => {
  describe('ECSE-FD6: one task on the one instance of an Auto Scaling group, dynamic host ports', () => {
    test('non-compliant, conditionally: the deployment stalls only if the instance has no room for a second copy', () => {
      // GIVEN one 256 MiB task in bridge mode with dynamic host ports, on the one t2.micro of cluster.addCapacity()
      const { app, stack } = oneInstanceMultipleTargetGroupsApp();
      // WHEN
      report(app);
      // THEN the finding does not claim a stall the template cannot show, and names what decides it
      const warnings = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD6');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).not.toMatch(/every deployment stalls|cannot start beside the old one/);
      expect(warnings[0]).toMatch(/stalls unless the instance has room for a second copy of the task \(256 MiB of memory/);
      expect(warnings[0]).toMatch(/Auto Scaling group 'Cluster\/Instances' has MaxSize 1/);
    });

    test('fix mode leaves the minimum healthy percent and says why (the instance type decides)', () => {
      const { app, stack } = oneInstanceMultipleTargetGroupsApp();
      fix(app);
      Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50 }) });
      const annotations = Annotations.fromStack(stack);
      annotations.hasWarning('/OneInstance/Site/Service/Service', rule('ECSE-FD6', 'left unchanged by fix mode: whether the instance has room'));
      expect(infos(annotations, 'ECSE-FD6.*fixed')).toEqual([]);
    });

    test('non-compliant, certainly: a static host port on the one instance still stalls every deployment', () => {
      const { app, stack } = oneInstanceMultipleTargetGroupsApp({ hostPort: 80 });
      report(app);
      Annotations.fromStack(stack).hasWarning('/OneInstance/Site/Service/Service',
        rule('ECSE-FD6', "a new task cannot start beside the old one \\(container 'httpd' maps the static host port 80; its capacity is one instance.*every deployment stalls"));
    });

    test('suppressed', () => {
      const { app, stack } = oneInstanceMultipleTargetGroupsApp();
      EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-FD6', reason: 'the t2.micro fits two 256 MiB tasks, checked' }]);
      report(app);
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD6')).toEqual([]);
    });
  });
});
