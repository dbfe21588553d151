import { CfnResource } from 'aws-cdk-lib';
import { MIN_HEALTHY_PERCENT } from '../../private/defaults';
import { labelOf } from '../private/cfn';
import { FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/** CloudFormation default for replica services when MaximumPercent is not set. */
const AWS_DEFAULT_MAXIMUM_PERCENT = 200;

/**
 * ECSE-FD6: a replica service keeps 100 % of its tasks during a deployment (aws-ecs renders 50 %
 * when unset), so a deployment never halves capacity. Daemon services and external deployment
 * controllers are skipped.
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
  return [{
    message: `Service '${labelOf(node)}' lets a deployment drop to ${minimum} % of its tasks`,
    repair: () => {
      // With maximumPercent 100 or less, 100 % minimum healthy would leave ECS no room to start new tasks.
      if (typeof maximum !== 'number' || maximum <= MIN_HEALTHY_PERCENT) {
        return undefined;
      }
      node.addPropertyOverride('DeploymentConfiguration.MinimumHealthyPercent', MIN_HEALTHY_PERCENT);
      ctx.changed(node);
      return `Service '${labelOf(node)}' minimum healthy percent set from ${minimum} to ${MIN_HEALTHY_PERCENT}`;
    },
  }];
}
