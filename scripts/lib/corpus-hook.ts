/**
 * Preloaded into each corpus app (`node -r ts-register -r corpus-hook app.ts`, see scripts/corpus.ts): adds our two
 * Aspects to every App right before it is synthesized, the way a user would with `applyTo(app)`, in the mode
 * `CORPUS_MODE` names (`report` or `fix`). Apps that never call `app.synth()` are synthesized at exit: CDK_OUTDIR
 * is set, which turns on the App's autoSynth.
 */
import { App, Stage } from 'aws-cdk-lib';
// CORPUS_SRC runs another checkout's src/ (an older commit, for a before/after table); default: this one.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { EcsFastDeployChecks, EcsLeastPrivilegeChecks } = require(process.env.CORPUS_SRC ?? '../../src') as typeof import('../../src');

const fix = process.env.CORPUS_MODE === 'fix';
const checked = new WeakSet<App>();
const synth = Stage.prototype.synth;

// Stage has no hook before synthesis; applyTo wraps synth the same way for the Stages inside the App.
Stage.prototype.synth = function synthWithAspects(this: Stage, ...args: Parameters<Stage['synth']>) {
  if (App.isApp(this) && !checked.has(this)) {
    checked.add(this);
    EcsFastDeployChecks.applyTo(this, { fix });
    EcsLeastPrivilegeChecks.applyTo(this);
  }
  return synth.apply(this, args);
};
