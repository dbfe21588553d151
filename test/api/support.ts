import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The repository root: where jsii writes our `.jsii` assembly. */
export const REPO_ROOT = path.join(__dirname, '..', '..');

// The parts of the jsii assembly schema (@jsii/spec, assembly.d.ts) these tests read. @jsii/spec is
// only a transitive dependency, so its types are restated here rather than imported.

/** A reference to a type: named, primitive, a collection, a union or an intersection. */
export interface JsiiTypeRef {
  readonly fqn?: string;
  readonly primitive?: string;
  readonly collection?: { readonly kind: string; readonly elementtype: JsiiTypeRef };
  readonly union?: { readonly types: JsiiTypeRef[] };
  readonly intersection?: { readonly types: JsiiTypeRef[] };
}

export interface JsiiDocs {
  readonly summary?: string;
}

export interface JsiiLocation {
  readonly filename: string;
  readonly line: number;
}

export interface JsiiParameter {
  readonly name: string;
  readonly type: JsiiTypeRef;
}

export interface JsiiCallable {
  readonly parameters?: JsiiParameter[];
  readonly protected?: boolean;
  readonly locationInModule?: JsiiLocation;
}

export interface JsiiMethod extends JsiiCallable {
  readonly name: string;
  readonly static?: boolean;
  readonly returns?: { readonly type: JsiiTypeRef };
}

export interface JsiiProperty {
  readonly name: string;
  readonly type: JsiiTypeRef;
  readonly static?: boolean;
  readonly protected?: boolean;
  readonly locationInModule?: JsiiLocation;
}

export interface JsiiType {
  readonly fqn: string;
  readonly name: string;
  readonly namespace?: string;
  readonly kind: 'class' | 'interface' | 'enum';
  readonly docs?: JsiiDocs;
  readonly locationInModule?: JsiiLocation;
  /** Classes: the base class. */
  readonly base?: string;
  /** Classes: implemented interfaces; interfaces: base interfaces. */
  readonly interfaces?: string[];
  readonly abstract?: boolean;
  /** Classes; absent when the constructor is private. */
  readonly initializer?: JsiiCallable;
  readonly properties?: JsiiProperty[];
  readonly methods?: JsiiMethod[];
  /** Interfaces: true for a struct (data type). */
  readonly datatype?: boolean;
  /** Enums. */
  readonly members?: Array<{ readonly name: string }>;
}

export interface JsiiAssembly {
  readonly name: string;
  readonly version: string;
  readonly types: Record<string, JsiiType>;
  readonly submodules?: Record<string, unknown>;
}

/**
 * Reads the `.jsii` assembly in `dir`, following the redirect large assemblies use
 * (`{"schema":"jsii/file-redirect","compression":"gzip","filename":".jsii.gz"}`, as aws-cdk-lib ships).
 */
export function readAssembly(dir: string): JsiiAssembly {
  const file = path.join(dir, '.jsii');
  if (!fs.existsSync(file)) {
    throw new Error(`${file} does not exist: run \`npx projen compile\` (jsii writes it); \`npx projen test\` compiles before jest.`);
  }
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (parsed.schema !== 'jsii/file-redirect') {
    return parsed;
  }
  const target = fs.readFileSync(path.join(dir, parsed.filename));
  if (parsed.compression === undefined) {
    return JSON.parse(target.toString('utf8'));
  }
  if (parsed.compression === 'gzip') {
    return JSON.parse(zlib.gunzipSync(target).toString('utf8'));
  }
  throw new Error(`${file} redirects to ${parsed.filename} with compression '${parsed.compression}'; only gzip is supported`);
}

/** Source files newer than the assembly: jsii has not compiled them yet. */
function sourcesNewerThan(file: string): string[] {
  const built = fs.statSync(file).mtimeMs;
  const src = path.join(REPO_ROOT, 'src');
  const newer: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
      } else if (entry.name.endsWith('.ts') && fs.statSync(full).mtimeMs > built) {
        newer.push(path.relative(REPO_ROOT, full));
      }
    }
  };
  walk(src);
  return newer.sort();
}

let ours: JsiiAssembly | undefined;

/**
 * Our own assembly. Fails, rather than passing on an old API, when the `.jsii` is missing or older
 * than a file under src/.
 */
export function ourAssembly(): JsiiAssembly {
  if (ours === undefined) {
    const assembly = readAssembly(REPO_ROOT);
    const stale = sourcesNewerThan(path.join(REPO_ROOT, '.jsii'));
    if (stale.length > 0) {
      throw new Error(`.jsii is older than ${stale.join(', ')}: run \`npx projen compile\`; \`npx projen test\` compiles before jest.`);
    }
    ours = assembly;
  }
  return ours;
}

/** Every named type a reference mentions (inside collections, unions and intersections too). */
export function fqnsOf(ref: JsiiTypeRef | undefined): string[] {
  if (ref === undefined) {
    return [];
  }
  if (ref.fqn !== undefined) {
    return [ref.fqn];
  }
  if (ref.collection !== undefined) {
    return fqnsOf(ref.collection.elementtype);
  }
  const parts = ref.union?.types ?? ref.intersection?.types ?? [];
  return parts.flatMap(fqnsOf);
}

/** `src/x.ts:12`, for messages that point at the declaration. */
export function where(location: JsiiLocation | undefined): string {
  return location === undefined ? '(location unknown)' : `${location.filename}:${location.line}`;
}

/** Throws one Error listing every offender under a headline; does nothing when there are none. */
export function expectNoOffenders(headline: string, offenders: readonly string[]): void {
  if (offenders.length > 0) {
    throw new Error(`${headline} (${offenders.length}):\n${offenders.map((o) => `  - ${o}`).join('\n')}`);
  }
}
