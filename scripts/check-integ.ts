/**
 * Quality gates over the integ apps that jest and integ-runner do not cover (`npx projen integ:checks`):
 *
 * 1. determinism — each `integ/integ.*.ts` app is synthesized again, with the context integ-runner gives it (its
 *    recommended feature flags), and every template must be byte-identical to the committed snapshot — another
 *    synthesis, by another process at another time — apart from the `salt` integ-tests-alpha stamps on its
 *    assertion custom resources (see `withoutAssertionSalts`). A difference is nondeterminism or a stale snapshot;
 * 2. cdk-nag — no unacknowledged `AwsSolutions` finding and no other error, whether the app reports them
 *    through CDK's policy validation report, construct metadata or (integ/support/nag.ts) by throwing;
 *    every acknowledgement has a reason;
 * 3. cfn-lint — every committed snapshot template lints without errors and with no warning outside .cfnlintrc.yaml;
 *    every app's assertion stack has assertions (an empty one fails: the app would prove nothing).
 *
 *   node -r ./scripts/lib/ts-register.js scripts/check-integ.ts [integ directory]
 *
 * Two apps are checked at a time (CI has 2 cores), each synth a plain `node` with the cached TypeScript hook
 * (scripts/lib/ts-register.js, warmed once up front) rather than ts-node, which spent most of a synth loading
 * TypeScript and transpiling src/. cfn-lint runs once, over the snapshots of every app, beside the synths (its
 * start-up is most of its time). One synth per app against the snapshot, instead of two against each other,
 * halves the gate's synths and also catches a snapshot that integ-runner would call unchanged but is not byte-equal.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Acknowledgement, MetadataEntry, Violation, acknowledgementsInMetadata, acknowledgementsInTemplate, readMetadata, readValidationReport } from './lib/assembly';
import { IgnoredCheck, LintResult, cfnLint, readIgnoredChecks } from './lib/cfn-lint';
import { RunResult, run, tail, which } from './lib/proc';
import { CfnTemplate, readTemplate, resourceCount } from './lib/template';

const ROOT = path.resolve(__dirname, '..');
const CFN_LINT_CONFIG = path.join(ROOT, '.cfnlintrc.yaml');
/** `node -r` hook: TypeScript without type-checking, transpiled once and cached (see the file). */
const TS_REGISTER = path.join(ROOT, 'scripts', 'lib', 'ts-register.js');
/** cdk-nag acknowledgements must say why (the AWS requirement behind them); 30 characters is the least that can. */
const MIN_NAG_REASON = 30;
/** Other acknowledgements (CDK warnings, this library's ECSE rules) follow the library's own minimum. */
const MIN_OTHER_REASON = 10;
const MIN_IGNORE_REASON = 10;
/** integ-runner's synth context: `currentlyRecommendedAwsCdkLibFlags()` (runner-base.js `getContext`). */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const INTEG_RUNNER_CONTEXT: Record<string, unknown> = { ...require('@aws-cdk/integ-runner/lib/recommended-feature-flags.json') };

/** The outcome of one gate for one app (or for the whole run). */
interface CheckResult {
  readonly name: string;
  /** undefined: the check could not run and is not counted (the reason is in `details`). */
  readonly ok: boolean | undefined;
  readonly details: string[];
}

/** Numbers printed in the one-line summary of an app. */
interface AppStats {
  templates: number;
  resources: number;
  nagAcks: number;
  lint: string;
  synthSeconds: number;
  lintSeconds: number;
}

async function main(argv: string[]): Promise<number> {
  const integDir = path.resolve(argv[0] ?? path.join(ROOT, 'integ'));
  const apps = fs.existsSync(integDir)
    ? fs.readdirSync(integDir).filter((f) => /^integ\..+\.ts$/.test(f) && !f.endsWith('.d.ts')).sort()
    : [];
  const results: CheckResult[] = [];
  const lintExecutable = which('cfn-lint');
  const lintAvailable = checkCfnLintAvailable(lintExecutable);
  if (lintAvailable) {
    results.push(lintAvailable);
    print([lintAvailable]);
  }
  if (lintExecutable) {
    const ignores = checkIgnoreReasons(readIgnoredChecks(CFN_LINT_CONFIG));
    results.push(ignores);
    print([ignores]);
  }
  if (apps.length === 0) {
    console.log(`no integ.*.ts apps in ${path.relative(ROOT, integDir) || '.'}: nothing to check`);
  }
  const warmed = await warmTranspileCache(integDir);
  if (warmed) {
    results.push(warmed);
    print([warmed]);
  }
  // One cfn-lint process for every snapshot, running while the apps synthesize.
  const lintRun = lintAllSnapshots(integDir, apps, lintExecutable);
  // Two apps at a time; each app's lines are printed in app order once it is done.
  const outcomes = apps.map(() => undefined as Promise<{ checks: CheckResult[]; stats: AppStats; seconds: number }> | undefined);
  const start = (i: number) => {
    const started = Date.now();
    outcomes[i] = checkApp(integDir, apps[i], lintRun).then((o) => ({ ...o, seconds: (Date.now() - started) / 1000 }));
  };
  let next = 0;
  for (; next < Math.min(2, apps.length); next++) {
    start(next);
  }
  for (let i = 0; i < apps.length; i++) {
    const { checks, stats, seconds } = await outcomes[i]!;
    if (next < apps.length) {
      start(next++);
    }
    results.push(...checks);
    console.log(`${apps[i]}: ${stats.templates} templates, ${stats.resources} resources, ${stats.nagAcks} nag acknowledgements, ` +
      `cfn-lint ${stats.lint}; synth ${stats.synthSeconds.toFixed(1)} s, waited for cfn-lint ${stats.lintSeconds.toFixed(1)} s, ` +
      `total ${seconds.toFixed(1)} s`);
    print(checks);
  }
  if (lintRun.result) {
    const lint = await lintRun.result;
    console.log(`cfn-lint: ${[...lintRun.files.values()].flat().length} snapshot templates in one run, ${(lint.millis / 1000).toFixed(1)} s`);
  }
  const passed = results.filter((r) => r.ok === true).length;
  const failed = results.filter((r) => r.ok === false).length;
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

function print(checks: CheckResult[]): void {
  for (const check of checks) {
    const mark = check.ok === undefined ? '-' : check.ok ? '✔' : '✘';
    console.log(`  ${mark} ${check.name}`);
    for (const line of check.details) {
      console.log(`      ${line}`);
    }
  }
}

/** Transpile src/ and integ/ into the hook's cache once, so that the synths that follow start warm. */
async function warmTranspileCache(integDir: string): Promise<CheckResult | undefined> {
  const result = await run(process.execPath, [TS_REGISTER, 'warm', path.join(ROOT, 'src'), integDir], { cwd: ROOT });
  if (result.exitCode === 0) {
    return undefined;
  }
  return { name: 'TypeScript transpile cache (scripts/lib/ts-register.js)', ok: false, details: tail(result.stderr || result.stdout, 15).split('\n') };
}

/** The outcome of the one cfn-lint run over every app's snapshot, or why it did not run. */
interface LintRun {
  readonly executable: string | undefined;
  /** Snapshot templates per app. */
  readonly files: Map<string, string[]>;
  readonly result: Promise<LintResult> | undefined;
}

function lintAllSnapshots(integDir: string, apps: string[], executable: string | undefined): LintRun {
  const files = new Map<string, string[]>();
  for (const app of apps) {
    const snapshotDir = path.join(integDir, `${app}.snapshot`);
    files.set(app, templatesUnder(snapshotDir).map((f) => path.join(snapshotDir, f)));
  }
  const all = [...files.values()].flat();
  const result = executable && all.length > 0 ? cfnLint(executable, all, CFN_LINT_CONFIG) : undefined;
  return { executable, files, result };
}

/** Every gate for one app. */
async function checkApp(integDir: string, app: string, lintRun: LintRun): Promise<{ checks: CheckResult[]; stats: AppStats }> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'check-integ-'));
  const outA = path.join(work, 'a');
  let keep = false;
  try {
    const appFile = path.join(integDir, app);
    const synthStarted = Date.now();
    const a = await synthesize(appFile, outA);
    const synthSeconds = (Date.now() - synthStarted) / 1000;
    const snapshotDir = path.join(integDir, `${app}.snapshot`);

    const violations = fs.existsSync(outA) ? readValidationReport(outA) : [];
    const metadata = fs.existsSync(path.join(outA, 'manifest.json')) ? readMetadata(outA) : [];
    const templates = templatesUnder(outA).map((f) => readTemplate(path.join(outA, f)));
    const acks = dedupe([...acknowledgementsInMetadata(metadata), ...templates.flatMap((t) => acknowledgementsInTemplate(t.template))]);

    // Apps that run cdk-nag's validateScope themselves (integ/support/nag.ts) throw with the findings.
    const failedNagLines = a.exitCode !== 0 ? nagLinesOf(a.stderr + a.stdout) : [];
    const determinism = checkDeterminism(a, outA, snapshotDir, violations.some((v) => v.severity === 'error') || failedNagLines.length > 0);
    keep = determinism.ok === false && a.exitCode === 0;
    if (keep) {
      determinism.details.push(`the new synthesis is kept for a diff with the snapshot: ${outA}`);
    }
    const lintStarted = Date.now();
    const lint = await checkCfnLint(snapshotDir, lintRun.executable, lintRun.files.get(app) ?? [], lintRun.result);
    const checks = [determinism, checkNag(violations, metadata, failedNagLines), checkReasons(acks), lint.check];
    return {
      checks,
      stats: {
        templates: templates.length,
        resources: templates.reduce((sum, t) => sum + resourceCount(t.template), 0),
        nagAcks: acks.filter((x) => isNagRule(x.rule)).length,
        lint: lint.summary,
        synthSeconds,
        lintSeconds: (Date.now() - lintStarted) / 1000,
      },
    };
  } finally {
    if (!keep) {
      fs.rmSync(work, { recursive: true, force: true });
    }
  }
}

/** Synthesize an app into `outdir`, without type-checking (the `typecheck` step of `npm test` does that). */
function synthesize(appFile: string, outdir: string): Promise<RunResult> {
  return run(process.execPath, ['-r', TS_REGISTER, appFile], {
    cwd: ROOT,
    env: {
      ...process.env,
      CDK_OUTDIR: outdir,
      // The context integ-runner synthesizes with (its recommended feature flags), so that the templates can be
      // compared with the snapshot it wrote.
      CDK_CONTEXT_JSON: JSON.stringify(INTEG_RUNNER_CONTEXT),
      CDK_DISABLE_VERSION_CHECK: 'true',
      CDK_DISABLE_CLI_TELEMETRY: 'true',
    },
  });
}

/** Relative paths of every template under `dir`, nested assemblies (stages) included. */
function templatesUnder(dir: string, prefix: string = ''): string[] {
  if (!fs.existsSync(dir)) {
    return [];
  }
  return fs.readdirSync(dir, { withFileTypes: true })
    .sort((x, y) => x.name.localeCompare(y.name))
    .flatMap((entry) => {
      const relative = path.join(prefix, entry.name);
      if (entry.isDirectory()) {
        return entry.name.startsWith('asset.') ? [] : templatesUnder(path.join(dir, entry.name), relative);
      }
      return entry.name.endsWith('.template.json') ? [relative] : [];
    });
}

/** The new synthesis must write the snapshot's templates, byte for byte (assertion salts aside). */
function checkDeterminism(a: RunResult, outA: string, snapshotDir: string, stoppedByFindings: boolean): CheckResult {
  const name = 'deterministic synth (byte-identical to the committed snapshot but assertion salts)';
  if (a.exitCode !== 0) {
    if (stoppedByFindings) {
      // The cdk-nag check lists the findings that stopped the synthesis.
      return { name, ok: undefined, details: ['not compared: synthesis stopped by validation findings (see cdk-nag)'] };
    }
    return { name, ok: false, details: [`synth failed (exit ${a.exitCode}):`, ...tail(a.stderr || a.stdout, 15).split('\n')] };
  }
  const filesA = templatesUnder(outA);
  const filesB = templatesUnder(snapshotDir);
  if (filesA.length === 0) {
    return { name, ok: false, details: ['the app wrote no template'] };
  }
  const onlyOne = [...filesA.filter((f) => !filesB.includes(f)), ...filesB.filter((f) => !filesA.includes(f))];
  if (onlyOne.length > 0) {
    return { name, ok: false, details: [`in one of the new synthesis and the snapshot only: ${onlyOne[0]} (npx projen integ:update, then review)`] };
  }
  for (const file of filesA) {
    const bytesA = fs.readFileSync(path.join(outA, file));
    const bytesB = fs.readFileSync(path.join(snapshotDir, file));
    if (!bytesA.equals(bytesB) && withoutAssertionSalts(bytesA) !== withoutAssertionSalts(bytesB)) {
      const where = firstDifference(JSON.parse(bytesA.toString('utf-8')), JSON.parse(bytesB.toString('utf-8')), '');
      return { name, ok: false, details: [`${file} differs from the snapshot at ${where || '(formatting only)'}: nondeterministic, or the snapshot is stale (npx projen integ:update)`] };
    }
  }
  return { name, ok: true, details: [] };
}

/**
 * A template's text without the `salt` of integ-tests-alpha's assertion custom resources
 * (`Custom::DeployAssert@…`): the library sets it to `Date.now()` so that CloudFormation re-runs every
 * assertion on every deployment. integ-runner's snapshot diff does not fail on it; any other difference still does.
 */
function withoutAssertionSalts(bytes: Buffer): string {
  const template = JSON.parse(bytes.toString('utf-8')) as CfnTemplate;
  for (const resource of Object.values(template.Resources ?? {})) {
    if (resource.Type.startsWith('Custom::DeployAssert@') && resource.Properties !== undefined) {
      delete resource.Properties.salt;
    }
  }
  return JSON.stringify(template);
}

/** The JSON path of the first difference between two parsed documents, '' when equal. */
function firstDifference(x: unknown, y: unknown, at: string): string {
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) {
    return x === y ? '' : at || '/';
  }
  const keys = [...new Set([...Object.keys(x), ...Object.keys(y)])];
  // Key order matters for byte identity even when the values agree.
  if (Object.keys(x).join('\0') !== Object.keys(y).join('\0') && keys.every((k) => k in x && k in y)) {
    return `${at || '/'} (key order)`;
  }
  for (const key of keys) {
    const found = firstDifference((x as Record<string, unknown>)[key], (y as Record<string, unknown>)[key], `${at}/${key}`);
    if (found) {
      return found;
    }
  }
  return '';
}

function isNagRule(text: string): boolean {
  return text.includes('AwsSolutions');
}

/**
 * Unacknowledged cdk-nag findings and errors. cdk-nag 3 reports through CDK's policy validation
 * (validation-report.json); Aspect-based packs and `Annotations` report through metadata. Both are read.
 */
function checkNag(violations: Violation[], metadata: MetadataEntry[], failedNagLines: string[]): CheckResult {
  const problems: string[] = [...failedNagLines];
  for (const v of violations) {
    if (isNagRule(v.plugin) || isNagRule(v.rule) || v.severity === 'error') {
      for (const p of v.paths.length > 0 ? v.paths : ['(no construct)']) {
        problems.push(`${p}: ${v.rule} [${v.severity}] ${firstSentence(v.description)}`);
      }
    }
  }
  for (const entry of metadata) {
    const message = typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data);
    const nagWarning = entry.type === 'aws:cdk:warning' && isNagRule(message);
    if (entry.type === 'aws:cdk:error' || nagWarning) {
      problems.push(`${entry.path}: ${firstSentence(message)}`);
    }
  }
  const otherWarnings = violations.filter((v) => !isNagRule(v.plugin) && !isNagRule(v.rule) && v.severity !== 'error').length;
  const note = otherWarnings > 0 ? [`(${otherWarnings} other validation warning(s) do not fail the check)`] : [];
  return {
    name: 'cdk-nag AwsSolutions: no unacknowledged finding, no error',
    ok: problems.length === 0,
    details: problems.length === 0 ? note : [...new Set(problems)],
  };
}

/** Lines of a failed synth's output that report cdk-nag findings (not stack frames). */
function nagLinesOf(output: string): string[] {
  return output.split('\n')
    .map((line) => line.trim())
    .filter((line) => /AwsSolutions-\w+/.test(line) && !line.startsWith('at '))
    .map(firstSentence);
}

function firstSentence(text: string): string {
  const sentence = text.split(/(?<=\.)\s/)[0];
  return sentence.length > 160 ? `${sentence.slice(0, 157)}...` : sentence;
}

function dedupe(acks: Acknowledgement[]): Acknowledgement[] {
  const seen = new Set<string>();
  return acks.filter((a) => {
    // The same acknowledgement is copied to every resource below the construct it was given on.
    const key = `${a.rule}\0${a.reason}`;
    if (seen.has(key)) {
      return false;
    }
    seen.add(key);
    return true;
  });
}

/** Every acknowledgement must carry a reason long enough to say why. */
function checkReasons(acks: Acknowledgement[]): CheckResult {
  const short = acks.filter((a) => a.reason.trim().length < (isNagRule(a.rule) ? MIN_NAG_REASON : MIN_OTHER_REASON));
  return {
    name: `acknowledgement reasons (cdk-nag ≥ ${MIN_NAG_REASON} chars, others ≥ ${MIN_OTHER_REASON})`,
    ok: short.length === 0,
    details: short.map((a) => `${a.path}: ${a.rule} reason '${a.reason}' is ${a.reason.trim().length} chars: name the AWS requirement behind it`),
  };
}

/** cfn-lint must run in CI; locally its absence only skips the template lint. */
function checkCfnLintAvailable(executable: string | undefined): CheckResult | undefined {
  if (executable) {
    return undefined;
  }
  if (process.env.CI) {
    return { name: 'cfn-lint on PATH', ok: false, details: ['cfn-lint not found and CI is set: CI must lint templates (pip install cfn-lint)'] };
  }
  console.log('cfn-lint not found: template lint SKIPPED (install with `pip install cfn-lint`)');
  return undefined;
}

/** Ignored cfn-lint checks need a reason on their line in .cfnlintrc.yaml. */
function checkIgnoreReasons(ignored: IgnoredCheck[]): CheckResult {
  const missing = ignored.filter((c) => c.reason.length < MIN_IGNORE_REASON);
  return {
    name: `.cfnlintrc.yaml: every ignored check has a '# reason' (${ignored.map((c) => c.id).join(', ') || 'none ignored'})`,
    ok: missing.length === 0,
    details: missing.map((c) => `${c.id}: add '# <why>' (at least ${MIN_IGNORE_REASON} characters) on its line`),
  };
}

/** cfn-lint over the committed snapshot (`files`, linted by the one run `lint`): no error, no warning outside the ignore list. */
async function checkCfnLint(snapshotDir: string, executable: string | undefined, files: string[],
  lint: Promise<LintResult> | undefined): Promise<{ check: CheckResult; summary: string }> {
  const name = 'cfn-lint over the committed snapshot: 0 errors, 0 unlisted warnings';
  if (!executable) {
    return { check: { name, ok: undefined, details: ['SKIPPED: cfn-lint not found'] }, summary: 'skipped' };
  }
  if (!fs.existsSync(snapshotDir)) {
    const details = [`no snapshot ${path.relative(ROOT, snapshotDir)}: run 'npx projen integ:update' and commit it`];
    return { check: { name, ok: false, details }, summary: 'no snapshot' };
  }
  // An integ app must prove its deployment: an empty assertion stack means it asserts nothing.
  const empty = files.filter(isEmptyAssertionStack);
  if (empty.length > 0) {
    const details = empty.map((f) => `${path.relative(ROOT, f)} is empty: the app asserts nothing about the deployment; ` +
      'add assertions with DeploymentAssertions (integ/support/assertions.ts, docs/integ-tests.md)');
    return { check: { name, ok: false, details }, summary: 'no assertion' };
  }
  if (files.length === 0) {
    return { check: { name, ok: false, details: ['the snapshot holds no template'] }, summary: 'no template' };
  }
  const result = await lint!;
  if (result.failure) {
    return { check: { name, ok: false, details: [result.failure] }, summary: 'failed to run' };
  }
  const mine = new Set(files.map((f) => path.resolve(f)));
  const blocking = result.findings.filter((f) => mine.has(path.resolve(f.file)) && (f.level === 'Error' || f.level === 'Warning'));
  const details = blocking.map((f) => `${path.relative(ROOT, f.file)}:${f.line} ${f.rule} [${f.level}] ${f.message}`);
  const errors = blocking.filter((f) => f.level === 'Error').length;
  const summary = blocking.length === 0 ? `clean (${files.length} templates)` : `${errors} errors, ${blocking.length - errors} warnings`;
  return { check: { name, ok: blocking.length === 0, details }, summary };
}

/**
 * integ-tests' assertion stack has no resources when a test makes no assertion: such an app proves only
 * that CloudFormation finished, so the gate fails on it (and CloudFormation would reject the empty
 * template, cfn-lint E1001).
 */
function isEmptyAssertionStack(file: string): boolean {
  if (!path.basename(file).includes('DeployAssert')) {
    return false;
  }
  return resourceCount(readTemplate(file).template) === 0;
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err); process.exitCode = 1; },
);
