import { CfnResource, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';

/** What the finished service must still show at synthesis, whatever escape hatches ran after the constructor. */
export interface RolloutExpectations {
  /** How the rollout is named in messages, e.g. `Rollout.canary()`. */
  readonly description: string;
  /** `DeploymentConfiguration.Strategy` the rollout rendered (undefined for rolling: CloudFormation's default). */
  readonly strategy?: string;
  /** True when the rollout relies on the ECS deployment controller (circuit breaker, alarms, strategies). */
  readonly needsEcsController: boolean;
  /** The alarms the deployment must roll back on. */
  readonly alarms: cloudwatch.IAlarm[];
}

interface RenderableResource {
  _toCloudFormation(): unknown;
}

/**
 * Check the rendered ECS service at synthesis: the deployment controller is still ECS, the strategy
 * is still the rollout's, and every rollback alarm reached `DeploymentConfiguration.Alarms` with
 * rollback on. Escape hatches (`addPropertyOverride`, `cfnService.deploymentController = …`) and a
 * later `enableDeploymentAlarms()` call (aws/aws-cdk#36308) can change or drop them silently.
 */
export function checkRenderedRollout(scope: Construct, service: ecs.BaseService, expected: RolloutExpectations): void {
  const cfnService = service.node.defaultChild as CfnResource;
  scope.node.addValidation({
    validate: () => {
      const stack = Stack.of(scope);
      const props = renderedProperties(cfnService);
      const problems: string[] = [];
      const controller = props.DeploymentController?.Type;
      if (expected.needsEcsController && controller !== undefined && controller !== 'ECS') {
        problems.push(`'rollout' ${expected.description} needs the ECS deployment controller (its strategy, circuit breaker and ` +
          `rollback alarms run in ECS); CODE_DEPLOY and EXTERNAL support none of them, got DeploymentController ${JSON.stringify(controller)} ` +
          'set through an escape hatch: remove the override');
      }
      const strategy = props.DeploymentConfiguration?.Strategy;
      if (strategy !== expected.strategy && !(expected.strategy === undefined && strategy === 'ROLLING')) {
        problems.push(`'rollout' ${expected.description} renders DeploymentConfiguration.Strategy ${expected.strategy ?? 'ROLLING (unset)'}, ` +
          `got ${JSON.stringify(strategy)} set through an escape hatch: choose the strategy with 'rollout' instead, which also wires ` +
          'the second target group, the listener rule and the role ECS needs');
      }
      const serviceId = stack.resolve(cfnService.logicalId) as string;
      for (const alarm of expected.alarms.filter((a) => dependsOnService(a, stack, serviceId))) {
        problems.push(`'rollbackAlarms' alarm '${alarm.node.path}' watches a metric of this service and is listed by reference, so the ` +
          'service and the alarm depend on each other (CloudFormation refuses the circular dependency): give the alarm a fixed ' +
          '\'alarmName\' and pass cloudwatch.Alarm.fromAlarmName(scope, id, thatName) in \'rollbackAlarms\'');
      }
      if (expected.alarms.length > 0) {
        const alarms = props.DeploymentConfiguration?.Alarms;
        const rendered = JSON.stringify(alarms?.AlarmNames ?? []);
        const missing = expected.alarms.filter((alarm) => !rendered.includes(JSON.stringify(stack.resolve(alarm.alarmName))));
        if (missing.length > 0 || alarms?.Enable !== true || alarms?.Rollback !== true) {
          problems.push('\'rollbackAlarms\' must reach the service\'s DeploymentConfiguration.Alarms with Enable and Rollback true, ' +
            `got ${JSON.stringify(alarms ?? null)} (missing: ${missing.map((a) => a.node.path).join(', ') || 'none'}): pass every alarm ` +
            'in \'rollbackAlarms\' rather than service.enableDeploymentAlarms() (aws/aws-cdk#36308 drops alarms added that way) ' +
            'and remove overrides of DeploymentConfiguration.Alarms');
        }
      }
      return problems;
    },
  });
}

/** True for an alarm of the service's stack, referenced by its logical ID, whose metric names the service. */
function dependsOnService(alarm: cloudwatch.IAlarm, stack: Stack, serviceId: string): boolean {
  const cfnAlarm = alarm.node.defaultChild;
  if (!(cfnAlarm instanceof CfnResource) || Stack.of(cfnAlarm) !== stack || typeof stack.resolve(alarm.alarmName) === 'string') {
    return false;
  }
  const rendered = JSON.stringify(renderedProperties(cfnAlarm));
  return rendered.includes(`{"Ref":"${serviceId}"}`) || rendered.includes(`"Fn::GetAtt":["${serviceId}"`);
}

/**
 * The L1's properties as the template will show them: resolved, property overrides applied.
 * Reading `cfnProperties` would miss `addPropertyOverride`, the escape hatch most users reach for.
 */
function renderedProperties(node: CfnResource): Record<string, any> {
  const fragment = Stack.of(node).resolve((node as unknown as RenderableResource)._toCloudFormation()) as
    { Resources?: Record<string, { Properties?: Record<string, any> }> } | undefined;
  return Object.values(fragment?.Resources ?? {})[0]?.Properties ?? {};
}
