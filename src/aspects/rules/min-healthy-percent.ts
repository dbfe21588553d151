import { CfnResource } from 'aws-cdk-lib';
import { MIN_HEALTHY_PERCENT } from '../../private/defaults';
import { labelOf, ownerOf } from '../private/cfn';
import { placementBlockers, taskMemoryMiB } from '../private/placement';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** CloudFormation default for replica services when MaximumPercent is not set. */
const AWS_DEFAULT_MAXIMUM_PERCENT = 200;
/** aws-ecs warns under this id when it renders its own 50 % because minHealthyPercent was not set. */
const UNSET_WARNING = '[ack: @aws-cdk/aws-ecs:minHealthyPercent]';

/**
 * ECSE-FD6: a replica service keeps all of its tasks during a deployment (aws-ecs renders 50 %
 * when unset), so a deployment never halves capacity. ECS rounds the kept count up, so the percentage
 * is judged with the desired count and the scaling range: 50 % of one task keeps the task. Daemon
 * services and external deployment controllers are skipped.
 *
 * Fix mode raises only the 50 % aws-ecs renders for an unset `minHealthyPercent` (explicit values,
 * e.g. 0 for a single-task database, need `fixExplicitValues`), and never on an EC2 service whose new
 * task cannot start beside the old one (static host port, `distinctInstance`, one instance): there
 * 100 % would stall every deployment, so the finding says why instead. On one instance with dynamic host
 * ports the stall depends on the instance type's room for a second copy, so that finding says "unless".
 */
export function minHealthyPercent(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const props = ctx.props(node);
  if (!ctx.usesEcsDeploymentController(node) || props.SchedulingStrategy === 'DAEMON') {
    return [];
  }
  const minimum = props.DeploymentConfiguration?.MinimumHealthyPercent;
  if (minimum === undefined) {
    return []; // CloudFormation's own default for replica services is 100
  }
  if (typeof minimum !== 'number') {
    return [{ message: `Service '${labelOf(node)}' has a minimum healthy percent that cannot be resolved at synth time`, unresolved: true }];
  }
  if (minimum >= MIN_HEALTHY_PERCENT) {
    return [];
  }
  const maximum = props.DeploymentConfiguration?.MaximumPercent ?? AWS_DEFAULT_MAXIMUM_PERCENT;
  const cdkDefault = ownerOf(node).node.metadata.some((m) => m.type === 'aws:cdk:warning' && String(m.data).includes(UNSET_WARNING));
  const blockers = placementBlockers(node, ctx);
  const counts = ctx.taskCounts(node);
  const origin = cdkDefault ? ' (what aws-ecs renders when minHealthyPercent is not set)' : ' (set explicitly)';
  // ECS keeps ceil(count × minimumHealthyPercent / 100) tasks running (ECS API, DeploymentConfiguration).
  const kept = (count: number) => Math.ceil(count * minimum / 100);
  if (blockers.length > 0) {
    const reasons = blockers.map((b) => b.reason).join('; ');
    if (counts && kept(counts.smallest) >= counts.smallest) {
      if (!blockers.some((b) => b.certain)) {
        // One instance with dynamic host ports: a second copy starts if the instance type has room for it,
        // which the template does not show (aws-cdk's patterns integ apps run 256 MiB tasks on one t2.micro).
        const memory = taskMemoryMiB(node, ctx);
        return [{
          message: `Service '${labelOf(node)}' keeps all ${counts.smallest} of its tasks running during a deployment ` +
            `(${minimum} %${origin}, rounded up by ECS), so the new task must start beside the old one (${reasons}): the ` +
            'deployment stalls unless the instance has room for a second copy of the task' +
            `${memory !== undefined ? ` (${memory} MiB of memory and the task's CPU, each)` : ''}`,
          unchanged: 'whether the instance has room for a second copy depends on the instance type, which the template does not size',
          advice: 'check that the instance type has the CPU and memory (and, with awsvpc, a free ENI) for two copies of the task; if ' +
            'not, allow a second instance (MaxSize 2, with a capacity provider\'s managed scaling) or set minHealthyPercent: 0 so ECS ' +
            'stops the old task first (a short outage); suppress the rule once checked',
        }];
      }
      return [{
        message: `Service '${labelOf(node)}' keeps all ${counts.smallest} of its tasks running during a deployment ` +
          `(${minimum} %${origin}, rounded up by ECS), and on EC2 a new task cannot start beside the old one ` +
          `(${reasons}), so every deployment stalls`,
        unchanged: 'no minimum healthy percent above 0 lets this deployment proceed',
        advice: 'set minHealthyPercent: 0 so ECS stops the old task before it starts the new one (a short outage), or let a new ' +
          'task start beside the old one: dynamic host ports (hostPort 0) or awsvpc, no distinctInstance, another instance',
      }];
    }
    const room = blockers.some((b) => b.certain) ? '' : ' unless the instance has room for a second copy of every task';
    return [{
      message: `Service '${labelOf(node)}' lets a deployment drop to ${minimum} % of its tasks${origin}; on EC2 a new task cannot ` +
        `start beside the old one (${reasons}), so 100 % would stall every deployment${room}`,
      unchanged: `raising it would stall the deployment${room}`,
      advice: 'keep this value until a new task can start beside the old one (dynamic host ports (hostPort 0) or awsvpc, no ' +
        'distinctInstance, spare instances), then set minHealthyPercent: 100',
    }];
  }
  if (counts && kept(counts.largest) >= counts.largest) {
    return []; // e.g. 50 % of one task: ECS rounds up and keeps the task, nothing drops
  }
  const message = `Service '${labelOf(node)}' lets a deployment drop to ${minimum} % of its tasks${origin}` +
    `${counts ? `: ${kept(counts.largest)} of ${counts.largest} at its largest count` : ''}`;
  if (!cdkDefault && !ctx.fixExplicitValues) {
    return [{ message, unchanged: EXPLICIT_VALUE }];
  }
  return [{
    message,
    repair: () => {
      // With maximumPercent 100 or less, 100 % minimum healthy would leave ECS no room to start new tasks.
      if (typeof maximum !== 'number' || maximum <= MIN_HEALTHY_PERCENT) {
        return undefined;
      }
      node.addPropertyOverride('DeploymentConfiguration.MinimumHealthyPercent', MIN_HEALTHY_PERCENT);
      ctx.changed(node);
      return `Service '${labelOf(node)}' minimum healthy percent set from ${minimum} to ${MIN_HEALTHY_PERCENT}` +
        `${cdkDefault ? ' (50 is what aws-ecs renders when minHealthyPercent is not set)' : ' (it was set explicitly)'}` +
        ` with maximum percent ${maximum}`;
    },
  }];
}
