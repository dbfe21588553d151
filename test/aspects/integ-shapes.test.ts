import { AspectPriority, Aspects, Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { EcsEssentialsSuppressions, EcsFastDeployChecks, EcsLeastPrivilegeChecks } from '../../src';
import { appMeshApp } from './fixtures/app-mesh-app';
import { errorsAndWarnings, infos, rule } from './fixtures/findings';
import {
  blueGreenApp, dockerHubEnvoyApp, environmentFileApp, familyReferenceApp, fireLensCloudWatchApp, idleTimeoutApp,
  queueWorkerApp, serviceConnectTlsApp, singleTaskApp, staticPortOneInstanceApp,
} from './fixtures/integ-shapes';
import { fastDeployFindings } from '../../src/cli/findings';
import { findEcsServices } from '../../src/cli/template';

// Issue 24: the Aspects run over aws-cdk's own ECS integ apps; each test is one class of wrong finding or risky fix.
const report = (app: Parameters<typeof Aspects.of>[0]) => Aspects.of(app).add(new EcsFastDeployChecks());
const fix = (app: Parameters<typeof Aspects.of>[0]) =>
  Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING });

describe('issue 24: aws-cdk integ app shapes', () => {
  test('ECSE-IAM6 passes S3 environment files read by the execution role (arn:${AWS::Partition}:s3:::)', () => {
    // GIVEN
    const { app, stack } = environmentFileApp();
    // WHEN
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    // THEN
    expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM6')).toEqual([]);
  });

  describe('ECSE-FD6 judges by the task count', () => {
    test('compliant: one task with the 50 % aws-ecs renders keeps its task (ECS rounds the count up)', () => {
      const { app, stack } = singleTaskApp();
      report(app);
      expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD6')).toEqual([]);
    });

    test('non-compliant: two tasks, or a scaling range up to four, can drop to fewer', () => {
      for (const shape of [singleTaskApp({ desiredCount: 2 }), singleTaskApp({ maxCapacity: 4 })]) {
        report(shape.app);
        Annotations.fromStack(shape.stack).hasWarning('*', rule('ECSE-FD6', 'drop'));
      }
    });

    test('EC2 static host port on one instance: the advice is minHealthyPercent 0 or more instances, never 100', () => {
      const { app, stack } = staticPortOneInstanceApp();
      fix(app);
      const warnings = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD6');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/minHealthyPercent: 0/);
      expect(warnings[0]).not.toMatch(/set minHealthyPercent: 100/);
    });
  });

  test.each(['revision', 'latest', 'codeDeploy'] as const)('a task definition referenced by family (%s) is resolved and checked', (kind) => {
    const { app, stack } = familyReferenceApp(kind);
    report(app);
    const all = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD');
    expect(all.filter((w) => /not defined in this app/.test(w))).toEqual([]);
    expect(all.some((w) => /\[ECSE-FD4\].*container 'web'/.test(w))).toBe(true);
  });

  test('an EXTERNAL controller without task sets: no "undefined" task definition; its task definition is checked on its own', () => {
    const { app, stack } = familyReferenceApp('external');
    report(app);
    const annotations = Annotations.fromStack(stack);
    const all = [...errorsAndWarnings(annotations, 'ECSE-FD'), ...infos(annotations, 'ECSE-FD')];
    expect(all.filter((w) => /undefined|not defined in this app/.test(w))).toEqual([]);
    annotations.hasInfo('/Family/TaskDef/Resource', rule('ECSE-FD10', "container 'web'.*Docker Hub"));
  });

  test('the report CLI exempts the App Mesh proxy like the Aspect (ECSE-FD4)', () => {
    const { app, stack } = dockerHubEnvoyApp();
    report(app);
    const aspectFd4 = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD4');
    const template = Template.fromStack(stack).toJSON();
    const cliFd4 = findEcsServices(template).flatMap((s) => fastDeployFindings(template, s)).filter((f) => f.ruleId === 'ECSE-FD4');
    expect(cliFd4.map((f) => f.message).join('\n')).not.toMatch(/envoy/);
    expect(cliFd4).toHaveLength(aspectFd4.length);
  });

  test('fix mode leaves the stop timeout of a queue worker and reports worker guidance', () => {
    const { app, stack } = queueWorkerApp();
    fix(app);
    const template = Template.fromStack(stack).toJSON();
    const task = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ECS::TaskDefinition');
    expect(task.Properties.ContainerDefinitions[0].StopTimeout).toBeUndefined();
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD4', 'no load-balanced traffic.*message'));
  });

  test('fix mode never drains shorter than the ALB idle timeout and reports the conflict', () => {
    const { app, stack } = idleTimeoutApp();
    fix(app);
    const template = Template.fromStack(stack).toJSON();
    const tg = Object.values<any>(template.Resources).find((r) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup');
    const delay = (tg.Properties.TargetGroupAttributes ?? []).find((a: any) => a.Key === 'deregistration_delay.timeout_seconds');
    expect(delay?.Value).not.toEqual('5');
    Annotations.fromStack(stack).hasWarning('*', rule('ECSE-FD3', 'idle timeout.*120 s'));
  });

  test('the green target group of ECS-native blue/green gets FD1-FD3 and fix mode tunes it', () => {
    const reported = blueGreenApp();
    report(reported.app);
    const warnings = errorsAndWarnings(Annotations.fromStack(reported.stack), 'ECSE-FD[123]');
    expect(warnings.filter((w) => /Target group 'Green'/.test(w))).toHaveLength(3);
    const fixed = blueGreenApp();
    fix(fixed.app);
    const template = Template.fromStack(fixed.stack).toJSON();
    const groups = Object.entries<any>(template.Resources).filter(([, r]) => r.Type === 'AWS::ElasticLoadBalancingV2::TargetGroup');
    for (const [, group] of groups) {
      expect(group.Properties.HealthCheckIntervalSeconds).toBe(5);
    }
  });

  describe('false negatives', () => {
    test('ECSE-FD10 flags envoyproxy/envoy from Docker Hub even as the App Mesh proxy', () => {
      const { app, stack } = dockerHubEnvoyApp();
      report(app);
      expect(infos(Annotations.fromStack(stack), 'ECSE-FD10').join('\n')).toMatch(/envoy/);
    });

    describe('ECSE-FD8 on log groups FireLens creates', () => {
      test('non-compliant: the cloudwatch output creates its group (auto_create_group) without log_retention_days', () => {
        const { app, stack } = fireLensCloudWatchApp();
        report(app);
        const fd8 = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD8').filter((w) => /web-logs/.test(w));
        expect(fd8).toHaveLength(1);
        expect(fd8[0]).toMatch(/auto_create_group.*keeps logs forever.*log_retention_days/);
      });

      test('fix mode sets log_retention_days on the FireLens output', () => {
        const { app, stack } = fireLensCloudWatchApp();
        fix(app);
        Template.fromStack(stack).hasResourceProperties('AWS::ECS::TaskDefinition', {
          ContainerDefinitions: Match.arrayWith([Match.objectLike({
            Name: 'web',
            LogConfiguration: { LogDriver: 'awsfirelens', Options: Match.objectLike({ log_retention_days: '30' }) },
          })]),
        });
        Annotations.fromStack(stack).hasInfo('*', rule('ECSE-FD8', 'fixed.*log_retention_days set to 30'));
      });

      test('compliant: log_retention_days on the output', () => {
        const { app, stack } = fireLensCloudWatchApp({ retentionDays: '14' });
        report(app);
        expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD8').filter((w) => /web-logs/.test(w))).toEqual([]);
      });

      test('non-compliant: the log router logs to a group ECS creates (awslogs-create-group), not "not defined in this app"', () => {
        const { app, stack } = fireLensCloudWatchApp({ routerCreatesGroup: true, retentionDays: '14' });
        report(app);
        const fd8 = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD8');
        expect(fd8).toHaveLength(1);
        expect(fd8[0]).toMatch(/'firelens-router' of container 'router' is created by ECS \(awslogs-create-group\).*no retention/);
        expect(fd8[0]).not.toMatch(/not defined in this app/);
      });

      test('suppressed', () => {
        const { app, stack } = fireLensCloudWatchApp({ retentionDays: '14', routerCreatesGroup: true });
        EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-FD8', reason: 'the platform sets retention on every log group nightly' }]);
        report(app);
        expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD8')).toEqual([]);
      });
    });

    describe('ECSE-IAM2/IAM3 check the Service Connect TLS role', () => {
      test('non-compliant: secretsmanager:* on Resource \'*\' is reported on the service', () => {
        const { app, stack } = serviceConnectTlsApp();
        Aspects.of(app).add(new EcsLeastPrivilegeChecks());
        const annotations = Annotations.fromStack(stack);
        annotations.hasError('/ScTls/Service/Service', rule('ECSE-IAM2', "Service Connect TLS role 'TlsRole' allows wildcard action 'secretsmanager:\\*'"));
        annotations.hasError('/ScTls/Service/Service', rule('ECSE-IAM3', "Service Connect TLS role 'TlsRole' allows 'secretsmanager:\\*' on Resource '\\*'"));
      });

      test('compliant: the secrets ECS creates for Service Connect only', () => {
        const { app, stack } = serviceConnectTlsApp({ scoped: true });
        Aspects.of(app).add(new EcsLeastPrivilegeChecks());
        expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM[23]')).toEqual([]);
      });

      test('suppressed on the role', () => {
        const { app, stack } = serviceConnectTlsApp();
        EcsEssentialsSuppressions.add(stack.node.findChild('TlsRole'), [
          { id: 'ECSE-IAM2', reason: 'sandbox account, reviewed by security' },
          { id: 'ECSE-IAM3', reason: 'sandbox account, reviewed by security' },
        ]);
        Aspects.of(app).add(new EcsLeastPrivilegeChecks());
        expect(errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-IAM[23]')).toEqual([]);
      });
    });
  });

  describe('wording', () => {
    test('awslogs without mode is the account default (non-blocking since 2025-06-25)', () => {
      const { app, stack } = appMeshApp();
      report(app);
      const fd7 = errorsAndWarnings(Annotations.fromStack(stack), 'ECSE-FD7').join('\n');
      expect(fd7).toMatch(/the account default: non-blocking since 2025-06-25/);
      expect(fd7).not.toMatch(/blocking \(default\)/);
    });

    test('FD9 does not repeat FD5 on the same service', () => {
      const { app, stack } = idleTimeoutApp(Duration.seconds(60));
      report(app);
      const annotations = Annotations.fromStack(stack);
      expect(errorsAndWarnings(annotations, 'ECSE-FD5')).toHaveLength(1);
      expect(errorsAndWarnings(annotations, 'ECSE-FD9')).toEqual([]);
    });
  });
});
