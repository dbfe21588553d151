import { Duration, TimeZone } from 'aws-cdk-lib';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { CronShape, DailyPeakShape, EventShape, Shape } from './private/schedule-shapes';
import { WeekDay } from './week-day';
import { SCHEDULED_CAPACITY_BRAND, ScheduleContext, ScheduledActionSpec } from '../private/configure-scaling';

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
