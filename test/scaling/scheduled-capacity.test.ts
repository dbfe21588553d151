import { Duration, Stack, TimeZone } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import { NOW, fargateService, numberParameter } from './fixtures';
import { configureScaling } from '../../src/private/configure-scaling';
import { SCALING_EVENT_WARMUP } from '../../src/private/defaults';
import { ServiceScalingOptions, ScheduledCapacity, WeekDay } from '../../src/scaling';

const SCALABLE_TARGET = 'AWS::ApplicationAutoScaling::ScalableTarget';
const WEEKDAYS = [WeekDay.MONDAY, WeekDay.TUESDAY, WeekDay.WEDNESDAY, WeekDay.THURSDAY, WeekDay.FRIDAY];

type Schedules = ScheduledCapacity[] | ((stack: Stack) => ScheduledCapacity[]);

/** Service bounds 2..10 unless the test says otherwise; a function gets the stack for parameters. */
function synth(schedules: Schedules, extra: Partial<ServiceScalingOptions> = {}, now: Date = NOW) {
  const f = fargateService();
  const list = typeof schedules === 'function' ? schedules(f.stack) : schedules;
  configureScaling(f.service, f.service, { minCapacity: 2, maxCapacity: 10, schedules: list, ...extra }, { now });
  return { stack: f.stack, template: Template.fromStack(f.stack) };
}

function expectError(schedules: Schedules, message: RegExp, extra: Partial<ServiceScalingOptions> = {}): void {
  expect(() => synth(schedules, extra)).toThrow(message);
}

function actions(template: Template): Array<Record<string, unknown>> {
  const targets = Object.values(template.findResources(SCALABLE_TARGET));
  return targets[0].Properties.ScheduledActions;
}

describe('ScheduledCapacity', () => {
  describe('cron()', () => {
    test('adds one action with the given name, schedule, bounds and time zone', () => {
      // GIVEN
      const schedule = ScheduledCapacity.schedule({
        name: 'month-end',
        schedule: appscaling.Schedule.cron({ minute: '0', hour: '6', day: 'L' }),
        minCapacity: 4,
        maxCapacity: 12,
        timeZone: TimeZone.EUROPE_BERLIN,
      });
      // WHEN
      const { template } = synth([schedule]);
      // THEN
      expect(schedule.name).toBe('month-end');
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [{
          ScheduledActionName: 'month-end',
          Schedule: 'cron(0 6 L * ? *)',
          ScalableTargetAction: { MinCapacity: 4, MaxCapacity: 12 },
          Timezone: 'Europe/Berlin',
        }],
      });
    });

    test('reads UTC and changes only the given bound by default', () => {
      // GIVEN / WHEN
      const { template } = synth([ScheduledCapacity.schedule({
        name: 'night-cap',
        schedule: appscaling.Schedule.cron({ minute: '0', hour: '1' }),
        maxCapacity: 3,
      })]);
      // THEN
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [{
          ScheduledActionName: 'night-cap',
          Schedule: 'cron(0 1 * * ? *)',
          ScalableTargetAction: { MaxCapacity: 3, MinCapacity: Match.absent() },
          Timezone: Match.absent(),
        }],
      });
    });

    test('fails when neither minCapacity nor maxCapacity is given', () => {
      expectError([ScheduledCapacity.schedule({ name: 'noop', schedule: appscaling.Schedule.rate(Duration.hours(1)) })],
        /'scaling.schedules\[0\].minCapacity' or 'scaling.schedules\[0\].maxCapacity' must be given/);
    });

    test('fails when the name has a character AWS refuses', () => {
      expectError([ScheduledCapacity.schedule({ name: 'a/b', schedule: appscaling.Schedule.rate(Duration.hours(1)), minCapacity: 3 })],
        /'scaling.schedules\[0\].name' must be 1 to 256 characters without ':', '\/', '\|'.*got 'a\/b'/);
    });

    test('fails when the schedule is missing', () => {
      expectError([ScheduledCapacity.schedule({ name: 'x', schedule: undefined as unknown as appscaling.Schedule, minCapacity: 3 })],
        /'scaling.schedules\[0\].schedule' must be an appscaling.Schedule/);
    });

    test('fails when minCapacity exceeds maxCapacity', () => {
      expectError([ScheduledCapacity.schedule({ name: 'x', schedule: appscaling.Schedule.rate(Duration.hours(1)), minCapacity: 5, maxCapacity: 4 })],
        /'scaling.schedules\[0\].minCapacity' must be at most maxCapacity 4, got 5/);
    });
  });

  describe('dailyPeak()', () => {
    test('scales up at startHour and back to the service minimum at endHour, every day in UTC by default', () => {
      // GIVEN
      const peak = ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 6 });
      // WHEN
      const { template } = synth([peak]);
      // THEN
      expect(peak.name).toBe('daily-peak-08-18');
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [
          {
            ScheduledActionName: 'daily-peak-08-18-scale-up',
            Schedule: 'cron(0 8 * * ? *)',
            ScalableTargetAction: { MinCapacity: 6 },
            Timezone: Match.absent(),
          },
          {
            ScheduledActionName: 'daily-peak-08-18-scale-down',
            Schedule: 'cron(0 18 * * ? *)',
            ScalableTargetAction: { MinCapacity: 2 },
            Timezone: Match.absent(),
          },
        ],
      });
    });

    test('week days and time zone go into the cron, the default name compresses the days', () => {
      // GIVEN
      const peak = ScheduledCapacity.dailyPeak({
        startHour: 8,
        endHour: 18,
        minCapacity: 6,
        maxCapacity: 20,
        weekDays: [WeekDay.FRIDAY, ...WEEKDAYS],
        timeZone: TimeZone.AMERICA_NEW_YORK,
      });
      // WHEN
      const { template } = synth([peak]);
      // THEN
      expect(peak.name).toBe('daily-peak-08-18-mon-fri');
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [
          {
            ScheduledActionName: 'daily-peak-08-18-mon-fri-scale-up',
            Schedule: 'cron(0 8 ? * MON,TUE,WED,THU,FRI *)',
            ScalableTargetAction: { MinCapacity: 6, MaxCapacity: 20 },
            Timezone: 'America/New_York',
          },
          {
            ScheduledActionName: 'daily-peak-08-18-mon-fri-scale-down',
            Schedule: 'cron(0 18 ? * MON,TUE,WED,THU,FRI *)',
            // The peak raised the maximum, so its end restores the service's.
            ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 10 },
            Timezone: 'America/New_York',
          },
        ],
      });
    });

    test('an overnight peak ends on the following day, Sunday wrapping to Monday', () => {
      // GIVEN / WHEN
      const { template } = synth([ScheduledCapacity.dailyPeak({
        startHour: 22,
        endHour: 6,
        minCapacity: 4,
        weekDays: [WeekDay.FRIDAY, WeekDay.SUNDAY],
      })]);
      // THEN
      expect(actions(template)).toEqual([
        expect.objectContaining({ ScheduledActionName: 'daily-peak-22-06-fri+sun-scale-up', Schedule: 'cron(0 22 ? * FRI,SUN *)' }),
        expect.objectContaining({ ScheduledActionName: 'daily-peak-22-06-fri+sun-scale-down', Schedule: 'cron(0 6 ? * MON,SAT *)' }),
      ]);
    });

    test('an overnight peak on every day needs no day shift', () => {
      // GIVEN / WHEN
      const { template } = synth([ScheduledCapacity.dailyPeak({ startHour: 20, endHour: 2, minCapacity: 4 })]);
      // THEN
      expect(actions(template).map(a => a.Schedule)).toEqual(['cron(0 20 * * ? *)', 'cron(0 2 * * ? *)']);
    });

    test('a given name replaces the derived one', () => {
      // GIVEN / WHEN
      const { template } = synth([ScheduledCapacity.dailyPeak({ name: 'office-hours', startHour: 7, endHour: 19, minCapacity: 4 })]);
      // THEN
      expect(actions(template).map(a => a.ScheduledActionName)).toEqual(['office-hours-scale-up', 'office-hours-scale-down']);
    });

    test('default names are stable: same hours and days, same name', () => {
      const { MONDAY, TUESDAY, SATURDAY } = WeekDay;
      const a = ScheduledCapacity.dailyPeak({ startHour: 9, endHour: 17, minCapacity: 3, weekDays: [SATURDAY, MONDAY, TUESDAY] });
      const b = ScheduledCapacity.dailyPeak({ startHour: 9, endHour: 17, minCapacity: 5, weekDays: [TUESDAY, MONDAY, SATURDAY, MONDAY] });
      expect(a.name).toBe('daily-peak-09-17-mon-tue+sat');
      expect(b.name).toBe(a.name);
    });

    test.each([
      ['startHour', { startHour: 24, endHour: 6 }, 24],
      ['startHour', { startHour: -1, endHour: 6 }, -1],
      ['endHour', { startHour: 8, endHour: 7.5 }, 7.5],
    ])('fails when %s is outside 0-23 (%j)', (prop, hours, received) => {
      expectError([ScheduledCapacity.dailyPeak({ ...hours, minCapacity: 3, name: 'p' })],
        new RegExp(`'scaling.schedules\\[0\\].${prop}' must be an integer from 0 to 23, got ${received}`));
    });

    test('fails when startHour equals endHour', () => {
      expectError([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 8, minCapacity: 3 })],
        /'scaling.schedules\[0\].endHour' must differ from startHour 8 .* got 8/);
    });

    test('fails when the peak minimum exceeds the peak maximum', () => {
      expectError([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 9, maxCapacity: 8 })],
        /'scaling.schedules\[0\].minCapacity' must be at most maxCapacity 8, got 9/);
    });

    test('fails when the peak minimum exceeds the service maximum and the peak sets none', () => {
      expectError([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 11 })],
        /'scaling.schedules\[0\].minCapacity' must be at most the service's maxCapacity 10 \(or set the schedule's own maxCapacity\), got 11/);
    });

    test('a peak may raise the maximum above the service maximum', () => {
      expect(() => synth([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 15, maxCapacity: 30 })])).not.toThrow();
    });

    test('fails when the peak minimum is negative', () => {
      expectError([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: -2 })],
        /'scaling.schedules\[0\].minCapacity' must be a non-negative integer, got -2/);
    });

    test('fails when weekDays is empty', () => {
      expectError([ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 3, weekDays: [] })],
        /'scaling.schedules\[0\].weekDays' must list at least one WeekDay \(MONDAY to SUNDAY\), got \[\]/);
    });

    test('tokens for hours and capacities render with an explicit name', () => {
      // GIVEN / WHEN
      const { template } = synth(stack => [ScheduledCapacity.dailyPeak({
        name: 'peak',
        startHour: numberParameter(stack, 'Start'),
        endHour: numberParameter(stack, 'End'),
        minCapacity: numberParameter(stack, 'PeakMin'),
      })]);
      // THEN
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [
          Match.objectLike({ ScheduledActionName: 'peak-scale-up', ScalableTargetAction: { MinCapacity: { Ref: 'PeakMin' } } }),
          Match.objectLike({ ScheduledActionName: 'peak-scale-down', ScalableTargetAction: { MinCapacity: 2 } }),
        ],
      });
      const schedules = actions(template).map(a => JSON.stringify(a.Schedule));
      expect(schedules[0]).toContain('Start');
      expect(schedules[1]).toContain('End');
    });

    test('fails when hours are tokens and no name is given', () => {
      expectError(stack => [ScheduledCapacity.dailyPeak({ startHour: numberParameter(stack, 'Start'), endHour: 18, minCapacity: 3 })],
        /'scaling.schedules\[0\].name' is required when startHour or endHour is a token/);
    });

    test('fails when hours are tokens and weekDays is set', () => {
      expectError(stack => [ScheduledCapacity.dailyPeak({ name: 'p', startHour: numberParameter(stack, 'Start'), endHour: 18, minCapacity: 3, weekDays: WEEKDAYS })],
        /'scaling.schedules\[0\].startHour' and 'endHour' must be known at synth time when weekDays is set/);
    });
  });

  describe('event()', () => {
    const start = new Date('2030-11-27T08:00:00Z');
    const end = new Date('2030-11-28T20:00:00Z');

    test('scales up 30 minutes before start and back to the service minimum at end', () => {
      // GIVEN
      const sale = ScheduledCapacity.event({ name: 'black-friday', start, end, minCapacity: 8 });
      // WHEN
      const { template } = synth([sale]);
      // THEN
      expect(SCALING_EVENT_WARMUP.toMinutes()).toBe(30);
      template.hasResourceProperties(SCALABLE_TARGET, {
        ScheduledActions: [
          {
            ScheduledActionName: 'black-friday-scale-up',
            Schedule: 'at(2030-11-27T07:30:00)',
            ScalableTargetAction: { MinCapacity: 8 },
            Timezone: Match.absent(),
          },
          {
            ScheduledActionName: 'black-friday-scale-down',
            Schedule: 'at(2030-11-28T20:00:00)',
            ScalableTargetAction: { MinCapacity: 2 },
            Timezone: Match.absent(),
          },
        ],
      });
    });

    test('a given warmup and maximum are used, and the maximum is restored at the end', () => {
      // GIVEN / WHEN
      const { template } = synth([ScheduledCapacity.event({ name: 'launch', start, end, minCapacity: 8, maxCapacity: 40, warmup: Duration.hours(2) })]);
      // THEN
      expect(actions(template)).toEqual([
        expect.objectContaining({ Schedule: 'at(2030-11-27T06:00:00)', ScalableTargetAction: { MinCapacity: 8, MaxCapacity: 40 } }),
        expect.objectContaining({ Schedule: 'at(2030-11-28T20:00:00)', ScalableTargetAction: { MinCapacity: 2, MaxCapacity: 10 } }),
      ]);
    });

    test('a zero warmup scales up at start', () => {
      const { template } = synth([ScheduledCapacity.event({ name: 'e', start, end, minCapacity: 4, warmup: Duration.seconds(0) })]);
      expect(actions(template)[0].Schedule).toBe('at(2030-11-27T08:00:00)');
    });

    test('fails when the event ends before it starts', () => {
      expectError([ScheduledCapacity.event({ name: 'e', start: end, end: start, minCapacity: 4 })],
        /'scaling.schedules\[0\].end' must be after start 2030-11-28T20:00:00.000Z, got 2030-11-27T08:00:00.000Z/);
    });

    test('fails when the event ends when it starts', () => {
      expectError([ScheduledCapacity.event({ name: 'e', start, end: start, minCapacity: 4 })], /'scaling.schedules\[0\].end' must be after start/);
    });

    test('fails when a date is invalid', () => {
      expectError([ScheduledCapacity.event({ name: 'e', start: new Date('not a date'), end, minCapacity: 4 })],
        /'scaling.schedules\[0\].start' must be a valid Date, got Invalid Date/);
    });

    test('fails when warmup is not whole seconds', () => {
      expectError([ScheduledCapacity.event({ name: 'e', start, end, minCapacity: 4, warmup: Duration.millis(500) })],
        /'scaling.schedules\[0\].warmup' must be a whole number of seconds, got 500 millis/);
    });

    test('fails when the event minimum exceeds the service maximum and the event sets none', () => {
      expectError([ScheduledCapacity.event({ name: 'e', start, end, minCapacity: 50 })],
        /'scaling.schedules\[0\].minCapacity' must be at most the service's maxCapacity 10/);
    });

    test('fails when the name is empty', () => {
      expectError([ScheduledCapacity.event({ name: '', start, end, minCapacity: 4 })],
        /'scaling.schedules\[0\].name' must be 1 to 245 characters/);
    });

    test('a token minimum is not checked against the service maximum', () => {
      expect(() => synth(stack => [ScheduledCapacity.event({ name: 'e', start, end, minCapacity: numberParameter(stack, 'Min') })])).not.toThrow();
    });

    test('warns when the event is over at synth time', () => {
      // GIVEN: the clock is after the event
      const { stack } = synth([ScheduledCapacity.event({ name: 'old-sale', start, end, minCapacity: 4 })], {}, new Date('2031-01-01T00:00:00Z'));
      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Service',
        Match.stringLikeRegexp("Event 'old-sale' .* ended at 2030-11-28T20:00:00.000Z.*cdk-ecs-essentials:scheduledEventInPast"));
    });

    test('warns when the scale-up time has passed but the event has not ended', () => {
      // GIVEN: the clock is inside the warm-up window
      const { stack } = synth([ScheduledCapacity.event({ name: 'sale', start, end, minCapacity: 4 })], {}, new Date('2030-11-27T07:45:00Z'));
      // THEN
      Annotations.fromStack(stack).hasWarning('/Stack/Service',
        Match.stringLikeRegexp("Event 'sale' .* scales up at 2030-11-27T07:30:00.000Z, which has passed.*scheduledEventInPast"));
    });

    test('no warning for a future event', () => {
      const { stack } = synth([ScheduledCapacity.event({ name: 'sale', start, end, minCapacity: 4 })]);
      Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('cdk-ecs-essentials'));
    });

    test('the template does not depend on the clock', () => {
      // GIVEN the same schedules synthesized at two different times
      const schedules = () => [
        ScheduledCapacity.event({ name: 'sale', start, end, minCapacity: 4 }),
        ScheduledCapacity.dailyPeak({ startHour: 8, endHour: 18, minCapacity: 3 }),
      ];
      // WHEN
      const early = synth(schedules(), {}, new Date('2020-01-01T00:00:00Z')).template.toJSON();
      const late = synth(schedules(), {}, new Date('2040-01-01T00:00:00Z')).template.toJSON();
      // THEN
      expect(JSON.stringify(late)).toEqual(JSON.stringify(early));
    });
  });
});
