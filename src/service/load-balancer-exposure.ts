/**
 * Whether and how a service is reachable through an Application Load Balancer of its own.
 */
export enum LoadBalancerExposure {
  /** An internet-facing ALB in public subnets. */
  PUBLIC = 'PUBLIC',
  /** An internal ALB in private subnets, reachable from the VPC only. */
  INTERNAL = 'INTERNAL',
  /** No load balancer (workers, queue consumers, Service Connect backends). */
  NONE = 'NONE',
}
