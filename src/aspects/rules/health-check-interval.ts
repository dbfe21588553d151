import { CfnResource } from 'aws-cdk-lib';
import { HEALTH_CHECK_INTERVAL, HEALTH_CHECK_TIMEOUT } from '../../private/defaults';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** ELBv2 default when HealthCheckIntervalSeconds is not set, for ALB and NLB target groups alike. */
const AWS_DEFAULT_INTERVAL = 30;

/** Target group protocols of Application Load Balancers; every other ECS target group is an NLB's. */
const ALB_PROTOCOLS = ['HTTP', 'HTTPS'];

/**
 * The ELB default health check timeout of a target group, which must stay below the interval.
 *
 * ALB target groups: 5 s (Application Load Balancer guide, "Health checks for your target groups").
 * NLB target groups, by health check protocol (default TCP), from the ELB API model
 * (botocore elbv2 2015-12-01, CreateTargetGroupInput.HealthCheckTimeoutSeconds): "For target groups with a
 * protocol of HTTP, the default is 6 seconds. For target groups with a protocol of TCP, TLS or HTTPS, the
 * default is 10 seconds."
 */
function defaultTimeout(props: Record<string, any>): { readonly seconds: number; readonly what: string } {
  const protocol = props.Protocol ?? 'HTTP';
  if (ALB_PROTOCOLS.includes(protocol)) {
    return { seconds: 5, what: 'the ALB default' };
  }
  const healthCheckProtocol = props.HealthCheckProtocol ?? 'TCP';
  return healthCheckProtocol === 'HTTP'
    ? { seconds: 6, what: 'the NLB default for HTTP health checks' }
    : { seconds: 10, what: `the NLB default for ${healthCheckProtocol} health checks` };
}

/**
 * ECSE-FD1: the target group of an ECS service checks health every 5 s, so a new task gets
 * traffic after seconds instead of minutes (AWS default: 30 s).
 *
 * Fix mode changes an interval left at the ELB default; the timeout, which must stay below the
 * interval, is lowered with it only when it too is the default. An explicit interval, or an explicit
 * timeout of 5 s or more, is reported and left as it is unless `fixExplicitValues` is set.
 */
export function healthCheckInterval(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const wanted = HEALTH_CHECK_INTERVAL.toSeconds();
  return ctx.targetGroups(node).flatMap((tg): RuleFinding[] => {
    const tgNode = tg.node;
    if (!tgNode) {
      return [{ message: `${tg.label} is not defined in this app, its health check interval cannot be read`, unresolved: true, outsideApp: true }];
    }
    const interval = tg.props.HealthCheckIntervalSeconds ?? AWS_DEFAULT_INTERVAL;
    if (typeof interval !== 'number') {
      return [{ message: `${tg.label} has a health check interval that cannot be resolved at synth time`, unresolved: true, related: [tgNode] }];
    }
    if (interval <= wanted) {
      return [];
    }
    const explicitInterval = tg.props.HealthCheckIntervalSeconds !== undefined;
    const explicitTimeout = tg.props.HealthCheckTimeoutSeconds !== undefined;
    const timeoutDefault = defaultTimeout(tg.props);
    const timeout = tg.props.HealthCheckTimeoutSeconds ?? timeoutDefault.seconds;
    const timeoutInTheWay = typeof timeout !== 'number' || timeout >= wanted;
    const message = `${tg.label} checks health every ${interval} s${explicitInterval ? ' (set explicitly)' : ' (AWS default)'}`;
    if (!ctx.fixExplicitValues && (explicitInterval || explicitTimeout && timeoutInTheWay)) {
      const unchanged = explicitInterval ? EXPLICIT_VALUE
        : `the health check timeout was set explicitly to ${show(timeout)} s and must stay below the interval; lower it ` +
          `to ${HEALTH_CHECK_TIMEOUT.toSeconds()} s, or pass fixExplicitValues: true`;
      return [{ message, related: [tgNode], unchanged }];
    }
    return [{
      message,
      related: [tgNode],
      repair: () => {
        tgNode.addPropertyOverride('HealthCheckIntervalSeconds', wanted);
        let timeoutChange = '';
        if (timeoutInTheWay) {
          tgNode.addPropertyOverride('HealthCheckTimeoutSeconds', HEALTH_CHECK_TIMEOUT.toSeconds());
          timeoutChange = ` and its timeout to ${HEALTH_CHECK_TIMEOUT.toSeconds()} s (from ${show(timeout)} s` +
            `${explicitTimeout ? ', set explicitly' : `, ${timeoutDefault.what}`}; it must stay below the interval)`;
        }
        ctx.changed(tgNode);
        return `${tg.label} health check interval set from ${interval} s to ${wanted} s${timeoutChange}` +
          `${explicitInterval ? '; the interval was set explicitly' : '; 30 s is the ELB default'}`;
      },
    }];
  });
}

function show(value: unknown): string {
  return typeof value === 'number' ? String(value) : JSON.stringify(value);
}
