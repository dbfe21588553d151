import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';

/**
 * Options of `LoadBalancing.sharedListener()`: attach a service to an existing ALB listener.
 *
 * One ALB in front of many services saves its hourly cost and stack resources. Each service gets a
 * listener rule with a path and/or host condition and a unique priority.
 */
export interface SharedListenerOptions {
  /** The listener to add a rule to. */
  readonly listener: elbv2.IApplicationListener;

  /**
   * Priority of this service's listener rule (1–50000), unique on the listener.
   */
  readonly priority: number;

  /**
   * Path patterns that route to this service, e.g. `['/orders', '/orders/*']`; with `hostHeaders`, up to 5 values.
   *
   * @default - no path condition (give hostHeaders)
   */
  readonly pathPatterns?: string[];

  /**
   * Host headers that route to this service, e.g. `['orders.example.com']`; with `pathPatterns`, up to 5 values.
   *
   * @default - no host condition (give pathPatterns)
   */
  readonly hostHeaders?: string[];
}
