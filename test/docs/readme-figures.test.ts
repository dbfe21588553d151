import * as fs from 'fs';
import * as path from 'path';
import { exampleCost } from '../bench/example-cost';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

// The README's cost figures are what the report computes for the example app's committed snapshot:
// a change to the app, the price table or the model that moves them must update the README too.
describe('README figures', () => {
  test('the example app\'s monthly cost matches the report\'s cost model', () => {
    const cost = exampleCost();
    const ours = `$${cost.ours.total.toFixed(2)}`;
    const patterns = `$${cost.ecsPatterns.total.toFixed(2)}`;
    expect(README).toContain(`| estimated monthly cost of the example app (3 services × 2 tasks, us-east-1) | ${ours} | ${patterns} |`);
    expect(README).toContain(`Total estimated: ${ours}/month; the same services at ecs-patterns defaults: ${patterns}/month`);
  });
});
