import * as fc from 'fast-check';
import { CapacityMix, CapacityMixOptions } from '../../src/capacity/capacity-mix';

// CapacityMix is pure (no synthesis), so many runs cost milliseconds.
const RUNS = 500;

/** Integers around and far beyond the limits, boundaries included, or the option left out. */
function around(limit: number): fc.Arbitrary<number | undefined> {
  return fc.option(
    fc.oneof(
      fc.integer({ min: -5, max: limit + 5 }),
      fc.constantFrom(-1, 0, 1, limit, limit + 1),
      fc.integer(),
    ),
    { nil: undefined },
  );
}

const options: fc.Arbitrary<CapacityMixOptions> = fc.record({
  onDemandBase: around(100_000),
  onDemandWeight: around(1000),
  spotWeight: around(1000),
});

/** The rule as ECS states it: weights 0–1000 with one above 0, base 0–100000. */
function isValid(o: CapacityMixOptions): boolean {
  const base = o.onDemandBase ?? 0;
  const onDemand = o.onDemandWeight ?? 0;
  const spot = o.spotWeight ?? 0;
  const weightOk = (w: number) => w >= 0 && w <= 1000;
  return base >= 0 && base <= 100_000 && weightOk(onDemand) && weightOk(spot) && (onDemand > 0 || spot > 0);
}

describe('CapacityMix (property-based)', () => {
  test('_validate() reports no problem exactly when weights are 0–1000 with one above 0 and base is 0–100000', () => {
    fc.assert(
      fc.property(options, (o) => {
        const problems = CapacityMix.custom(o)._validate();
        expect(problems.length === 0).toBe(isValid(o));
      }),
      { numRuns: RUNS },
    );
  });

  test('every problem names the capacity prop by default', () => {
    fc.assert(
      fc.property(options.filter((o) => !isValid(o)), (o) => {
        for (const problem of CapacityMix.custom(o)._validate()) {
          expect(problem).toMatch(/^'capacity(\.(onDemandBase|onDemandWeight|spotWeight))?' /);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('every problem names the given prop, and the problems do not depend on it', () => {
    fc.assert(
      fc.property(options.filter((o) => !isValid(o)), (o) => {
        const mix = CapacityMix.custom(o);
        const problems = mix._validate('mix');
        for (const problem of problems) {
          expect(problem).toMatch(/^'mix(\.(onDemandBase|onDemandWeight|spotWeight))?' /);
          expect(problem).not.toContain('capacity');
        }
        expect(problems.map((p) => p.replace(/^'mix/, "'capacity"))).toEqual(mix._validate());
      }),
      { numRuns: RUNS },
    );
  });

  test('_toFargateStrategies() never contains a provider with weight 0 and no base', () => {
    // ECS counts such an entry as a provider that never gets a task, and rejects a strategy of only those.
    fc.assert(
      fc.property(options, (o) => {
        for (const strategy of CapacityMix.custom(o)._toFargateStrategies()) {
          expect(strategy.weight === 0 && !strategy.base).toBe(false);
        }
      }),
      { numRuns: RUNS },
    );
  });

  test('a valid mix renders FARGATE and FARGATE_SPOT at most once each, with a weight above 0 somewhere', () => {
    fc.assert(
      fc.property(options.filter(isValid), (o) => {
        const strategies = CapacityMix.custom(o)._toFargateStrategies();
        const providers = strategies.map((s) => s.capacityProvider);
        expect(new Set(providers).size).toBe(providers.length);
        expect(providers.every((p) => p === 'FARGATE' || p === 'FARGATE_SPOT')).toBe(true);
        expect(strategies.some((s) => (s.weight ?? 0) > 0)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});
