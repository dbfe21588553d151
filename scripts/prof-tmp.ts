import * as os from 'os';
import * as path from 'path';
import * as fs from 'fs';
import { Aspects } from 'aws-cdk-lib';
import { buildApp, Variant } from '../test/bench/apps';
import { EcsLeastPrivilegeChecks, FastDeployChecks } from '../src';
const mode = process.argv[2];
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'prof-'));
for (let i = 0; i < 5; i++) {
  const app = buildApp(Variant.OURS, 40, out, []);
  const s = process.hrtime.bigint();
  if (mode === 'lp' || mode === 'both') Aspects.of(app).add(new EcsLeastPrivilegeChecks());
  if (mode === 'fd' || mode === 'both') Aspects.of(app).add(new FastDeployChecks());
  // Invoke only the aspects, through synth's own machinery.
  app.synth();
  console.log(mode, (Number(process.hrtime.bigint() - s) / 1e6).toFixed(0));
}
