/**
 * Benchmark against aws-cdk-lib/aws-ecs-patterns (`npx projen bench`; never a jest test: timings
 * depend on the machine). Everything is measured in one run, side by side:
 *
 * - rollout waits read back from the synthesized templates (src/cli, the same code as the report CLI);
 * - build + synth wall time of apps with 1, 10 and 40 services, 5 pairs, ours and theirs alternating;
 * - CloudFormation resources and template KB per service, and how many services fit in one stack;
 * - the overhead of the library's Aspects on the 40-service app (25 pairs, and the time in their own
 *   code): report-only, the
 *   target, and with EcsFastDeployChecks' fix mode, for information;
 * - deployment safety (./deployments.ts): how soon a broken revision rolls back and how long each
 *   rollout strategy takes, read back from templates, next to ecs-patterns.
 *
 * Prints Markdown tables for the README's Performance section and docs/deployments.md, writes
 * `.bench/bench.json` (with the example app's estimated cost, ./example-cost.ts) and draws the README's
 * charts from it into docs/charts/ (./charts.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as v8 from 'v8';
import * as vm from 'vm';
import { IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { STACK_NAME, Variant, buildApp } from './apps';
import { writeCharts } from './charts';
import { measureDeployments, renderDeploymentTable } from './deployments';
import { exampleCost } from './example-cost';
import { EcsLeastPrivilegeChecks, EcsFastDeployChecks } from '../../src';
import { RulePack } from '../../src/aspects/rule-pack';
import { RolloutWaits, rolloutWaitsOf } from '../../src/cli/ecs-service';
import { markdownTable } from '../../src/cli/table';
import { TemplateFile, findEcsServices, readTemplate, resourceCount } from '../../src/cli/template';

const ROOT = path.resolve(__dirname, '..', '..');
const SIZES = [1, 10, 40];
const RUNS = 5;
/** A 10 % target needs more samples than a 1.3× one: single pairs scatter by about ±10 % on 2 cores. */
const ASPECT_RUNS = 25;
const ASPECT_SIZE = 40;
const WARM_UP_SIZE = 10;
const STACK_RESOURCE_LIMIT = 500;
const STACK_TEMPLATE_LIMIT_KB = 1024;
const TARGET_SYNTH_RATIO = 1.3;
const TARGET_ASPECT_OVERHEAD = 0.10;

/** One synthesis: its wall time and the template it wrote. */
interface Sample {
  readonly millis: number;
  readonly template: TemplateFile;
}

/** Per-service resource and size growth, from the smallest and the largest app. */
interface Footprint {
  readonly fixedResources: number;
  readonly resourcesPerService: number;
  readonly fixedKb: number;
  readonly kbPerService: number;
  /** Services that fit in one stack: the lower of the resource and the template-size limit. */
  readonly servicesPerStack: number;
  readonly limitedBy: string;
}

// Each sample starts on a collected heap, so no sample pays for the garbage of the one before.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

/** Build and synthesize one app into a fresh directory; time both, read the template back. */
function synthOnce(variant: Variant, services: number, aspects: IAspect[] = []): Sample {
  const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-'));
  collectGarbage();
  try {
    const started = process.hrtime.bigint();
    buildApp(variant, services, outdir, aspects).synth();
    const millis = Number(process.hrtime.bigint() - started) / 1e6;
    return { millis, template: readTemplate(path.join(outdir, `${STACK_NAME}.template.json`)) };
  } finally {
    fs.rmSync(outdir, { recursive: true, force: true });
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * `runs` pairs of synths of two contenders, back to back, alternating which goes first so that
 * neither always runs on a warmer (or more fragmented) heap. The ratio is the median of the
 * per-pair ratios: the machine's speed drifts by ±15 % over a minute on a shared VM, and a pair
 * run back to back sees the same speed, so pairing cancels the drift that a ratio of two
 * medians keeps.
 */
function timePair(a: () => Sample, b: () => Sample, runs = RUNS): { a: number; b: number; ratio: number; sampleA: Sample; sampleB: Sample } {
  const timesA: number[] = [];
  const timesB: number[] = [];
  let sampleA: Sample | undefined;
  let sampleB: Sample | undefined;
  for (let run = 0; run < runs; run++) {
    const order = run % 2 === 0 ? ['a', 'b'] : ['b', 'a'];
    for (const which of order) {
      const sample = which === 'a' ? a() : b();
      (which === 'a' ? timesA : timesB).push(sample.millis);
      if (which === 'a') {
        sampleA = sample;
      } else {
        sampleB = sample;
      }
    }
  }
  const ratios = timesA.map((t, i) => t / timesB[i]);
  return { a: median(timesA), b: median(timesB), ratio: median(ratios), sampleA: sampleA!, sampleB: sampleB! };
}

/** Fixed and per-service resources and KB, from the 1-service and the N-service templates. */
function footprint(small: TemplateFile, smallServices: number, large: TemplateFile, largeServices: number): Footprint {
  const extra = largeServices - smallServices;
  const resourcesPerService = (resourceCount(large.template) - resourceCount(small.template)) / extra;
  const kbPerService = (large.bytes - small.bytes) / 1024 / extra;
  const fixedResources = resourceCount(small.template) - resourcesPerService * smallServices;
  const fixedKb = small.bytes / 1024 - kbPerService * smallServices;
  const byResources = Math.floor((STACK_RESOURCE_LIMIT - fixedResources) / resourcesPerService);
  const bySize = Math.floor((STACK_TEMPLATE_LIMIT_KB - fixedKb) / kbPerService);
  return {
    fixedResources,
    resourcesPerService,
    fixedKb,
    kbPerService,
    servicesPerStack: Math.min(byResources, bySize),
    limitedBy: byResources <= bySize ? `${STACK_RESOURCE_LIMIT} resources` : `${STACK_TEMPLATE_LIMIT_KB} KB`,
  };
}

function waitsOf(template: TemplateFile): RolloutWaits {
  const service = findEcsServices(template.template)[0];
  if (service === undefined) {
    throw new Error(`no AWS::ECS::Service in ${template.stackName}`);
  }
  return rolloutWaitsOf(template.template, service);
}

/**
 * Wall time spent in the Aspects' own code: their visits, and the rule packs they run at visit
 * time (fix mode) or when synthesis renders a template (report-only). Nested calls count once.
 */
class OwnTime {
  public millis = 0;
  private depth = 0;

  public time<T>(work: () => T): T {
    const started = this.depth++ === 0 ? process.hrtime.bigint() : undefined;
    try {
      return work();
    } finally {
      if (--this.depth === 0 && started !== undefined) {
        this.millis += Number(process.hrtime.bigint() - started) / 1e6;
      }
    }
  }
}

const ownTime = new OwnTime();
const runRules = RulePack.prototype.run;
RulePack.prototype.run = function timedRun(this: RulePack<unknown>, node, ctx) {
  return ownTime.time(() => runRules.call(this, node, ctx));
};

/** Both Aspects of the library, as a user adds them: report-only, or fixing fast-deploy findings. */
function libraryAspects(fix: boolean): IAspect[] {
  return [new EcsLeastPrivilegeChecks(), new EcsFastDeployChecks({ fix })].map((aspect) => ({
    visit: (node: IConstruct) => ownTime.time(() => aspect.visit(node)),
  }));
}

/**
 * The 40-service app with the Aspects against the same app without, in back-to-back pairs; and the
 * time spent in the Aspects' own code, which single pairs on a shared VM scatter too much to show.
 */
function aspectOverhead(fix: boolean): AspectOverhead {
  ownTime.millis = 0;
  const timed = timePair(() => synthOnce(Variant.OURS, ASPECT_SIZE, libraryAspects(fix)), () => synthOnce(Variant.OURS, ASPECT_SIZE), ASPECT_RUNS);
  const ownMs = ownTime.millis / ASPECT_RUNS;
  log(`aspects${fix ? ' (fix mode)' : ''} on ${ASPECT_SIZE} services: ${timed.a.toFixed(0)} ms vs ${timed.b.toFixed(0)} ms without; ` +
    `${ownMs.toFixed(0)} ms per synth in their own code`);
  return { withMs: timed.a, withoutMs: timed.b, overhead: timed.ratio - 1, ownMs, ownShare: ownMs / timed.b };
}

function versionOf(pkg: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${pkg}/package.json`), 'utf-8')).version;
  } catch {
    return 'unknown';
  }
}

function main(): void {
  const started = Date.now();
  const machine = {
    date: new Date().toISOString().slice(0, 10),
    cpu: os.cpus()[0]?.model ?? 'unknown',
    cores: os.cpus().length,
    node: process.version,
    awsCdkLib: versionOf('aws-cdk-lib'),
  };
  log(`bench on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, aws-cdk-lib ${machine.awsCdkLib}`);

  // Warm-up: the first synths of a process pay module loading and JIT compilation; one small app
  // is not enough (the 40-service times kept falling for several runs), so warm every code path.
  for (const variant of [Variant.OURS, Variant.PATTERNS, Variant.OURS_SHARED]) {
    synthOnce(variant, WARM_UP_SIZE);
  }
  synthOnce(Variant.OURS, WARM_UP_SIZE, libraryAspects(false));
  synthOnce(Variant.OURS, WARM_UP_SIZE, libraryAspects(true));

  const synth: Record<number, { ours: number; patterns: number; ratio: number }> = {};
  const samples: Record<number, { ours: TemplateFile; patterns: TemplateFile }> = {};
  for (const size of SIZES) {
    const timed = timePair(() => synthOnce(Variant.OURS, size), () => synthOnce(Variant.PATTERNS, size));
    synth[size] = { ours: timed.a, patterns: timed.b, ratio: timed.ratio };
    samples[size] = { ours: timed.sampleA.template, patterns: timed.sampleB.template };
    log(`synth ${size} service(s): ours ${timed.a.toFixed(0)} ms, ecs-patterns ${timed.b.toFixed(0)} ms (${timed.ratio.toFixed(2)}×)`);
  }
  const smallest = SIZES[0];
  const largest = SIZES[SIZES.length - 1];
  const perServiceMs = {
    ours: (synth[largest].ours - synth[smallest].ours) / (largest - smallest),
    patterns: (synth[largest].patterns - synth[smallest].patterns) / (largest - smallest),
  };

  const sharedSmall = synthOnce(Variant.OURS_SHARED, smallest).template;
  const sharedLarge = synthOnce(Variant.OURS_SHARED, largest).template;
  const footprints = {
    ours: footprint(samples[smallest].ours, smallest, samples[largest].ours, largest),
    oursShared: footprint(sharedSmall, smallest, sharedLarge, largest),
    patterns: footprint(samples[smallest].patterns, smallest, samples[largest].patterns, largest),
  };
  const waits = { ours: waitsOf(samples[smallest].ours), oursShared: waitsOf(sharedSmall), patterns: waitsOf(samples[smallest].patterns) };
  const aspects = { report: aspectOverhead(false), fix: aspectOverhead(true) };
  const deployments = measureDeployments();
  log(`deployment figures of ${deployments.length} rollouts read back from their templates`);

  const cost = exampleCost();
  const result = {
    machine, runs: RUNS, synth, perServiceMs, footprints, waits, aspects, deployments, exampleCost: cost, benchSeconds: (Date.now() - started) / 1000,
  };
  const outFile = path.join(ROOT, '.bench', 'bench.json');
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(result, null, 2) + '\n');
  // The charts are drawn from the file just written (test/bench/charts.ts redraws them on its own).
  const charts = writeCharts(JSON.parse(fs.readFileSync(outFile, 'utf-8')));

  console.log('');
  console.log(`Measured ${machine.date} on ${machine.cpu} (${machine.cores} cores), Node ${machine.node}, ` +
    `aws-cdk-lib ${machine.awsCdkLib}; medians of ${RUNS} back-to-back pairs (${ASPECT_RUNS} for the Aspects); \`npx projen bench\`.`);
  console.log('');
  console.log(renderTable(result));
  console.log('');
  console.log('Deployment safety, read back from the templates (desired count 2; image pull and task start excluded):');
  console.log('');
  console.log(renderDeploymentTable(deployments));
  console.log('');
  log(`wrote ${path.relative(ROOT, outFile)} in ${result.benchSeconds.toFixed(0)} s`);
  log(`wrote ${charts.map((file) => path.relative(ROOT, file)).join(', ')}`);
}

type Result = {
  synth: Record<number, { ours: number; patterns: number; ratio: number }>;
  perServiceMs: { ours: number; patterns: number };
  footprints: { ours: Footprint; oursShared: Footprint; patterns: Footprint };
  waits: { ours: RolloutWaits; oursShared: RolloutWaits; patterns: RolloutWaits };
  aspects: { report: AspectOverhead; fix: AspectOverhead };
};

type AspectOverhead = { withMs: number; withoutMs: number; overhead: number; ownMs: number; ownShare: number };

/** The README table: one row per measure; ours, ours with a shared listener, ecs-patterns, ratio and target. */
function renderTable(r: Result): string {
  const header = ['measure', 'cdk-ecs-essentials', 'shared listener', 'ecs-patterns', 'ours / theirs', 'target'];
  const rows: string[][] = [];
  const w = r.waits;
  const traffic = (x: RolloutWaits) => `${x.firstTrafficSeconds} s (${x.healthCheckIntervalSeconds} × ${x.healthyThresholdCount})`;
  rows.push(['time to first traffic (interval × healthy threshold)', traffic(w.ours), traffic(w.oursShared), traffic(w.patterns), '', '']);
  rows.push(['drain (deregistration delay)', `${w.ours.drainSeconds} s`, `${w.oursShared.drainSeconds} s`, `${w.patterns.drainSeconds} s`, '', '']);
  rows.push(['stop (container stopTimeout)', `${w.ours.stopSeconds} s`, `${w.oursShared.stopSeconds} s`, `${w.patterns.stopSeconds} s`, '', '']);
  rows.push(['**rollout waits per task**', `**${w.ours.totalSeconds} s**`, `**${w.oursShared.totalSeconds} s**`, `**${w.patterns.totalSeconds} s**`,
    ratio(w.ours.totalSeconds / w.patterns.totalSeconds), `≤ 17 s vs 480 s ${mark(w.ours.totalSeconds <= 17)}`]);
  for (const size of SIZES) {
    const s = r.synth[size];
    const target = size === SIZES[SIZES.length - 1] ? `≤ ${TARGET_SYNTH_RATIO}× ${mark(s.ratio <= TARGET_SYNTH_RATIO)}` : `≤ ${TARGET_SYNTH_RATIO}×`;
    rows.push([`build + synth, ${size} service${size > 1 ? 's' : ''}`, ms(s.ours), '', ms(s.patterns), ratio(s.ratio), target]);
  }
  rows.push(['synth time per added service', ms(r.perServiceMs.ours), '', ms(r.perServiceMs.patterns),
    ratio(r.perServiceMs.ours / r.perServiceMs.patterns), '']);
  const f = r.footprints;
  rows.push(['CloudFormation resources per service', num(f.ours.resourcesPerService), num(f.oursShared.resourcesPerService),
    num(f.patterns.resourcesPerService), ratio(f.ours.resourcesPerService / f.patterns.resourcesPerService), '']);
  rows.push(['template KB per service', num(f.ours.kbPerService), num(f.oursShared.kbPerService), num(f.patterns.kbPerService),
    ratio(f.ours.kbPerService / f.patterns.kbPerService), '']);
  rows.push(['services per stack (shared VPC + cluster)', `${f.ours.servicesPerStack}`, `${f.oursShared.servicesPerStack}`,
    `${f.patterns.servicesPerStack}`, '', `limit: ${f.ours.limitedBy}`]);
  const percent = (share: number) => `${(share * 100).toFixed(1)} %`;
  const { report, fix } = r.aspects;
  rows.push([`Aspects overhead, ${ASPECT_SIZE} services (both, report-only): synth with vs without`,
    `${percent(report.overhead)} (${ms(report.withMs)} vs ${ms(report.withoutMs)})`, '', '', '',
    `≤ ${TARGET_ASPECT_OVERHEAD * 100} % ${mark(report.overhead <= TARGET_ASPECT_OVERHEAD)}`]);
  rows.push(['of which: time in the Aspects\' own code', `${ms(report.ownMs)} (${percent(report.ownShare)})`, '', '', '',
    `≤ ${TARGET_ASPECT_OVERHEAD * 100} % ${mark(report.ownShare <= TARGET_ASPECT_OVERHEAD)}`]);
  rows.push([`Aspects overhead, ${ASPECT_SIZE} services (EcsFastDeployChecks fix mode)`,
    `${percent(fix.overhead)} (${ms(fix.withMs)} vs ${ms(fix.withoutMs)}); own code ${ms(fix.ownMs)}`, '', '', '', 'for information']);
  return markdownTable(header, rows, [1, 2, 3, 4]);
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${value.toFixed(0)} ms`;
}

function num(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

function ratio(value: number): string {
  return `${value.toFixed(2)}×`;
}

function mark(ok: boolean): string {
  return ok ? '✅' : '❌';
}

/** Progress goes to stderr so that stdout is the table alone. */
function log(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

main();
