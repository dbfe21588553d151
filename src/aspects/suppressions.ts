import { Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { SUPPRESSION_REASON_MIN_LENGTH } from '../private/defaults';
import { PropsValidator, describe } from '../private/validation';
import { findSuppression, ownSuppressions, storeSuppressions } from './private/suppression-store';

/**
 * One rule of the cdk-ecs-essentials Aspects switched off for a construct and its children.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/aspects.html
 */
export interface RuleSuppression {
  /**
   * The rule id, e.g. `ECSE-IAM3` or `ECSE-FD3`.
   */
  readonly id: string;

  /**
   * Why the finding is acceptable here, at least 10 characters; it is printed with the finding.
   */
  readonly reason: string;
}

/** Rule ids look like ECSE-IAM3 or ECSE-FD1. */
const RULE_ID = /^ECSE-[A-Z]+[0-9]+$/;

/**
 * Suppresses findings of `EcsLeastPrivilegeChecks` and `EcsFastDeployChecks` with a reason.
 *
 * A suppression added on a construct applies to the construct and everything below it, so a
 * suppression on a service, a stack or the app covers all task definitions, roles and target
 * groups inside. Suppressed findings are still listed, as info annotations with the reason. Unlike
 * `Annotations.acknowledgeWarning`, this also works for findings reported as errors.
 *
 * @see https://docs.aws.amazon.com/cdk/v2/guide/aspects.html
 */
export class EcsEssentialsSuppressions {
  /**
   * Suppress rules on `scope` and all its children.
   *
   * Every reason must have at least 10 characters and every id must look like `ECSE-<AREA><n>`;
   * otherwise an `Error` lists every problem.
   *
   * @param scope the construct (service, task definition, role, stack, app ...)
   * @param suppressions the rule ids to suppress, each with its reason
   */
  public static add(scope: IConstruct, suppressions: RuleSuppression[]): void {
    const validator = new PropsValidator();
    suppressions.forEach((s, i) => {
      const id = s.id;
      const reason = s.reason;
      if (!Token.isUnresolved(id)) {
        validator.check(typeof id === 'string' && RULE_ID.test(id),
          `'suppressions[${i}].id' must be a rule id like ECSE-IAM3 or ECSE-FD1, got ${describe(id)}`);
      }
      if (!Token.isUnresolved(reason)) {
        const length = typeof reason === 'string' ? reason.trim().length : 0;
        validator.check(length >= SUPPRESSION_REASON_MIN_LENGTH,
          `'suppressions[${i}].reason' must have at least ${SUPPRESSION_REASON_MIN_LENGTH} characters, ` +
          `got ${describe(reason)} (${length})`);
      }
    });
    validator.throwIfInvalid(scope);
    storeSuppressions(scope, suppressions.map((s) => ({ id: s.id, reason: s.reason })));
  }

  /**
   * The suppressions added directly on `scope` (not those inherited from its ancestors).
   *
   * @param scope the construct
   */
  public static of(scope: IConstruct): RuleSuppression[] {
    return ownSuppressions(scope).map((s) => ({ id: s.id, reason: s.reason }));
  }

  /**
   * Whether `ruleId` is suppressed on `scope`, by `scope` itself or by one of its ancestors.
   *
   * @param scope the construct
   * @param ruleId the rule id, e.g. `ECSE-IAM3`
   */
  public static isSuppressed(scope: IConstruct, ruleId: string): boolean {
    return findSuppression(ruleId, [scope]) !== undefined;
  }

  private constructor() {}
}
