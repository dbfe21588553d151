import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialFargateService, LoadBalancing } from '../../src';
import { main } from '../../src/cli/cli';
import { ReportDiff, SHARED_ROW } from '../../src/cli/diff';
import { pricesFor } from '../../src/cli/prices';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const p = pricesFor('us-east-1')!;

/** One stack: a web service and a worker; `change` scales the worker to 4 tasks and adds a second NAT gateway. */
function synth(change: boolean): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'diff-app-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'App', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: change ? 2 : 1 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  new EssentialFargateService(stack, 'Web', { cluster, image });
  new EssentialFargateService(stack, 'Worker', { cluster, image, loadBalancing: LoadBalancing.none(), desiredCount: change ? 4 : 2 });
  app.synth();
  return outdir;
}

function run(argv: string[]): { code: number; out: string } {
  let out = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { out += t; } });
  return { code, out };
}

describe('report --diff', () => {
  let base: string;
  let head: string;
  beforeAll(() => {
    base = synth(false);
    head = synth(true);
  });
  afterAll(() => [base, head].forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('the same assembly: exit code 0 and no change', () => {
    const { code, out } = run(['report', base, '--diff', base]);
    expect(code).toBe(0);
    expect(out).toMatch(/no change in cost or findings/);
  });

  test('a change: exit code 1, per workload and in total, before → after', () => {
    const { code, out } = run(['report', head, '--diff', base, '--json']);
    expect(code).toBe(1);
    const diff: ReportDiff = JSON.parse(out);
    const worker = diff.workloads.find((w) => w.workload.startsWith('Worker'))!;
    // 2 more ARM tasks of 256/512 split 2:1 above the base: (4/3 + 2/3 × 0.3) × 0.009875 × 730 = 11.0534
    const taskMonth = (0.25 * p.fargateArmVcpu.usd + 0.5 * p.fargateArmGb.usd) * 730;
    expect(worker.costAfter! - worker.costBefore!).toBeCloseTo((4 / 3 + (2 / 3) * 0.3) * taskMonth, 6);
    // The second NAT gateway and its Elastic IP: 730 × (0.045 + 0.005) = 36.50
    const shared = diff.workloads.find((w) => w.workload === SHARED_ROW)!;
    expect(shared.costAfter! - shared.costBefore!).toBeCloseTo(730 * (p.natHour.usd + p.ipv4Hour.usd), 6);
    expect(diff.total.after - diff.total.before).toBeCloseTo((4 / 3 + (2 / 3) * 0.3) * taskMonth + 36.5, 6);
    expect(diff.workloads.find((w) => w.workload.startsWith('Web'))).toMatchObject({ findingsBefore: 0, findingsAfter: 0 });
  });

  test('--format md: a Markdown table of the changed workloads for a pull request', () => {
    const { code, out } = run(['report', head, '--diff', base, '--format', 'md']);
    expect(code).toBe(1);
    expect(out).toMatch(/^### Estimated monthly cost/);
    expect(out).toMatch(/^\| Stack \| Workload \| Monthly before \| Monthly after \| Change \| Findings before → after \|$/m);
    expect(out).toMatch(/^\| --- \| --- \| ---: \| ---: \| ---: \| --- \|$/m);
    expect(out).toMatch(/^\| App \| Worker\/Service \| \$12\.74 \| \$23\.79 \| \+\$11\.05 \| 0 → 0 \|$/m);
    expect(out).not.toMatch(/\| Web \|/);
    expect(out).toMatch(/\*\*Total \$91\.54 → \$139\.09\/month: \+\$47\.55 \(\+51\.95 %\)/);
  });

  test('--format md without --diff: the bill as Markdown', () => {
    const { code, out } = run(['report', base, '--format', 'md']);
    expect(code).toBe(0);
    expect(out).toMatch(/^\| NAT gateway hours \| Vpc\/PublicSubnet1\/NATGateway \| 730 h × \$0\.045 \| \$32\.85 \| 1 NAT gateway\(s\) all month \|$/m);
  });
});
