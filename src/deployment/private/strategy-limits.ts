import { Duration, Token } from 'aws-cdk-lib';
import { CLOUDFORMATION_DEPLOYMENT_MINUTES, Limit, ROLLOUT_CANARY_PERCENT, ROLLOUT_LINEAR_STEP_PERCENT, ROLLOUT_WAIT_MINUTES } from '../../private/limits';
import { PropsValidator, describe } from '../../private/validation';

/** A percentage range of a Limit, as the checks below take it. */
function percentRange(limit: Limit): { readonly min: number; readonly max: number } {
  return { min: limit.min!, max: limit.max! };
}

/** BakeTimeInMinutes, CanaryBakeTimeInMinutes and StepBakeTimeInMinutes: whole minutes (ROLLOUT_WAIT_MINUTES). */
export const MAX_WAIT_MINUTES = ROLLOUT_WAIT_MINUTES.max!;
/** CanaryPercent: a multiple of 0.1 (ROLLOUT_CANARY_PERCENT). */
export const CANARY_PERCENT = percentRange(ROLLOUT_CANARY_PERCENT);
/** StepPercent: a multiple of 0.1 (ROLLOUT_LINEAR_STEP_PERCENT). */
export const LINEAR_STEP_PERCENT = percentRange(ROLLOUT_LINEAR_STEP_PERCENT);
/** CloudFormation's 33 hours for a canary or linear deployment (CLOUDFORMATION_DEPLOYMENT_MINUTES). */
export const CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES = CLOUDFORMATION_DEPLOYMENT_MINUTES.max!;

/**
 * Linear steps with a wait after them, as CloudFormation counts them: 100 ÷ StepPercent − 1 when the
 * step divides 100 evenly, else the whole part of 100 ÷ StepPercent. No wait follows the last step.
 */
export function linearWaitCount(stepPercent: number): number {
  const steps = 100 / stepPercent;
  return Number.isInteger(steps) ? steps - 1 : Math.floor(steps);
}

/** Whole minutes of a known duration, undefined for a token. */
export function minutesOf(value: Duration | undefined): number | undefined {
  if (value === undefined || value.isUnresolved()) {
    return undefined;
  }
  return value.toMinutes({ integral: false });
}

/** A duration of whole minutes within [0, 1440]; tokens skip the check. */
export function checkWaitMinutes(v: PropsValidator, prop: string, value: Duration | undefined): void {
  const minutes = minutesOf(value);
  if (minutes === undefined) {
    return;
  }
  if (!Number.isInteger(minutes) || minutes < ROLLOUT_WAIT_MINUTES.min! || minutes > MAX_WAIT_MINUTES) {
    v.fail(`'${prop}' must be a whole number of minutes from ${ROLLOUT_WAIT_MINUTES.min} to ${MAX_WAIT_MINUTES} (24 hours), got ${formatMinutes(minutes)}`);
  }
}

/**
 * A percentage that is a multiple of 0.1 within [min, max]; tokens skip the check. "Multiple of 0.1"
 * is tested as aws-cdk-lib tests it (`value * 10` is an integer) so that no value passes here and
 * fails in its L2.
 */
export function checkTenthPercent(v: PropsValidator, prop: string, value: number | undefined, range: { min: number; max: number }): void {
  if (value === undefined || Token.isUnresolved(value)) {
    return;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < range.min || value > range.max || !Number.isInteger(value * 10)) {
    v.fail(`'${prop}' must be a multiple of 0.1 from ${range.min} to ${range.max}, got ${describe(value)}`);
  }
}

function formatMinutes(minutes: number): string {
  return Number.isInteger(minutes) ? `${minutes} min` : `${Number(minutes.toFixed(4))} min`;
}
