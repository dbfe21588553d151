import type { ScheduleContext } from '../../private/configure-scaling';
import { SCHEDULED_ACTION_NAME } from '../../private/limits';
import { describe, isKnown } from '../../private/validation';

/** Application Auto Scaling's ScheduledActionName length (src/private/limits/ quotes the API model). */
const MAX_ACTION_NAME_LENGTH = SCHEDULED_ACTION_NAME.max!;
/** Characters Application Auto Scaling refuses in a scheduled action name (the same API model's pattern). */
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f:/|]/;

/** A scheduled action name that leaves room for a `suffixLength`-character suffix (`-scale-up`, `-scale-down`). */
export function validateName(context: ScheduleContext, name: string, suffixLength: number): void {
  const max = MAX_ACTION_NAME_LENGTH - suffixLength;
  const ok = typeof name === 'string'
    && name.length >= 1
    && name.length <= max
    && !FORBIDDEN_NAME_CHARS.test(name)
    && name.trim() === name;
  context.validator.check(ok,
    `'${context.prop}.name' must be 1 to ${max} characters without ':', '/', '|', control characters `
    + `or leading/trailing spaces, got ${describe(name)}`);
}

/** Non-negative integers, min <= max, and a minimum the effective maximum allows. */
export function validateCapacities(context: ScheduleContext, min: number | undefined, max: number | undefined): void {
  const v = context.validator;
  nonNegativeInteger(context, `${context.prop}.minCapacity`, min);
  nonNegativeInteger(context, `${context.prop}.maxCapacity`, max);
  if (isKnown(min) && isKnown(max)) {
    v.check(min <= max, `'${context.prop}.minCapacity' must be at most maxCapacity ${max}, got ${min}`);
  } else if (isKnown(min) && max === undefined && isKnown(context.serviceMaxCapacity)) {
    v.check(min <= context.serviceMaxCapacity,
      `'${context.prop}.minCapacity' must be at most the service's maxCapacity ${context.serviceMaxCapacity} `
      + `(or set the schedule's own maxCapacity), got ${min}`);
  }
}

function nonNegativeInteger(context: ScheduleContext, prop: string, value: number | undefined): void {
  if (!isKnown(value)) {
    return;
  }
  context.validator.check(typeof value === 'number' && Number.isInteger(value) && value >= 0,
    `'${prop}' must be a non-negative integer, got ${describe(value)}`);
}

/** A `Date` whose time is a number (`new Date('nonsense')` is a Date too). */
export function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}
