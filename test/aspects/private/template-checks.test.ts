import { App, CfnResource, NestedStack, Stack } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { PropertySource, RENDER_EACH } from '../../../src/aspects/private/cfn';
import { TemplateChecks } from '../../../src/aspects/private/template-checks';

interface Call {
  readonly nodes: CfnResource[];
  readonly source: PropertySource;
}

function recorder(): { calls: Call[]; checks: TemplateChecks } {
  const calls: Call[] = [];
  return { calls, checks: new TemplateChecks((nodes, source) => calls.push({ nodes: [...nodes], source })) };
}

function queue(scope: Stack, id: string): CfnResource {
  const q = new sqs.Queue(scope, id);
  (q.node.defaultChild as CfnResource).addPropertyOverride('MessageRetentionPeriod', 3600);
  return q.node.defaultChild as CfnResource;
}

describe('TemplateChecks', () => {
  test('checks the L1s of a stack together, once, on the template synthesis renders', () => {
    // GIVEN two L1s of one stack
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const first = queue(stack, 'First');
    const second = queue(stack, 'Second');
    const { calls, checks } = recorder();
    // WHEN
    checks.add(first);
    checks.add(second);
    const notYet = calls.length;
    app.synth();
    // THEN nothing ran before synthesis, then one batch read the template (overrides applied)
    expect(notYet).toBe(0);
    expect(calls).toHaveLength(1);
    expect(calls[0].nodes).toEqual([first, second]);
    expect(calls[0].source.props(first)).toEqual({ MessageRetentionPeriod: 3600 });
    expect(calls[0].source).not.toBe(RENDER_EACH);
  });

  test('a nested stack is checked once, although synthesis renders its template twice', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const nested = new NestedStack(stack, 'Nested');
    const { calls, checks } = recorder();
    // WHEN
    checks.add(queue(nested, 'Queue'));
    app.synth();
    // THEN
    expect(calls).toHaveLength(1);
  });

  test('one batch per stack', () => {
    // GIVEN
    const app = new App();
    const a = queue(new Stack(app, 'A'), 'Queue');
    const b = queue(new Stack(app, 'B'), 'Queue');
    const { calls, checks } = recorder();
    // WHEN
    checks.add(a);
    checks.add(b);
    app.synth();
    // THEN
    expect(calls.map((c) => c.nodes)).toEqual([[a], [b]]);
  });

  test('checks at once, rendering the L1, where the template cannot be observed', () => {
    // GIVEN a stack that renders its template some other way
    const app = new App();
    const stack = new Stack(app, 'Stack');
    Object.defineProperty(stack, '_toCloudFormation', { value: undefined });
    const node = queue(stack, 'Queue');
    const { calls, checks } = recorder();
    // WHEN
    checks.add(node);
    // THEN
    expect(calls).toHaveLength(1);
    expect(calls[0].source).toBe(RENDER_EACH);
    expect(calls[0].source.props(node)).toEqual({ MessageRetentionPeriod: 3600 });
  });
});
