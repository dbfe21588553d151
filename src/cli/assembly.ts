/**
 * Reading a synthesized cloud assembly (cdk.out) through its manifest: every stack template, with the
 * Region of its environment, in this assembly and in the nested assemblies of Stages (CDK Pipelines
 * stages are `cdk:cloud-assembly` artifacts with their own manifest in a subdirectory).
 *
 * @see https://github.com/aws/aws-cdk-cli/tree/main/packages/%40aws-cdk/cloud-assembly-schema (manifest schema)
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnTemplate } from './template';

const MANIFEST = 'manifest.json';
const STACK_ARTIFACT = 'aws:cloudformation:stack';
const NESTED_ASSEMBLY_ARTIFACT = 'cdk:cloud-assembly';
/** CDK writes this placeholder for stacks without an explicit `env`. */
const UNKNOWN_REGION = 'unknown-region';

/** A stack template of the assembly. */
export interface AssemblyStack {
  /** The artifact id, prefixed with the nested assembly's path (e.g. `Prod/Web`). */
  readonly name: string;
  /** Absolute path of the template file. */
  readonly file: string;
  readonly bytes: number;
  readonly template: CfnTemplate;
  /** The Region of the stack's environment, undefined when environment-agnostic. */
  readonly region?: string;
  /** The CloudFormation stack name (`properties.stackName` of the artifact, else its id). */
  readonly stackName?: string;
}

/** Why an assembly cannot be read; the CLI prints the message and exits with 2. */
export class AssemblyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssemblyError';
  }
}

/** Every stack of the assembly in `dir` and of its nested assemblies, in manifest order. */
export function readAssembly(dir: string): AssemblyStack[] {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new AssemblyError(`'${dir}' is not a directory: pass the cloud assembly directory that 'cdk synth' wrote (default cdk.out)`);
  }
  if (!fs.existsSync(path.join(dir, MANIFEST))) {
    throw new AssemblyError(`'${dir}' has no ${MANIFEST}: is it a cloud assembly? Run 'cdk synth' first`);
  }
  return readManifest(path.resolve(dir), '', new Set());
}

function readManifest(dir: string, prefix: string, seen: Set<string>): AssemblyStack[] {
  if (seen.has(dir)) {
    return [];
  }
  seen.add(dir);
  const file = path.join(dir, MANIFEST);
  let manifest: { artifacts?: Record<string, Record<string, any>> };
  try {
    manifest = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch (e) {
    throw new AssemblyError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const stacks: AssemblyStack[] = [];
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === STACK_ARTIFACT) {
      const templateFile = path.join(dir, artifact.properties?.templateFile ?? `${id}.template.json`);
      if (!fs.existsSync(templateFile)) {
        continue;
      }
      const text = fs.readFileSync(templateFile, 'utf-8');
      stacks.push({
        name: prefix + (artifact.displayName ?? id),
        file: templateFile,
        bytes: Buffer.byteLength(text),
        template: JSON.parse(text) as CfnTemplate,
        region: regionOf(artifact.environment),
        stackName: typeof artifact.properties?.stackName === 'string' ? artifact.properties.stackName : id,
      });
    } else if (artifact.type === NESTED_ASSEMBLY_ARTIFACT) {
      const nested = artifact.properties?.directoryName;
      if (typeof nested === 'string') {
        const label = artifact.properties?.displayName ?? id;
        stacks.push(...readManifest(path.join(dir, nested), prefix, seen).map((s) => withStage(s, label, prefix)));
      }
    }
  }
  return stacks;
}

/** Stacks of a Stage already carry the Stage in their display name (`Prod/Web`); add it when they do not. */
function withStage(stack: AssemblyStack, stage: string, prefix: string): AssemblyStack {
  const stageName = stage.split('/').pop() ?? stage;
  const local = stack.name.slice(prefix.length);
  return local.startsWith(`${stageName}/`) || local.startsWith(`${stage}/`) ? stack : { ...stack, name: `${prefix}${stage}/${local}` };
}

/** `aws://123456789012/eu-west-1` → `eu-west-1`; agnostic environments → undefined. */
export function regionOf(environment: unknown): string | undefined {
  if (typeof environment !== 'string') {
    return undefined;
  }
  const match = /^aws:\/\/[^/]*\/(.+)$/.exec(environment);
  if (!match || match[1] === UNKNOWN_REGION || match[1].includes('${')) {
    return undefined;
  }
  return match[1];
}
