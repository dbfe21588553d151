/**
 * Reading synthesized CloudFormation templates: shared by the report CLI, scripts/check-integ.ts and
 * test/bench, so the numbers they print come from the same code.
 */
import * as fs from 'fs';
import * as path from 'path';

/** A CloudFormation resource as it appears in a synthesized template. */
export interface CfnResource {
  readonly Type: string;
  readonly Properties?: Record<string, any>;
  readonly Metadata?: Record<string, any>;
  readonly DependsOn?: string | string[];
}

/** The parts of a template the scripts read. */
export interface CfnTemplate {
  readonly Resources?: Record<string, CfnResource>;
  readonly [section: string]: unknown;
}

/** A template file read from a cloud assembly or a snapshot directory. */
export interface TemplateFile {
  /** Stack name: the file name without `.template.json`. */
  readonly stackName: string;
  readonly file: string;
  readonly bytes: number;
  readonly template: CfnTemplate;
}

const TEMPLATE_SUFFIX = '.template.json';

/** Every `*.template.json` directly in `dir`, sorted by name so that output order is stable. */
export function templateFilesIn(dir: string): string[] {
  return fs.readdirSync(dir)
    .filter((name) => name.endsWith(TEMPLATE_SUFFIX))
    .sort()
    .map((name) => path.join(dir, name));
}

/** Read and parse one template file. */
export function readTemplate(file: string): TemplateFile {
  const text = fs.readFileSync(file, 'utf-8');
  return {
    stackName: path.basename(file, TEMPLATE_SUFFIX),
    file,
    bytes: Buffer.byteLength(text),
    template: JSON.parse(text) as CfnTemplate,
  };
}

/** Read every template of a directory. */
export function readTemplates(dir: string): TemplateFile[] {
  return templateFilesIn(dir).map(readTemplate);
}

/** Number of resources in a template (the 500-per-stack limit counts these). */
export function resourceCount(template: CfnTemplate): number {
  return Object.keys(template.Resources ?? {}).length;
}

/** Logical ids of the resources of one type, in template order. */
export function logicalIdsOfType(template: CfnTemplate, type: string): string[] {
  return Object.entries(template.Resources ?? {})
    .filter(([, resource]) => resource.Type === type)
    .map(([id]) => id);
}

/** The logical id a `{ Ref: id }` points at, when the value is a plain Ref to a resource of this template. */
export function refTarget(template: CfnTemplate, value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null) {
    return undefined;
  }
  const ref = (value as Record<string, unknown>).Ref;
  return typeof ref === 'string' && template.Resources?.[ref] !== undefined ? ref : undefined;
}

/** The construct path CDK records on each resource, or the logical id when the metadata is off. */
export function constructPath(template: CfnTemplate, logicalId: string): string {
  const cdkPath = template.Resources?.[logicalId]?.Metadata?.['aws:cdk:path'];
  return typeof cdkPath === 'string' ? cdkPath : logicalId;
}

/** A number from a template property that CloudFormation accepts as number or numeric string. */
export function numberProp(value: unknown): number | undefined {
  if (typeof value === 'number') {
    return value;
  }
  if (typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value))) {
    return Number(value);
  }
  return undefined;
}

/** An ECS service of a template with the resources it points at. */
export interface EcsServiceRef {
  readonly logicalId: string;
  readonly path: string;
  readonly properties: Record<string, any>;
  /** Logical id of the task definition, when it is a Ref into this template. */
  readonly taskDefinitionId?: string;
  /** Logical ids of the target groups of `LoadBalancers[].TargetGroupArn` Refs. */
  readonly targetGroupIds: string[];
  /** The green target groups of blue/green, canary and linear rollouts (`AdvancedConfiguration.AlternateTargetGroupArn`). */
  readonly alternateTargetGroupIds: string[];
  /** Container names the load balancers route to. */
  readonly loadBalancedContainers: string[];
}

/** Every `AWS::ECS::Service` of a template with its task definition and target groups resolved. */
export function findEcsServices(template: CfnTemplate): EcsServiceRef[] {
  return logicalIdsOfType(template, 'AWS::ECS::Service').map((logicalId) => {
    const properties = template.Resources![logicalId].Properties ?? {};
    const loadBalancers: Array<Record<string, unknown>> = Array.isArray(properties.LoadBalancers) ? properties.LoadBalancers : [];
    return {
      logicalId,
      path: constructPath(template, logicalId),
      properties,
      taskDefinitionId: refTarget(template, properties.TaskDefinition),
      targetGroupIds: loadBalancers
        .map((lb) => refTarget(template, lb.TargetGroupArn))
        .filter((id): id is string => id !== undefined),
      alternateTargetGroupIds: loadBalancers
        .map((lb) => refTarget(template, (lb.AdvancedConfiguration as Record<string, unknown> | undefined)?.AlternateTargetGroupArn))
        .filter((id): id is string => id !== undefined),
      loadBalancedContainers: loadBalancers
        .map((lb) => lb.ContainerName)
        .filter((name): name is string => typeof name === 'string'),
    };
  });
}

/** The properties of a resource by logical id (empty when absent). */
export function propertiesOf(template: CfnTemplate, logicalId: string | undefined): Record<string, any> {
  if (logicalId === undefined) {
    return {};
  }
  return template.Resources?.[logicalId]?.Properties ?? {};
}
