import { IConstruct } from 'constructs';

/** A suppression as stored on a construct. */
export interface StoredSuppression {
  readonly id: string;
  readonly reason: string;
}

// A global symbol rather than a module-level map: two copies of the library loaded in one app
// (e.g. through nested node_modules) still see each other's suppressions.
const KEY = Symbol.for('cdk-ecs-essentials.suppressions');

interface WithSuppressions {
  [KEY]?: StoredSuppression[];
}

/** Suppressions added directly on `scope` (not its ancestors). */
export function ownSuppressions(scope: IConstruct): StoredSuppression[] {
  return (scope as WithSuppressions)[KEY] ?? [];
}

/** Append suppressions to `scope`. */
export function storeSuppressions(scope: IConstruct, suppressions: StoredSuppression[]): void {
  const holder = scope as WithSuppressions;
  holder[KEY] = [...(holder[KEY] ?? []), ...suppressions];
}

/**
 * The suppression of `ruleId` that applies to any of `nodes`, looking at each node and all its
 * ancestors; the one closest to the node wins (its reason is the most specific).
 */
export function findSuppression(ruleId: string, nodes: IConstruct[]): StoredSuppression | undefined {
  for (const node of nodes) {
    const scopes = node.node.scopes;
    for (let i = scopes.length - 1; i >= 0; i--) {
      const hit = ownSuppressions(scopes[i]).find((s) => s.id === ruleId);
      if (hit) {
        return hit;
      }
    }
  }
  return undefined;
}
