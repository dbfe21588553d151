import { Annotations, Token, Tokenization } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { isValidDate, validateCapacities, validateName } from './schedule-checks';
import type { ScheduleContext, ScheduledActionSpec } from '../../private/configure-scaling';
import { SCALING_EVENT_WARMUP } from '../../private/defaults';
import { SCALING_SCHEDULE_HOUR } from '../../private/limits';
import { describe, isKnown, secondsOf } from '../../private/validation';
import type { DailyPeakOptions, EventCapacityOptions, ScheduleCapacityOptions } from '../scheduled-capacity';
import { WeekDay } from '../week-day';

const SCALE_UP_SUFFIX = '-scale-up';
const SCALE_DOWN_SUFFIX = '-scale-down';
/** Cron order of the week; the day after the last is the first. */
const WEEK: WeekDay[] = [
  WeekDay.MONDAY, WeekDay.TUESDAY, WeekDay.WEDNESDAY, WeekDay.THURSDAY,
  WeekDay.FRIDAY, WeekDay.SATURDAY, WeekDay.SUNDAY,
];

/** What a `ScheduledCapacity` factory chose: its checks and its scheduled actions. */
export interface Shape {
  validate(name: string, context: ScheduleContext): void;
  actions(name: string, context: ScheduleContext): ScheduledActionSpec[];
}

/** `ScheduledCapacity.schedule()`: one action, as given. */
export class CronShape implements Shape {
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

/** `ScheduledCapacity.dailyPeak()`: a cron action at the start hour and one at the end hour. */
export class DailyPeakShape implements Shape {
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
    // Hours of the day, as the hour field of Application Auto Scaling's cron expressions takes them.
    v.integerInRange(`${context.prop}.startHour`, startHour, SCALING_SCHEDULE_HOUR.min!, SCALING_SCHEDULE_HOUR.max!);
    v.integerInRange(`${context.prop}.endHour`, endHour, SCALING_SCHEDULE_HOUR.min!, SCALING_SCHEDULE_HOUR.max!);
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

/** `ScheduledCapacity.event()`: an `at()` action `warmup` before the start and one at the end. */
export class EventShape implements Shape {
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
