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
  test('defaults: cdk.out, text, Spot 70 %, no Savings Plans, 1 LCU, 730 h', () => {
    expect(parseArgs(['report'])).toEqual({
      dir: 'cdk.out',
      json: false,
      help: false,
      options: { region: undefined, spotDiscount: 0.7, savingsPlanDiscount: 0, albLcus: 1, hoursPerMonth: 730 },
    });
  });

  test('directory and every flag, with spaces or =', () => {
    const args = parseArgs(['report', 'out', '--json', '--region', 'eu-west-1', '--spot-discount=60', '--savings-plan-discount', '20%', '--alb-lcus', '2.5']);
    expect(args.dir).toBe('out');
    expect(args.json).toBe(true);
    expect(args.options).toEqual({ region: 'eu-west-1', spotDiscount: 0.6, savingsPlanDiscount: 0.2, albLcus: 2.5, hoursPerMonth: 730 });
  });

  test.each([
    [['report', '--bogus'], /unknown option '--bogus'/],
    [['report', '--spot-discount', '120'], /--spot-discount must be a percentage from 0 to 100, got '120'/],
    [['report', '--savings-plan-discount', 'x'], /--savings-plan-discount must be a percentage/],
    [['report', '--region', 'mars-1'], /--region 'mars-1' is not in the price table: use us-east-1, eu-west-1, ap-northeast-2/],
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
  test('EC2 and Managed Instances services are reported but not priced', () => {
    // The committed snapshot of integ/integ.ec2-capacity.ts is a cloud assembly with two EC2 services.
    const snapshot = path.join(__dirname, '..', '..', 'integ', 'integ.ec2-capacity.ts.snapshot');
    const { code, out } = run(['report', snapshot, '--json']);
    expect(code).toBe(0);
    const services = JSON.parse(out).stacks.flatMap((s: any) => s.services);
    expect(services.length).toBeGreaterThan(0);
    for (const service of services) {
      expect(service.launch).toBe('EC2');
      expect(service.cost).toBeUndefined();
      expect(service.costNote).toBe('n/a (instance-priced)');
    }
  });
});
