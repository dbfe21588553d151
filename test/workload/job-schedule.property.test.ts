import { App, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as fc from 'fast-check';
import { EssentialScheduledJob, JobCronOptions, JobSchedule } from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const FIELDS: Array<[keyof JobCronOptions, number, number]> = [
  ['minute', 0, 59], ['hour', 0, 23], ['day', 1, 31], ['month', 1, 12], ['weekDay', 1, 7], ['year', 1970, 2199],
];

/** A valid item of a numeric cron field: a value, a range, a step or '*'. */
function validItem(min: number, max: number): fc.Arbitrary<string> {
  const value = fc.integer({ min, max });
  return fc.oneof(
    value.map(String),
    fc.tuple(value, value).map(([a, b]) => `${a}-${b}`),
    fc.tuple(value, fc.integer({ min: 1, max: 30 })).map(([a, n]) => `${a}/${n}`),
    fc.integer({ min: 1, max: 30 }).map((n) => `*/${n}`),
    fc.constant('*'),
  );
}

// One stack and one cluster for every run: a default VPC per run would make the property slow.
const stack = new Stack(new App(), 'Stack');
const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 1 });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
let runs = 0;

function tryJob(cron: JobCronOptions): { error?: Error; expression?: string } {
  try {
    const job = new EssentialScheduledJob(stack, `Job${runs++}`, { image, cluster, schedule: JobSchedule.cron(cron) });
    const cfn = job.schedule.node.defaultChild as scheduler.CfnSchedule;
    return { expression: stack.resolve(cfn.scheduleExpression) };
  } catch (e) {
    return { error: e as Error };
  }
}

describe('JobSchedule.cron (property)', () => {
  test('valid fields synthesize into the schedule expression, day and weekDay never both restricted', () => {
    const cronArb = fc.record({
      minute: fc.option(fc.array(validItem(0, 59), { minLength: 1, maxLength: 3 }).map((a) => a.join(',')), { nil: undefined }),
      hour: fc.option(validItem(0, 23), { nil: undefined }),
      month: fc.option(validItem(1, 12), { nil: undefined }),
      year: fc.option(validItem(1970, 2199), { nil: undefined }),
      dayOrWeekDay: fc.oneof(
        fc.record({ day: validItem(1, 31) }),
        fc.record({ weekDay: validItem(1, 7) }),
        fc.constant({}),
      ),
    });
    fc.assert(fc.property(cronArb, ({ dayOrWeekDay, ...rest }) => {
      const cron: JobCronOptions = { ...rest, ...dayOrWeekDay };
      const { error, expression } = tryJob(cron);
      expect(error).toBeUndefined();
      expect(expression!).toMatch(/^cron\(\S+ \S+ \S+ \S+ \S+ \S+\)$/);
      expect(expression!.startsWith(`cron(${cron.minute ?? '0'} `)).toBe(true);
    }), { numRuns: 50 });
  });

  test('an out-of-range value fails with an Error naming exactly that field', () => {
    const badArb = fc.constantFrom(...FIELDS).chain(([field, min, max]) => fc.tuple(
      fc.constant(field),
      min > 0
        ? fc.oneof(fc.integer({ min: max + 1, max: max + 1000 }), fc.integer({ min: 0, max: min - 1 }))
        : fc.integer({ min: max + 1, max: max + 1000 }),
    ));
    fc.assert(fc.property(badArb, ([field, value]) => {
      const { error } = tryJob({ [field]: String(value) });
      expect(error).toBeInstanceOf(Error);
      expect(error!.constructor).toBe(Error);
      expect(error!.message).toContain(`'schedule.${field}'`);
      expect(error!.message).toContain(`got '${value}'`);
    }), { numRuns: 100 });
  });
});
