/**
 * The API gate (`npx projen api:diff`, part of `npm test`) and its baseline (`npx projen api:baseline`).
 *
 *   node -r ./scripts/lib/ts-register.js scripts/api-diff.ts diff       # after `jsii` wrote .jsii
 *   node -r ./scripts/lib/ts-register.js scripts/api-diff.ts baseline   # refresh api-baseline/
 *
 * 1. jsii-diff compares the committed baseline (api-baseline/cdk-ecs-essentials.jsii) with the assembly jsii just wrote.
 *    The package is `stability: experimental`, and jsii-diff only reports breaks of stable APIs unless told
 *    otherwise, so it runs with `--error-on all` (the successor of the deprecated `--experimental-errors`).
 * 2. A break is accepted by refreshing the baseline in the same change; such a refresh must come with a row in
 *    docs/migrating-from-0.x.md. The gate compares the baseline at the merge base with main (or origin/main)
 *    with the one in the working tree; if that is itself a break, the migration guide must have changed
 *    since the merge base too. Without a main branch to compare with (a shallow or detached clone), this
 *    second check says so and is skipped. API_DIFF_BASE=<ref> compares with another branch than main.
 */
import * as fs from 'fs';
import * as path from 'path';
import { RunResult, run } from './lib/proc';

const ROOT = path.resolve(__dirname, '..');
const BASELINE_DIR = path.join(ROOT, 'api-baseline');
/**
 * The baseline assembly. Not named `.jsii`: jsii-docgen discovers every `.jsii` under the project, and one
 * of the same name would replace the built assembly in API.md. It becomes a package only while compared.
 */
const BASELINE = 'api-baseline/cdk-ecs-essentials.jsii';
/** Where baselines before the rename kept it. */
const OLD_BASELINE = 'api-baseline/.jsii';
const MIGRATION_GUIDE = 'docs/migrating-from-0.x.md';
const JSII_DIFF = path.join(ROOT, 'node_modules', '.bin', 'jsii-diff');
/** Experimental APIs are all this package has before 1.0: their breaks are errors too. */
const JSII_DIFF_FLAGS = ['--error-on', 'all', '--keys'];

async function main(mode: string | undefined): Promise<number> {
  switch (mode) {
    case 'baseline':
      return baseline();
    case 'diff':
      return diff();
    default:
      console.error('usage: api-diff.ts diff|baseline');
      return 2;
  }
}

/**
 * jsii-diff loads a directory as a package: its package.json must have a `jsii` section, and the
 * dependencies it names (aws-cdk-lib, constructs) are resolved from there, i.e. from this repository's node_modules.
 */
function writePackageDir(dir: string, assembly: string): void {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  fs.mkdirSync(dir, { recursive: true });
  const manifest = {
    'name': pkg.name,
    'version': pkg.version,
    'private': true,
    '//': 'The public API jsii-diff compares against (npx projen api:baseline refreshes it); not a package.',
    'jsii': {},
    'peerDependencies': pkg.peerDependencies,
  };
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, undefined, 2) + '\n');
  fs.writeFileSync(path.join(dir, '.jsii'), assembly);
}

function currentAssembly(): string {
  const file = path.join(ROOT, '.jsii');
  if (!fs.existsSync(file)) {
    throw new Error('.jsii not found: run `npx projen compile` first');
  }
  return fs.readFileSync(file, 'utf-8');
}

function baseline(): number {
  fs.mkdirSync(BASELINE_DIR, { recursive: true });
  fs.writeFileSync(path.join(ROOT, BASELINE), currentAssembly());
  for (const stale of ['.jsii', 'package.json']) {
    fs.rmSync(path.join(BASELINE_DIR, stale), { force: true });
  }
  console.log(`${BASELINE} refreshed: commit it with the change, and add a row to ${MIGRATION_GUIDE} for every break`);
  return 0;
}

/** A package directory holding `assembly` for jsii-diff, removed after `use`. */
async function withPackageDir<T>(label: string, assembly: string, use: (dir: string) => Promise<T>): Promise<T> {
  // Inside the repository, so that aws-cdk-lib and constructs resolve from its node_modules.
  const dir = path.join(ROOT, 'node_modules', '.cache', `api-baseline-${label}-${process.pid}`);
  writePackageDir(dir, assembly);
  try {
    return await use(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function jsiiDiff(original: string, updated: string): Promise<{ ok: boolean; output: string }> {
  const result = await run(JSII_DIFF, [original, updated, ...JSII_DIFF_FLAGS], { cwd: ROOT });
  // jsii-diff prints a banner about the Node.js version on some runtimes; it is not part of the diff.
  const output = (result.stdout + result.stderr).split('\n').filter((line) => !line.startsWith('!!')).join('\n').trim();
  return { ok: result.exitCode === 0, output };
}

async function diff(): Promise<number> {
  currentAssembly();
  if (!fs.existsSync(path.join(ROOT, BASELINE))) {
    console.error(`✘ no ${BASELINE}: run \`npx projen api:baseline\` and commit it`);
    return 1;
  }
  const baselineAssembly = fs.readFileSync(path.join(ROOT, BASELINE), 'utf-8');
  const current = await withPackageDir('current', baselineAssembly, (dir) => jsiiDiff(dir, ROOT));
  if (!current.ok) {
    console.error(current.output);
    console.error([
      `✘ API break against ${BASELINE} (jsii-diff ${JSII_DIFF_FLAGS.join(' ')}).`,
      '  If the break is intended: run `npx projen api:baseline`, commit api-baseline/ in the same commit,',
      `  and add a row per break to ${MIGRATION_GUIDE} (CONTRIBUTING.md, "API changes").`,
    ].join('\n'));
    return 1;
  }
  console.log(`✔ no API break against ${BASELINE}${current.output ? `\n${current.output}` : ''}`);
  return migrationGuideCheck(baselineAssembly);
}

/** A refreshed baseline that breaks the one at the merge base needs the migration guide changed as well. */
async function migrationGuideCheck(baselineAssembly: string): Promise<number> {
  const base = await mergeBase();
  if (!base) {
    console.log(`- migration guide check skipped: no ${process.env.API_DIFF_BASE ?? 'main or origin/main'} to find a merge base with`);
    return 0;
  }
  const changed = await git(['diff', '--name-only', base, '--', BASELINE, OLD_BASELINE, MIGRATION_GUIDE]);
  const files = changed.stdout.split('\n').filter(Boolean);
  if (!files.includes(BASELINE) && !files.includes(OLD_BASELINE)) {
    console.log(`✔ ${BASELINE} unchanged since ${base.slice(0, 8)}`);
    return 0;
  }
  let old = await git(['show', `${base}:${BASELINE}`]);
  if (old.exitCode !== 0) {
    old = await git(['show', `${base}:${OLD_BASELINE}`]);
  }
  if (old.exitCode !== 0) {
    console.log(`✔ ${BASELINE} is new since ${base.slice(0, 8)}`);
    return 0;
  }
  const refresh = await withPackageDir('old', old.stdout, (oldDir) =>
    withPackageDir('new', baselineAssembly, (newDir) => jsiiDiff(oldDir, newDir)));
  if (refresh.ok) {
    console.log(`✔ ${BASELINE} refreshed since ${base.slice(0, 8)} without a break`);
    return 0;
  }
  if (files.includes(MIGRATION_GUIDE)) {
    console.log(`✔ ${BASELINE} refreshed with a break since ${base.slice(0, 8)}, and ${MIGRATION_GUIDE} changed too`);
    return 0;
  }
  console.error(refresh.output);
  console.error(`✘ ${BASELINE} was refreshed with the break(s) above since ${base.slice(0, 8)}, but ${MIGRATION_GUIDE} ` +
    'did not change: add a row per break (old API, new API, what to do)');
  return 1;
}

async function mergeBase(): Promise<string | undefined> {
  const refs = process.env.API_DIFF_BASE ? [process.env.API_DIFF_BASE] : ['main', 'origin/main'];
  for (const ref of refs) {
    const result = await git(['merge-base', 'HEAD', ref]);
    if (result.exitCode === 0 && result.stdout.trim()) {
      return result.stdout.trim();
    }
  }
  return undefined;
}

/** A git command; a failure (an unknown ref, no repository) is the caller's to interpret. */
function git(args: string[]): Promise<RunResult> {
  return run('git', args, { cwd: ROOT });
}

main(process.argv[2]).then(
  (code) => { process.exitCode = code; },
  (err) => { console.error(err instanceof Error ? err.message : err); process.exitCode = 1; },
);
