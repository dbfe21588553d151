/**
 * Reading a cloud assembly (cdk.out) beyond its templates: construct metadata, the policy
 * validation report that cdk-nag 3 writes, and the acknowledgements (suppressions) of rules.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CfnTemplate } from './template';

/** One metadata entry of a construct path. */
export interface MetadataEntry {
  readonly path: string;
  readonly type: string;
  readonly data: unknown;
}

/**
 * Every metadata entry of every artifact. Newer CDK versions move the entries out of manifest.json
 * into `<stack>.metadata.json` (`additionalMetadataFile`); both places are read.
 */
export function readMetadata(outdir: string): MetadataEntry[] {
  const manifest = JSON.parse(fs.readFileSync(path.join(outdir, 'manifest.json'), 'utf-8'));
  const entries: MetadataEntry[] = [];
  for (const artifact of Object.values<Record<string, any>>(manifest.artifacts ?? {})) {
    entries.push(...flatten(artifact.metadata ?? {}));
    if (typeof artifact.additionalMetadataFile === 'string') {
      const file = path.join(outdir, artifact.additionalMetadataFile);
      if (fs.existsSync(file)) {
        entries.push(...flatten(JSON.parse(fs.readFileSync(file, 'utf-8'))));
      }
    }
  }
  return entries;
}

function flatten(byPath: Record<string, Array<{ type: string; data: unknown }>>): MetadataEntry[] {
  return Object.entries(byPath).flatMap(([p, list]) => list.map((e) => ({ path: p, type: e.type, data: e.data })));
}

/** A finding of a policy validation plugin (cdk-nag 3, CDK's own CloudFormation validation). */
export interface Violation {
  readonly plugin: string;
  readonly rule: string;
  readonly severity: string;
  readonly description: string;
  readonly paths: string[];
}

/** aws-cdk-lib up to 2.257 writes the first name, later versions the second. */
const REPORT_FILES = ['policy-validation-report.json', 'validation-report.json'];

/**
 * The violations of the policy validation report. cdk-nag 3 registered as a validation plugin (not an
 * Aspect) reports here and stops the synthesis; acknowledged findings are left out.
 */
export function readValidationReport(outdir: string): Violation[] {
  const file = REPORT_FILES.map((f) => path.join(outdir, f)).find((f) => fs.existsSync(f));
  if (file === undefined) {
    return [];
  }
  const report = JSON.parse(fs.readFileSync(file, 'utf-8'));
  return (report.pluginReports ?? []).flatMap((plugin: Record<string, any>) =>
    (plugin.violations ?? []).map((v: Record<string, any>) => ({
      plugin: String(plugin.pluginName),
      rule: String(v.ruleName),
      severity: String(v.severity ?? 'error'),
      description: String(v.description ?? ''),
      paths: (v.violatingConstructs ?? []).map((c: Record<string, unknown>) => String(c.constructPath)),
    })));
}

/** An acknowledged (suppressed) rule and the reason given for it. */
export interface Acknowledgement {
  readonly path: string;
  readonly rule: string;
  readonly reason: string;
}

/** Acknowledgements recorded by `Validations.of(x).acknowledge()` (metadata `aws:cdk:acknowledged-rules`). */
export function acknowledgementsInMetadata(entries: MetadataEntry[]): Acknowledgement[] {
  return entries
    .filter((e) => e.type === 'aws:cdk:acknowledged-rules' && typeof e.data === 'object' && e.data !== null)
    .flatMap((e) => Object.entries(e.data as Record<string, unknown>).map(([rule, reason]) => ({ path: e.path, rule, reason: String(reason ?? '') })));
}

/**
 * Suppressions in template metadata (`Metadata.cdk_nag.rules_to_suppress`): written by cdk-nag 2 and by
 * cdk-nag 3 with `writeSuppressionsToCloudFormation`.
 */
export function acknowledgementsInTemplate(template: CfnTemplate): Acknowledgement[] {
  return Object.entries(template.Resources ?? {}).flatMap(([logicalId, resource]) => {
    const rules: Array<Record<string, unknown>> = resource.Metadata?.cdk_nag?.rules_to_suppress ?? [];
    const where = typeof resource.Metadata?.['aws:cdk:path'] === 'string' ? resource.Metadata['aws:cdk:path'] : logicalId;
    return rules.map((r) => ({ path: where, rule: String(r.id), reason: String(r.reason ?? '') }));
  });
}
