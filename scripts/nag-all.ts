/**
 * cdk-nag's AwsSolutions, NIST 800-53 R5, HIPAA Security and PCI DSS 3.2.1 packs over every integ app
 * (`npx projen nag:all`): a count of findings per pack, split into library-owned (the resource sits under a
 * construct this library exports) and not (the app's own VPC, cluster, bucket …), acknowledged and not.
 *
 *   ts-node --prefer-ts-exts -P tsconfig.dev.json scripts/nag-all.ts [--details] [--strict] [integ directory]
 *
 * --rules    counts unacknowledged findings per rule (library-owned / app-owned)
 * --details  lists every unacknowledged library-owned finding (rule, construct path)
 * --strict   exits 1 when an unacknowledged library-owned finding remains (the issue 25 gate)
 *
 * Each integ app ends with `synthWithAwsSolutionsChecks(app)` (integ/support/nag.ts); this script loads the
 * apps in one process with that function replaced, so it sees each app's construct tree after `app.synth()`
 * (Aspects applied) and runs the four packs through `validateScope`, cdk-nag 3's entry point when aws-cdk-lib
 * does not hand the tree to validation plugins. Acknowledgements are the apps' own (`Validations.acknowledge`
 * and `acknowledgeFinding`), read by cdk-nag's `isAcknowledged`. Nothing is written to disk; AwsSolutions'
 * gate stays in `integ:checks`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { App, CfnResource } from 'aws-cdk-lib';
import { AwsSolutionsChecks, HIPAASecurityChecks, NagPack, NIST80053R5Checks, PCIDSS321Checks } from 'cdk-nag';
import { IConstruct } from 'constructs';
import * as library from '../src';

const ROOT = path.resolve(__dirname, '..');

/** The packs, in the order they are printed. */
const PACKS: ReadonlyArray<{ readonly name: string; readonly create: () => NagPack }> = [
  { name: 'AwsSolutions', create: () => new AwsSolutionsChecks() },
  { name: 'NIST.800.53.R5', create: () => new NIST80053R5Checks() },
  { name: 'HIPAA.Security', create: () => new HIPAASecurityChecks() },
  { name: 'PCI.DSS.321', create: () => new PCIDSS321Checks() },
];

/** One finding of one pack on one resource. */
interface Finding {
  readonly app: string;
  readonly pack: string;
  readonly ruleId: string;
  readonly path: string;
  readonly libraryOwned: boolean;
  readonly acknowledged: boolean;
}

/** Constructors this library exports: a resource under one of them is the library's doing. */
type AnyClass = abstract new (...args: never[]) => unknown;
const LIBRARY_CLASSES: ReadonlyArray<AnyClass> = (Object.values(library) as unknown[])
  .filter((v): v is AnyClass => typeof v === 'function');

function isLibraryOwned(node: IConstruct): boolean {
  for (const scope of node.node.scopes) {
    if (LIBRARY_CLASSES.some((cls) => scope instanceof cls)) {
      return true;
    }
  }
  return false;
}

/**
 * Run one pack over an app, recording every finding: cdk-nag 3 drops acknowledged findings before they
 * reach its report, so its private `isAcknowledged` is wrapped to see them (and whether they were).
 */
function runPack(appName: string, app: App, pack: { name: string; create: () => NagPack }): Finding[] {
  const instance = pack.create();
  const findings: Finding[] = [];
  const target = instance as unknown as { isAcknowledged: (node: CfnResource, ruleId: string) => boolean };
  const original = target.isAcknowledged.bind(instance);
  target.isAcknowledged = (node: CfnResource, ruleId: string) => {
    const acknowledged = original(node, ruleId);
    findings.push({ app: appName, pack: pack.name, ruleId, path: node.node.path, libraryOwned: isLibraryOwned(node), acknowledged });
    return acknowledged;
  };
  instance.validateScope(app);
  return findings;
}

function loadApp(file: string): App {
  // The apps call this function last; it hands their App over instead of running AwsSolutions alone.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const nag = require('../integ/support/nag') as { synthWithAwsSolutionsChecks: (app: App) => void };
  let captured: App | undefined;
  const previous = nag.synthWithAwsSolutionsChecks;
  nag.synthWithAwsSolutionsChecks = (app: App) => {
    app.synth();
    captured = app;
  };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
  } finally {
    nag.synthWithAwsSolutionsChecks = previous;
  }
  if (!captured) {
    throw new Error(`${path.relative(ROOT, file)} did not call synthWithAwsSolutionsChecks(app): it cannot be checked`);
  }
  return captured;
}

function main(argv: string[]): number {
  const details = argv.includes('--details');
  const rules = argv.includes('--rules');
  const strict = argv.includes('--strict');
  const integDir = path.resolve(argv.find((a) => !a.startsWith('--')) ?? path.join(ROOT, 'integ'));
  const apps = fs.readdirSync(integDir).filter((f) => /^integ\..+\.ts$/.test(f) && !f.endsWith('.d.ts')).sort();
  const findings: Finding[] = [];
  for (const file of apps) {
    const started = Date.now();
    const app = loadApp(path.join(integDir, file));
    const own = PACKS.flatMap((pack) => runPack(file, app, pack));
    findings.push(...own);
    console.log(`${file}: ${own.length} findings in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }

  const count = (fs2: Finding[], owned: boolean, acknowledged: boolean) =>
    fs2.filter((f) => f.libraryOwned === owned && f.acknowledged === acknowledged).length;
  console.log('');
  console.log('| pack | library-owned, unacknowledged | library-owned, acknowledged | app-owned, unacknowledged | app-owned, acknowledged |');
  console.log('|---|---:|---:|---:|---:|');
  for (const pack of PACKS) {
    const of = findings.filter((f) => f.pack === pack.name);
    console.log(`| ${pack.name} | ${count(of, true, false)} | ${count(of, true, true)} | ${count(of, false, false)} | ${count(of, false, true)} |`);
  }
  if (rules) {
    console.log('');
    console.log('| rule | library-owned, unacknowledged | app-owned, unacknowledged |');
    console.log('|---|---:|---:|');
    const ruleIds = [...new Set(findings.filter((f) => !f.acknowledged).map((f) => f.ruleId))].sort();
    for (const ruleId of ruleIds) {
      const of = findings.filter((f) => f.ruleId === ruleId && !f.acknowledged);
      console.log(`| ${ruleId} | ${of.filter((f) => f.libraryOwned).length} | ${of.filter((f) => !f.libraryOwned).length} |`);
    }
  }
  const open = findings.filter((f) => f.libraryOwned && !f.acknowledged);
  if (details) {
    console.log('');
    const byRule = new Map<string, string[]>();
    for (const f of open) {
      byRule.set(`${f.pack} ${f.ruleId}`, [...(byRule.get(`${f.pack} ${f.ruleId}`) ?? []), `${f.app} ${f.path}`]);
    }
    for (const [rule, where] of [...byRule].sort(([a], [b]) => a.localeCompare(b))) {
      console.log(`${rule} (${where.length})`);
      for (const w of where) {
        console.log(`    ${w}`);
      }
    }
  }
  return strict && open.length > 0 ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
