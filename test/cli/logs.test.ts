import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { EssentialFargateService, EssentialScheduledJob, JobSchedule, LoadBalancing } from '../../src';
import { main } from '../../src/cli/cli';
import { findWorkloadLogs } from '../../src/cli/logs';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('cdk-ecs-essentials logs', () => {
  let outdir: string;

  beforeAll(() => {
    // GIVEN a service with a generated log group name, a job, and a plain ECS service with a fixed one
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'logs-app-'));
    // cdk synth turns path metadata on; the construct paths name the workloads.
    const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
    const stack = new Stack(app, 'Shop', { env: { account: '123456789012', region: 'ap-northeast-2' }, stackName: 'shop-prod' });
    new EssentialFargateService(stack, 'Orders', { image, loadBalancing: LoadBalancing.none() });
    new EssentialScheduledJob(stack, 'Nightly', { image, schedule: JobSchedule.rate(Duration.hours(1)) });
    const named = new logs.LogGroup(stack, 'Named', { logGroupName: '/shop/legacy' });
    const td = new ecs.FargateTaskDefinition(stack, 'LegacyTask');
    td.addContainer('web', { image, logging: ecs.LogDrivers.awsLogs({ logGroup: named, streamPrefix: 'legacy' }) });
    app.synth();
  });

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('one aws logs tail command per workload container, with the Region and the stack name of the assembly', () => {
    // WHEN
    const found = findWorkloadLogs(outdir);
    // THEN
    expect(found.map((l) => l.workload)).toEqual(expect.arrayContaining(['Shop/Orders', 'Shop/Nightly', 'Shop/LegacyTask']));
    const orders = found.find((l) => l.workload === 'Shop/Orders')!;
    expect(orders.command).toMatch(/^aws logs tail "\$\(aws cloudformation describe-stack-resource --stack-name shop-prod --logical-resource-id OrdersLogs[0-9A-F]+ --region ap-northeast-2 --query StackResourceDetail.PhysicalResourceId --output text\)" --log-stream-name-prefix app\/app\/ --follow --region ap-northeast-2$/);
    const legacy = found.find((l) => l.workload === 'Shop/LegacyTask')!;
    expect(legacy.command).toBe("aws logs tail '/shop/legacy' --log-stream-name-prefix legacy/web/ --follow --region ap-northeast-2");
  });

  test('the CLI picks a workload by its id, prints JSON, and says so when nothing matches', () => {
    const text = run(['logs', outdir, 'nightly']);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/^# Shop\/Nightly — container app \(stack shop-prod, ap-northeast-2\)\naws logs tail /);
    expect(text.out).not.toContain('Shop/Orders');
    const json = JSON.parse(run(['logs', outdir, '--json']).out);
    expect(json.length).toBeGreaterThanOrEqual(3);
    const none = run(['logs', outdir, 'nope']);
    expect(none.code).toBe(1);
    expect(none.err).toContain("no workload matching 'nope'");
    expect(run(['logs', outdir, '--tail']).code).toBe(2);
  });
});
