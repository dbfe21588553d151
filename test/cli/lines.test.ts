import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import { main } from '../../src/cli/cli';
import { pricesFor } from '../../src/cli/prices';
import { Report } from '../../src/cli/report';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const H = 730;

/** An ecs-patterns NLB service in a VPC without NAT, with an ECR interface endpoint and an S3 gateway endpoint. */
function synth(region: string): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'lines-app-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Net', { env: { account: '111111111111', region } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  vpc.addInterfaceEndpoint('Ecr', { service: ec2.InterfaceVpcEndpointAwsService.ECR });
  vpc.addGatewayEndpoint('S3', { service: ec2.GatewayVpcEndpointAwsService.S3 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  new ecsPatterns.NetworkLoadBalancedFargateService(stack, 'Tcp', {
    cluster, taskImageOptions: { image }, desiredCount: 2, assignPublicIp: true, taskSubnets: { subnetType: ec2.SubnetType.PUBLIC },
  });
  app.synth();
  return outdir;
}

function report(dir: string): { json: Report; text: string } {
  let out = '';
  let text = '';
  main(['report', dir, '--json'], { out: (t) => { out += t; }, err: () => undefined });
  main(['report', dir], { out: (t) => { text += t; }, err: () => undefined });
  return { json: JSON.parse(out), text };
}

describe('network lines', () => {
  let dir: string;
  let json: Report;
  let text: string;
  const p = pricesFor('eu-central-1')!;
  beforeAll(() => {
    dir = synth('eu-central-1');
    ({ json, text } = report(dir));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('an NLB service is priced with its NLB and compared with an NLB, not an ALB', () => {
    const cost = json.stacks[0].services[0].cost!;
    // (0.027 + 1 × 0.006) × 730 = 24.09, + 2 node addresses × 730 × 0.005 = 7.30
    const nlb = (p.nlbHour.usd + p.nlcuHour.usd) * H + 2 * p.ipv4Hour.usd * H;
    expect(cost.loadBalancerShare).toBeCloseTo(nlb, 6);
    expect(cost.ecsPatternsLoadBalancer).toBeCloseTo(nlb, 6);
    // Same size, x86, On-Demand on both sides: no saving to show.
    expect(cost.saving).toBeCloseTo(0, 6);
    expect(text).toMatch(/NLB hours +Tcp\/LB +730 h × \$0\.027 .* \*/);
    expect(text).toMatch(/NLB capacity units .*1 NLCU on average \(assumption, --nlb-lcus\)/);
  });

  test('tasks with public IPs pay one address each; the interface endpoint per AZ-hour; the gateway endpoint is free', () => {
    const lines = json.stacks[0].lines;
    expect(lines.find((l) => l.item === 'public IPv4 (tasks)')!.monthly).toBeCloseTo(2 * H * p.ipv4Hour.usd, 6);
    const ecr = lines.find((l) => l.item === 'interface endpoint')!;
    expect(ecr.what).toMatch(/\(ecr\.api\)$/);
    expect(ecr.monthly).toBeCloseTo(2 * H * p.endpointAzHour.usd, 6);
    expect(lines.find((l) => l.item === 'gateway endpoint')).toMatchObject({ monthly: 0, what: expect.stringMatching(/\(s3\)$/) });
    expect(lines.some((l) => l.item.startsWith('NAT'))).toBe(false);
  });

  test('every priced line of the JSON names its pricing page and whether its price is verified', () => {
    for (const line of json.stacks[0].lines.filter((l) => l.monthly !== undefined)) {
      expect(line.source).toMatch(/^https:\/\/aws\.amazon\.com\//);
      expect(typeof line.verified).toBe('boolean');
      expect(line.assumption.length).toBeGreaterThan(0);
    }
  });

  test('eu-central-1 figures are marked unverified in the output', () => {
    expect(json.stacks[0].priceVerification).toMatch(/^unverified on \d+ line\(s\)/);
    expect(text).toMatch(/prices unverified on \d+ line\(s\): check them against the pricing pages/);
  });
});

describe('Region', () => {
  test('a Region outside the table is priced with the us-east-1 table, and the report says so', () => {
    const dir = synth('sa-east-1');
    try {
      const { json } = report(dir);
      expect(json.stacks[0]).toMatchObject({ region: 'us-east-1', regionNote: 'no prices for sa-east-1 in the table: priced with the us-east-1 table' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
