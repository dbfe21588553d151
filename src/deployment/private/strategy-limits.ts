import { Duration, Token } from 'aws-cdk-lib';
import { PropsValidator, describe } from '../../private/validation';

/**
 * BakeTimeInMinutes, CanaryBakeTimeInMinutes and StepBakeTimeInMinutes: whole minutes, 0 to 1440 (24 hours)
 * (the resource schema cfn-lint ships gives the same bounds).
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-deploymentconfiguration.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
 */
export const MAX_WAIT_MINUTES = 1440;

/**
 * CanaryPercent: a multiple of 0.1 from 0.1 to 100.0.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_CanaryConfiguration.html
 */
export const CANARY_PERCENT = { min: 0.1, max: 100 };

/**
 * StepPercent: a multiple of 0.1 from 3.0 to 100.0.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_LinearConfiguration.html
 */
export const LINEAR_STEP_PERCENT = { min: 3, max: 100 };

/**
 * CloudFormation rejects canary and linear deployments whose computed duration exceeds 33 hours
 * (its operations time out after 36): BakeTimeInMinutes + CanaryBakeTimeInMinutes, or
 * BakeTimeInMinutes + StepBakeTimeInMinutes × steps.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-canaryconfiguration.html
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-linearconfiguration.html
 */
export const CLOUDFORMATION_MAX_DEPLOYMENT_MINUTES = 33 * 60;

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
  if (!Number.isInteger(minutes) || minutes < 0 || minutes > MAX_WAIT_MINUTES) {
    v.fail(`'${prop}' must be a whole number of minutes from 0 to ${MAX_WAIT_MINUTES} (24 hours), got ${formatMinutes(minutes)}`);
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
