import { Token } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { LoadBalancingBinding, LoadBalancingContext, attachToSharedListener } from './load-balancing-wiring';
import type { EssentialEnvironment } from '../../environment/essential-environment';
import { checkHostLabel } from '../../private/dns-checks';
import * as limits from '../../private/limits';
import { PropsValidator } from '../../private/validation';
import { EnvironmentListenerOptions } from '../environment-listener-options';

/** The host label, the priority, and an environment with a domain to attach to. */
export function checkEnvironmentListener(v: PropsValidator, options: EnvironmentListenerOptions,
  environment: EssentialEnvironment | undefined): void {
  checkHostLabel(v, 'loadBalancing.host', options.host);
  v.integerInRange('loadBalancing.priority', options.priority, limits.LISTENER_RULE_PRIORITY.min!, limits.LISTENER_RULE_PRIORITY.max!);
  if (environment === undefined) {
    v.fail('\'loadBalancing\' LoadBalancing.environment() needs \'essentialEnvironment\' (an EssentialEnvironment with a \'domain\'): ' +
      'give it, or use LoadBalancing.publicAlb(), got no essentialEnvironment');
    return;
  }
  const shared = environment._sharedAlb;
  if (shared === undefined) {
    v.fail(`'loadBalancing' LoadBalancing.environment() needs a 'domain' on the environment '${environment.node.path}' (its shared HTTPS listener): ` +
      'give the environment domain: { domainName, hostedZone }, or use LoadBalancing.publicAlb(), got an environment without a domain');
    return;
  }
  const fullName = shared.hostName(options.host);
  if (!Token.isUnresolved(fullName) && fullName.length > limits.DNS_NAME_LENGTH.max!) {
    v.fail(`'loadBalancing.host' makes '${fullName}', longer than ${limits.DNS_NAME_LENGTH.max} characters (${limits.DNS_NAME_LENGTH.source}), got ${fullName.length}`);
  }
}

/**
 * A host-header rule for `<host>.<domainName>` on the environment's shared HTTPS listener (the
 * shared-listener wiring, so rollouts and priority checks work as there) and the host's alias record.
 */
export function attachToEnvironment(scope: Construct, context: LoadBalancingContext, options: EnvironmentListenerOptions): LoadBalancingBinding {
  const shared = context.environment!._sharedAlb!;
  const hostName = shared.hostName(options.host);
  const binding = attachToSharedListener(scope, context, {
    listener: shared.listener,
    priority: options.priority ?? shared.takePriority(),
    hostHeaders: [hostName],
  });
  context.environment!._addHostRecord(scope, options.host);
  return { ...binding, url: `https://${hostName}` };
}
