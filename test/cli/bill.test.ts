import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  EnvironmentNetwork, EssentialEc2Capacity, EssentialEc2Service, EssentialEnvironment, EssentialFargateService, LoadBalancing, ServiceConnectMode,
} from '../../src';
import { main } from '../../src/cli/cli';
import { pricesFor, RegionPrices } from '../../src/cli/prices';
import { Report, StackReport } from '../../src/cli/report';

// Worked bills: each app is built with the library's constructs and synthesized to a temporary
// directory; its whole monthly bill is computed by hand from the us-east-1 price table and must
// equal the report's total, line for line.
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const ENV = { account: '111111111111', region: 'us-east-1' };
const H = 730;
const p = pricesFor('us-east-1') as RegionPrices;

function synth(build: (stack: Stack) => void): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bill-app-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  build(new Stack(app, 'App', { env: ENV }));
  app.synth();
  return outdir;
}

function report(outdir: string, ...flags: string[]): { json: Report; text: string } {
  let out = '';
  const code = main(['report', outdir, '--json', ...flags], { out: (t) => { out += t; }, err: () => undefined });
  expect(code).toBe(0);
  let text = '';
  main(['report', outdir, ...flags], { out: (t) => { text += t; }, err: () => undefined });
  return { json: JSON.parse(out), text };
}

function itemTotal(stack: StackReport, item: string): number {
  return stack.lines.filter((l) => l.item === item).reduce((sum, l) => sum + (l.monthly ?? 0), 0);
}

/** The example app (integ/integ.service-connect.ts): payments and orders as Service Connect servers, a public web client. */
function exampleApp(stack: Stack): void {
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
  const payments = new EssentialFargateService(stack, 'Payments', {
    cluster, image, containerPort: 80, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(),
  });
  const orders = new EssentialFargateService(stack, 'Orders', {
    cluster, image, containerPort: 80, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
  });
  const web = new EssentialFargateService(stack, 'Web', { cluster, image, containerPort: 80, serviceConnect: ServiceConnectMode.client() });
  orders.connectTo(payments);
  web.connectTo(orders);
}

describe('the whole bill, computed by hand', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

  test('the example app: Fargate, ALB, NAT gateways and public IPv4 add up to the report\'s total', () => {
    const dir = synth(exampleApp);
    dirs.push(dir);
    const { json, text } = report(dir);
    const stack = json.stacks[0];
    // Each service asks for 256/512 and gets 512/1024 ARM64 with the Service Connect proxy budget.
    // task-hour 0.5 × 0.03238 + 1 × 0.00356 = 0.01975; 2 tasks: 5/3 On-Demand, 1/3 Spot at 70 % off
    const taskHour = 0.5 * p.fargateArmVcpu.usd + 1 * p.fargateArmGb.usd;
    const fargate = 3 * (5 / 3 + (1 / 3) * 0.3) * taskHour * H; // 3 × 25.4709 = 76.4128
    const alb = (p.albHour.usd + p.albLcuHour.usd) * H; // 22.265
    const albNodes = 2 * p.ipv4Hour.usd * H; // 7.30: two public subnets
    const nat = 2 * p.natHour.usd * H; // 65.70: one NAT gateway per AZ
    const eips = 2 * p.ipv4Hour.usd * H; // 7.30: the NAT gateways' Elastic IPs
    const bill = fargate + alb + albNodes + nat + eips;
    expect(bill).toBeCloseTo(178.9778, 3);
    expect(json.totals.monthly).toBeCloseTo(bill, 6);
    expect(itemTotal(stack, 'NAT gateway hours')).toBeCloseTo(65.7, 6);
    expect(itemTotal(stack, 'public IPv4 (Elastic IPs)')).toBeCloseTo(7.3, 6);
    expect(itemTotal(stack, 'public IPv4 (load balancer nodes)')).toBeCloseTo(7.3, 6);
    // Container Insights is named with the reason it is not priced, never left out.
    const insights = stack.lines.find((l) => l.item === 'Container Insights (enabled)')!;
    expect(insights.monthly).toBeUndefined();
    expect(insights.assumption).toMatch(/^not priced: /);
    expect(text).toMatch(/NAT data processing .*0 GB\/month through this stack's NAT gateways \(assumption, --nat-gb; 0 by default/);
    expect(text).toMatch(/Cost allocation: activate aws:ecs:serviceName and aws:ecs:clusterName/);
  });

  test('the example app at ecs-patterns defaults: the size asked for (256/512), x86, On-Demand, NAT and IPs held equal', () => {
    const dir = synth(exampleApp);
    dirs.push(dir);
    const { json } = report(dir);
    const web = json.stacks[0].services.find((s) => s.label.startsWith('Web'))!;
    expect(web.cost!.ecsPatternsSize).toBe('256/512 X86_64');
    // 3 × 2 × (0.25 × 0.04048 + 0.5 × 0.004445) × 730 = 54.06015, + the same ALB, nodes, NAT and EIPs (102.565)
    const patterns = 3 * 2 * (0.25 * p.fargateX86Vcpu.usd + 0.5 * p.fargateX86Gb.usd) * H
      + (p.albHour.usd + p.albLcuHour.usd) * H + 4 * p.ipv4Hour.usd * H + 2 * p.natHour.usd * H;
    expect(json.totals.ecsPatternsDefaults).toBeCloseTo(patterns, 6);
    expect(json.totals.ecsPatternsDefaults).toBeCloseTo(156.62515, 4);
  });

  test('an EC2-capacity app: an On-Demand and a Spot group of m7g.large at their minimum size, with their ALB and NAT', () => {
    const dir = synth((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, minCapacityPerGroup: 1, maxCapacityPerGroup: 4 });
      new EssentialEc2Service(stack, 'Api', { capacity, image, containerPort: 80 });
    });
    dirs.push(dir);
    const { json, text } = report(dir);
    const stack = json.stacks[0];
    const m7g = p.instanceHour['m7g.large'].usd;
    const onDemand = 1 * m7g * H; // 59.568
    const spot = 1 * m7g * (1 - 0.6) * H; // 23.8272 at the 60 % EC2 Spot assumption
    const alb = (p.albHour.usd + p.albLcuHour.usd) * H + 2 * p.ipv4Hour.usd * H; // 29.565
    const nat = 2 * p.natHour.usd * H + 2 * p.ipv4Hour.usd * H; // 73.00
    expect(itemTotal(stack, 'EC2 instances On-Demand')).toBeCloseTo(onDemand, 6);
    expect(itemTotal(stack, 'EC2 instances Spot')).toBeCloseTo(spot, 6);
    expect(json.totals.monthly).toBeCloseTo(onDemand + spot + alb + nat, 6);
    expect(json.totals.monthly).toBeCloseTo(185.9602, 3);
    expect(text).toMatch(/EC2 instances Spot +Capacity\/SpotGroup\/ASG \(m7g\.large, first of 4 types\).*Spot 60 % below On-Demand \(assumption, --ec2-spot-discount\)/);
    expect(stack.services[0].costNote).toBe('n/a (on EC2 capacity: see its instance lines)');
  });

  test('a single NAT gateway (ec2.Vpc natGateways: 1), public tasks, monitoring: alarms and a dashboard priced', () => {
    const dir = synth((stack) => {
      const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
      const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
      new EssentialFargateService(stack, 'Worker', {
        cluster, image, loadBalancing: LoadBalancing.none(), assignPublicIp: true, enableMonitoring: true,
      });
    });
    dirs.push(dir);
    const { json } = report(dir, '--nat-gb', '100');
    const stack = json.stacks[0];
    const alarms = stack.lines.find((l) => l.item === 'CloudWatch alarms')!;
    const alarmMetrics = Number(alarms.quantity.split(' ')[0]);
    expect(alarmMetrics).toBeGreaterThan(0);
    const dashboards = stack.lines.filter((l) => l.item === 'CloudWatch dashboards').length;
    // 256/512 ARM64, 2 tasks: (5/3 + 1/3 × 0.3) × 0.009875 × 730 = 12.7354583
    const fargate = (5 / 3 + (1 / 3) * 0.3) * (0.25 * p.fargateArmVcpu.usd + 0.5 * p.fargateArmGb.usd) * H;
    const nat = 1 * p.natHour.usd * H + 100 * p.natGb.usd; // 32.85 + 4.50
    const eip = 1 * p.ipv4Hour.usd * H; // 3.65
    const taskIps = 2 * p.ipv4Hour.usd * H; // 7.30: AssignPublicIp ENABLED, one per task
    const monitoring = alarmMetrics * p.alarmMetricMonth.usd + dashboards * p.dashboardMonth.usd;
    expect(itemTotal(stack, 'NAT gateway hours')).toBeCloseTo(32.85, 6);
    expect(itemTotal(stack, 'public IPv4 (tasks)')).toBeCloseTo(taskIps, 6);
    expect(json.totals.monthly).toBeCloseTo(fargate + nat + eip + taskIps + monitoring, 6);
  });

  test('an EssentialEnvironment in singleNat(): one NAT gateway and its Elastic IP, the S3 gateway endpoint free, the flow log\'s group', () => {
    const dir = synth((stack) => {
      const env = new EssentialEnvironment(stack, 'Test', { network: EnvironmentNetwork.singleNat() });
      new EssentialFargateService(stack, 'Api', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.none() });
    });
    dirs.push(dir);
    const { json } = report(dir);
    const stack = json.stacks[0];
    // 256/512 ARM64, 2 tasks, 2/3 On-Demand + 1/3 Spot at 70 % off.
    const fargate = (5 / 3 + (1 / 3) * 0.3) * (0.25 * p.fargateArmVcpu.usd + 0.5 * p.fargateArmGb.usd) * H;
    const nat = p.natHour.usd * H; // one gateway, 0 GB by default
    const eip = p.ipv4Hour.usd * H; // its Elastic IP
    expect(itemTotal(stack, 'NAT gateway hours')).toBeCloseTo(nat, 6);
    expect(itemTotal(stack, 'public IPv4 (Elastic IPs)')).toBeCloseTo(eip, 6);
    expect(stack.lines.filter((l) => l.item.startsWith('interface endpoint'))).toEqual([]);
    expect(json.totals.monthly).toBeCloseTo(fargate + nat + eip, 6);
  });
});
