import { CfnResource } from 'aws-cdk-lib';
import { DEREGISTRATION_DELAY } from '../../private/defaults';
import { asList, isObject } from '../private/cfn';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

const KEY = 'deregistration_delay.timeout_seconds';
/** ELBv2 default when the attribute is not set. */
const AWS_DEFAULT_DELAY = 300;

/**
 * ECSE-FD3: a stopping task is drained for 5 s (AWS default: 300 s), which is enough for requests
 * that finish in under a second; every deployment otherwise waits five minutes per batch. A delay
 * set explicitly (e.g. 30 s for slow requests) is reported, and fixed only with `fixExplicitValues`.
 * Behind a load balancer whose idle timeout was set explicitly above 5 s, requests may run that long:
 * fix mode never drains for less, and the conflict is reported instead.
 */
export function deregistrationDelay(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const wanted = DEREGISTRATION_DELAY.toSeconds();
  return ctx.targetGroups(node).flatMap((tg): RuleFinding[] => {
    const tgNode = tg.node;
    if (!tgNode) {
      return [{ message: `${tg.label} is not defined in this app, its deregistration delay cannot be read`, unresolved: true, outsideApp: true }];
    }
    const attributes = asList(tg.props.TargetGroupAttributes);
    const entry = attributes.find((a) => isObject(a) && a.Key === KEY) as Record<string, any> | undefined;
    const delay = entry === undefined ? AWS_DEFAULT_DELAY : Number(entry.Value);
    if (entry !== undefined && (typeof entry.Value !== 'string' && typeof entry.Value !== 'number' || Number.isNaN(delay))) {
      return [{ message: `${tg.label} has a deregistration delay that cannot be resolved at synth time`, unresolved: true, related: [tgNode] }];
    }
    if (delay <= wanted) {
      return [];
    }
    const explicit = entry !== undefined;
    const message = `${tg.label} drains stopping tasks for ${delay} s${explicit ? ' (set explicitly)' : ' (AWS default)'}`;
    const idle = ctx.explicitIdleTimeout(tgNode);
    if (idle && idle.seconds > wanted) {
      // The load balancer lets a request run for its idle timeout; draining for less would cut such requests off.
      return [{
        message: `${message}, and ${idle.label} lets a request run ${idle.seconds} s (idle timeout set explicitly): draining for ` +
          `${wanted} s would cut off requests that run longer`,
        related: [tgNode],
        unchanged: `a deregistration delay shorter than the load balancer's ${idle.seconds} s idle timeout could cut off requests`,
        advice: `drain for as long as a request may run: targetGroup.setAttribute('${KEY}', '${Math.min(idle.seconds, delay)}'), or lower ` +
          'the idle timeout if requests are short, then drain for 5 s; suppress the rule when long requests are intended',
      }];
    }
    if (explicit && !ctx.fixExplicitValues) {
      return [{ message, related: [tgNode], unchanged: EXPLICIT_VALUE }];
    }
    return [{
      message,
      related: [tgNode],
      repair: () => {
        const others = attributes.filter((a) => !(isObject(a) && a.Key === KEY));
        tgNode.addPropertyOverride('TargetGroupAttributes', [...others, { Key: KEY, Value: String(wanted) }]);
        ctx.changed(tgNode);
        return `${tg.label} deregistration delay set from ${delay} s to ${wanted} s` +
          `${explicit ? ' (it was set explicitly)' : ' (300 s is the ELB default)'}`;
      },
    }];
  });
}
