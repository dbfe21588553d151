import { CfnResource } from 'aws-cdk-lib';
import { HEALTH_CHECK_INTERVAL, HEALTH_CHECK_TIMEOUT } from '../../private/defaults';
import { FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** ELBv2 default when HealthCheckIntervalSeconds is not set. */
const AWS_DEFAULT_INTERVAL = 30;
/** ELBv2 default timeout is at least 5 s for ip/instance targets, and it must stay below the interval. */
const AWS_DEFAULT_TIMEOUT = 5;

/**
 * ECSE-FD1: the target group of an ECS service checks health every 5 s, so a new task gets
 * traffic after seconds instead of minutes (AWS default: 30 s).
 */
export function healthCheckInterval(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const wanted = HEALTH_CHECK_INTERVAL.toSeconds();
  return ctx.targetGroups(node).flatMap((tg): RuleFinding[] => {
    const tgNode = tg.node;
    if (!tgNode) {
      return [{ message: `${tg.label} is not defined in this app, its health check interval cannot be read`, unresolved: true }];
    }
    const interval = tg.props.HealthCheckIntervalSeconds ?? AWS_DEFAULT_INTERVAL;
    if (typeof interval !== 'number') {
      return [{ message: `${tg.label} has a health check interval that cannot be resolved at synth time`, unresolved: true, related: [tgNode] }];
    }
    if (interval <= wanted) {
      return [];
    }
    const source = tg.props.HealthCheckIntervalSeconds === undefined ? ' (AWS default)' : '';
    return [{
      message: `${tg.label} checks health every ${interval} s${source}`,
      related: [tgNode],
      repair: () => {
        tgNode.addPropertyOverride('HealthCheckIntervalSeconds', wanted);
        const timeout = tg.props.HealthCheckTimeoutSeconds ?? AWS_DEFAULT_TIMEOUT;
        let timeoutChange = '';
        if (typeof timeout !== 'number' || timeout >= wanted) {
          tgNode.addPropertyOverride('HealthCheckTimeoutSeconds', HEALTH_CHECK_TIMEOUT.toSeconds());
          timeoutChange = ` and its timeout to ${HEALTH_CHECK_TIMEOUT.toSeconds()} s (it must stay below the interval)`;
        }
        ctx.changed(tgNode);
        return `${tg.label} health check interval set from ${interval} s to ${wanted} s${timeoutChange}`;
      },
    }];
  });
}
