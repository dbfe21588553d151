import { App, Stack } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FEATURE_FLAGS, FeatureFlagRegistry, isFeatureEnabled, recommendedContext } from '../../src/private/feature-flags';

const REGISTRY: FeatureFlagRegistry = {
  stableTargetGroupIds: {
    description: 'Target groups keep their logical ID when the load balancer changes',
    introducedIn: '1.1.0',
    defaultForNewProjects: true,
  },
  legacyLogRetention: {
    description: 'Log groups keep the pre-1.2 retention',
    introducedIn: '1.2.0',
    defaultForNewProjects: false,
  },
};

function stackWithContext(context: Record<string, unknown> = {}): Stack {
  return new Stack(new App({ context }), 'Stack');
}

describe('feature flags', () => {
  test('an unset flag is off (the behaviour before the flag)', () => {
    // GIVEN
    const stack = stackWithContext();
    // WHEN / THEN
    expect(isFeatureEnabled(stack, 'stableTargetGroupIds', REGISTRY)).toBe(false);
  });

  test.each([true, 'true'])('a flag set to %p is on', (value) => {
    const stack = stackWithContext({ 'cdk-ecs-essentials:stableTargetGroupIds': value });
    expect(isFeatureEnabled(stack, 'stableTargetGroupIds', REGISTRY)).toBe(true);
  });

  test.each([false, 'false'])('a flag set to %p is off', (value) => {
    const stack = stackWithContext({ 'cdk-ecs-essentials:stableTargetGroupIds': value });
    expect(isFeatureEnabled(stack, 'stableTargetGroupIds', REGISTRY)).toBe(false);
  });

  test('a flag set on an app is read by constructs deep in it', () => {
    const stack = stackWithContext({ 'cdk-ecs-essentials:stableTargetGroupIds': true });
    const deep = new Construct(new Construct(stack, 'Outer'), 'Inner');
    expect(isFeatureEnabled(deep, 'stableTargetGroupIds', REGISTRY)).toBe(true);
  });

  test.each(['yes', 1, 'TRUE'])('fails when the context value is %p, naming the key and the allowed values', (value) => {
    const stack = stackWithContext({ 'cdk-ecs-essentials:stableTargetGroupIds': value });
    expect(() => isFeatureEnabled(stack, 'stableTargetGroupIds', REGISTRY)).toThrow(
      `Context key 'cdk-ecs-essentials:stableTargetGroupIds' must be true, false, 'true' or 'false', got ${JSON.stringify(value)}`,
    );
  });

  test('fails when the flag name is not registered, listing the known flags', () => {
    const stack = stackWithContext({ 'cdk-ecs-essentials:stableTargetGroupId': true });
    expect(() => isFeatureEnabled(stack, 'stableTargetGroupId', REGISTRY)).toThrow(
      "Unknown feature flag 'stableTargetGroupId': known flags are legacyLogRetention, stableTargetGroupIds",
    );
  });

  test('fails for any flag name against the library registry while it is empty', () => {
    expect(() => isFeatureEnabled(stackWithContext(), 'stableTargetGroupIds')).toThrow(
      "Unknown feature flag 'stableTargetGroupIds': known flags are none",
    );
  });

  test('recommendedContext lists every registered flag at its value for new projects', () => {
    expect(recommendedContext(REGISTRY)).toEqual({
      'cdk-ecs-essentials:legacyLogRetention': false,
      'cdk-ecs-essentials:stableTargetGroupIds': true,
    });
  });

  test('the library registry is empty before 1.0 and cannot be changed at run time', () => {
    expect(recommendedContext()).toEqual({});
    expect(Object.isFrozen(FEATURE_FLAGS)).toBe(true);
  });

  test('every registered flag has a camelCase name, a description and a semver introducedIn', () => {
    // Vacuous until the first flag exists; from then on it guards each entry.
    for (const [name, flag] of Object.entries(FEATURE_FLAGS)) {
      expect(name).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(flag.description.length).toBeGreaterThan(20);
      expect(flag.introducedIn).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
