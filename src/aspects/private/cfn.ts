import { CfnElement, CfnOutput, CfnResource, Stack } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { CfnTemplate } from './template-listener';

/** A resolved CloudFormation value: JSON with intrinsic functions as objects. */
export type CfnValue = unknown;

/** The subset of CfnResource internals used to render an L1 exactly as the template will show it. */
interface RenderableResource {
  _toCloudFormation(): unknown;
}

/**
 * The L1's properties as they land in the template: resolved, PascalCase, property overrides
 * applied. Reading `cfnProperties` instead would miss `addPropertyOverride` escape hatches, which
 * is how most users (and EcsFastDeployChecks' fix) change ecs-patterns services.
 */
export function renderedProperties(node: CfnResource): Record<string, any> {
  const fragment = Stack.of(node).resolve((node as unknown as RenderableResource)._toCloudFormation()) as
    { Resources?: Record<string, { Properties?: Record<string, any> }> } | undefined;
  const definitions = Object.values(fragment?.Resources ?? {});
  return definitions[0]?.Properties ?? {};
}

/** Where rules read an L1's properties from. */
export interface PropertySource {
  /** The L1's properties as they land in the template. */
  props(node: CfnResource): Record<string, any>;
}

/** Renders each L1 on demand: the only source while Aspects still run (fix mode). */
export const RENDER_EACH: PropertySource = { props: renderedProperties };

/** Remembers what `source` gave for each L1, until a fix changes it. */
export class PropertyCache implements PropertySource {
  private readonly cache = new Map<CfnResource, Record<string, any>>();

  constructor(private readonly source: PropertySource) {}

  public props(node: CfnResource): Record<string, any> {
    let props = this.cache.get(node);
    if (!props) {
      props = this.source.props(node);
      this.cache.set(node, props);
    }
    return props;
  }

  /** Read `node` again next time: a fix changed it. */
  public forget(node: CfnResource): void {
    this.cache.delete(node);
  }
}

/**
 * Reads L1s from the template synthesis rendered for one stack, so nothing is rendered twice. L1s
 * of other stacks (a role shared across stacks) are rendered on demand.
 */
export class TemplateProperties implements PropertySource {
  constructor(
    private readonly stack: Stack,
    private readonly template: CfnTemplate,
    private readonly ids: LogicalIds,
  ) {}

  public props(node: CfnResource): Record<string, any> {
    const definition = Stack.of(node) === this.stack ? this.template.Resources?.[this.ids.logicalIdOf(node)] : undefined;
    return definition ? definition.Properties ?? {} : renderedProperties(node);
  }
}

const TEMPLATE_INDEXES = new WeakMap<CfnTemplate, LogicalIds>();

/** True for a plain JSON object (an intrinsic function, a struct). */
export function isObject(value: CfnValue): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `value` as a list: CloudFormation accepts a single item where a list is expected. */
export function asList(value: CfnValue): CfnValue[] {
  if (value === undefined) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}

/** Compact JSON for messages. */
export function show(value: CfnValue): string {
  return typeof value === 'string' ? `'${value}'` : JSON.stringify(value);
}

/**
 * Finds CloudFormation elements by logical id. One index per stack; while Aspects run it is rebuilt
 * when a lookup misses (constructs added by a mutating Aspect, logical ids overridden after the
 * first lookup).
 */
export class LogicalIds {
  /**
   * The index shared by every check of one rendered template. Logical ids are final once
   * synthesis renders templates, so each is resolved once per rendering and a miss stays a miss.
   */
  public static forTemplate(template: CfnTemplate): LogicalIds {
    let ids = TEMPLATE_INDEXES.get(template);
    if (!ids) {
      ids = new LogicalIds(true);
      TEMPLATE_INDEXES.set(template, ids);
    }
    return ids;
  }

  private readonly indexes = new Map<Stack, Map<string, CfnElement>>();
  private readonly resourceLists = new Map<Stack, CfnResource[]>();
  private readonly resolved = new Map<CfnElement, string>();
  private exports?: Map<string, CfnOutput>;

  /** @param final logical ids no longer change (templates are being rendered) */
  constructor(private readonly final = false) {}

  /** The element with this logical id in `stack`, or in exactly one other stack of the app. */
  public find(stack: Stack, logicalId: string): CfnElement | undefined {
    const local = this.lookup(stack, logicalId);
    if (local) {
      return local;
    }
    // Before prepare, a cross-stack reference still resolves to the producer's logical id.
    const elsewhere = this.stacksOfApp(stack).filter((s) => s !== stack)
      .map((s) => this.lookup(s, logicalId)).filter((e): e is CfnElement => e !== undefined);
    return elsewhere.length === 1 ? elsewhere[0] : undefined;
  }

  /**
   * What an `Fn::ImportValue` of an export of this app stands for: the exporting output's value,
   * in the exporting stack (the template shows imports once references are resolved).
   */
  public exported(exportName: CfnValue, consumer: Stack): { readonly stack: Stack; readonly value: CfnValue } | undefined {
    if (typeof exportName !== 'string') {
      return undefined;
    }
    if (!this.exports || (!this.final && !this.exports.has(exportName))) {
      this.exports = new Map();
      for (const stack of this.stacksOfApp(consumer)) {
        for (const output of stack.node.findAll().filter((c): c is CfnOutput => c instanceof CfnOutput && Stack.of(c) === stack)) {
          const name = output.exportName === undefined ? undefined : stack.resolve(output.exportName);
          if (typeof name === 'string') {
            this.exports.set(name, output);
          }
        }
      }
    }
    const output = this.exports.get(exportName);
    return output ? { stack: Stack.of(output), value: Stack.of(output).resolve(output.value) } : undefined;
  }

  /** Every CloudFormation resource of `stack` (not of its nested stacks). */
  public resources(stack: Stack): CfnResource[] {
    let resources = this.final ? this.resourceLists.get(stack) : undefined;
    if (!resources) {
      resources = [...this.index(stack, false).values()].filter((e): e is CfnResource => CfnResource.isCfnResource(e));
      if (this.final) {
        this.resourceLists.set(stack, resources);
      }
    }
    return resources;
  }

  /** The logical id of `element` as it appears in the template. */
  public logicalIdOf(element: CfnElement): string {
    if (!this.final) {
      return Stack.of(element).resolve(element.logicalId) as string;
    }
    let logicalId = this.resolved.get(element);
    if (logicalId === undefined) {
      logicalId = Stack.of(element).resolve(element.logicalId) as string;
      this.resolved.set(element, logicalId);
    }
    return logicalId;
  }

  private lookup(stack: Stack, logicalId: string): CfnElement | undefined {
    return this.index(stack, false).get(logicalId) ?? (this.final ? undefined : this.index(stack, true).get(logicalId));
  }

  private index(stack: Stack, rebuild: boolean): Map<string, CfnElement> {
    let index = this.indexes.get(stack);
    if (!index || rebuild) {
      index = new Map();
      for (const c of stack.node.findAll()) {
        if (CfnElement.isCfnElement(c) && Stack.of(c) === stack) {
          index.set(this.logicalIdOf(c), c);
        }
      }
      this.indexes.set(stack, index);
    }
    return index;
  }

  private stacksOfApp(stack: Stack): Stack[] {
    return stack.node.root.node.findAll().filter((c): c is Stack => Stack.isStack(c));
  }
}

/** The L1 a resolved `{Ref}` or `{Fn::GetAtt}` points at, if it is a resource of the app. */
export function referencedResource(value: CfnValue, stack: Stack, ids: LogicalIds): CfnResource | undefined {
  if (!isObject(value)) {
    return undefined;
  }
  if (value['Fn::ImportValue'] !== undefined) {
    const exported = ids.exported(value['Fn::ImportValue'], stack);
    return exported ? referencedResource(exported.value, exported.stack, ids) : undefined;
  }
  let logicalId: unknown;
  if (typeof value.Ref === 'string') {
    logicalId = value.Ref;
  } else if (Array.isArray(value['Fn::GetAtt'])) {
    logicalId = value['Fn::GetAtt'][0];
  } else if (typeof value['Fn::GetAtt'] === 'string') {
    logicalId = value['Fn::GetAtt'].split('.')[0];
  }
  if (typeof logicalId !== 'string') {
    return undefined;
  }
  const element = ids.find(stack, logicalId);
  return element && CfnResource.isCfnResource(element) ? element : undefined;
}

/** The construct users know: the L2 whose default child is this L1, else the L1. */
export function ownerOf(node: IConstruct): IConstruct {
  const scope = node.node.scope;
  if (!scope) {
    return node;
  }
  // aws-ecs services name their L1 'Service' and register it as the default child.
  return ['Resource', 'Default'].includes(node.node.id) || scope.node.defaultChild === node ? scope : node;
}

/** The path of the construct users know, without the stack prefix. */
export function labelOf(node: IConstruct): string {
  const owner = ownerOf(node);
  const stackPath = Stack.of(node).node.path;
  const path = owner.node.path;
  return path.startsWith(`${stackPath}/`) ? path.slice(stackPath.length + 1) : path;
}
