import { Duration, TimeZone } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as appscaling from 'aws-cdk-lib/aws-applicationautoscaling';
import * as fc from 'fast-check';
import { NOW, fargateService } from './fixtures';
import { configureScaling } from '../../src/private/configure-scaling';
import { ScheduledCapacity, WeekDay } from '../../src/scaling';
import { expectCfnLintClean } from '../support/cfn-lint';
import { propertyRuns } from '../support/property-runs';

const SERVICE_MIN = 1;
const SERVICE_MAX = 20;
const NUM_RUNS = propertyRuns(12);
const ALL_DAYS = Object.values(WeekDay);

const hour = fc.integer({ min: -2, max: 25 });
const capacity = fc.integer({ min: -2, max: 25 });
const optionalCapacity = fc.option(capacity, { nil: undefined });
const timeZone = fc.option(fc.constantFrom(TimeZone.EUROPE_BERLIN, TimeZone.ASIA_TOKYO, TimeZone.AMERICA_LOS_ANGELES), { nil: undefined });
const name = fc.constantFrom('sale', 'office-hours', 'launch 2031', '', 'a/b', 'x|y', ' padded', 'a'.repeat(300));

function nameIsValid(value: string, suffix: number): boolean {
  return value.length >= 1 && value.length <= 256 - suffix && !/[:/|]/.test(value) && value.trim() === value;
}

function capacitiesAreValid(min: number | undefined, max: number | undefined): boolean {
  if ((min !== undefined && min < 0) || (max !== undefined && max < 0)) {
    return false;
  }
  if (min !== undefined && max !== undefined) {
    return min <= max;
  }
  return min === undefined || min <= SERVICE_MAX;
}

/** Synthesize one schedule on a 1..20 service; return the scheduled actions, or the thrown value. */
function render(schedule: () => ScheduledCapacity): { actions?: Array<Record<string, any>>; error?: unknown } {
  try {
    const f = fargateService();
    configureScaling(f.service, f.service, { minCapacity: SERVICE_MIN, maxCapacity: SERVICE_MAX, schedules: [schedule()] }, { now: NOW });
    const target = Object.values(Template.fromStack(f.stack).findResources('AWS::ApplicationAutoScaling::ScalableTarget'))[0];
    return { actions: target.Properties.ScheduledActions };
  } catch (error) {
    return { error };
  }
}

/** Invalid input: an Error (never a TypeError) naming a prop of the schedule. */
function expectPropError(error: unknown): void {
  expect(error).toBeInstanceOf(Error);
  expect(error).not.toBeInstanceOf(TypeError);
  expect((error as Error).message).toMatch(/'scaling\.schedules(\[0\]\.\w+)?'/);
}

describe('ScheduledCapacity properties', () => {
  test('dailyPeak: valid props render two actions, invalid props throw an Error naming a prop', () => {
    fc.assert(fc.property(
      fc.record({
        startHour: hour,
        endHour: hour,
        minCapacity: capacity,
        maxCapacity: optionalCapacity,
        timeZone,
        weekDays: fc.option(fc.subarray(ALL_DAYS), { nil: undefined }),
      }),
      (props) => {
        const valid = props.startHour >= 0 && props.startHour <= 23
          && props.endHour >= 0 && props.endHour <= 23
          && props.startHour !== props.endHour
          && capacitiesAreValid(props.minCapacity, props.maxCapacity)
          && (props.weekDays === undefined || props.weekDays.length > 0);
        const result = render(() => ScheduledCapacity.dailyPeak(props));
        if (!valid) {
          expectPropError(result.error);
          return;
        }
        expect(result.error).toBeUndefined();
        expect(result.actions).toHaveLength(2);
        const [up, down] = result.actions!;
        expect(up.ScheduledActionName).toMatch(/^daily-peak-\d\d-\d\d.*-scale-up$/);
        expect(up.Schedule).toMatch(new RegExp(`^cron\\(0 ${props.startHour} `));
        expect(down.Schedule).toMatch(new RegExp(`^cron\\(0 ${props.endHour} `));
        expect(up.ScalableTargetAction.MinCapacity).toBe(props.minCapacity);
        expect(down.ScalableTargetAction.MinCapacity).toBe(SERVICE_MIN);
        expect(up.Timezone).toBe(props.timeZone?.timezoneName);
      },
    ), { numRuns: NUM_RUNS });
  });

  test('event: valid props render two at() actions, invalid props throw an Error naming a prop', () => {
    const base = new Date('2031-03-01T00:00:00Z').getTime();
    fc.assert(fc.property(
      fc.record({
        name,
        startMinutes: fc.integer({ min: 0, max: 60 * 24 * 30 }),
        lengthMinutes: fc.integer({ min: -120, max: 60 * 24 * 3 }),
        minCapacity: capacity,
        maxCapacity: optionalCapacity,
        warmupMinutes: fc.option(fc.integer({ min: 0, max: 240 }), { nil: undefined }),
      }),
      (p) => {
        const start = new Date(base + p.startMinutes * 60_000);
        const end = new Date(start.getTime() + p.lengthMinutes * 60_000);
        const warmup = p.warmupMinutes === undefined ? undefined : Duration.minutes(p.warmupMinutes);
        const valid = nameIsValid(p.name, '-scale-down'.length) && p.lengthMinutes > 0 && capacitiesAreValid(p.minCapacity, p.maxCapacity);
        const result = render(() => ScheduledCapacity.event({
          name: p.name, start, end, minCapacity: p.minCapacity, maxCapacity: p.maxCapacity, warmup,
        }));
        if (!valid) {
          expectPropError(result.error);
          return;
        }
        expect(result.error).toBeUndefined();
        const [up, down] = result.actions!;
        expect(up.ScheduledActionName).toBe(`${p.name}-scale-up`);
        expect(down.ScheduledActionName).toBe(`${p.name}-scale-down`);
        expect(up.Schedule).toMatch(/^at\(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\)$/);
        expect(up.Schedule <= down.Schedule).toBe(true);
      },
    ), { numRuns: NUM_RUNS });
  });

  test('cron: valid props render one action, invalid props throw an Error naming a prop', () => {
    fc.assert(fc.property(
      fc.record({ name, minCapacity: optionalCapacity, maxCapacity: optionalCapacity, timeZone }),
      (p) => {
        const valid = nameIsValid(p.name, 0)
          && (p.minCapacity !== undefined || p.maxCapacity !== undefined)
          && capacitiesAreValid(p.minCapacity, p.maxCapacity);
        const result = render(() => ScheduledCapacity.schedule({
          ...p,
          schedule: appscaling.Schedule.cron({ minute: '0', hour: '6', weekDay: 'MON' }),
        }));
        if (!valid) {
          expectPropError(result.error);
          return;
        }
        expect(result.error).toBeUndefined();
        expect(result.actions).toEqual([expect.objectContaining({ ScheduledActionName: p.name, Schedule: 'cron(0 6 ? * MON *)' })]);
      },
    ), { numRuns: NUM_RUNS });
  });

  test('a sample of valid schedules of all three shapes synthesizes templates that cfn-lint accepts', async () => {
    // GIVEN valid props drawn with a fixed seed, so that a failure reproduces
    const peaks = fc.sample(fc.record({
      startHour: fc.integer({ min: 0, max: 23 }),
      endHour: fc.integer({ min: 0, max: 23 }),
      minCapacity: fc.integer({ min: 0, max: SERVICE_MAX }),
      timeZone,
      weekDays: fc.option(fc.subarray(ALL_DAYS, { minLength: 1 }), { nil: undefined }),
    }).filter((p) => p.startHour !== p.endHour), { numRuns: 3, seed: 20261122 });
    const templates = peaks.map((peak, i) => {
      const f = fargateService();
      configureScaling(f.service, f.service, {
        minCapacity: SERVICE_MIN,
        maxCapacity: SERVICE_MAX,
        schedules: [
          ScheduledCapacity.dailyPeak(peak),
          ScheduledCapacity.event({ name: `sale-${i}`, start: new Date('2031-11-28T06:00:00Z'), end: new Date('2031-11-29T06:00:00Z'), minCapacity: 10 }),
          ScheduledCapacity.schedule({ name: `nightly-${i}`, schedule: appscaling.Schedule.cron({ minute: '0', hour: '2' }), maxCapacity: 5 }),
        ],
      }, { now: NOW });
      return Template.fromStack(f.stack);
    });

    // THEN
    await expectCfnLintClean(templates);
  });
});
