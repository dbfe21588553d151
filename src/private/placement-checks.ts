import { Annotations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { PropsValidator } from './validation';

/**
 * `essentialEnvironment` brings its cluster and VPC: it excludes the props that name another. Types
 * stay `unknown` so that this shared module imports no capability.
 *
 * @param others the workload's alternatives to the environment, by prop name (`cluster`, `vpc`)
 */
export function checkEnvironmentExclusive(v: PropsValidator, environment: unknown, others: { readonly [prop: string]: unknown }): void {
  if (environment === undefined) {
    return;
  }
  const given = Object.keys(others).filter((prop) => others[prop] !== undefined);
  if (given.length > 0) {
    v.fail(`'essentialEnvironment' and ${given.map((p) => `'${p}'`).join(' and ')} are exclusive: the environment brings its cluster and VPC, ` +
      'give one or the other, got both');
  }
}

/**
 * A capacity given with an environment must belong to the environment's cluster (the capacity's
 * providers are associated with one cluster only).
 */
export function checkCapacityInEnvironment(v: PropsValidator, capacity: { readonly cluster: unknown; readonly node: { readonly path: string } },
  environment: { readonly cluster: unknown; readonly node: { readonly path: string } } | undefined): void {
  if (environment !== undefined && capacity.cluster !== environment.cluster) {
    v.fail(`'capacity' must belong to the cluster of 'essentialEnvironment' '${environment.node.path}': create it with ` +
      `essentialEnvironment, got capacity '${capacity.node.path}' of another cluster`);
  }
}

/**
 * ECS gives awsvpc tasks on instances (EC2, Managed Instances) no public IP ("assignPublicIp" is Fargate's
 * only): in public subnets without NAT they cannot reach ECR, CloudWatch Logs or other AWS APIs, unless the
 * environment has the ECR and CloudWatch Logs interface endpoints.
 */
export function warnAboutAwsvpcWithoutPublicIp(scope: IConstruct, awsvpc: boolean,
  environment: { readonly _assignPublicIp: boolean; readonly _reachesEcrAndLogsPrivately: boolean } | undefined, launch: string): void {
  if (awsvpc && environment?._assignPublicIp && !environment._reachesEcrAndLogsPrivately) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:awsvpcTasksWithoutPublicIp',
      `awsvpc tasks on ${launch} get no public IP (ECS assigns public IPs to Fargate tasks only), and this environment has no NAT gateway: ` +
      'the tasks cannot pull images or send logs. Use an environment with NAT (EnvironmentNetwork.singleNat()), the interface endpoints ' +
      'ECR, ECR_DOCKER and CLOUDWATCH_LOGS (interfaceEndpoints; other AWS APIs the app calls need theirs), ' +
      'or, on EC2, networkMode BRIDGE (tasks use the instance\'s public IP)');
  }
}
