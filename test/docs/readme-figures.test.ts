import * as fs from 'fs';
import * as path from 'path';
import { exampleCost } from '../bench/example-cost';

const README = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');

// The README's cost figures are what the report computes for the example app's committed snapshot:
// a change to the app, the price table or the model that moves them must update the README too.
describe('README figures', () => {
  test('the example app\'s whole monthly bill matches the report', () => {
    const cost = exampleCost();
    const ours = `$${cost.ours.total.toFixed(2)}`;
    const patterns = `$${cost.ecsPatterns.total.toFixed(2)}`;
    const more = Math.round(((cost.ours.total - cost.ecsPatterns.total) / cost.ecsPatterns.total) * 100);
    expect(README).toContain(`(3 Service Connect services × 2 tasks, ALB, 2 NAT gateways, public IPv4; us-east-1) | ${ours} (${more} % more`);
    expect(README).toContain(`| ${patterns} |`);
    expect(README).toContain(`Total estimated: ${ours}/month, every priced line of every stack; the same app at ecs-patterns defaults: ${patterns}/month.`);
  });
});
