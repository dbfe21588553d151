/**
 * How many cases a property-based test draws. Every run of `npm test` draws new random cases (fast-check
 * seeds from the clock), so the cases that synthesize an app stay few in the 3-minute loop and add up over
 * runs; `npx projen test:deep` multiplies them (PROPERTY_RUNS_SCALE, default 1) for a thorough pass.
 *
 * @param runs the cases of one `npm test` run
 */
export function propertyRuns(runs: number): number {
  const scale = Number(process.env.PROPERTY_RUNS_SCALE ?? '1');
  return Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}
