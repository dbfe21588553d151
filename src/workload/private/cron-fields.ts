import { TimeZone, Token } from 'aws-cdk-lib';
import { CRON_DAY, CRON_HOUR, CRON_MINUTE, CRON_MONTH, CRON_WEEK_DAY, CRON_YEAR, Limit } from '../../private/limits';
import { describe } from '../../private/validation';

/** The cron fields as `JobCronOptions` holds them (the time zone is checked on its own). */
export interface CronFields {
  readonly minute?: string;
  readonly hour?: string;
  readonly day?: string;
  readonly month?: string;
  readonly weekDay?: string;
  readonly year?: string;
}

interface FieldRule {
  readonly min: number;
  readonly max: number;
  readonly names?: ReadonlyArray<string>;
  /** Single-value forms besides numbers, names, ranges and steps (e.g. `L`, `15W`, `6#3`). */
  readonly special?: RegExp;
  readonly allowed: string;
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
const WEEK_DAYS = ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'];

/** A field's range as the rules take it, and as messages write it (`0-59`). */
function range(limit: Limit): { min: number; max: number; text: string } {
  return { min: limit.min!, max: limit.max!, text: `${limit.min}-${limit.max}` };
}
const MINUTE = range(CRON_MINUTE);
const HOUR = range(CRON_HOUR);
const DAY = range(CRON_DAY);
const MONTH = range(CRON_MONTH);
const WEEK_DAY = range(CRON_WEEK_DAY);
const YEAR = range(CRON_YEAR);

// EventBridge Scheduler cron fields (the ranges, CRON_* in src/private/limits/, quote its user guide):
// https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
const RULES: Record<keyof CronFields, FieldRule> = {
  minute: { min: MINUTE.min, max: MINUTE.max, allowed: `${MINUTE.text} with , - * /` },
  hour: { min: HOUR.min, max: HOUR.max, allowed: `${HOUR.text} with , - * /` },
  day: { min: DAY.min, max: DAY.max, special: /^(L|LW|([1-9]|[12][0-9]|3[01])W)$/, allowed: `${DAY.text} with , - * ? / L W` },
  month: { min: MONTH.min, max: MONTH.max, names: MONTHS, allowed: `${MONTH.text} or JAN-DEC with , - * /` },
  weekDay: {
    min: WEEK_DAY.min,
    max: WEEK_DAY.max,
    names: WEEK_DAYS,
    special: /^([1-7]|SUN|MON|TUE|WED|THU|FRI|SAT)(L|#[1-5])$/,
    allowed: `${WEEK_DAY.text} or SUN-SAT with , - * ? L #`,
  },
  year: { min: YEAR.min, max: YEAR.max, allowed: `${YEAR.text} with , - * /` },
};

/**
 * Problems with the cron fields, each naming `<prop>.<field>`; tokens are skipped.
 *
 * Day-of-month and day-of-week cannot both be given (one of them must be `?`).
 */
export function checkCronFields(prop: string, fields: CronFields): string[] {
  const problems: string[] = [];
  for (const name of Object.keys(RULES) as Array<keyof CronFields>) {
    const value = fields[name];
    if (value === undefined || Token.isUnresolved(value)) {
      continue;
    }
    const rule = RULES[name];
    const questionMarkAllowed = name === 'day' || name === 'weekDay';
    if (typeof value !== 'string' || !validField(value, rule, questionMarkAllowed)) {
      problems.push(`'${prop}.${name}' must be a cron field of ${rule.allowed}, got ${describe(value)}`);
    }
  }
  if (given(fields.day) && given(fields.weekDay)) {
    problems.push(`'${prop}' cannot restrict both 'day' and 'weekDay' (one of them must be '?'), got day ${describe(fields.day)} and weekDay ${describe(fields.weekDay)}`);
  }
  return problems;
}

/**
 * Problems with a time zone name: it must be an IANA name the runtime knows (tokens are skipped).
 */
export function checkTimeZone(prop: string, timeZone: TimeZone | undefined): string[] {
  if (timeZone === undefined) {
    return [];
  }
  const name = (timeZone as { timezoneName?: unknown }).timezoneName;
  if (typeof name !== 'string') {
    return [`'${prop}' must be an aws-cdk-lib TimeZone (TimeZone.of('Area/City')), got ${describe(name)}`];
  }
  if (Token.isUnresolved(name) || isIanaTimeZone(name)) {
    return [];
  }
  return [`'${prop}' must be an IANA time zone name such as 'Europe/Berlin' or 'Asia/Seoul', got ${describe(name)}`];
}

function isIanaTimeZone(name: string): boolean {
  if (name.trim() === '' || name !== name.trim()) {
    return false;
  }
  try {
    // The runtime's ICU data is the IANA database; it throws a RangeError for an unknown zone.
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/** True when a day field restricts the day (anything but `?`, unset or a token). */
function given(value: string | undefined): boolean {
  return value !== undefined && !Token.isUnresolved(value) && value !== '?';
}

function validField(value: string, rule: FieldRule, questionMarkAllowed: boolean): boolean {
  if (value === '?') {
    return questionMarkAllowed;
  }
  if (value === '') {
    return false;
  }
  return value.split(',').every((item) => validItem(item, rule));
}

/** One comma-separated item: `*`, a value, a range `a-b`, a step `a/n`, `*\/n`, `a-b/n`, or a special form. */
function validItem(item: string, rule: FieldRule): boolean {
  if (rule.special?.test(item)) {
    return true;
  }
  const [base, step, ...rest] = item.split('/');
  if (rest.length > 0) {
    return false;
  }
  if (step !== undefined && !/^[1-9][0-9]*$/.test(step)) {
    return false;
  }
  if (base === '*') {
    return true;
  }
  const bounds = base.split('-');
  if (bounds.length > 2) {
    return false;
  }
  const numbers = bounds.map((b) => valueOf(b, rule));
  if (numbers.some((n) => n === undefined)) {
    return false;
  }
  // EventBridge accepts wrapping ranges such as FRI-MON, so a range need not be increasing.
  return true;
}

function valueOf(text: string, rule: FieldRule): number | undefined {
  if (/^[0-9]+$/.test(text)) {
    const n = Number(text);
    return n >= rule.min && n <= rule.max ? n : undefined;
  }
  const index = rule.names?.indexOf(text.toUpperCase()) ?? -1;
  return index >= 0 ? rule.min + index : undefined;
}
