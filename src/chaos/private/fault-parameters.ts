import { Duration, Fn, Token, Tokenization } from 'aws-cdk-lib';
import { FIS_FAULT_SECONDS } from '../../private/limits';
import { PropsValidator, describe, listOf, secondsOf } from '../../private/validation';
import type { TaskFaultOptions } from '../ecs-fault-options';

/** This library's range for a fault's duration, not AWS's (FIS_FAULT_SECONDS says why). */
const MIN_FAULT_SECONDS = FIS_FAULT_SECONDS.min!;
const MAX_FAULT_SECONDS = FIS_FAULT_SECONDS.max!;

/** Network faults on Fargate must go through the ECS fault-injection endpoints (FIS requirement). */
export function endpoints(): Record<string, string> {
  return { useEcsFaultInjectionEndpoints: 'true' };
}

/** `installDependencies` only when given, so FIS keeps its own default otherwise. */
export function dependencies(options: TaskFaultOptions): Record<string, string> {
  if (options.installDependencies === undefined) {
    return {};
  }
  return { installDependencies: options.installDependencies ? 'True' : 'False' };
}

/** A required integer in `min`–`max`, rendered as FIS's string (a token stays a token). */
export function integer(v: PropsValidator, prop: string, value: number | undefined, min: number, max: number): string {
  if (value === undefined || value === null) {
    v.fail(`'${prop}' is required: an integer from ${min} to ${max}`);
    return '';
  }
  v.integerInRange(prop, value, min, max);
  return Tokenization.stringifyNumber(value);
}

/** `{ [key]: integer }` when the value is given, nothing otherwise (FIS's default applies). */
export function optionalInteger(
  v: PropsValidator, key: string, prop: string, value: number | undefined, min: number, max: number,
): Record<string, string> {
  return value === undefined ? {} : { [key]: integer(v, prop, value, min, max) };
}

/** One of `allowed`; a token is passed through unchecked. */
export function oneOf(v: PropsValidator, prop: string, value: string | undefined, allowed: string[]): string {
  if (Token.isUnresolved(value)) {
    return value as string;
  }
  v.check(value !== undefined && allowed.includes(value),
    `'${prop}' must be ${listOf(allowed.map(a => `'${a}'`))}, got ${describe(value)}`);
  return String(value);
}

/** ISO 8601 as FIS expects it; a token duration must be in seconds to be rendered. */
export function isoDuration(v: PropsValidator, prop: string, value: Duration): string {
  const seconds = secondsOf(value);
  if (seconds !== undefined) {
    v.check(Number.isInteger(seconds) && seconds >= MIN_FAULT_SECONDS && seconds <= MAX_FAULT_SECONDS,
      `'${prop}' must be from PT1M (1 minute) to PT12H (12 hours) in whole seconds (this library's range; FIS documents none), got ${value.toHumanString()}`);
    return value.toIsoString();
  }
  try {
    return `PT${Tokenization.stringifyNumber(value.toSeconds())}S`;
  } catch {
    v.fail(`'${prop}' comes from a token, so it must be built with Duration.seconds() to be rendered in ISO 8601`);
    return '';
  }
}

/** Whole milliseconds as FIS's string; a token duration must be in milliseconds to be rendered. */
export function milliseconds(v: PropsValidator, prop: string, value: Duration): string {
  if (!value.isUnresolved()) {
    const ms = value.toMilliseconds({ integral: false });
    v.check(Number.isInteger(ms) && ms >= 0,
      `'${prop}' must be a whole number of milliseconds, 0 or more, got ${value.toHumanString()}`);
    return String(ms);
  }
  try {
    return Tokenization.stringifyNumber(value.toMilliseconds());
  } catch {
    v.fail(`'${prop}' comes from a token, so it must be built with Duration.millis() to be rendered in milliseconds`);
    return '';
  }
}

/** FIS takes the destinations as one comma-separated string, so no entry may hold a comma or a space. */
export function sources(v: PropsValidator, prop: string, value: string[]): string {
  if (Token.isUnresolved(value)) {
    return Fn.join(',', value);
  }
  v.check(value.length > 0, `'${prop}' must list at least one destination (an IP, CIDR, domain, AZ, 'ALL', 'DYNAMODB' or 'S3'), got []`);
  for (const source of value) {
    v.check(Token.isUnresolved(source) || (typeof source === 'string' && /^[^\s,]+$/.test(source)),
      `'${prop}' entries must be non-empty and contain no spaces or commas (FIS joins them with commas), got ${describe(source)}`);
  }
  return value.join(',');
}
