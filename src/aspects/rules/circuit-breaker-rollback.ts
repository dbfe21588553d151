import { CfnResource } from 'aws-cdk-lib';
import { CIRCUIT_BREAKER_ROLLBACK } from '../../private/defaults';
import { asList, labelOf } from '../private/cfn';
import { EXPLICIT_VALUE, FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD5: the deployment circuit breaker is enabled with rollback, so a deployment whose tasks
 * keep failing rolls back instead of retrying for hours. Only for the ECS deployment controller. Fix
 * mode adds a missing breaker; an explicit one without rollback is reported, and changed only with
 * `fixExplicitValues`.
 */
export function circuitBreakerRollback(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  if (!ctx.usesEcsDeploymentController(node)) {
    return [];
  }
  const breaker = ctx.props(node).DeploymentConfiguration?.DeploymentCircuitBreaker;
  if (breaker?.Enable === true && breaker?.Rollback === true) {
    return [];
  }
  if (breaker !== undefined && (typeof breaker.Enable !== 'boolean' || typeof breaker.Rollback !== 'boolean')) {
    return [{ message: `Service '${labelOf(node)}' has a circuit breaker setting that cannot be resolved at synth time`, unresolved: true }];
  }
  // ECSE-FD9 leaves this case to this rule: say that nothing else rolls back a load-balanced service either.
  const alarms = ctx.props(node).DeploymentConfiguration?.Alarms;
  const noRollback = asList(ctx.props(node).LoadBalancers).length > 0 && !(alarms?.Enable === true && alarms?.Rollback === true)
    ? ' and no deployment alarm with rollback: a revision whose tasks fail keeps CloudFormation waiting until the service stabilises or the stack operation times out' : '';
  const state = breaker === undefined ? `has no deployment circuit breaker${noRollback}`
    : breaker.Enable === true ? 'has a circuit breaker without rollback (set explicitly)' : 'has its circuit breaker disabled (set explicitly)';
  if (breaker !== undefined && !ctx.fixExplicitValues) {
    return [{ message: `Service '${labelOf(node)}' ${state}`, unchanged: EXPLICIT_VALUE }];
  }
  return [{
    message: `Service '${labelOf(node)}' ${state}`,
    repair: () => {
      node.addPropertyOverride('DeploymentConfiguration.DeploymentCircuitBreaker', { Enable: true, Rollback: CIRCUIT_BREAKER_ROLLBACK });
      ctx.changed(node);
      return `Service '${labelOf(node)}' circuit breaker enabled with rollback (before: ` +
        `${breaker === undefined ? 'none, the ECS default' : `enable ${breaker.Enable}, rollback ${breaker.Rollback}, set explicitly`})`;
    },
  }];
}
