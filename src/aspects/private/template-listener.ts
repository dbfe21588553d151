import { Stack } from 'aws-cdk-lib';

/** A stack's template as synthesis writes it: resolved, property overrides applied. */
export interface CfnTemplate {
  readonly Resources?: Record<string, { readonly Type?: string; readonly Properties?: Record<string, any> }>;
  readonly [section: string]: unknown;
}

/** Called once with the template of the stack it was registered on. */
export type TemplateListener = (template: CfnTemplate) => void;

/**
 * The one Stack internal this module relies on. Every aws-cdk-lib 2.x release renders a stack's
 * template through it, once per synthesis, right before writing the file; a nested stack's is also
 * rendered during prepare, to hash it.
 */
interface TemplateRenderer {
  _toCloudFormation(): CfnTemplate;
}

const LISTENERS = new WeakMap<Stack, TemplateListener[]>();

/**
 * Calls `listener` with the stack's resolved template when synthesis renders it: after every Aspect
 * ran and every reference was resolved, and before the stack's annotations are copied into the
 * cloud assembly, so annotations a listener adds are reported like any other.
 *
 * Rules that read the rendered template instead of rendering each L1 themselves cost almost
 * nothing on top of synthesis, and see what CloudFormation will see (late Aspects, overrides,
 * cross-stack exports).
 *
 * @returns false when this aws-cdk-lib renders templates another way; the caller then checks at once.
 */
export function onTemplateRendered(stack: Stack, listener: TemplateListener): boolean {
  let listeners = LISTENERS.get(stack);
  if (!listeners) {
    const renderer = stack as unknown as TemplateRenderer;
    const render = renderer._toCloudFormation;
    if (typeof render !== 'function') {
      return false;
    }
    const registered: TemplateListener[] = [];
    renderer._toCloudFormation = function renderAndNotify(this: TemplateRenderer): CfnTemplate {
      const template = render.call(this);
      // Each listener runs once, on the first complete rendering.
      for (const notify of registered.splice(0)) {
        notify(template);
      }
      return template;
    };
    LISTENERS.set(stack, registered);
    listeners = registered;
  }
  listeners.push(listener);
  return true;
}
