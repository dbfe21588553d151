import { Annotations, Aspects, CfnResource, IAspect, Stack, Stage } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

// Global symbols, not module state: two copies of the library in one app see each other's marks.
const VISITED = Symbol.for('cdk-ecs-essentials.visitedBy');
const WARNED = Symbol.for('cdk-ecs-essentials.stageWarnedFor');
const REGISTRATIONS = Symbol.for('cdk-ecs-essentials.stageRegistrations');
const HOOKED = Symbol.for('cdk-ecs-essentials.stageSynthHooked');

/** Acknowledgeable id of the warning on a Stage the checks could not visit. */
export const STAGE_NOT_CHECKED = 'cdk-ecs-essentials:stageNotChecked';

interface Marks {
  [VISITED]?: Set<string>;
  [WARNED]?: Set<string>;
  [REGISTRATIONS]?: Registration[];
}

/** A pack to add to every Stage below `scope`. */
interface Registration {
  readonly scope: IConstruct;
  readonly aspect: IAspect;
  readonly priority: number;
}

/** Remember that the pack named `pack` visits `node` (only stacks matter). */
export function markVisited(node: IConstruct, pack: string): void {
  if (Stack.isStack(node)) {
    const marks = node as unknown as Marks;
    (marks[VISITED] ??= new Set()).add(pack);
  }
}

/**
 * Warns about the Stages among the children of `node` with stacks the pack never visited. By the
 * time an Aspect of an enclosing scope visits `node`, every Stage below it is already synthesized:
 * CDK Pipelines' `addStage()` synthesizes a Stage at once, and synthesis renders nested Stages before
 * it runs the Aspects of their parent, which never enter a Stage anyway. The warning goes on the
 * nearest stack around the Stage (the pipeline stack), since annotations outside a stack are not
 * reported; with no such stack it is printed. Stages without anything the pack checks are left alone.
 */
export function warnAboutUnvisitedStages(node: IConstruct, pack: PackIdentity, fixMode: boolean): void {
  for (const child of node.node.children) {
    if (!Stage.isStage(child)) {
      continue;
    }
    const stages = [child, ...child.node.findAll().filter((c): c is Stage => c !== child && Stage.isStage(c))];
    for (const stage of stages) {
      warnIfUnvisited(stage, pack, fixMode);
    }
  }
}

/** How the stage checks recognise a pack. */
export interface PackIdentity {
  readonly name: string;
  /** Tells this pack's instances from other Aspects. */
  readonly isPack: (aspect: IAspect) => boolean;
  /** The CloudFormation types the pack checks; a Stage without them needs no warning. */
  readonly inspects: (resourceType: string) => boolean;
}

function warnIfUnvisited(stage: Stage, identity: PackIdentity, fixMode: boolean): void {
  const pack = identity.name;
  const isPack = identity.isPack;
  // The top-level stacks of this Stage that hold something the pack checks (nested stacks count for their parent).
  const stacks = new Set<Stack>();
  for (const c of stage.node.findAll()) {
    if (CfnResource.isCfnResource(c) && identity.inspects(c.cfnResourceType) && Stage.of(c) === stage) {
      let stack = Stack.of(c);
      while (stack.nestedStackParent) {
        stack = stack.nestedStackParent;
      }
      stacks.add(stack);
    }
  }
  const unvisited = [...stacks].filter((s) => !(s as unknown as Marks)[VISITED]?.has(pack));
  const warned = (stage as unknown as Marks)[WARNED] ??= new Set();
  if (unvisited.length === 0 || warned.has(pack)) {
    return;
  }
  warned.add(pack);
  const why = Aspects.of(stage).all.some(isPack)
    ? `its ${pack} was added after the Stage had been synthesized (CDK Pipelines' addStage() synthesizes a Stage at once)`
    : 'Aspects of an enclosing scope never enter a Stage, and CDK Pipelines\' addStage() synthesizes a Stage at once';
  const message = `${pack} did not ${fixMode ? 'check or fix' : 'check'} Stage '${stage.node.path}' ` +
    `(stacks ${unvisited.map((s) => `'${s.node.path}'`).join(', ')}): ${why}. Call ${pack}.applyTo(app) before the ` +
    `pipeline adds its stages, or Aspects.of(stage).add(new ${pack}()) before pipeline.addStage(stage)`;
  const target = enclosingStack(stage);
  if (target) {
    Annotations.of(target).addWarningV2(STAGE_NOT_CHECKED, message);
  } else {
    // eslint-disable-next-line no-console
    console.warn(`[Warning ${STAGE_NOT_CHECKED}] ${message}`);
  }
}

/** The stack around `stage`, else the first stack of its parent stage outside any Stage. */
function enclosingStack(stage: Stage): Stack | undefined {
  for (let scope = stage.node.scope; scope && !Stage.isStage(scope); scope = scope.node.scope) {
    if (Stack.isStack(scope)) {
      return scope;
    }
  }
  const parent = stage.parentStage;
  const queue: IConstruct[] = parent ? [...parent.node.children] : [];
  for (let next = queue.shift(); next; next = queue.shift()) {
    if (Stack.isStack(next)) {
      return next;
    }
    if (!Stage.isStage(next)) {
      queue.push(...next.node.children);
    }
  }
  return undefined;
}

/**
 * Adds `aspect` to `scope` and to every Stage below it, also those created later: each Stage gets it
 * right before it is synthesized, which is when CDK Pipelines' `addStage()` synthesizes it. Stage has
 * no public hook for that moment, so `Stage.prototype.synth` is wrapped once per process; the wrapper
 * only adds Aspects registered on the Stage's own app, then synthesizes as before.
 */
export function addToScopeAndStages(scope: IConstruct, aspect: IAspect, priority: number): void {
  Aspects.of(scope).add(aspect, { priority });
  const root = scope.node.root as unknown as Marks;
  (root[REGISTRATIONS] ??= []).push({ scope, aspect, priority });
  hookStageSynthesis();
}

function hookStageSynthesis(): void {
  const prototype = Stage.prototype as unknown as { synth: Stage['synth']; [HOOKED]?: boolean };
  if (prototype[HOOKED]) {
    return;
  }
  const synth = prototype.synth;
  Object.defineProperty(prototype, HOOKED, { value: true });
  prototype.synth = function synthWithRegisteredChecks(this: Stage, ...args: Parameters<Stage['synth']>) {
    const registrations = (this.node.root as unknown as Marks)[REGISTRATIONS] ?? [];
    const scopes = this.node.scopes;
    for (const r of registrations) {
      if (r.scope !== this && scopes.includes(r.scope) && !Aspects.of(this).all.includes(r.aspect)) {
        Aspects.of(this).add(r.aspect, { priority: r.priority });
      }
    }
    return synth.apply(this, args);
  };
}
