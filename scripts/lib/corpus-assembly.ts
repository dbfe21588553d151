/**
 * What the corpus runner reads back from one app's cloud assembly: the findings of our Aspects (rule id and
 * level, from the construct metadata), the fixes fix mode reported, and the templates to compare.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readMetadata } from './assembly';

/** One annotation of our Aspects. */
export interface CorpusFinding {
  readonly ruleId: string;
  /** error, warning, info, fixed (an info reporting a fix), suppressed (an info with the reason). */
  readonly level: string;
  readonly path: string;
  readonly message: string;
}

const LEVELS: Record<string, string> = { 'aws:cdk:error': 'error', 'aws:cdk:warning': 'warning', 'aws:cdk:info': 'info' };

/** The findings of the two packs in the assembly at `outdir` (nested Stage assemblies included). */
export function readFindings(outdir: string): CorpusFinding[] {
  const findings: CorpusFinding[] = [];
  for (const dir of assemblies(outdir)) {
    for (const entry of readMetadata(dir)) {
      const level = LEVELS[entry.type];
      const text = typeof entry.data === 'string' ? entry.data : '';
      const id = /^\[(ECSE-[A-Z]+\d+)\]/.exec(text)?.[1];
      if (!level || !id) {
        continue;
      }
      const kind = / fixed by Ecs\w+Checks: /.test(text) ? 'fixed' : / \(suppressed: /.test(text) ? 'suppressed' : level;
      findings.push({ ruleId: id, level: kind, path: entry.path, message: text });
    }
  }
  return findings;
}

/** Every template of the assembly, by file name relative to `outdir`. */
export function readTemplates(outdir: string): Map<string, any> {
  const templates = new Map<string, any>();
  for (const dir of assemblies(outdir)) {
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.template.json'))) {
      templates.set(path.relative(outdir, path.join(dir, file)), JSON.parse(fs.readFileSync(path.join(dir, file), 'utf-8')));
    }
  }
  return templates;
}

/**
 * What fix mode changed, as counts per `<resource type>.<property path>`: each leaf that differs between the
 * report-mode and the fix-mode template of the same resource counts once. Array indexes are folded to `*`.
 */
export function templateChanges(before: Map<string, any>, after: Map<string, any>): Map<string, number> {
  const counts = new Map<string, number>();
  for (const [file, template] of after) {
    const old = before.get(file)?.Resources ?? {};
    for (const [logicalId, resource] of Object.entries<any>(template.Resources ?? {})) {
      for (const leaf of differingLeaves(withoutSalt(old[logicalId]), withoutSalt(resource), '')) {
        const key = `${resource.Type}${leaf}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  return counts;
}

/**
 * The properties of a resource, without the `salt` integ-tests-alpha puts on its assertion custom resources
 * (`Date.now()`: different in every synthesis, whatever the Aspects do).
 */
function withoutSalt(resource: any): unknown {
  const props = resource?.Properties;
  if (typeof resource?.Type !== 'string' || !resource.Type.startsWith('Custom::DeployAssert') || !isPlainObject(props)) {
    return props;
  }
  const { salt: _salt, ...rest } = props;
  return rest;
}

function differingLeaves(a: unknown, b: unknown, at: string): string[] {
  if (JSON.stringify(a) === JSON.stringify(b)) {
    return [];
  }
  // A property block fix mode added (or removed) counts by its leaves, as a changed one does.
  if (a === undefined && isPlainObject(b)) {
    return differingLeaves({}, b, at);
  }
  if (b === undefined && isPlainObject(a)) {
    return differingLeaves(a, {}, at);
  }
  const objects = typeof a === 'object' && a !== null && typeof b === 'object' && b !== null;
  if (!objects || Array.isArray(a) !== Array.isArray(b)) {
    return [at || '.(whole resource)'];
  }
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  return [...keys].flatMap((k) => differingLeaves((a as any)[k], (b as any)[k], `${at}.${/^\d+$/.test(k) ? '*' : k}`));
}

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The assembly directory and the nested assemblies of its Stages. */
function assemblies(outdir: string): string[] {
  const nested = fs.readdirSync(outdir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && e.name.startsWith('assembly-'))
    .flatMap((e) => assemblies(path.join(outdir, e.name)));
  return [outdir, ...nested];
}
