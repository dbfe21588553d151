import { CfnResource, Stack } from 'aws-cdk-lib';
import { LogicalIds, PropertySource, RENDER_EACH, TemplateProperties } from './cfn';
import { onTemplateRendered } from './template-listener';

/** Checks L1s of one stack, reading their properties from `source` and following references with `ids`. */
export type BatchCheck = (nodes: CfnResource[], source: PropertySource, ids: LogicalIds) => void;

/**
 * Collects the L1s a read-only Aspect visits and checks them, per stack, on the template synthesis
 * renders anyway. The checks then render nothing themselves (rendering every service, task
 * definition, role and policy a second time was about 70 % of what the Aspects cost), and they see the
 * final template: statements added by later Aspects, property overrides, resolved exports.
 *
 * Where the template cannot be observed, each L1 is checked at once, rendered on its own.
 */
export class TemplateChecks {
  private readonly pending = new Map<Stack, CfnResource[]>();

  constructor(private readonly check: BatchCheck) {}

  /** Check `node` when its stack's template is rendered. */
  public add(node: CfnResource): void {
    const stack = Stack.of(node);
    const batch = this.pending.get(stack);
    if (batch) {
      batch.push(node);
      return;
    }
    const nodes = [node];
    const observed = onTemplateRendered(stack, (template) => {
      this.pending.delete(stack);
      const ids = LogicalIds.forTemplate(template);
      this.check(nodes, new TemplateProperties(stack, template, ids), ids);
    });
    if (observed) {
      this.pending.set(stack, nodes);
    } else {
      this.check(nodes, RENDER_EACH, new LogicalIds());
    }
  }
}
