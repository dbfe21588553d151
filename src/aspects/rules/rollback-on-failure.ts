import { CfnResource } from 'aws-cdk-lib';
import { asList, labelOf } from '../private/cfn';
import { FastDeployContext } from '../private/service-model';
import { findSuppression } from '../private/suppression-store';
import { RuleFinding } from '../rule-pack';

/** ECS deployment strategies that shift traffic between two target groups and bake before finishing. */
const TRAFFIC_SHIFTING = ['BLUE_GREEN', 'CANARY', 'LINEAR'];

/**
 * ECSE-FD9: a load-balanced service rolls a bad revision back by itself, through deployment alarms with
 * rollback or the circuit breaker with rollback. With neither, a deployment whose tasks fail keeps
 * CloudFormation waiting until the service stabilises or the stack operation times out, and a revision that starts but answers 5xx stays.
 * A blue/green, canary or linear rollout also needs alarms: its bake time only protects what an alarm
 * watches, the circuit breaker sees tasks that fail to start, never errors they serve.
 *
 * Report only (no fix mode): which alarms fit a service is the author's choice.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-alarm-failure.html
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-circuit-breaker.html
 */
export function rollbackOnFailure(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  if (!ctx.usesEcsDeploymentController(node)) {
    return [];
  }
  const props = ctx.props(node);
  const loadBalancers = props.LoadBalancers;
  if (loadBalancers === undefined || (Array.isArray(loadBalancers) && loadBalancers.length === 0)) {
    return [];
  }
  const config = props.DeploymentConfiguration ?? {};
  const alarms = alarmsOf(config.Alarms);
  const breaker = breakerOf(config.DeploymentCircuitBreaker);
  const strategy = config.Strategy;
  if (alarms === 'unresolved' || breaker === 'unresolved' || (strategy !== undefined && typeof strategy !== 'string')) {
    return [{ message: `Service '${labelOf(node)}' has deployment alarms, circuit breaker or strategy settings that cannot be resolved at synth time`, unresolved: true }];
  }
  if (strategy !== undefined && TRAFFIC_SHIFTING.includes(strategy) && alarms === 'none') {
    return [{
      message: `Service '${labelOf(node)}' deploys with strategy ${strategy} but no deployment alarm rolls it back: ` +
        'the bake time watches nothing, and the circuit breaker only sees tasks that fail to start, not the errors they serve',
    }];
  }
  // Neither alarms nor a breaker with rollback: ECSE-FD5 reports it on this service (one finding), unless it is suppressed.
  if (alarms === 'none' && breaker === 'none' && findSuppression('ECSE-FD5', [node]) !== undefined) {
    return [{
      message: `Service '${labelOf(node)}' has neither deployment alarms with rollback nor a circuit breaker with rollback: a ` +
        'revision whose tasks fail keeps CloudFormation waiting until the stack operation times out, and one that serves errors stays',
    }];
  }
  return [];
}

/** 'rollback' when alarms are enabled with rollback and name at least one alarm. */
function alarmsOf(alarms: any): 'rollback' | 'none' | 'unresolved' {
  if (alarms === undefined) {
    return 'none';
  }
  if (typeof alarms.Enable !== 'boolean' || typeof alarms.Rollback !== 'boolean') {
    return 'unresolved';
  }
  // Each name may be a reference to an alarm of the app; only the list itself must be known.
  const names = alarms.AlarmNames;
  if (names !== undefined && !Array.isArray(names)) {
    return 'unresolved';
  }
  return alarms.Enable && alarms.Rollback && asList(names).length > 0 ? 'rollback' : 'none';
}

/** 'rollback' when the circuit breaker is enabled with rollback. */
function breakerOf(breaker: any): 'rollback' | 'none' | 'unresolved' {
  if (breaker === undefined) {
    return 'none';
  }
  if (typeof breaker.Enable !== 'boolean' || typeof breaker.Rollback !== 'boolean') {
    return 'unresolved';
  }
  return breaker.Enable && breaker.Rollback ? 'rollback' : 'none';
}
