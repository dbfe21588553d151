import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialScheduledJob, JobSchedule } from '../../src';
import { main } from '../../src/cli/cli';
import { pricesFor } from '../../src/cli/prices';
import { Report } from '../../src/cli/report';

/** A nightly job of the library (all Spot by default, 256/512 ARM64) in a VPC with one NAT gateway. */
function synth(): string {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'job-app-'));
  const app = new App({ outdir, context: { 'aws:cdk:enable-path-metadata': true } });
  const stack = new Stack(app, 'Jobs', { env: { account: '111111111111', region: 'us-east-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
  new EssentialScheduledJob(stack, 'Nightly', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
    vpc,
    schedule: JobSchedule.rate(Duration.days(1)),
  });
  app.synth();
  return outdir;
}

describe('scheduled jobs in the report', () => {
  test('a job gets a bill line with its price per run-hour and why it has no monthly figure', () => {
    const dir = synth();
    try {
      let out = '';
      main(['report', dir, '--json'], { out: (t) => { out += t; }, err: () => undefined });
      const json = JSON.parse(out) as Report;
      const line = json.stacks[0].lines.find((l) => l.item === 'scheduled job runs')!;
      const p = pricesFor('us-east-1')!;
      // 256/512 ARM64, all Spot by default: one run-hour at the Spot discount the report assumes.
      const expected = (0.25 * p.fargateArmVcpu.usd + 0.5 * p.fargateArmGb.usd) * (1 - json.assumptions.spotDiscount);
      expect(line.what).toBe('Nightly/Schedule (rate(1 day) Etc/UTC)');
      expect(line.quantity).toBe(`$${expected.toFixed(5)} per run-hour (256/512 ARM64, 100 % Spot)`);
      expect(line.monthly).toBeUndefined();
      expect(line.assumption).toMatch(/not priced monthly: runs per month × hours per run/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
