import { CfnResource } from 'aws-cdk-lib';
import { HEALTHY_THRESHOLD_COUNT } from '../../private/defaults';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** ELBv2 default when HealthyThresholdCount is not set. */
const AWS_DEFAULT_HEALTHY_THRESHOLD = 5;

/**
 * ECSE-FD2: two successful checks mark a new task healthy (AWS default: 5), so with a 5 s interval
 * a task gets traffic 10 s after it starts answering. Fix mode changes only the ELB default.
 */
export function healthyThreshold(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  return ctx.targetGroups(node).flatMap((tg): RuleFinding[] => {
    const tgNode = tg.node;
    if (!tgNode) {
      return [{ message: `${tg.label} is not defined in this app, its healthy threshold cannot be read`, unresolved: true, outsideApp: true }];
    }
    const count = tg.props.HealthyThresholdCount ?? AWS_DEFAULT_HEALTHY_THRESHOLD;
    if (typeof count !== 'number') {
      return [{ message: `${tg.label} has a healthy threshold that cannot be resolved at synth time`, unresolved: true, related: [tgNode] }];
    }
    if (count <= HEALTHY_THRESHOLD_COUNT) {
      return [];
    }
    const explicit = tg.props.HealthyThresholdCount !== undefined;
    const message = `${tg.label} needs ${count} successful health checks${explicit ? ' (set explicitly)' : ' (AWS default)'} before a task gets traffic`;
    if (explicit && !ctx.fixExplicitValues) {
      return [{ message, related: [tgNode], unchanged: EXPLICIT_VALUE }];
    }
    return [{
      message,
      related: [tgNode],
      repair: () => {
        tgNode.addPropertyOverride('HealthyThresholdCount', HEALTHY_THRESHOLD_COUNT);
        ctx.changed(tgNode);
        return `${tg.label} healthy threshold set from ${count} to ${HEALTHY_THRESHOLD_COUNT}` +
          `${explicit ? ' (it was set explicitly)' : ' (5 is the ELB default)'}`;
      },
    }];
  });
}
