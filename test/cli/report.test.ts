import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack, Stage } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { EssentialFargateService, LoadBalancing } from '../../src';
import { main } from '../../src/cli/cli';
import { Report, ServiceReport } from '../../src/cli/report';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const ACCOUNT = '111111111111';

/**
 * An app as a user would have it: one stack in eu-west-1 with this library's service and an
 * ecs-patterns service (scaled 3–6 while its desired count is 2), and a CDK Pipelines-style Stage
 * (a nested cloud assembly) with a backend in ap-northeast-2 and an environment-agnostic stack.
 */
function synthApp(outdir: string): void {
  // The cdk CLI turns path metadata on; the report shows construct paths from it.
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const web = new Stack(app, 'Web', { env: { account: ACCOUNT, region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(web, 'Vpc', { maxAzs: 2, natGateways: 1 });
  const cluster = new ecs.Cluster(web, 'Cluster', { vpc, enableFargateCapacityProviders: true });
  new EssentialFargateService(web, 'Api', { cluster, image });
  const legacy = new ecsPatterns.ApplicationLoadBalancedFargateService(web, 'Legacy', {
    cluster,
    desiredCount: 2,
    taskImageOptions: { image, containerPort: 80 },
  });
  legacy.service.autoScaleTaskCount({ minCapacity: 3, maxCapacity: 6 });

  const prod = new Stage(app, 'Prod');
  const backend = new Stack(prod, 'Backend', { env: { account: ACCOUNT, region: 'ap-northeast-2' } });
  new EssentialFargateService(backend, 'Worker', { image, loadBalancing: LoadBalancing.none() });
  new Stack(prod, 'Agnostic');
  app.synth();
}

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('cdk-ecs-essentials report on a synthesized assembly', () => {
  let outdir: string;
  let report: Report;
  let text: string;
  const service = (label: string): ServiceReport => {
    const found = report.stacks.flatMap((s) => s.services).find((s) => s.label.startsWith(label));
    if (!found) {
      throw new Error(`no service ${label} in ${JSON.stringify(report.stacks.map((s) => s.services.map((x) => x.label)))}`);
    }
    return found;
  };

  beforeAll(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-app-'));
    synthApp(outdir);
    const json = run(['report', outdir, '--json']);
    expect(json.code).toBe(0);
    report = JSON.parse(json.out);
    const plain = run(['report', outdir]);
    expect(plain.code).toBe(0);
    text = plain.out;
  });

  afterAll(() => {
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('reads the stacks of the app and of the nested Stage assembly, with their Regions', () => {
    expect(report.stacks.map((s) => [s.name, s.region]).sort()).toEqual([
      ['Prod/Agnostic', 'us-east-1'],
      ['Prod/Backend', 'ap-northeast-2'],
      ['Web', 'eu-west-1'],
    ]);
    expect(report.stacks.find((s) => s.name === 'Prod/Agnostic')!.regionNote).toMatch(/environment-agnostic stack: priced as us-east-1/);
  });

  test('our service: Fargate, ARM64, the On-Demand/Spot mix, 17 s of waits, no findings', () => {
    const api = service('Api');
    expect(api).toMatchObject({
      launch: 'Fargate',
      cpu: 256,
      memoryMiB: 512,
      architecture: 'ARM64',
      desiredCount: 2,
      deploymentStrategy: 'ROLLING',
      capacityMix: 'FARGATE base 1 weight 2 + FARGATE_SPOT weight 1 → base 1 On-Demand, then 2/3 On-Demand',
      rolloutWaits: { firstTrafficSeconds: 10, drainSeconds: 5, stopSeconds: 2, totalSeconds: 17 },
      findings: [],
    });
  });

  test('our service\'s cost in eu-west-1, computed by hand', () => {
    // ARM task-hour 0.25 × 0.03238 + 0.5 × 0.00356 = 0.009875; × 730 = 7.20875 per task-month
    // On-Demand 5/3 × 7.20875 = 12.0145833, Spot 1/3 × 7.20875 × 0.3 = 0.720875
    // its own ALB in eu-west-1: (0.0252 + 0.008) × 730 = 24.236, + its 2 nodes' public IPv4 2 × 730 × 0.005 = 7.3 → 31.536
    // total 12.7354583 + 31.536 = 44.2714583
    // ecs-patterns defaults: 2 × (0.25 × 0.04048 + 0.5 × 0.004445) × 730 + 31.536 = 18.02005 + 31.536 = 49.55605
    const cost = service('Api').cost!;
    expect(cost.loadBalancerShare).toBeCloseTo(31.536, 6);
    expect(cost.total).toBeCloseTo(44.2714583, 6);
    expect(cost.ecsPatternsDefaults).toBeCloseTo(49.55605, 6);
    expect(cost.saving).toBeCloseTo(5.2845917, 6);
  });

  test('the ecs-patterns service: x86, On-Demand, scaling range, priced at the scaling minimum', () => {
    const legacy = service('Legacy');
    expect(legacy).toMatchObject({ launch: 'Fargate', architecture: 'X86_64', desiredCount: 2, scaling: { min: 3, max: 6 } });
    // 3 × 0.0123425 × 730 = 27.030075 + its ALB 24.236 + node IPv4 7.3 = 58.566075; ecs-patterns defaults: the same, no saving
    expect(legacy.cost!.tasks).toBe(3);
    expect(legacy.cost!.tasksBasis).toMatch(/scaling minimum/);
    expect(legacy.cost!.total).toBeCloseTo(58.566075, 6);
    expect(legacy.cost!.saving).toBeCloseTo(0, 6);
  });

  test('the ecs-patterns service gets the fast-deploy findings of its defaults', () => {
    const ids = service('Legacy').findings.map((f) => f.ruleId);
    expect(ids).toEqual(expect.arrayContaining(['ECSE-FD1', 'ECSE-FD2', 'ECSE-FD3', 'ECSE-FD4', 'ECSE-FD5']));
    expect(service('Legacy').rolloutWaits.totalSeconds).toBe(480);
  });

  test('the Stage\'s backend is priced in ap-northeast-2 without an ALB share', () => {
    const worker = service('Worker');
    expect(worker.serviceConnect).toBe('-');
    expect(worker.cost!.loadBalancerShare).toBe(0);
    // ARM 0.25 × 0.03725 + 0.5 × 0.00409 = 0.0113575; × 730 = 8.290975; 5/3 of it + 1/3 × 0.3 of it = 14.6473892
    expect(worker.cost!.total).toBeCloseTo(14.6473892, 6);
  });

  test('--region overrides every stack\'s Region; --spot-discount and --savings-plan-discount change the figures', () => {
    const { out } = run(['report', outdir, '--json', '--region', 'us-east-1', '--spot-discount', '0', '--savings-plan-discount', '50']);
    const overridden: Report = JSON.parse(out);
    expect(overridden.stacks.map((s) => s.region)).toEqual(['us-east-1', 'us-east-1', 'us-east-1']);
    const api = overridden.stacks.flatMap((s) => s.services).find((s) => s.label.startsWith('Api'))!;
    // On-Demand 12.0145833 × 0.5 = 6.0072917; Spot 1/3 × 7.20875 × 1 = 2.4029167; ALB 22.265 + node IPv4 7.3 → 37.9752083
    expect(api.cost!.total).toBeCloseTo(37.9752083, 6);
    expect(overridden.assumptions).toMatchObject({ spotDiscount: 0, savingsPlanDiscount: 0.5, albLcus: 1, hoursPerMonth: 730 });
  });

  test('the text report has a settings table, a cost table per stack and the totals', () => {
    expect(text).toMatch(/^Web: \d+ resources/m);
    expect(text).toMatch(/SERVICE +LAUNCH +CPU\/MIB ARCH +COUNT +CAPACITY MIX/);
    expect(text).toMatch(/Legacy\/Service +Fargate +256\/512 X86_64 +2 \(3-6\)/);
    expect(text).toMatch(/Estimated monthly cost in USD, eu-west-1 \(from the stack's env\)/);
    expect(text).toMatch(/Legacy\/Service: ECSE-FD3 deregistration delay 300 s/);
    expect(text).toMatch(/^Prod\/Agnostic: \d+ resources .*, no ECS service$/m);
    expect(text).toMatch(/^Total estimated: \$\d+\.\d\d\/month/m);
    expect(text).not.toMatch(/undefined|NaN|\[object/);
  });
});
