#!/usr/bin/env node
/**
 * `npx cdk-ecs-essentials report [cdk.out] [--json] [--region R] [--spot-discount P]
 * [--savings-plan-discount P] [--alb-lcus N]`: what every ECS service of a synthesized cloud assembly
 * does and what it is estimated to cost. Node built-ins only: the package's runtime dependencies are
 * aws-cdk-lib and constructs, which the report does not need.
 */
import * as fs from 'fs';
import { AssemblyError } from './assembly';
import { findWorkloadLogs, renderLogs } from './logs';
import { DEFAULT_ALB_LCUS, DEFAULT_SAVINGS_PLAN_DISCOUNT, DEFAULT_SPOT_DISCOUNT, HOURS_PER_MONTH, PRICES, pricesFor } from './prices';
import { renderText } from './render';
import { buildReport, ReportOptions } from './report';

export const USAGE = `usage: cdk-ecs-essentials report [cdk.out] [options]
       cdk-ecs-essentials logs [cdk.out] [workload] [--json]

logs: the 'aws logs tail … --follow' command for each workload's containers (services and scheduled
jobs), with the Region and the log group read from the assembly; [workload] picks by construct path or id.

Reads a synthesized cloud assembly (default: cdk.out), nested Stage assemblies included, and prints
every ECS service with its settings, fast-deploy findings and an estimated monthly cost next to the
same service at aws-ecs-patterns defaults.

options:
  --json                       print JSON instead of tables
  --region R                   price every stack in Region R (default: each stack's env; ${PRICES.map((p) => p.region).join(', ')})
  --spot-discount P            Fargate Spot price, percent below On-Demand (default ${DEFAULT_SPOT_DISCOUNT * 100}: an assumption)
  --savings-plan-discount P    Compute Savings Plans discount on the On-Demand share, percent (default ${DEFAULT_SAVINGS_PLAN_DISCOUNT * 100})
  --alb-lcus N                 average LCUs per ALB (default ${DEFAULT_ALB_LCUS})
  -h, --help                   this text`;

/** Parsed command line. */
export interface CliArgs {
  readonly dir: string;
  readonly json: boolean;
  readonly help: boolean;
  readonly options: ReportOptions;
}

/** Bad input on the command line; the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Parse `report [dir] [flags]` (argv without node and the script). */
export function parseArgs(argv: string[]): CliArgs {
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help') {
    return { dir: 'cdk.out', json: false, help: true, options: defaults() };
  }
  const command = args.shift();
  if (command !== 'report') {
    throw new UsageError(command === undefined ? 'missing command: report or logs' : `unknown command '${command}': use 'report' or 'logs'`);
  }
  let dir: string | undefined;
  let json = false;
  let help = false;
  let region: string | undefined;
  let spotDiscount = DEFAULT_SPOT_DISCOUNT;
  let savingsPlanDiscount = DEFAULT_SAVINGS_PLAN_DISCOUNT;
  let albLcus = DEFAULT_ALB_LCUS;
  while (args.length > 0) {
    const arg = args.shift()!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? args.shift();
      if (v === undefined || v === '') {
        throw new UsageError(`${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '--json':
        json = true;
        break;
      case '-h':
      case '--help':
        help = true;
        break;
      case '--region':
        region = value();
        if (pricesFor(region) === undefined) {
          throw new UsageError(`--region '${region}' is not in the price table: use ${PRICES.map((p) => p.region).join(', ')}`);
        }
        break;
      case '--spot-discount':
        spotDiscount = percent(flag, value());
        break;
      case '--savings-plan-discount':
        savingsPlanDiscount = percent(flag, value());
        break;
      case '--alb-lcus':
        albLcus = nonNegative(flag, value());
        break;
      default:
        if (flag.startsWith('-')) {
          throw new UsageError(`unknown option '${flag}'`);
        }
        if (dir !== undefined) {
          throw new UsageError(`one cloud assembly directory expected, got '${dir}' and '${flag}'`);
        }
        dir = flag;
    }
  }
  return { dir: dir ?? 'cdk.out', json, help, options: { region, spotDiscount, savingsPlanDiscount, albLcus, hoursPerMonth: HOURS_PER_MONTH } };
}

function defaults(): ReportOptions {
  return {
    spotDiscount: DEFAULT_SPOT_DISCOUNT,
    savingsPlanDiscount: DEFAULT_SAVINGS_PLAN_DISCOUNT,
    albLcus: DEFAULT_ALB_LCUS,
    hoursPerMonth: HOURS_PER_MONTH,
  };
}

/** `70`, `70%` or `12.5` → 0.7, 0.7, 0.125; 0–100 only. */
function percent(flag: string, text: string): number {
  const value = Number(text.replace(/%$/, ''));
  if (text.trim() === '' || Number.isNaN(value) || value < 0 || value > 100) {
    throw new UsageError(`${flag} must be a percentage from 0 to 100, got '${text}'`);
  }
  return value / 100;
}

function nonNegative(flag: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || Number.isNaN(value) || value < 0) {
    throw new UsageError(`${flag} must be a number of 0 or more, got '${text}'`);
  }
  return value;
}

/** Output streams, replaceable in tests. */
export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
}

const PROCESS_IO: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
};

/** `logs [dir] [workload] [--json]`. */
function logsCommand(argv: string[], io: CliIo): number {
  const json = argv.includes('--json');
  const unknown = argv.find((a) => a.startsWith('-') && a !== '--json');
  const positional = argv.filter((a) => !a.startsWith('-'));
  if (unknown !== undefined || positional.length > 2) {
    io.err(`error: ${unknown !== undefined ? `unknown option '${unknown}'` : `logs takes [cdk.out] [workload], got ${positional.join(' ')}`}\n\n${USAGE}\n`);
    return 2;
  }
  const [dir, workload] = positional.length === 2 || (positional[0] !== undefined && fs.existsSync(positional[0]))
    ? [positional[0], positional[1]]
    : ['cdk.out', positional[0]];
  return readingAssembly(io, () => {
    const logs = findWorkloadLogs(dir, workload);
    if (workload !== undefined && logs.length === 0) {
      io.err(`error: no workload matching '${workload}' logs with awslogs in ${dir}\n`);
      return 1;
    }
    io.out(json ? JSON.stringify(logs, null, 2) + '\n' : renderLogs(logs));
    return 0;
  });
}

/** Run a command that reads the assembly: an unreadable one is a usage error (exit 2), printed with the usage. */
function readingAssembly(io: CliIo, command: () => number): number {
  try {
    return command();
  } catch (e) {
    if (e instanceof AssemblyError) {
      io.err(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
}

/** Run the CLI; returns the exit code (0 ok, 2 bad usage or unreadable assembly). */
export function main(argv: string[], io: CliIo = PROCESS_IO): number {
  if (argv[0] === 'logs') {
    return logsCommand(argv.slice(1), io);
  }
  let args: CliArgs;
  try {
    args = parseArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw e;
  }
  if (args.help) {
    io.out(`${USAGE}\n`);
    return 0;
  }
  return readingAssembly(io, () => {
    const report = buildReport(args.dir, args.options);
    io.out(args.json ? JSON.stringify(report, null, 2) + '\n' : renderText(report));
    return 0;
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
