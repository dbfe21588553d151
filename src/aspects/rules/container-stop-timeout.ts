import { CfnResource } from 'aws-cdk-lib';
import { STOP_TIMEOUT } from '../../private/defaults';
import { asList, isObject } from '../private/cfn';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** Fargate default (and the ECS agent's ECS_CONTAINER_STOP_TIMEOUT default on EC2). */
const AWS_DEFAULT_STOP_TIMEOUT = 30;

/**
 * ECSE-FD4: every container of the service's task definition has a stopTimeout of 2 s: an app that
 * handles SIGTERM exits within it, and one that does not is killed 28 s sooner (default 30 s).
 *
 * AWS sidecars (FireLens log routers, Envoy, the X-Ray daemon, the CloudWatch agent) are left alone:
 * they need the time to flush logs, drain connections and send the last segments, and a task stops as
 * soon as its containers have exited, so a sidecar that exits promptly costs nothing. Non-essential
 * sidecars with an explicitly chosen stop timeout are left alone too; fix mode changes neither
 * non-essential containers nor explicit values. A container that takes no load-balanced (or Service
 * Connect) traffic is a worker: it is reported with worker guidance and never shortened.
 */
export function containerStopTimeout(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const wanted = STOP_TIMEOUT.toSeconds();
  const taskDefinition = ctx.taskDefinition(node);
  const tdNode = taskDefinition.node;
  if (taskDefinition.chosenOutsideTemplate) {
    // An EXTERNAL controller's deployments are the external tool's: it picks the task definition and the pace.
    return [];
  }
  if (!tdNode) {
    return [{ message: `${taskDefinition.label} is not defined in this app, its stop timeouts cannot be read`, unresolved: true, outsideApp: true }];
  }
  const service = ctx.props(node);
  const balanced = new Set(asList(service.LoadBalancers).filter(isObject).map((lb) => lb.ContainerName));
  const tdProps = ctx.props(tdNode);
  // Requests also reach containers through Service Connect, an App Mesh proxy or Cloud Map (by container name).
  const servesRequests = isObject(service.ServiceConnectConfiguration) && asList(service.ServiceConnectConfiguration.Services).length > 0
    || isObject(tdProps.ProxyConfiguration);
  asList(service.ServiceRegistries).filter(isObject).forEach((r) => balanced.add(r.ContainerName));
  return taskDefinition.containers.flatMap((container): RuleFinding[] => {
    // A non-essential sidecar with an explicit stop timeout made a choice (e.g. clean deregistration
    // on SIGTERM); an essential container, or one left at the default, did not.
    if (container.awsSidecar || container.props.Essential === false && container.props.StopTimeout !== undefined) {
      return [];
    }
    const timeout = container.props.StopTimeout ?? AWS_DEFAULT_STOP_TIMEOUT;
    if (typeof timeout !== 'number') {
      return [{ message: `container '${container.name}' of ${taskDefinition.label} has a stopTimeout that cannot be resolved`, unresolved: true, related: [tdNode] }];
    }
    if (timeout <= wanted) {
      return [];
    }
    const explicit = container.props.StopTimeout !== undefined;
    const nonEssential = container.props.Essential === false;
    const message = `container '${container.name}' of ${taskDefinition.label} gets ${timeout} s${explicit ? ' (set explicitly)' : ' (default)'} ` +
      'between SIGTERM and SIGKILL';
    if (!balanced.has(container.name) && !servesRequests) {
      // A worker holds a message or a job, not a request: 2 s would kill it mid-work at every deployment and scale-in.
      return [{
        message: `${message}; it takes no load-balanced traffic (a queue worker or a background task)`,
        related: [tdNode],
        unchanged: 'a worker needs the time to finish the message it holds',
        advice: 'on SIGTERM stop taking new messages and finish the current one: set stopTimeout to the longest a message ' +
          'takes (at most 120 s), and keep the queue\'s visibility timeout above it so an unfinished message is retried',
      }];
    }
    if (nonEssential) {
      return [{ message, related: [tdNode], unchanged: 'a non-essential container: give it the stop timeout it needs to shut down cleanly' }];
    }
    if (explicit && !ctx.fixExplicitValues) {
      return [{ message, related: [tdNode], unchanged: EXPLICIT_VALUE }];
    }
    return [{
      message,
      related: [tdNode],
      repair: () => {
        tdNode.addPropertyOverride(`ContainerDefinitions.${container.index}.StopTimeout`, wanted);
        ctx.changed(tdNode);
        return `container '${container.name}' of ${taskDefinition.label} stopTimeout set from ${timeout} s to ${wanted} s` +
          `${explicit ? ' (it was set explicitly)' : ' (30 s is the ECS default)'}`;
      },
    }];
  });
}
