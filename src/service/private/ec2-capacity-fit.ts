import { Annotations } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { IConstruct } from 'constructs';
import { choicesOf } from './assembly';
import { deploymentPeak } from './deployment-peak';
import type { EssentialEc2Capacity } from '../../capacity/essential-ec2-capacity';
import { isKnown } from '../../private/validation';
import type { EssentialReplicaServiceOptions } from '../essential-replica-service-options';

/** The task size the service's tasks take on an instance, the Service Connect proxy included. */
export interface Ec2TaskSize {
  readonly cpu: number;
  readonly memoryMiB: number;
  readonly networkMode: ecs.NetworkMode;
}

/**
 * Warn when the capacity cannot hold the service at the peak of a deployment: a rolling deployment runs
 * up to maxHealthyPercent of the task count (200 % by default), blue/green, canary and linear a whole
 * second fleet. Tasks beyond the instances' CPU, registrable memory or, for awsvpc tasks, network
 * interfaces stay PROVISIONING and the deployment stalls until it times out. The arithmetic counts this
 * service alone; other services on the same capacity make it tighter.
 */
export function warnAboutDeploymentPeak(scope: IConstruct, props: EssentialReplicaServiceOptions, capacity: EssentialEc2Capacity,
  task: Ec2TaskSize): void {
  const instances = capacity._maxInstances;
  const cpuLimit = capacity.taskCpuLimit;
  const memoryLimit = capacity.taskMemoryLimitMiB;
  const deployment = deploymentPeak(props, choicesOf(props).rollout);
  if (instances === undefined || cpuLimit === undefined || memoryLimit === undefined || !isKnown(task.cpu) || !isKnown(task.memoryMiB)
    || deployment === undefined) {
    return;
  }
  const { tasks, percent: peakPercent, peak } = deployment;
  const byCpu = Math.floor(cpuLimit / task.cpu);
  const byMemory = Math.floor(memoryLimit / task.memoryMiB);
  const awsvpc = task.networkMode === ecs.NetworkMode.AWS_VPC;
  const byEni = awsvpc ? capacity._awsvpcTasksPerInstance : undefined;
  const perInstance = Math.min(byCpu, byMemory, byEni ?? Number.MAX_SAFE_INTEGER);
  if (perInstance < 1 || peak <= perInstance * instances) {
    return;
  }
  const eniBound = byEni !== undefined && byEni === perInstance && byEni < Math.min(byCpu, byMemory);
  Annotations.of(scope).addWarningV2('cdk-ecs-essentials:ec2CapacityBelowDeploymentPeak',
    `At the peak of a deployment this service runs ${peak} tasks (${tasks} × ${peakPercent} %), but its capacity holds at most ` +
    `${perInstance * instances}: ${instances} instances (maxCapacityPerGroup × 2) × ${perInstance} tasks each ` +
    `(by CPU ${byCpu}, by registrable memory ${byMemory}${byEni !== undefined ? `, by network interfaces ${byEni}` : ''}). ` +
    'The tasks beyond it stay PROVISIONING and the deployment stalls. Raise maxCapacityPerGroup, lower rollout maxHealthyPercent ' +
    `(e.g. 150), or use larger instance types${eniBound ? '; awsvpc tasks are bound by network interfaces: turn on awsvpcTrunking ' +
    '(an account setting: aws ecs put-account-setting-default --name awsvpcTrunking --value enabled) or use bridge networking' : ''}.`);
}
