import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { EcsEssentialsSuppressions } from '../../src';

describe('EcsEssentialsSuppressions', () => {
  test('a suppression applies to the construct and all its children', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    const parent = new Construct(stack, 'Parent');
    const child = new Construct(parent, 'Child');
    const sibling = new Construct(stack, 'Sibling');
    // WHEN
    EcsEssentialsSuppressions.add(parent, [{ id: 'ECSE-IAM3', reason: 'reviewed with the security team' }]);
    // THEN
    expect(EcsEssentialsSuppressions.isSuppressed(parent, 'ECSE-IAM3')).toBe(true);
    expect(EcsEssentialsSuppressions.isSuppressed(child, 'ECSE-IAM3')).toBe(true);
    expect(EcsEssentialsSuppressions.isSuppressed(sibling, 'ECSE-IAM3')).toBe(false);
    expect(EcsEssentialsSuppressions.isSuppressed(child, 'ECSE-IAM2')).toBe(false);
    expect(EcsEssentialsSuppressions.of(parent)).toEqual([{ id: 'ECSE-IAM3', reason: 'reviewed with the security team' }]);
    expect(EcsEssentialsSuppressions.of(child)).toEqual([]);
  });

  test('calls accumulate', () => {
    const stack = new Stack();
    EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-FD1', reason: 'slow starting JVM service' }]);
    EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-FD2', reason: 'slow starting JVM service' }]);
    expect(EcsEssentialsSuppressions.of(stack).map((s) => s.id)).toEqual(['ECSE-FD1', 'ECSE-FD2']);
  });

  test('fails when the reason is shorter than 10 characters', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-IAM3', reason: 'ok' }]))
      .toThrow("'suppressions[0].reason' must have at least 10 characters, got 'ok' (2)");
  });

  test('fails when the reason is only blanks', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-IAM3', reason: '            ' }]))
      .toThrow(/'suppressions\[0\]\.reason' must have at least 10 characters/);
  });

  test('fails when the id is not a rule id', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => EcsEssentialsSuppressions.add(stack, [{ id: 'IAM3', reason: 'reviewed with the security team' }]))
      .toThrow("'suppressions[0].id' must be a rule id like ECSE-IAM3 or ECSE-FD1, got 'IAM3'");
  });

  test('fails with every problem at once, nothing stored', () => {
    const stack = new Stack(new App(), 'Stack');
    expect(() => EcsEssentialsSuppressions.add(stack, [
      { id: 'ECSE-IAM3', reason: 'short' },
      { id: 'nope', reason: 'long enough reason' },
    ])).toThrow(/2 invalid props:\n.*suppressions\[0\]\.reason.*\n.*suppressions\[1\]\.id/);
    expect(EcsEssentialsSuppressions.of(stack)).toEqual([]);
  });

  test('a reason that is a token is not checked', () => {
    const stack = new Stack(new App(), 'Stack');
    const reason = Lazy.string({ produce: () => 'x' });
    expect(() => EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-FD1', reason }])).not.toThrow();
  });
});
