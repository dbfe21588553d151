/**
 * cfn-lint over template files, with the project's ignore list (.cfnlintrc.yaml).
 */
import * as fs from 'fs';
import { run } from './proc';

/** A check listed under `ignore_checks` and the reason comment on its line. */
export interface IgnoredCheck {
  readonly id: string;
  readonly reason: string;
}

/**
 * The `ignore_checks` list of a .cfnlintrc.yaml, one `- ID  # reason` per line.
 *
 * Parsed by hand (no YAML dependency): the reason comments are what we need, and a YAML parser drops them.
 */
export function readIgnoredChecks(configFile: string): IgnoredCheck[] {
  if (!fs.existsSync(configFile)) {
    return [];
  }
  const checks: IgnoredCheck[] = [];
  let inList = false;
  for (const line of fs.readFileSync(configFile, 'utf-8').split('\n')) {
    if (/^ignore_checks\s*:/.test(line)) {
      inList = true;
      continue;
    }
    if (inList && /^\S/.test(line)) {
      inList = false; // the next top-level key
    }
    const item = inList ? /^\s+-\s*([A-Za-z0-9]+)\s*(?:#\s*(.*))?$/.exec(line) : null;
    if (item) {
      checks.push({ id: item[1], reason: (item[2] ?? '').trim() });
    }
  }
  return checks;
}

/** One cfn-lint finding. */
export interface LintFinding {
  readonly file: string;
  readonly line: number;
  readonly level: string;
  readonly rule: string;
  readonly message: string;
}

/** Outcome of one cfn-lint run over several templates. */
export interface LintResult {
  readonly findings: LintFinding[];
  readonly millis: number;
  /** Set when cfn-lint itself failed (crash, unreadable config) rather than reporting findings. */
  readonly failure?: string;
}

/** Run cfn-lint once over all `files` (one process: its start-up is most of its time). */
export async function cfnLint(executable: string, files: string[], configFile: string | undefined): Promise<LintResult> {
  const args = ['--format', 'json'];
  if (configFile !== undefined && fs.existsSync(configFile)) {
    args.push('--config-file', configFile);
  }
  const result = await run(executable, [...args, '--', ...files]);
  let parsed: Array<Record<string, any>>;
  try {
    parsed = JSON.parse(result.stdout || '[]');
  } catch {
    return { findings: [], millis: result.millis, failure: `cfn-lint exited ${result.exitCode}: ${result.stderr.trim() || result.stdout.trim()}` };
  }
  // Exit codes sum flags (2 error, 4 warning, 8 informational): an odd code or one above 14 is cfn-lint failing.
  if (result.exitCode % 2 === 1 || result.exitCode > 14) {
    return { findings: [], millis: result.millis, failure: `cfn-lint exited ${result.exitCode}: ${result.stderr.trim()}` };
  }
  return {
    millis: result.millis,
    findings: parsed.map((f) => ({
      file: String(f.Filename),
      line: Number(f.Location?.Start?.LineNumber ?? 0),
      level: String(f.Level),
      rule: String(f.Rule?.Id),
      message: String(f.Message),
    })),
  };
}
