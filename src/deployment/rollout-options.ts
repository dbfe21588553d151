import { Duration } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';

/**
 * Options of the rolling deployment (`Rollout.rolling()`).
 *
 * Every default follows the ECS best-practices guide for fast deployments: a whole new set of tasks
 * starts at once while the old set keeps serving, and a deployment whose tasks keep failing is rolled
 * back by the circuit breaker.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/deployment.html
 */
export interface RollingRolloutOptions {
  /**
   * Lower limit of running tasks during a deployment, in percent of the desired count (0–100).
   *
   * @default 100
   */
  readonly minHealthyPercent?: number;

  /**
   * Upper limit of running tasks during a deployment, in percent of the desired count (100 or more).
   *
   * @default 200
   */
  readonly maxHealthyPercent?: number;

  /**
   * The deployment circuit breaker: stop a deployment whose tasks keep failing to start or to pass
   * health checks, and roll it back. Fields left out take this library's values (`enable: true`,
   * `rollback: true`), not CloudFormation's; `{ enable: false }` turns the circuit breaker off.
   *
   * Without a circuit breaker a failing deployment keeps CloudFormation waiting until the service stabilises or the stack operation times out.
   *
   * @default - enabled, with rollback
   */
  readonly circuitBreaker?: ecs.DeploymentCircuitBreaker;

  /**
   * Time ECS ignores failing load balancer health checks after a task starts.
   *
   * @default Duration.seconds(10) when the service has a load balancer, otherwise none
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Add the library's rollback alarms (5xx rate and unhealthy targets of the target group) to the
   * deployment. Off for rolling deployments: with alarms, ECS keeps watching them for a bake time it
   * derives from their periods after every deployment, which slows the fast rolling deploy down.
   * Alarms given in `rollbackAlarms` apply either way.
   *
   * @default false
   */
  readonly defaultAlarms?: boolean;
}

/**
 * Options of the blue/green deployment (`Rollout.blueGreen()`), and the options canary and linear
 * deployments share with it.
 *
 * ECS starts a full set of new (green) tasks beside the old (blue) ones, shifts production traffic to
 * them, keeps the blue tasks for the bake time and rolls back (an instant traffic shift) when an
 * alarm fires or the circuit breaker trips.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/deployment-type-blue-green.html
 */
export interface BlueGreenRolloutOptions {
  /**
   * How long the old tasks keep running after all production traffic reached the new ones (whole
   * minutes, 0–1440). A rollback during the bake time only moves traffic back: no task has to start.
   *
   * The default is sized on the default alarms: two 1-minute periods to alarm plus up to a minute
   * for ALB metrics to arrive.
   *
   * @default Duration.minutes(3)
   */
  readonly bakeTime?: Duration;

  /**
   * Lambda functions (or other targets) ECS runs at deployment lifecycle stages, e.g. a smoke test
   * after the new tasks scale up (`ecs.DeploymentLifecycleLambdaTarget`). A hook that fails rolls
   * the deployment back.
   *
   * @default - no lifecycle hooks
   */
  readonly lifecycleHooks?: ecs.IDeploymentLifecycleHookTarget[];

  /**
   * Add the library's rollback alarms: the 5xx rate and the unhealthy targets of both target groups
   * (period 1 minute, 2 evaluation periods). Services without a load balancer get none. Alarms given
   * in `rollbackAlarms` apply either way.
   *
   * @default true
   */
  readonly defaultAlarms?: boolean;

  /**
   * Time ECS ignores failing load balancer health checks after a task starts.
   *
   * @default Duration.seconds(10) when the service has a load balancer, otherwise none
   */
  readonly healthCheckGracePeriod?: Duration;

  /**
   * Send requests that carry a header to the new tasks before any production traffic: a test
   * listener rule that ECS points at the new revision during the test phase, so that a lifecycle hook
   * at `POST_TEST_TRAFFIC_SHIFT` (or a person) can try it through the load balancer. On a Service
   * Connect server, its client alias gets the same header as a test traffic rule (one exact value).
   *
   * Anyone who sends the header reaches the new revision: treat its value as a shared secret, or put
   * the service behind an internal ALB.
   *
   * @default - no test listener rule: the new tasks get production traffic only
   * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/alb-resources-for-blue-green.html
   */
  readonly testTraffic?: RolloutTestTrafficOptions;
}

/**
 * Which requests a blue/green, canary or linear deployment sends to the new tasks during its test
 * phase: those whose `headerName` header has one of `headerValues`.
 */
export interface RolloutTestTrafficOptions {
  /**
   * The HTTP header that marks test requests (1–40 characters of an RFC 7230 token, e.g.
   * `x-test-revision`; ALB compares header names case-insensitively).
   */
  readonly headerName: string;

  /**
   * The values that send a request to the new tasks (1 to 5 values of up to 128 characters; `*` and
   * `?` are wildcards).
   */
  readonly headerValues: string[];

  /**
   * Priority of the test rule on a shared listener: it must be evaluated before the service's
   * production rule, so it must be a lower number than `loadBalancing`'s priority (1–50000). Only for
   * `LoadBalancing.sharedListener()`: on the service's own ALB the test rule takes priority 1 and the
   * production rule priority 2.
   *
   * @default - required with LoadBalancing.sharedListener()
   */
  readonly priority?: number;
}

/**
 * Options of the canary deployment (`Rollout.canary()`): a share of production traffic goes to the
 * new tasks for `interval`, then the rest.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/canary-deployment.html
 */
export interface CanaryRolloutOptions extends BlueGreenRolloutOptions {
  /**
   * Share of production traffic the new tasks get during the canary phase, in percent: a multiple of
   * 0.1 from 0.1 to 100.
   */
  readonly percent: number;

  /**
   * How long the canary phase lasts before the remaining traffic shifts (whole minutes, 0–1440).
   *
   * @default Duration.minutes(3)
   */
  readonly interval?: Duration;
}

/**
 * Options of the linear deployment (`Rollout.linear()`): production traffic shifts to the new tasks
 * in equal steps, `interval` apart.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/linear-deployment.html
 */
export interface LinearRolloutOptions extends BlueGreenRolloutOptions {
  /**
   * Share of production traffic shifted per step, in percent: a multiple of 0.1 from 3 to 100.
   */
  readonly stepPercent: number;

  /**
   * Wait between two steps (whole minutes, 0–1440); not applied after the last step.
   *
   * @default Duration.minutes(3)
   */
  readonly interval?: Duration;
}
