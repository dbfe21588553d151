/**
 * How a finding of the cdk-ecs-essentials Aspects is reported.
 *
 * `ERROR` fails `cdk synth` / `cdk deploy`, `WARNING` is printed (and fails `cdk synth --strict`),
 * `INFO` is only listed.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/aspects.html
 */
export enum FindingLevel {
  /** Reported with `Annotations.addError`: synthesis fails. */
  ERROR = 'ERROR',
  /** Reported with `Annotations.addWarningV2` under the rule id: printed, fails `--strict`. */
  WARNING = 'WARNING',
  /** Reported with `Annotations.addInfo`: listed only. */
  INFO = 'INFO',
}

/**
 * Changes the level at which one rule reports its findings.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/aspects.html
 */
export interface RuleLevelOverride {
  /**
   * The rule id, e.g. `ECSE-IAM3` or `ECSE-FD1`; it must belong to the Aspect it is passed to.
   */
  readonly ruleId: string;

  /**
   * The level the rule's findings are reported at.
   */
  readonly level: FindingLevel;
}
