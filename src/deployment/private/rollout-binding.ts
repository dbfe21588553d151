import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/** What a rollout needs to know about the service it binds to. */
export interface RolloutContext {
  /** True when the service sits behind a load balancer (its own or a shared listener). */
  readonly hasLoadBalancer: boolean;
}

/** The deployment props a rollout gives the ECS service. */
export interface RolloutBinding {
  readonly minHealthyPercent: number;
  readonly maxHealthyPercent: number;
  readonly circuitBreaker?: ecs.DeploymentCircuitBreaker;
  readonly healthCheckGracePeriod?: Duration;
}
