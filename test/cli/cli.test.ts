import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { main, parseArgs } from '../../src/cli/cli';

function run(argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; } });
  return { code, out, err };
}

describe('parseArgs', () => {
  test('defaults: cdk.out, text, Spot 70 % (EC2 60 %), no Savings Plans, 1 LCU and NLCU, 0 GB of NAT and logs, 730 h', () => {
    expect(parseArgs(['report'])).toEqual({
      dir: 'cdk.out',
      json: false,
      format: 'text',
      help: false,
      diff: undefined,
      options: {
        region: undefined,
        spotDiscount: 0.7,
        ec2SpotDiscount: 0.6,
        savingsPlanDiscount: 0,
        albLcus: 1,
        nlbLcus: 1,
        natGb: 0,
        logGb: 0,
        hoursPerMonth: 730,
      },
    });
  });

  test('directory and every flag, with spaces or =', () => {
    const args = parseArgs(['report', 'out', '--json', '--region', 'eu-west-1', '--spot-discount=60', '--savings-plan-discount', '20%', '--alb-lcus', '2.5']);
    expect(args.dir).toBe('out');
    expect(args.json).toBe(true);
    expect(args.options).toMatchObject({ region: 'eu-west-1', spotDiscount: 0.6, savingsPlanDiscount: 0.2, albLcus: 2.5, hoursPerMonth: 730 });
  });

  test('the assumptions of the new lines, --diff and --format md', () => {
    const args = parseArgs(['report', 'out', '--nat-gb', '100', '--log-gb=5', '--nlb-lcus', '3', '--ec2-spot-discount', '50', '--diff', 'base', '--format', 'md']);
    expect(args.options).toMatchObject({ natGb: 100, logGb: 5, nlbLcus: 3, ec2SpotDiscount: 0.5 });
    expect(args).toMatchObject({ diff: 'base', format: 'md', json: false });
  });

  test.each([
    [['report', '--bogus'], /unknown option '--bogus'/],
    [['report', '--spot-discount', '120'], /--spot-discount must be a percentage from 0 to 100, got '120'/],
    [['report', '--savings-plan-discount', 'x'], /--savings-plan-discount must be a percentage/],
    [['report', '--region', 'mars-1'], /--region 'mars-1' is not in the price table: use us-east-1, us-west-2, eu-west-1, eu-central-1/],
    [['report', '--nat-gb', '-1'], /--nat-gb must be a number of 0 or more, got '-1'/],
    [['report', '--format', 'html'], /--format must be text, json or md, got 'html'/],
    [['report', '--region'], /--region needs a value/],
    [['report', 'a', 'b'], /one cloud assembly directory expected/],
    [['summary'], /unknown command 'summary'/],
    [[], /missing command: report or logs/],
  ])('fails when %j', (argv, message) => {
    expect(() => parseArgs(argv)).toThrow(message);
  });
});

describe('main', () => {
  test('fails with exit code 2 and the usage for a missing directory', () => {
    const { code, err } = run(['report', path.join(os.tmpdir(), 'no-such-cdk-out-dir')]);
    expect(code).toBe(2);
    expect(err).toMatch(/is not a directory/);
    expect(err).toMatch(/usage: cdk-ecs-essentials report/);
  });

  test('fails with exit code 2 for a directory without manifest.json', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'report-empty-'));
    try {
      const { code, err } = run(['report', dir]);
      expect(code).toBe(2);
      expect(err).toMatch(/has no manifest.json/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('fails with exit code 2 and the usage for an unknown flag', () => {
    const { code, err, out } = run(['report', '--jsn']);
    expect(code).toBe(2);
    expect(err).toMatch(/unknown option '--jsn'[\s\S]*usage:/);
    expect(out).toBe('');
  });

  test('--help prints the usage and exits 0', () => {
    const { code, out } = run(['report', '--help']);
    expect(code).toBe(0);
    expect(out).toMatch(/--savings-plan-discount P/);
  });
});

describe('services on instances', () => {
  test('EC2 services have no cost of their own: their instances are bill lines', () => {
    // The committed snapshot of integ/integ.ec2-capacity.ts is a cloud assembly with two EC2 services.
    const snapshot = path.join(__dirname, '..', '..', 'integ', 'integ.ec2-capacity.ts.snapshot');
    const { code, out } = run(['report', snapshot, '--json']);
    expect(code).toBe(0);
    const report = JSON.parse(out);
    const services = report.stacks.flatMap((s: any) => s.services);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.launch).toBe('EC2');
      expect(service.cost).toBeUndefined();
      expect(service.costNote).toBe('n/a (on EC2 capacity: see its instance lines)');
    }
    const items = report.stacks.flatMap((s: any) => s.lines).map((l: any) => l.item);
    expect(items).toEqual(expect.arrayContaining(['EC2 instances On-Demand', 'EC2 instances Spot']));
  });

  test('Managed Instances capacity is a line that says why it is not priced', () => {
    const snapshot = path.join(__dirname, '..', '..', 'integ', 'integ.managed-instances.ts.snapshot');
    const { code, out } = run(['report', snapshot]);
    expect(code).toBe(0);
    expect(out).toMatch(/Managed Instances \(On-Demand\) \+ management fee .*not priced +ECS chooses the instance types from attribute requirements/);
    expect(out).toMatch(/Managed Instances \(Spot\) \+ management fee/);
  });
});
