import { Limit } from './limit';

/** EventBridge Scheduler `RetryPolicy`. */
export const SCHEDULER_RETRY_ATTEMPTS: Limit = {
  prop: 'retryAttempts',
  min: 0,
  max: 185,
  source: 'EventBridge Scheduler API RetryPolicy.MaximumRetryAttempts (min 0, max 185)',
  model: 'botocore:scheduler:RetryPolicy.MaximumRetryAttempts',
  schema: 'AWS::Scheduler::Schedule#RetryPolicy.MaximumRetryAttempts',
};

export const SCHEDULER_MAX_EVENT_AGE: Limit = {
  prop: 'maxEventAge',
  min: 60,
  max: 86_400,
  source: 'EventBridge Scheduler API RetryPolicy.MaximumEventAgeInSeconds (min 60, max 86400)',
  model: 'botocore:scheduler:RetryPolicy.MaximumEventAgeInSeconds',
  schema: 'AWS::Scheduler::Schedule#RetryPolicy.MaximumEventAgeInSeconds',
};

/**
 * EventBridge Scheduler cron expressions (Scheduler User Guide, "Schedule types", cron-based schedules; the same
 * table as EventBridge's "Cron expressions reference"): Minutes 0-59, Hours 0-23, Day-of-month 1-31, Month 1-12
 * or JAN-DEC, Day-of-week 1-7 or SUN-SAT, Year 1970-2199. The API model holds only the expression's length.
 */
export const CRON_MINUTE: Limit = { prop: 'schedule.minute', min: 0, max: 59, source: 'EventBridge Scheduler User Guide, cron expressions, Minutes field: "0-59"' };

export const CRON_HOUR: Limit = { prop: 'schedule.hour', min: 0, max: 23, source: 'EventBridge Scheduler User Guide, cron expressions, Hours field: "0-23"' };

export const CRON_DAY: Limit = { prop: 'schedule.day', min: 1, max: 31, source: 'EventBridge Scheduler User Guide, cron expressions, Day-of-month field: "1-31"' };

export const CRON_MONTH: Limit = { prop: 'schedule.month', min: 1, max: 12, source: 'EventBridge Scheduler User Guide, cron expressions, Month field: "1-12 or JAN-DEC"' };

export const CRON_WEEK_DAY: Limit = { prop: 'schedule.weekDay', min: 1, max: 7, source: 'EventBridge Scheduler User Guide, cron expressions, Day-of-week field: "1-7 or SUN-SAT"' };

export const CRON_YEAR: Limit = { prop: 'schedule.year', min: 1970, max: 2199, source: 'EventBridge Scheduler User Guide, cron expressions, Year field: "1970-2199"' };

/**
 * `ScheduledCapacity.dailyPeak()` hours: the hour field of Application Auto Scaling's cron expressions
 * (`PutScheduledActionRequest.Schedule`: "[Minutes] [Hours] [Day_of_Month] [Month] [Day_of_Week] [Year]"; Application
 * Auto Scaling User Guide, cron expressions: Hours 0-23).
 */
export const SCALING_SCHEDULE_HOUR: Limit = {
  prop: 'scaling.schedules[] dailyPeak startHour, endHour',
  min: 0,
  max: 23,
  source: 'Application Auto Scaling API PutScheduledAction Schedule, cron Hours field: 0-23 (Application Auto Scaling User Guide, cron expressions)',
};

/**
 * Application Auto Scaling API `PutScheduledActionRequest.ScheduledActionName`: 1–256 characters, none of the control
 * characters or ':', '/', '|', and no leading or trailing spaces.
 */
export const SCHEDULED_ACTION_NAME: Limit = {
  prop: 'scaling.schedules[].name (with the suffix the library adds)',
  min: 1,
  max: 256,
  source: 'Application Auto Scaling API PutScheduledActionRequest.ScheduledActionName (shape ScheduledActionName: min 1, max 256, no control characters, \':\', \'/\' or \'|\')',
  model: 'botocore:application-autoscaling:PutScheduledActionRequest.ScheduledActionName',
};

/**
 * CloudWatch API `PutMetricAlarmInput.Period`: "For alarms with a period of less than one hour (3,600 seconds),
 * the total evaluation period can't be longer than one day (86,400 seconds)." The scale-to-zero alarm has a
 * 1-minute period, so its evaluation periods (`EvaluationPeriods`, min 1) are 1 to 1440 minutes.
 */
export const QUEUE_SCALE_TO_ZERO_MINUTES: Limit = {
  prop: 'queueScaling.scaleToZeroAfter (whole minutes)',
  min: 1,
  max: 1440,
  source: 'CloudWatch API PutMetricAlarm Period: "For alarms with a period of less than one hour (3,600 seconds), the total evaluation period can\'t be longer than one day (86,400 seconds)"; EvaluationPeriods min 1 (one 1-minute period each)',
};

/** Jobs, workers and schedules (EventBridge Scheduler, Application Auto Scaling, CloudWatch alarms): every limit of this file, in the order docs/limits.md lists them. */
export const SCHEDULE_LIMITS: readonly Limit[] = [
  SCHEDULER_RETRY_ATTEMPTS, SCHEDULER_MAX_EVENT_AGE, CRON_MINUTE, CRON_HOUR, CRON_DAY, CRON_MONTH, CRON_WEEK_DAY,
  CRON_YEAR, SCALING_SCHEDULE_HOUR, SCHEDULED_ACTION_NAME, QUEUE_SCALE_TO_ZERO_MINUTES,
];
