import * as fc from 'fast-check';
import { exampleZone, image, newStack } from './support';
import { EssentialEnvironment, EssentialFargateService, LoadBalancing } from '../../src';
import { propertyRuns } from '../support/property-runs';

// The label rule, written out from DNS (RFC 1035 2.3.4: 63 characters) and RFC 1123 host names rather than
// imported from src, so that a mistake in src/private/limits/ is caught here instead of reproduced.
const LDH = 'abcdefghijklmnopqrstuvwxyz0123456789-'.split('');
const isHostLabel = (s: string) => s.length >= 1 && s.length <= 63 && /^[a-z0-9-]+$/.test(s) && !s.startsWith('-') && !s.endsWith('-');

/** A service on `host` in an environment with a domain; throws what the constructor throws. */
function serviceOnHost(host: string): void {
  const stack = newStack();
  const env = new EssentialEnvironment(stack, 'Env', { domain: { domainName: 'example.com', hostedZone: exampleZone(stack) } });
  new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host }) });
}

describe('LoadBalancing.environment() host (property-based)', () => {
  test('every RFC 1123 label of 1–63 characters is accepted', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...LDH), { minLength: 1, maxLength: 63 }).map((c) => c.join('')).filter(isHostLabel), (host) => {
      expect(() => serviceOnHost(host)).not.toThrow();
    }), { numRuns: propertyRuns(12) });
  });

  test('anything else is an Error naming loadBalancing.host, nothing else', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }).filter((s) => !isHostLabel(s)), (host) => {
      let thrown: unknown;
      try {
        serviceOnHost(host);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(Error);
      expect((thrown as Error).message).toContain('\'loadBalancing.host\'');
    }), { numRuns: propertyRuns(100) });
  });
});
