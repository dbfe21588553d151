import { Duration, TimeZone, Token } from 'aws-cdk-lib';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { checkCronFields, checkTimeZone } from './private/cron-fields';
import { JOB_CRON_MINUTE } from '../private/defaults';
import { describe } from '../private/validation';

/**
 * The fields of a cron schedule for `JobSchedule.cron()`, in EventBridge Scheduler's syntax.
 *
 * Each field is a string so that lists (`'1,15'`), ranges (`'MON-FRI'`), steps (`'0/15'`) and the
 * special characters `L`, `W` and `#` can be used. EventBridge Scheduler needs all six fields; a field
 * left out is filled by aws-cdk-lib's `ScheduleExpression.cron()` with "every" (`*`, or `?` for whichever
 * of `day` and `weekDay` is not given), except `minute`, which this library fills with `'0'`.
 *
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html#cron-based
 */
export interface JobCronOptions {
  /**
   * Minute of the hour (0–59).
   *
   * @default '0' — on the hour. aws-cdk-lib would fill a missing minute with `*` (every minute), which a
   * job rarely wants; use `JobSchedule.rate(Duration.minutes(1))` for that.
   */
  readonly minute?: string;

  /**
   * Hour of the day (0–23), in `timeZone`.
   *
   * @default '*' — every hour
   */
  readonly hour?: string;

  /**
   * Day of the month (1–31, `L` for the last day, `15W` for the weekday nearest the 15th).
   * Give `day` or `weekDay`, not both.
   *
   * @default - every day ('*', or '?' when `weekDay` is given)
   */
  readonly day?: string;

  /**
   * Month (1–12 or JAN–DEC).
   *
   * @default '*' — every month
   */
  readonly month?: string;

  /**
   * Day of the week (1–7 or SUN–SAT, `6L` for the last Friday, `2#1` for the first Monday).
   * Give `day` or `weekDay`, not both.
   *
   * @default - any day of the week ('?')
   */
  readonly weekDay?: string;

  /**
   * Year (1970–2199).
   *
   * @default '*' — every year
   */
  readonly year?: string;

  /**
   * Time zone the fields are read in (IANA name, e.g. `TimeZone.ASIA_SEOUL` or
   * `TimeZone.of('Europe/Berlin')`). Scheduler follows the zone's daylight-saving changes.
   *
   * @default TimeZone.ETC_UTC
   */
  readonly timeZone?: TimeZone;
}

/**
 * When an `EssentialScheduledJob` runs: a cron schedule in a time zone, a fixed rate, or once at a date.
 *
 * Renders an EventBridge Scheduler schedule expression (`cron(...)`, `rate(...)`, `at(...)`) and its
 * `ScheduleExpressionTimezone`. Invalid fields, time zones and rates fail when the job is
 * constructed, with the prop named.
 *
 * @see https://docs.aws.amazon.com/scheduler/latest/UserGuide/schedule-types.html
 */
export abstract class JobSchedule {
  /**
   * A recurring schedule from cron fields, read in `timeZone` (UTC by default).
   *
   * @param options the cron fields and their time zone; `minute` defaults to '0'
   */
  public static cron(options: JobCronOptions): JobSchedule {
    return new CronSchedule({ ...options });
  }

  /**
   * A recurring schedule every `interval`: a whole number of minutes, at least one.
   *
   * @param interval time between two runs (e.g. `Duration.hours(6)`)
   */
  public static rate(interval: Duration): JobSchedule {
    return new RateSchedule(interval);
  }

  /**
   * One run at `date` (seconds and milliseconds are ignored), read in `timeZone`.
   *
   * The date's UTC fields are used as the wall-clock time in `timeZone`, as aws-cdk-lib's
   * `ScheduleExpression.at()` does: `new Date('2030-01-01T09:00:00Z')` with `TimeZone.ASIA_SEOUL`
   * runs at 09:00 in Seoul.
   *
   * @param date the date and wall-clock time of the run
   * @param timeZone the time zone of that wall-clock time
   * @default timeZone TimeZone.ETC_UTC
   */
  public static at(date: Date, timeZone?: TimeZone): JobSchedule {
    return new OneTimeSchedule(date, timeZone);
  }

  /**
   * The time zone the schedule is read in, or undefined for UTC.
   */
  public abstract readonly timeZone?: TimeZone;

  /**
   * Problems with the schedule; empty when valid. Values that are tokens are not checked.
   *
   * @param prop the prop that holds this schedule, used in the messages (e.g. `'schedule'`)
   *
   * @internal
   */
  public _validate(prop: string): string[] {
    return [...this._validateExpression(prop), ...checkTimeZone(`${prop}.timeZone`, this.timeZone)];
  }

  /**
   * Problems with the schedule's own fields (the time zone is checked by `_validate`).
   *
   * @internal
   */
  public abstract _validateExpression(prop: string): string[];

  /**
   * The Scheduler expression of this schedule; call `_validate()` first.
   *
   * @internal
   */
  public abstract _bind(): scheduler.ScheduleExpression;
}

/** `cron()`: recurring, from cron fields. */
class CronSchedule extends JobSchedule {
  constructor(private readonly cron: JobCronOptions) {
    super();
  }

  public get timeZone(): TimeZone | undefined {
    return this.cron.timeZone;
  }

  public _validateExpression(prop: string): string[] {
    return checkCronFields(prop, this.fields);
  }

  public _bind(): scheduler.ScheduleExpression {
    return scheduler.ScheduleExpression.cron(this.fields);
  }

  /** The fields with the minute defaulted. */
  private get fields(): JobCronOptions {
    return { ...this.cron, minute: this.cron.minute ?? JOB_CRON_MINUTE };
  }
}

/** `rate()`: recurring, every interval. */
class RateSchedule extends JobSchedule {
  public readonly timeZone: TimeZone | undefined = undefined;

  constructor(private readonly interval: Duration) {
    super();
  }

  public _validateExpression(prop: string): string[] {
    return checkRate(prop, this.interval);
  }

  public _bind(): scheduler.ScheduleExpression {
    return scheduler.ScheduleExpression.rate(this.interval);
  }
}

/** `at()`: one run at a date. */
class OneTimeSchedule extends JobSchedule {
  constructor(private readonly date: Date, public readonly timeZone: TimeZone | undefined) {
    super();
  }

  public _validateExpression(prop: string): string[] {
    const date = this.date;
    if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
      return [`'${prop}' JobSchedule.at() needs a valid Date, got ${describe(String(date))}`];
    }
    return [];
  }

  public _bind(): scheduler.ScheduleExpression {
    return scheduler.ScheduleExpression.at(this.date, this.timeZone);
  }
}

/** A rate of at least one minute, in whole minutes (Scheduler's `rate(value unit)` has no seconds). */
function checkRate(prop: string, rate: Duration | undefined): string[] {
  if (rate === undefined || !(rate instanceof Duration)) {
    return [`'${prop}' JobSchedule.rate() needs a Duration, got ${describe(rate)}`];
  }
  if (rate.isUnresolved() || Token.isUnresolved(rate)) {
    return [];
  }
  const minutes = rate.toSeconds({ integral: false }) / 60;
  if (!Number.isInteger(minutes) || minutes < 1) {
    return [`'${prop}' rate must be a whole number of minutes, at least 1 (EventBridge Scheduler's smallest unit), got ${rate.toHumanString()}`];
  }
  return [];
}
