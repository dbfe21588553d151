/**
 * SVG charts for the README, drawn from `.bench/bench.json` (never from hand-typed numbers):
 *
 * - docs/charts/rollout-timeline.svg: the waits of one rolling-deploy step per task (first traffic,
 *   drain, stop), this library's defaults next to aws-ecs-patterns' defaults;
 * - docs/charts/example-cost.svg: the estimated monthly cost of the example app, next to the same
 *   services at ecs-patterns defaults, from the report's cost model.
 *
 * `npx projen bench` writes them after the measurements; on its own (`ts-node test/bench/charts.ts`)
 * it redraws them from the last bench.json. The cost figures depend on the price table, not on the
 * machine: a bench.json written before they existed gets them added.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Bill, Category, ExampleCost, exampleCost } from './example-cost';
import { RolloutWaits } from '../../src/cli/ecs-service';

const ROOT = path.resolve(__dirname, '..', '..');
export const BENCH_JSON = path.join(ROOT, '.bench', 'bench.json');
export const CHART_DIR = path.join(ROOT, 'docs', 'charts');

/** The parts of bench.json the charts read. */
export interface ChartData {
  readonly machine: { readonly date: string; readonly awsCdkLib: string };
  readonly waits: { readonly ours: RolloutWaits; readonly patterns: RolloutWaits };
  readonly exampleCost: ExampleCost;
}

const WIDTH = 900;
const LEFT = 200;
const MIN_RIGHT = 60;
/**
 * Generous average glyph widths of Helvetica/Arial (px per character at the given size): text is
 * laid out with them so that nothing runs past the canvas in any renderer (rsvg, Chromium).
 */
const CHAR_WIDTH = { subtitle: 7.6, total: 9.4, legend: 7.2 };
const MARGIN = 24;
const FONT = 'font-family="Helvetica, Arial, sans-serif"';
const TEXT = '#1a202c';
const MUTED = '#4a5568';

interface Segment {
  readonly value: number;
  readonly key: string;
  /** Written inside the segment when it is wide enough. */
  readonly label: string;
}

interface Row {
  readonly label: string;
  readonly segments: Segment[];
  /** Written after the bar. */
  readonly total: string;
}

interface BarChart {
  readonly title: string;
  readonly subtitle: string[];
  readonly legend: ReadonlyArray<{ readonly key: string; readonly label: string; readonly color: string }>;
  readonly rows: Row[];
  readonly axisLabel: string;
  readonly tick: (value: number) => string;
  /** Write the values of segments too narrow for them above the bar (when the total does not already show them). */
  readonly narrowLabelsAbove?: boolean;
}

/** Horizontal stacked bars with a labelled x axis, values on the bars, a legend and a white background. */
export function barChart(chart: BarChart): string {
  const max = Math.max(...chart.rows.map((r) => r.segments.reduce((a, s) => a + s.value, 0)));
  const step = niceStep(max / 5);
  const axisMax = Math.ceil(max / step) * step;
  // The total after the longest bar must end inside the canvas.
  const right = Math.max(MIN_RIGHT, ...chart.rows.map((r) => r.total.length * CHAR_WIDTH.total + 8 + MARGIN));
  const plot = WIDTH - LEFT - right;
  const x = (value: number) => LEFT + (value / axisMax) * plot;
  const subtitle = chart.subtitle.flatMap((line) => wrap(line, Math.floor((WIDTH - 2 * MARGIN) / CHAR_WIDTH.subtitle)));
  const legendRows = legendLayout(chart.legend);
  const top = 82 + subtitle.length * 20;
  const barHeight = 46;
  const gap = 30;
  const plotBottom = top + chart.rows.length * (barHeight + gap) - gap + 16;
  const height = plotBottom + 60 + legendRows.length * 22;
  const color = (key: string) => chart.legend.find((l) => l.key === key)?.color ?? '#999';
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${height}" viewBox="0 0 ${WIDTH} ${height}" ${FONT}>`);
  parts.push(`<title>${esc(chart.title)}</title>`);
  parts.push(`<rect width="${WIDTH}" height="${height}" fill="#ffffff"/>`);
  parts.push(`<text x="24" y="34" font-size="20" font-weight="bold" fill="${TEXT}">${esc(chart.title)}</text>`);
  subtitle.forEach((line, i) => parts.push(`<text x="24" y="${60 + i * 20}" font-size="14" fill="${MUTED}">${esc(line)}</text>`));
  // Grid lines and tick labels.
  for (let v = 0; v <= axisMax + step / 2; v += step) {
    parts.push(`<line x1="${x(v).toFixed(1)}" y1="${top - 8}" x2="${x(v).toFixed(1)}" y2="${plotBottom}" stroke="#e2e8f0" stroke-width="1"/>`);
    parts.push(`<text x="${x(v).toFixed(1)}" y="${plotBottom + 20}" font-size="13" fill="${MUTED}" text-anchor="middle">${esc(chart.tick(v))}</text>`);
  }
  parts.push(`<line x1="${LEFT}" y1="${plotBottom}" x2="${LEFT + plot}" y2="${plotBottom}" stroke="${MUTED}" stroke-width="1"/>`);
  parts.push(`<text x="${LEFT + plot / 2}" y="${plotBottom + 44}" font-size="14" fill="${TEXT}" text-anchor="middle">${esc(chart.axisLabel)}</text>`);
  chart.rows.forEach((row, i) => {
    const y = top + i * (barHeight + gap);
    parts.push(`<text x="${LEFT - 12}" y="${y + barHeight / 2 + 5}" font-size="15" fill="${TEXT}" text-anchor="end">${esc(row.label)}</text>`);
    let start = 0;
    for (const segment of row.segments) {
      if (segment.value <= 0) {
        continue;
      }
      const x0 = x(start);
      const width = x(start + segment.value) - x0;
      parts.push(`<rect x="${x0.toFixed(1)}" y="${y}" width="${Math.max(width, 1).toFixed(1)}" height="${barHeight}" fill="${color(segment.key)}">` +
        `<title>${esc(segment.label)}</title></rect>`);
      if (width >= segment.label.length * 6.5 + 6) {
        parts.push(`<text x="${(x0 + width / 2).toFixed(1)}" y="${y + barHeight / 2 + 5}" font-size="13" fill="#ffffff" text-anchor="middle">${esc(segment.label)}</text>`);
      } else if (chart.narrowLabelsAbove) {
        parts.push(`<text x="${(x0 + width / 2).toFixed(1)}" y="${y - 6}" font-size="12" fill="${TEXT}" text-anchor="middle">${esc(segment.label)}</text>`);
      }
      start += segment.value;
    }
    parts.push(`<text x="${(x(start) + 8).toFixed(1)}" y="${y + barHeight / 2 + 5}" font-size="15" font-weight="bold" fill="${TEXT}">${esc(row.total)}</text>`);
  });
  // Legend, bottom left, in as many rows as it needs.
  legendRows.forEach((row, r) => {
    const ly = plotBottom + 74 + r * 22;
    for (const { item, x: lx } of row) {
      parts.push(`<rect x="${lx}" y="${ly - 12}" width="14" height="14" fill="${item.color}"/>`);
      parts.push(`<text x="${lx + 20}" y="${ly}" font-size="13" fill="${TEXT}">${esc(item.label)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

type LegendItem = BarChart['legend'][number];

/** Legend items placed left to right, a new row when the next would pass the right margin. */
function legendLayout(legend: BarChart['legend']): Array<Array<{ item: LegendItem; x: number }>> {
  const rows: Array<Array<{ item: LegendItem; x: number }>> = [[]];
  let x = MARGIN;
  for (const item of legend) {
    const width = 20 + item.label.length * CHAR_WIDTH.legend;
    if (x + width > WIDTH - MARGIN && rows[rows.length - 1].length > 0) {
      rows.push([]);
      x = MARGIN;
    }
    rows[rows.length - 1].push({ item, x });
    x += width + 24;
  }
  return rows;
}

/** Split a line at spaces into lines of at most `width` characters. */
function wrap(line: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of line.split(' ')) {
    if (current !== '' && current.length + 1 + word.length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  return current === '' ? lines : [...lines, current];
}

/** 1, 2 or 5 × a power of ten, at least `raw`. */
function niceStep(raw: number): number {
  const power = Math.pow(10, Math.floor(Math.log10(raw)));
  const factor = [1, 2, 5, 10].find((f) => f * power >= raw) ?? 10;
  return factor * power;
}

function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Chart 1: first traffic + drain + stop of one deploy step, ours vs ecs-patterns. */
export function rolloutChart(data: ChartData): string {
  const row = (label: string, w: RolloutWaits): Row => ({
    label,
    segments: [
      { key: 'traffic', value: w.firstTrafficSeconds ?? 0, label: `${w.firstTrafficSeconds} s` },
      { key: 'drain', value: w.drainSeconds ?? 0, label: `${w.drainSeconds} s` },
      { key: 'stop', value: w.stopSeconds, label: `${w.stopSeconds} s` },
    ],
    total: `${w.totalSeconds} s (${w.firstTrafficSeconds} + ${w.drainSeconds} + ${w.stopSeconds})`,
  });
  const { ours, patterns } = data.waits;
  return barChart({
    title: 'Rollout waits of one deploy step, per task',
    subtitle: [
      `Read back from synthesized templates (aws-cdk-lib ${data.machine.awsCdkLib}, ${data.machine.date}); image pull and task start excluded.`,
      `cdk-ecs-essentials: ${(patterns.totalSeconds / ours.totalSeconds).toFixed(0)}× shorter than aws-ecs-patterns defaults.`,
    ],
    legend: [
      { key: 'traffic', label: 'first traffic (health-check interval × healthy threshold)', color: '#2b6cb0' },
      { key: 'drain', label: 'drain (deregistration delay)', color: '#dd6b20' },
      { key: 'stop', label: 'stop (stopTimeout)', color: '#718096' },
    ],
    rows: [row('cdk-ecs-essentials', ours), row('ecs-patterns defaults', patterns)],
    axisLabel: 'seconds',
    tick: (v) => `${v} s`,
  });
}

/** Chart 2: the example app's whole monthly bill by line, ours vs the same app at ecs-patterns defaults. */
export function costChart(data: ChartData): string {
  const cost = data.exampleCost;
  const usd = (v: number) => `$${v.toFixed(2)}`;
  const legend = [
    { key: 'fargateOnDemand', label: 'Fargate On-Demand', color: '#2b6cb0' },
    { key: 'fargateSpot', label: 'Fargate Spot', color: '#38a169' },
    { key: 'loadBalancers', label: 'ALB (hours, LCU, node IPv4)', color: '#dd6b20' },
    { key: 'nat', label: 'NAT gateways', color: '#805ad5' },
    { key: 'publicIpv4', label: 'Elastic IPs and task IPv4', color: '#d53f8c' },
    { key: 'monitoring', label: 'alarms, dashboards, logs', color: '#718096' },
    { key: 'other', label: 'other', color: '#a0aec0' },
  ] as const;
  const row = (label: string, bill: Bill): Row => ({
    label,
    segments: legend.map((l) => ({ key: l.key, value: bill[l.key as Category], label: usd(bill[l.key as Category]) })),
    total: `${usd(bill.total)}/month`,
  });
  const a = cost.assumptions;
  const saving = cost.ecsPatterns.total - cost.ours.total;
  const verb = saving >= 0 ? 'Saving' : 'Costs more';
  return barChart({
    title: 'Estimated monthly bill of the example app, every line',
    subtitle: [
      `${cost.app}: ${cost.services.join(', ')} tasks.`,
      `${cost.region} prices of ${cost.priceTableDate}, ${a.hoursPerMonth} h/month; assumptions: Fargate Spot ${Math.round(a.spotDiscount * 100)} % off, ` +
        `${a.albLcus} LCU per ALB, ${a.natGb} GB through NAT, ${a.logGb} GB of logs${cost.unpriced.length > 0 ? `; not priced: ${cost.unpriced.join(', ')}` : ''}.`,
      'ecs-patterns defaults: the task size asked for (no Service Connect proxy budget), x86, all On-Demand, an ALB per load-balanced service; NAT and IPs held equal.',
      `${verb} ${usd(Math.abs(saving))}/month (${Math.round((Math.abs(saving) / cost.ecsPatterns.total) * 100)} % of the ecs-patterns bill), from cdk-ecs-essentials report.`,
    ],
    legend: [...legend],
    rows: [row('cdk-ecs-essentials', cost.ours), row('ecs-patterns defaults', cost.ecsPatterns)],
    axisLabel: 'USD per month',
    tick: (v) => `$${v}`,
    narrowLabelsAbove: true,
  });
}

/** Write both charts; returns the files written. */
export function writeCharts(data: ChartData, dir: string = CHART_DIR): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const files: Array<[string, string]> = [
    [path.join(dir, 'rollout-timeline.svg'), rolloutChart(data)],
    [path.join(dir, 'example-cost.svg'), costChart(data)],
  ];
  for (const [file, svg] of files) {
    fs.writeFileSync(file, svg);
  }
  return files.map(([file]) => file);
}

/** Redraw from the last bench.json, adding the cost figures when it predates them. */
function main(): void {
  if (!fs.existsSync(BENCH_JSON)) {
    throw new Error(`${path.relative(ROOT, BENCH_JSON)} not found: run \`npx projen bench\` first`);
  }
  const bench = JSON.parse(fs.readFileSync(BENCH_JSON, 'utf-8'));
  // The cost depends on the price table and the snapshot, not on the machine: always recompute it.
  bench.exampleCost = exampleCost();
  fs.writeFileSync(BENCH_JSON, JSON.stringify(bench, null, 2) + '\n');
  for (const file of writeCharts(bench as ChartData)) {
    process.stderr.write(`[charts] wrote ${path.relative(ROOT, file)}\n`);
  }
}

if (require.main === module) {
  main();
}
