#!/usr/bin/env node
/**
 * `npx cdk-ecs-essentials report [cdk.out] [--diff base] [--format text|json|md] [assumptions]`: what
 * every ECS service of a synthesized cloud assembly does and what the bill its templates decide is
 * estimated to be. Node built-ins only: the package's runtime dependencies are
 * aws-cdk-lib and constructs, which the report does not need.
 */
import * as fs from 'fs';
import { AssemblyError } from './assembly';
import { defaultAssumptions } from './cost';
import { diffReports, DIFF_EXIT_CHANGED } from './diff';
import { findWorkloadLogs, renderLogs } from './logs';
import {
  DEFAULT_ALB_LCUS, DEFAULT_EC2_SPOT_DISCOUNT, DEFAULT_NLB_LCUS, DEFAULT_SAVINGS_PLAN_DISCOUNT, DEFAULT_SPOT_DISCOUNT, PRICES, pricesFor,
} from './prices';
import { renderText } from './render';
import { renderDiffMarkdown, renderDiffText, renderMarkdown } from './render-diff';
import { buildReport, ReportOptions } from './report';

export const USAGE = `usage: cdk-ecs-essentials report [cdk.out] [options]
       cdk-ecs-essentials report cdk.out --diff cdk.out.base [--format md]
       cdk-ecs-essentials logs [cdk.out] [workload] [--json]

logs: the 'aws logs tail … --follow' command for each workload's containers (services and scheduled
jobs), with the Region and the log group read from the assembly; [workload] picks by construct path or id.

Reads a synthesized cloud assembly (default: cdk.out), nested Stage assemblies included, and prints
every ECS service with its settings and fast-deploy findings, and every line of the monthly bill the
templates decide (compute, load balancers, NAT gateways, public IPv4, endpoints, instances, alarms,
dashboards, logs), each with its assumption, next to the same app at aws-ecs-patterns defaults.

options:
  --json, --format text|json|md  output format (md: a table for pull requests)
  --diff BASE                  compare with the assembly BASE: cost and findings per workload, before → after;
                               exit code 0 when nothing changed, 1 when something did
  --region R                   price every stack in Region R (default: each stack's env; ${PRICES.map((p) => p.region).join(', ')})
  --spot-discount P            Fargate Spot price, percent below On-Demand (default ${DEFAULT_SPOT_DISCOUNT * 100}: an assumption)
  --ec2-spot-discount P        EC2 Spot price, percent below On-Demand (default ${DEFAULT_EC2_SPOT_DISCOUNT * 100}: an assumption)
  --savings-plan-discount P    Compute Savings Plans discount on the On-Demand share, percent (default ${DEFAULT_SAVINGS_PLAN_DISCOUNT * 100})
  --alb-lcus N                 average LCUs per ALB (default ${DEFAULT_ALB_LCUS})
  --nlb-lcus N                 average NLCUs per NLB (default ${DEFAULT_NLB_LCUS})
  --nat-gb GB                  GB per month through each stack's NAT gateways (default 0: add your traffic)
  --log-gb GB                  GB of logs ingested per month per stack (default 0: add your volume)
  -h, --help                   this text`;

/** Output formats of `report`. */
export type OutputFormat = 'text' | 'json' | 'md';

/** Parsed command line. */
export interface CliArgs {
  readonly dir: string;
  /** Same as `format === 'json'` (kept for `--json`). */
  readonly json: boolean;
  readonly format: OutputFormat;
  readonly help: boolean;
  /** The base assembly of `--diff`. */
  readonly diff?: string;
  readonly options: ReportOptions;
}

/** Bad input on the command line; the CLI prints it with the usage and exits with 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

type NumericOption = Exclude<keyof ReportOptions, 'region' | 'hoursPerMonth'>;

/** The numeric options: the assumption each sets and how its value is read. */
const NUMERIC_FLAGS: Record<string, [NumericOption, (flag: string, text: string) => number]> = {
  '--spot-discount': ['spotDiscount', percent],
  '--ec2-spot-discount': ['ec2SpotDiscount', percent],
  '--savings-plan-discount': ['savingsPlanDiscount', percent],
  '--alb-lcus': ['albLcus', nonNegative],
  '--nlb-lcus': ['nlbLcus', nonNegative],
  '--nat-gb': ['natGb', nonNegative],
  '--log-gb': ['logGb', nonNegative],
};

/** Parse `report [dir] [flags]` (argv without node and the script). */
export function parseArgs(argv: string[]): CliArgs {
  const args = [...argv];
  if (args[0] === '-h' || args[0] === '--help') {
    return { dir: 'cdk.out', json: false, format: 'text', help: true, options: defaultAssumptions() };
  }
  const command = args.shift();
  if (command !== 'report') {
    throw new UsageError(command === undefined ? 'missing command: report or logs' : `unknown command '${command}': use 'report' or 'logs'`);
  }
  let dir: string | undefined;
  let format: OutputFormat = 'text';
  let help = false;
  let diff: string | undefined;
  let region: string | undefined;
  const numbers: Partial<Record<NumericOption, number>> = {};
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
    if (NUMERIC_FLAGS[flag] !== undefined) {
      const [key, read] = NUMERIC_FLAGS[flag];
      numbers[key] = read(flag, value());
      continue;
    }
    switch (flag) {
      case '--json':
        format = 'json';
        break;
      case '--format':
        format = formatOf(value());
        break;
      case '--diff':
        diff = value();
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
  return { dir: dir ?? 'cdk.out', json: format === 'json', format, help, diff, options: { region, ...defaultAssumptions(), ...numbers } };
}

function formatOf(text: string): OutputFormat {
  if (text !== 'text' && text !== 'json' && text !== 'md') {
    throw new UsageError(`--format must be text, json or md, got '${text}'`);
  }
  return text;
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

/** Run the CLI; returns the exit code (0 ok, 1 `--diff` found a change or `logs` found no such workload, 2 bad usage or unreadable assembly). */
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
    if (args.diff !== undefined) {
      const diff = diffReports(buildReport(args.diff, args.options), report);
      io.out(args.format === 'json' ? JSON.stringify(diff, null, 2) + '\n' : args.format === 'md' ? renderDiffMarkdown(diff) : renderDiffText(diff));
      return diff.changed ? DIFF_EXIT_CHANGED : 0;
    }
    io.out(args.format === 'json' ? JSON.stringify(report, null, 2) + '\n' : args.format === 'md' ? renderMarkdown(report) : renderText(report));
    return 0;
  });
}

if (require.main === module) {
  process.exitCode = main(process.argv.slice(2));
}
