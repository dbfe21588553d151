import { Annotations, Duration, TimeZone, Token, Tokenization } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { WeekDay } from './week-day';
import { SCHEDULED_CAPACITY_BRAND, ScheduleContext, ScheduledActionSpec } from '../private/configure-scaling';
import { SCALING_EVENT_WARMUP } from '../private/defaults';
import { describe, isKnown, secondsOf } from '../private/validation';

/**
 * Options for a scheduled capacity change on a schedule of your own.
 *
 * One scheduled action on the service's scalable target; nothing is reverted automatically.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
 */
export interface ScheduleCapacityOptions {
  /**
   * Name of the scheduled action; unique among the service's schedules.
   *
   * Becomes the `ScheduledActionName`, so changing it replaces the action.
   */
  readonly name: string;

  /**
   * When the change happens: `Schedule.cron(...)`, `Schedule.rate(...)` or `Schedule.at(...)`.
   *
   * @see https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
   */
  readonly schedule: appscaling.Schedule;

  /**
   * The service's new minimum task count.
   *
   * @default - unchanged (give at least one of minCapacity and maxCapacity)
   */
  readonly minCapacity?: number;

  /**
   * The service's new maximum task count.
   *
   * @default - unchanged (give at least one of minCapacity and maxCapacity)
   */
  readonly maxCapacity?: number;

  /**
   * Time zone in which cron and `at()` expressions are read.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;
}

/**
 * Options for a peak that recurs every day (or on given week days) between two hours.
 *
 * Two cron actions on the service's scalable target: one at the start hour, one at the end hour.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/scheduled-scaling-using-cron-expressions.html
 */
export interface DailyPeakOptions {
  /**
   * Hour (0 to 23) at which the peak starts: the minimum task count rises to `minCapacity`.
   */
  readonly startHour: number;

  /**
   * Hour (0 to 23) at which the peak ends: the minimum task count returns to the service's.
   *
   * Smaller than `startHour` for an overnight peak; the end then falls on the next day.
   */
  readonly endHour: number;

  /**
   * The minimum task count during the peak.
   */
  readonly minCapacity: number;

  /**
   * The maximum task count during the peak; the service's returns when the peak ends.
   *
   * @default - the service's maxCapacity
   */
  readonly maxCapacity?: number;

  /**
   * Time zone in which the hours are read; daylight saving time is followed.
   *
   * @default - UTC
   */
  readonly timeZone?: TimeZone;

  /**
   * Days on which the peak starts.
   *
   * @default - every day
   */
  readonly weekDays?: WeekDay[];

  /**
   * Name of the schedule; its actions are named `<name>-scale-up` and `<name>-scale-down`.
   *
   * @default - derived from the hours and days, e.g. `daily-peak-08-18-mon-fri`
   */
  readonly name?: string;
}

/**
 * Options for a one-off event with a known start and end, such as a sale or a launch.
 *
 * Two `at()` actions on the service's scalable target: one `warmup` before the start, one at the end.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
 */
export interface EventCapacityOptions {
  /**
   * Name of the schedule; its actions are named `<name>-scale-up` and `<name>-scale-down`.
   */
  readonly name: string;

  /**
   * When the event starts; capacity rises `warmup` earlier.
   */
  readonly start: Date;

  /**
   * When the event ends: the service's minimum (and maximum) task count return.
   */
  readonly end: Date;

  /**
   * The minimum task count during the event.
   */
  readonly minCapacity: number;

  /**
   * The maximum task count during the event.
   *
   * @default - the service's maxCapacity
   */
  readonly maxCapacity?: number;

  /**
   * How long before `start` the capacity rises, so tasks are healthy when the event begins.
   *
   * @default Duration.minutes(30)
   */
  readonly warmup?: Duration;
}

/** AWS limit on ScheduledActionName. */
const MAX_ACTION_NAME_LENGTH = 256;
const SCALE_UP_SUFFIX = '-scale-up';
const SCALE_DOWN_SUFFIX = '-scale-down';
/** Characters Application Auto Scaling refuses in a scheduled action name. */
const FORBIDDEN_NAME_CHARS = /[\u0000-\u001f\u007f-\u009f:/|]/;
/** Cron order of the week; the day after the last is the first. */
const WEEK: WeekDay[] = [
  WeekDay.MONDAY, WeekDay.TUESDAY, WeekDay.WEDNESDAY, WeekDay.THURSDAY,
  WeekDay.FRIDAY, WeekDay.SATURDAY, WeekDay.SUNDAY,
];

/**
 * A scheduled change of a service's task count: a daily peak, a one-off event or a raw schedule.
 *
 * Scheduled actions change the minimum (and optionally maximum) task count of the service's
 * scalable target; target tracking keeps working inside the new bounds. `dailyPeak()` and
 * `event()` each create two actions, one raising capacity and one returning it to the service's
 * own bounds, so the service never stays scaled up by mistake.
 *
 * @see https://docs.aws.amazon.com/autoscaling/application/userguide/application-auto-scaling-scheduled-scaling.html
 */
export class ScheduledCapacity {
  /**
   * One scheduled action on a schedule of your own (cron, rate or at).
   *
   * Nothing is reverted: pair it with another `schedule()` to undo the change.
   */
  public static schedule(options: ScheduleCapacityOptions): ScheduledCapacity {
    return new ScheduledCapacity(options.name, new CronShape(options));
  }

  /**
   * A peak every day (or on given week days) from `startHour` to `endHour`.
   *
   * Creates two cron actions: `<name>-scale-up` at the start hour sets the peak capacity,
   * `<name>-scale-down` at the end hour returns to the service's minimum (and maximum). An
   * overnight peak (`endHour` smaller than `startHour`) ends on the following day.
   */
  public static dailyPeak(options: DailyPeakOptions): ScheduledCapacity {
    const shape = new DailyPeakShape(options);
    return new ScheduledCapacity(options.name ?? shape.defaultName(), shape);
  }

  /**
   * A one-off event between two dates.
   *
   * Creates two `at()` actions: `<name>-scale-up` at `start` minus `warmup` and
   * `<name>-scale-down` at `end`. Dates are absolute, so no time zone applies.
   */
  public static event(options: EventCapacityOptions): ScheduledCapacity {
    return new ScheduledCapacity(options.name, new EventShape(options));
  }

  /**
   * Name of the schedule, unique among the service's schedules.
   */
  public readonly name: string;

  private readonly shape: Shape;

  private constructor(name: string, shape: Shape) {
    this.name = name;
    this.shape = shape;
    Object.defineProperty(this, SCHEDULED_CAPACITY_BRAND, { value: true });
  }

  /**
   * Record every problem of this schedule's props.
   *
   * @internal
   */
  public _validate(context: ScheduleContext): void {
    this.shape.validate(this.name, context);
  }

  /**
   * The scheduled actions of this schedule; call only after `_validate` found no problem.
   *
   * @internal
   */
  public _actions(context: ScheduleContext): ScheduledActionSpec[] {
    return this.shape.actions(this.name, context);
  }
}

interface Shape {
  validate(name: string, context: ScheduleContext): void;
  actions(name: string, context: ScheduleContext): ScheduledActionSpec[];
}

class CronShape implements Shape {
  constructor(private readonly options: ScheduleCapacityOptions) {}

  public validate(name: string, context: ScheduleContext): void {
    const v = context.validator;
    validateName(context, name, 0);
    v.check(this.options.schedule instanceof appscaling.Schedule,
      `'${context.prop}.schedule' must be an appscaling.Schedule (cron, rate, at or expression), got ${describe(this.options.schedule)}`);
    v.check(this.options.minCapacity !== undefined || this.options.maxCapacity !== undefined,
      `'${context.prop}.minCapacity' or '${context.prop}.maxCapacity' must be given: a scheduled action changes at least one of them, got neither`);
    validateCapacities(context, this.options.minCapacity, this.options.maxCapacity);
  }

  public actions(name: string): ScheduledActionSpec[] {
    return [{
      actionName: name,
      schedule: this.options.schedule,
      minCapacity: this.options.minCapacity,
      maxCapacity: this.options.maxCapacity,
      timeZone: this.options.timeZone,
    }];
  }
}

class DailyPeakShape implements Shape {
  constructor(private readonly options: DailyPeakOptions) {}

  /** Stable across synths: built from the hours and days only. */
  public defaultName(): string {
    const { startHour, endHour } = this.options;
    const parts = ['daily-peak', hourLabel(startHour), hourLabel(endHour)];
    const days = this.days();
    if (days.length > 0 && days.length < WEEK.length) {
      parts.push(dayRanges(days));
    }
    return parts.join('-');
  }

  public validate(name: string, context: ScheduleContext): void {
    const v = context.validator;
    const { startHour, endHour, minCapacity, maxCapacity, weekDays } = this.options;
    v.integerInRange(`${context.prop}.startHour`, startHour, 0, 23);
    v.integerInRange(`${context.prop}.endHour`, endHour, 0, 23);
    if (isKnown(startHour) && isKnown(endHour)) {
      v.check(startHour !== endHour,
        `'${context.prop}.endHour' must differ from startHour ${startHour} (a peak that ends when it starts never scales), got ${endHour}`);
    }
    const hoursKnown = isKnown(startHour) && isKnown(endHour);
    if (this.options.name === undefined) {
      v.check(hoursKnown,
        `'${context.prop}.name' is required when startHour or endHour is a token (the default name is built from the hours), got none`);
    }
    validateName(context, name, Math.max(SCALE_UP_SUFFIX.length, SCALE_DOWN_SUFFIX.length));
    if (weekDays !== undefined) {
      const ok = Array.isArray(weekDays) && weekDays.length > 0 && weekDays.every(d => WEEK.includes(d));
      v.check(ok, `'${context.prop}.weekDays' must list at least one WeekDay (MONDAY to SUNDAY), got ${JSON.stringify(weekDays)}`);
      v.check(hoursKnown || this.days().length === WEEK.length,
        `'${context.prop}.startHour' and 'endHour' must be known at synth time when weekDays is set (an overnight peak ends on the next day), got a token`);
    }
    v.check(minCapacity !== undefined, `'${context.prop}.minCapacity' is required for a daily peak, got undefined`);
    validateCapacities(context, minCapacity, maxCapacity);
  }

  public actions(name: string, context: ScheduleContext): ScheduledActionSpec[] {
    const { startHour, endHour, minCapacity, maxCapacity, timeZone } = this.options;
    const startDays = this.days();
    const overnight = isKnown(startHour) && isKnown(endHour) && endHour < startHour;
    const endDays = overnight ? WEEK.filter(d => startDays.map(nextDay).includes(d)) : startDays;
    return [
      {
        actionName: `${name}${SCALE_UP_SUFFIX}`,
        schedule: dailyCron(startHour, startDays),
        minCapacity,
        maxCapacity,
        timeZone,
      },
      {
        actionName: `${name}${SCALE_DOWN_SUFFIX}`,
        schedule: dailyCron(endHour, endDays),
        minCapacity: context.serviceMinCapacity,
        // Only restore what the peak changed, so a cron() schedule's maximum is left alone.
        maxCapacity: maxCapacity !== undefined ? context.serviceMaxCapacity : undefined,
        timeZone,
      },
    ];
  }

  /** Distinct days in week order; every day when none are given. */
  private days(): WeekDay[] {
    const given = this.options.weekDays;
    if (given === undefined || !Array.isArray(given)) {
      return [...WEEK];
    }
    return WEEK.filter(d => given.includes(d));
  }
}

class EventShape implements Shape {
  constructor(private readonly options: EventCapacityOptions) {}

  public validate(name: string, context: ScheduleContext): void {
    const v = context.validator;
    const { start, end, minCapacity, maxCapacity, warmup } = this.options;
    validateName(context, name, Math.max(SCALE_UP_SUFFIX.length, SCALE_DOWN_SUFFIX.length));
    const startOk = isValidDate(start);
    const endOk = isValidDate(end);
    v.check(startOk, `'${context.prop}.start' must be a valid Date, got ${describe(start)}`);
    v.check(endOk, `'${context.prop}.end' must be a valid Date, got ${describe(end)}`);
    if (startOk && endOk) {
      v.check(end.getTime() > start.getTime(),
        `'${context.prop}.end' must be after start ${start.toISOString()}, got ${end.toISOString()}`);
    }
    const warmupSeconds = secondsOf(warmup);
    if (warmupSeconds !== undefined) {
      v.check(Number.isInteger(warmupSeconds) && warmupSeconds >= 0,
        `'${context.prop}.warmup' must be a whole number of seconds, got ${warmup!.toHumanString()}`);
    }
    v.check(minCapacity !== undefined, `'${context.prop}.minCapacity' is required for an event, got undefined`);
    validateCapacities(context, minCapacity, maxCapacity);

    if (startOk && endOk) {
      this.warnIfPast(name, context);
    }
  }

  public actions(name: string, context: ScheduleContext): ScheduledActionSpec[] {
    const { end, minCapacity, maxCapacity } = this.options;
    return [
      {
        actionName: `${name}${SCALE_UP_SUFFIX}`,
        schedule: appscaling.Schedule.at(this.scaleUpAt()),
        minCapacity,
        maxCapacity,
      },
      {
        actionName: `${name}${SCALE_DOWN_SUFFIX}`,
        schedule: appscaling.Schedule.at(end),
        minCapacity: context.serviceMinCapacity,
        maxCapacity: maxCapacity !== undefined ? context.serviceMaxCapacity : undefined,
      },
    ];
  }

  private scaleUpAt(): Date {
    const warmupSeconds = secondsOf(this.options.warmup ?? SCALING_EVENT_WARMUP) ?? 0;
    return new Date(this.options.start.getTime() - warmupSeconds * 1000);
  }

  // The clock only feeds a warning, never the template, so synths stay byte-identical.
  private warnIfPast(name: string, context: ScheduleContext): void {
    const now = context.now.getTime();
    const scaleUpAt = this.scaleUpAt();
    let message: string | undefined;
    if (this.options.end.getTime() <= now) {
      message = `Event '${name}' (${context.prop}) ended at ${this.options.end.toISOString()}: `
        + 'its scheduled actions are in the past and never run. Remove the schedule.';
    } else if (scaleUpAt.getTime() <= now) {
      message = `Event '${name}' (${context.prop}) scales up at ${scaleUpAt.toISOString()}, which has passed: `
        + 'the scale-up never runs. Move start or shorten warmup, or raise minCapacity directly.';
    }
    if (message !== undefined) {
      Annotations.of(context.scope).addWarningV2('cdk-ecs-essentials:scheduledEventInPast', message);
    }
  }
}

function validateName(context: ScheduleContext, name: string, suffixLength: number): void {
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
function validateCapacities(context: ScheduleContext, min: number | undefined, max: number | undefined): void {
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

function isValidDate(value: unknown): value is Date {
  return value instanceof Date && !Number.isNaN(value.getTime());
}

function dailyCron(hour: number, days: WeekDay[]): appscaling.Schedule {
  return appscaling.Schedule.cron({
    minute: '0',
    hour: Token.isUnresolved(hour) ? Tokenization.stringifyNumber(hour) : String(hour),
    weekDay: days.length < WEEK.length ? days.join(',') : undefined,
  });
}

function nextDay(day: WeekDay): WeekDay {
  return WEEK[(WEEK.indexOf(day) + 1) % WEEK.length];
}

function hourLabel(hour: number): string {
  return Token.isUnresolved(hour) ? 'token' : String(hour).padStart(2, '0');
}

/** Consecutive days as `mon-fri`, others joined by `+`: `mon-wed+sat`. */
function dayRanges(days: WeekDay[]): string {
  const runs: WeekDay[][] = [];
  for (const day of days) {
    const run = runs[runs.length - 1];
    if (run !== undefined && WEEK.indexOf(run[run.length - 1]) + 1 === WEEK.indexOf(day)) {
      run.push(day);
    } else {
      runs.push([day]);
    }
  }
  return runs
    .map(run => (run.length === 1 ? run[0] : `${run[0]}-${run[run.length - 1]}`).toLowerCase())
    .join('+');
}
