import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, AspectPriority, Aspects, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { readFindings, readTemplates, templateChanges } from '../../scripts/lib/corpus-assembly';
import { EcsFastDeployChecks } from '../../src';

// The corpus runner (scripts/corpus.ts) reads these back from each aws-cdk integ app's cloud assembly.
describe('corpus runner: reading an assembly', () => {
  function synth(fix: boolean): string {
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-test-'));
    const app = new App({ outdir });
    const stack = new Stack(app, 'Scheduled');
    const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
    taskDefinition.addContainer('job', { image: ecs.ContainerImage.fromRegistry('amazon/amazon-ecs-sample'), logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'job' }) });
    Aspects.of(app).add(new EcsFastDeployChecks({ fix }), { priority: AspectPriority.MUTATING });
    app.synth();
    return outdir;
  }

  test('findings by rule and level, fixes as "fixed", and the template changes of fix mode per property', () => {
    // GIVEN a task definition no service runs (FD7, FD8 and FD10 apply), synthesized in report and in fix mode
    const report = synth(false);
    const fixed = synth(true);
    // WHEN
    const reported = readFindings(report);
    const fixes = readFindings(fixed).filter((f) => f.level === 'fixed').map((f) => f.ruleId).sort();
    const changes = Object.fromEntries(templateChanges(readTemplates(report), readTemplates(fixed)));
    // THEN
    expect(reported.map((f) => `${f.ruleId} ${f.level}`).sort()).toEqual(['ECSE-FD10 info', 'ECSE-FD7 warning', 'ECSE-FD8 warning']);
    expect(fixes).toEqual(['ECSE-FD7', 'ECSE-FD8']);
    expect(changes).toEqual({
      'AWS::ECS::TaskDefinition.ContainerDefinitions.*.LogConfiguration.Options.mode': 1,
      'AWS::ECS::TaskDefinition.ContainerDefinitions.*.LogConfiguration.Options.max-buffer-size': 1,
      'AWS::Logs::LogGroup.RetentionInDays': 1,
    });
    [report, fixed].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true }));
  });
});
