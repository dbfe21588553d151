import { Annotations, CfnResource } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FindingLevel, RuleLevelOverride } from './finding-level';
import { describe, listOf } from '../private/validation';
import { findSuppression } from './private/suppression-store';

/**
 * What a rule found on one L1: the pack adds the rule id, the level and the fix.
 */
export interface RuleFinding {
  /** What is wrong, naming the resource and the offending value. */
  readonly message: string;
  /** The rule needed a value that is only known at deploy time, so it could not decide. */
  readonly unresolved?: boolean;
  /** With `unresolved`: the value is known (a literal ARN or name) but names something defined outside this app. */
  readonly outsideApp?: boolean;
  /** Other constructs (role, policy, target group) whose suppressions also cover this finding. */
  readonly related?: IConstruct[];
  /** Applies the fast-deploy fix and describes the change; undefined when nothing could be changed. */
  readonly repair?: () => string | undefined;
  /** Why fix mode leaves the value as it is (an explicit value, a placement that would stall); shown in fix mode. */
  readonly unchanged?: string;
  /** How to fix this finding, when the rule's general fix would not apply (it replaces the rule's fix). */
  readonly advice?: string;
  /** The highest level the finding is reported at, whatever the rule's level (e.g. a grant the user cannot scope). */
  readonly maxLevel?: FindingLevel;
}

/**
 * One rule of a pack: a pure check plus the metadata the pack reports with.
 */
export interface RuleDefinition<C> {
  /** Stable id, `ECSE-<AREA><n>`. */
  readonly id: string;
  /** Level used unless the user overrides it. */
  readonly level: FindingLevel;
  /** The CloudFormation type the rule inspects. */
  readonly resourceType: string;
  /** How to fix a finding, appended to every message. */
  readonly fix: string;
  /** The check itself: reads resolved L1s through the context, never changes anything. */
  readonly check: (node: CfnResource, ctx: C) => RuleFinding[];
}

/** Options shared by the packs. */
export interface RulePackOptions {
  readonly ruleLevels?: RuleLevelOverride[];
  readonly errorsAsWarnings?: boolean;
  readonly fix?: boolean;
}

const UNRESOLVED_FIX =
  'the value is only known at deploy time, so it was not checked; make it resolvable at synth time, ' +
  'or review it and suppress the rule with EcsEssentialsSuppressions.add() and a reason';

const OUTSIDE_APP_FIX =
  'it is defined outside this app, so it was not checked here; run the Aspects in the app that defines it, ' +
  'or review it and suppress the rule with EcsEssentialsSuppressions.add() and a reason';

const RANK: Record<FindingLevel, number> = {
  [FindingLevel.INFO]: 0,
  [FindingLevel.WARNING]: 1,
  [FindingLevel.ERROR]: 2,
};

/**
 * Runs a table of rules against L1s, applies level overrides and suppressions, and annotates.
 */
export class RulePack<C> {
  private readonly levels = new Map<string, FindingLevel>();

  constructor(
    private readonly packName: string,
    private readonly rules: ReadonlyArray<RuleDefinition<C>>,
    private readonly options: RulePackOptions,
  ) {
    this.validateOverrides(options.ruleLevels ?? []);
    for (const rule of rules) {
      this.levels.set(rule.id, this.resolveLevel(rule));
    }
  }

  /** True when at least one rule inspects this resource type. */
  public inspects(resourceType: string): boolean {
    return this.rules.some((r) => r.resourceType === resourceType);
  }

  /** Run every rule that applies to `node` and annotate what they found. */
  public run(node: CfnResource, ctx: C): void {
    for (const rule of this.rules) {
      if (rule.resourceType !== node.cfnResourceType) {
        continue;
      }
      for (const finding of this.evaluate(rule, node, ctx)) {
        this.report(node, rule, finding);
      }
    }
  }

  private evaluate(rule: RuleDefinition<C>, node: CfnResource, ctx: C): RuleFinding[] {
    try {
      return rule.check(node, ctx);
    } catch (e) {
      // A template shape the rule did not foresee must not pass silently nor crash synthesis.
      return [{ message: `'${node.node.path}' could not be checked: ${(e as Error).message}`, unresolved: true }];
    }
  }

  private report(node: CfnResource, rule: RuleDefinition<C>, finding: RuleFinding): void {
    const annotations = Annotations.of(node);
    const text = `[${rule.id}] ${finding.message}`;
    const suppression = findSuppression(rule.id, [node, ...(finding.related ?? [])]);
    if (suppression) {
      annotations.addInfo(`${text} (suppressed: ${suppression.reason})`);
      return;
    }
    if (this.options.fix && finding.repair) {
      const change = finding.repair();
      if (change !== undefined) {
        annotations.addInfo(`[${rule.id}] fixed by ${this.packName}: ${change}`);
        return;
      }
    }
    let level = this.levels.get(rule.id)!;
    if (finding.unresolved && RANK[level] > RANK[FindingLevel.WARNING]) {
      // Failing synthesis over a value nobody can know yet would block every app using parameters.
      level = FindingLevel.WARNING;
    }
    if (finding.maxLevel && RANK[level] > RANK[finding.maxLevel]) {
      level = finding.maxLevel;
    }
    const unchanged = this.options.fix && finding.unchanged ? ` (left unchanged by fix mode: ${finding.unchanged})` : '';
    const message = `${text}${unchanged}: ${finding.unresolved ? finding.outsideApp ? OUTSIDE_APP_FIX : UNRESOLVED_FIX : finding.advice ?? rule.fix}`;
    switch (level) {
      case FindingLevel.ERROR:
        annotations.addError(message);
        break;
      case FindingLevel.WARNING:
        annotations.addWarningV2(rule.id, message);
        break;
      default:
        annotations.addInfo(message);
    }
  }

  private resolveLevel(rule: RuleDefinition<C>): FindingLevel {
    const override = (this.options.ruleLevels ?? []).find((o) => o.ruleId === rule.id);
    if (override) {
      return override.level;
    }
    if (this.options.errorsAsWarnings && rule.level === FindingLevel.ERROR) {
      return FindingLevel.WARNING;
    }
    return rule.level;
  }

  private validateOverrides(overrides: RuleLevelOverride[]): void {
    const ids = [...new Set(this.rules.map((r) => r.id))];
    const levels = Object.values(FindingLevel) as string[];
    const problems: string[] = [];
    overrides.forEach((o, i) => {
      if (!ids.includes(o.ruleId)) {
        problems.push(`'ruleLevels[${i}].ruleId' must be one of ${listOf(ids)}, got ${describe(o.ruleId)}`);
      }
      if (!levels.includes(o.level)) {
        problems.push(`'ruleLevels[${i}].level' must be ${listOf(levels)}, got ${describe(o.level)}`);
      }
    });
    if (problems.length === 1) {
      throw new Error(`${this.packName}: ${problems[0]}`);
    }
    if (problems.length > 1) {
      throw new Error(`${this.packName}: ${problems.length} invalid props:\n  - ${problems.join('\n  - ')}`);
    }
  }
}
