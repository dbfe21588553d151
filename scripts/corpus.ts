/**
 * The corpus runner (`npx projen corpus [dir]`, not part of `npm test`): runs our two Aspects over aws-cdk's own ECS
 * integ apps, as a new user would, and prints what they found and what fix mode changed (issue 24).
 *
 * The apps live OUTSIDE this repository (their code is not ours): pass their folder, or set CORPUS_DIR; the default is
 * `../aws-cdk-ecs-integ` beside the repository. Each `integ.*.ts` app that imports nothing but aws-cdk-lib,
 * @aws-cdk/integ-tests-alpha, constructs and Node built-ins is synthesized twice on this repository's aws-cdk-lib,
 * in its own process with a timeout: with the Aspects in report mode, then in fix mode (scripts/lib/corpus-hook.ts).
 *
 * Prints per app: synthesized or why not, services, findings; then findings by rule and level (report mode), what
 * fix mode fixed and left, the template changes of fix mode per property, and the errors.
 *
 *   --timeout <s>   per app and mode (default 120)
 *   --only <text>   only apps whose path contains the text
 *   --json <file>   also write the results as JSON (e.g. to compare two commits)
 *   CORPUS_SRC=<dir>/src runs the Aspects of another checkout (an older commit) for a before/after table.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CorpusFinding, readFindings, readTemplates, templateChanges } from './lib/corpus-assembly';
import { findEcsServices } from './lib/template';

const ROOT = path.resolve(__dirname, '..');
const ALLOWED_IMPORTS = /^(aws-cdk-lib(\/.*)?|@aws-cdk\/integ-tests-alpha|constructs|path|fs|os|util|crypto|node:.*)$/;

interface AppResult {
  readonly app: string;
  readonly status: 'ok' | 'skipped' | 'error';
  readonly reason?: string;
  readonly services?: number;
  readonly report?: CorpusFinding[];
  readonly fixed?: CorpusFinding[];
  readonly changes?: Record<string, number>;
  readonly templatesUnchangedByReport?: boolean;
}

function main(): void {
  const args = process.argv.slice(2);
  const option = (name: string) => {
    const i = args.indexOf(name);
    return i < 0 ? undefined : args.splice(i, 2)[1];
  };
  const timeoutSeconds = Number(option('--timeout') ?? 120);
  const only = option('--only');
  const json = option('--json');
  const dir = path.resolve(args[0] ?? process.env.CORPUS_DIR ?? path.join(ROOT, '..', 'aws-cdk-ecs-integ'));
  if (!fs.existsSync(dir)) {
    throw new Error(`corpus: ${dir} does not exist; copy aws-cdk's ECS integ apps there (outside this repository) or pass their folder`);
  }
  if (!path.relative(ROOT, dir).startsWith('..')) {
    throw new Error(`corpus: ${dir} is inside the repository; the apps are aws-cdk's code and must stay outside it`);
  }
  const apps = findApps(dir).filter((a) => only === undefined || a.includes(only));
  console.log(`corpus: ${apps.length} integ apps under ${dir}${process.env.CORPUS_SRC ? ` (Aspects from ${process.env.CORPUS_SRC})` : ''}`);
  const results = apps.map((app) => {
    const result = runApp(app, timeoutSeconds * 1000);
    console.log(`  ${result.status.padEnd(7)} ${path.relative(dir, app)}${describeResult(result)}`);
    return { ...result, app: path.relative(dir, app) };
  });
  printSummary(results);
  if (json) {
    fs.writeFileSync(json, JSON.stringify(results, undefined, 1));
  }
}

function findApps(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) {
      return e.name === 'node_modules' || e.name.endsWith('.snapshot') ? [] : findApps(full);
    }
    return /^integ\..*\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [full] : [];
  }).sort();
}

function runApp(app: string, timeout: number): AppResult {
  const imports = [...fs.readFileSync(app, 'utf-8').matchAll(/(?:from|require\()\s*'([^']+)'/g)].map((m) => m[1]);
  const foreign = imports.filter((i) => !i.startsWith('.') && !ALLOWED_IMPORTS.test(i));
  if (foreign.length > 0) {
    return { app, status: 'skipped', reason: `needs ${[...new Set(foreign)].join(', ')}` };
  }
  const report = synth(app, 'report', timeout);
  if ('error' in report) {
    return { app, status: 'error', reason: report.error };
  }
  const fixed = synth(app, 'fix', timeout);
  if ('error' in fixed) {
    return { app, status: 'error', reason: `fix mode: ${fixed.error}` };
  }
  const plain = synth(app, 'none', timeout);
  const changes = Object.fromEntries(templateChanges(report.templates, fixed.templates));
  const services = [...report.templates.values()].reduce((n, t) => n + findEcsServices(t).length, 0);
  return {
    app,
    status: 'ok',
    services,
    report: report.findings,
    fixed: fixed.findings,
    changes,
    templatesUnchangedByReport: 'error' in plain ? undefined : templateChanges(plain.templates, report.templates).size === 0,
  };
}

type Synth = { readonly findings: CorpusFinding[]; readonly templates: Map<string, any> } | { readonly error: string };

/** One synthesis in its own process: `report` / `fix` with our Aspects, `none` without (to prove report mode changes nothing). */
function synth(app: string, mode: 'report' | 'fix' | 'none', timeout: number): Synth {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'corpus-'));
  try {
    const hook = mode === 'none' ? [] : ['-r', path.join(ROOT, 'scripts', 'lib', 'corpus-hook.ts')];
    const child = spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts', 'lib', 'ts-register.js'), ...hook, app], {
      cwd: path.dirname(app),
      timeout,
      encoding: 'utf-8',
      env: {
        ...process.env,
        CDK_OUTDIR: outdir,
        CORPUS_MODE: mode,
        // The apps sit outside the repository: resolve aws-cdk-lib from ours, the floor we support.
        NODE_PATH: path.join(ROOT, 'node_modules'),
        CDK_DISABLE_VERSION_CHECK: 'true',
      },
      maxBuffer: 64 * 1024 * 1024,
    });
    if (child.error || child.status !== 0 || !fs.existsSync(path.join(outdir, 'manifest.json'))) {
      const why = child.error && (child.error as NodeJS.ErrnoException).code === 'ETIMEDOUT' ? `timed out after ${timeout / 1000} s`
        : firstError(child.stderr ?? '') ?? `exit code ${child.status}`;
      return { error: why };
    }
    return { findings: readFindings(outdir), templates: readTemplates(outdir) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function firstError(stderr: string): string | undefined {
  const lines = stderr.split('\n');
  // aws-cdk-lib prints its errors as «ErrorName» message; Node as Error: message.
  return (lines.find((l) => /^(«\w+»|\w*Error:) /.test(l.trim())) ?? lines.find((l) => /Error|error:/.test(l)))?.trim().slice(0, 200);
}

function describeResult(r: AppResult): string {
  if (r.status !== 'ok') {
    return `: ${r.reason}`;
  }
  const open = (r.report ?? []).filter((f) => f.level === 'error' || f.level === 'warning').length;
  const fixes = (r.fixed ?? []).filter((f) => f.level === 'fixed').length;
  return `: ${r.services} services, ${open} errors/warnings, ${fixes} fixes` +
    `${r.templatesUnchangedByReport === false ? ', REPORT MODE CHANGED THE TEMPLATE' : ''}`;
}

function printSummary(results: AppResult[]): void {
  const ok = results.filter((r) => r.status === 'ok');
  console.log(`\n${ok.length} synthesized, ${results.filter((r) => r.status === 'skipped').length} skipped, ` +
    `${results.filter((r) => r.status === 'error').length} failed to synthesize; ${ok.reduce((n, r) => n + (r.services ?? 0), 0)} services`);
  const levels = ['error', 'warning', 'info', 'suppressed'];
  const byRule = new Map<string, Record<string, number>>();
  const count = (findings: CorpusFinding[] | undefined, column: (f: CorpusFinding) => string | undefined) => {
    for (const f of findings ?? []) {
      const c = column(f);
      if (c !== undefined) {
        const row = byRule.get(f.ruleId) ?? {};
        row[c] = (row[c] ?? 0) + 1;
        byRule.set(f.ruleId, row);
      }
    }
  };
  ok.forEach((r) => count(r.report, (f) => f.level));
  ok.forEach((r) => count(r.fixed, (f) => f.level === 'fixed' ? 'fixed' : f.level === 'warning' || f.level === 'error' ? 'left' : undefined));
  const columns = [...levels, 'fixed', 'left'];
  console.log('\nFindings by rule (report mode; "fixed" / "left": errors and warnings fix mode fixed / left)\n');
  console.log(`| rule | ${columns.join(' | ')} |\n|---|${columns.map(() => '---:').join('|')}|`);
  for (const rule of [...byRule.keys()].sort(byRuleId)) {
    console.log(`| ${rule} | ${columns.map((c) => byRule.get(rule)![c] ?? 0).join(' | ')} |`);
  }
  const changes = new Map<string, number>();
  ok.forEach((r) => Object.entries(r.changes ?? {}).forEach(([k, v]) => changes.set(k, (changes.get(k) ?? 0) + v)));
  console.log('\nFix mode: template changes per property\n');
  console.log('| property | changes |\n|---|---:|');
  [...changes.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).forEach(([k, v]) => console.log(`| ${k} | ${v} |`));
  const changedByReport = ok.filter((r) => r.templatesUnchangedByReport === false).map((r) => r.app);
  console.log(`\nReport mode changed ${changedByReport.length} templates${changedByReport.length ? `: ${changedByReport.join(', ')}` : ''}`);
  printPinnedClasses();
  const failed = results.filter((r) => r.status !== 'ok');
  if (failed.length > 0) {
    console.log('\nNot run\n');
    failed.forEach((r) => console.log(`  ${r.app}: ${r.reason}`));
  }
}

/** The classes of wrong findings and risky fixes this corpus found, as the tests that pin them name them. */
function printPinnedClasses(): void {
  console.log('\nClasses pinned by tests (fixtures in the shape of these apps, our own code)\n');
  for (const file of PINNING_TESTS) {
    const text = fs.readFileSync(path.join(ROOT, file), 'utf-8');
    const titles = [...text.matchAll(/^\s*test(?:\.each\([^)]*\))?\('([^']+)'/gm)].map((m) => m[1]);
    console.log(`  ${file}: ${titles.length} tests`);
    titles.forEach((t) => console.log(`    - ${t}`));
  }
}

const PINNING_TESTS = [
  'test/aspects/integ-shapes.test.ts',
  'test/aspects/integ-shapes-wording.test.ts',
  'test/aspects/integ-shapes-patterns.test.ts',
  'test/aspects/false-positives.test.ts',
  'test/aspects/fix-mode-safety.test.ts',
];

function byRuleId(a: string, b: string): number {
  const [, areaA, nA] = /ECSE-([A-Z]+)(\d+)/.exec(a)!;
  const [, areaB, nB] = /ECSE-([A-Z]+)(\d+)/.exec(b)!;
  return areaA.localeCompare(areaB) || Number(nA) - Number(nB);
}

main();
