import { IConstruct } from 'constructs';

/**
 * A library feature flag: from 1.0, a change to a logical ID or to a default that replaces resources
 * ships behind one, so existing apps keep their resources until they opt in.
 */
export interface FeatureFlag {
  /** What changes when the flag is on, and what it replaces. */
  readonly description: string;
  /** The library version that introduced the flag, e.g. `1.2.0`. */
  readonly introducedIn: string;
  /** The value `recommendedContext()` gives a new app (normally true: new apps get the new behaviour). */
  readonly defaultForNewProjects: boolean;
}

/** Flags by name; the context key of a flag is `cdk-ecs-essentials:<name>`. */
export type FeatureFlagRegistry = Readonly<Record<string, FeatureFlag>>;

/** Context keys of the library's flags start with this. */
export const FEATURE_FLAG_PREFIX = 'cdk-ecs-essentials:';

/** Every flag of the library. None exists before 1.0: until then, changes need no flag. */
export const FEATURE_FLAGS: FeatureFlagRegistry = Object.freeze({});

/**
 * Whether `flag` is on for `scope`: the `cdk-ecs-essentials:<flag>` context value, false (the old
 * behaviour) when unset. `registry` is for the library's own tests, which need a registered flag.
 */
export function isFeatureEnabled(scope: IConstruct, flag: string, registry: FeatureFlagRegistry = FEATURE_FLAGS): boolean {
  // A typo in a flag name would otherwise read as "unset" and silently keep the old behaviour.
  if (!Object.prototype.hasOwnProperty.call(registry, flag)) {
    const known = Object.keys(registry).sort();
    throw new Error(`Unknown feature flag '${flag}': known flags are ${known.length === 0 ? 'none' : known.join(', ')}`);
  }
  const key = FEATURE_FLAG_PREFIX + flag;
  const value: unknown = scope.node.tryGetContext(key);
  if (value === undefined) {
    return false;
  }
  // `cdk synth -c key=true` passes strings; cdk.json passes booleans.
  if (value === true || value === 'true') {
    return true;
  }
  if (value === false || value === 'false') {
    return false;
  }
  throw new Error(`Context key '${key}' must be true, false, 'true' or 'false', got ${JSON.stringify(value)}`);
}

/** The context a new app's `cdk.json` should hold: every flag at its value for new projects. */
export function recommendedContext(registry: FeatureFlagRegistry = FEATURE_FLAGS): Record<string, boolean> {
  const context: Record<string, boolean> = {};
  for (const name of Object.keys(registry).sort()) {
    context[FEATURE_FLAG_PREFIX + name] = registry[name].defaultForNewProjects;
  }
  return context;
}
