/**
 * Child processes for the scripts: run a command, capture its output and how long it took.
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** Outcome of one child process. */
export interface RunResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly millis: number;
}

/** Run a command without a shell (arguments are passed as they are) and collect its output. */
export function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<RunResult> {
  const started = process.hrtime.bigint();
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));
    const finish = (exitCode: number, extra: string = '') => resolve({
      exitCode,
      stdout: Buffer.concat(stdout).toString('utf-8'),
      stderr: Buffer.concat(stderr).toString('utf-8') + extra,
      millis: Number(process.hrtime.bigint() - started) / 1e6,
    });
    // A command that cannot start (ENOENT) reports through 'error' and never through 'close'.
    child.on('error', (err) => finish(127, String(err)));
    child.on('close', (code) => finish(code ?? 1));
  });
}

/** The absolute path of an executable on PATH, or undefined. */
export function which(executable: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, executable);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

/** The last `lines` lines of a text, for error output that would otherwise flood the terminal. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}
