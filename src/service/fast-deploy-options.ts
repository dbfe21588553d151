import { Duration } from 'aws-cdk-lib';

/**
 * The ALB and container timing that decides how long each deployment step waits.
 *
 * Every default follows the ECS best-practices guide: a new task gets traffic after
 * interval × healthy threshold (10 s instead of the ALB's 150 s), an old task is drained in 5 s
 * instead of 300 s and stopped 2 s after SIGTERM instead of 30 s. The deployment limits
 * (min/max healthy percent, circuit breaker, grace period) are the `rollout`'s.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/deployment.html
 */
export interface FastDeployOptions {
  /**
   * Time between two ALB health checks of a target (5–300 s).
   *
   * @default Duration.seconds(5)
   */
  readonly healthCheckInterval?: Duration;

  /**
   * Time a health check may take before it counts as failed (2–120 s, below the interval).
   *
   * @default Duration.seconds(4)
   */
  readonly healthCheckTimeout?: Duration;

  /**
   * Consecutive passed checks before a new target receives traffic (2–10).
   *
   * @default 2
   */
  readonly healthyThresholdCount?: number;

  /**
   * Consecutive failed checks before a target is taken out of rotation (2–10).
   *
   * @default 2
   */
  readonly unhealthyThresholdCount?: number;

  /**
   * Time the ALB keeps sending in-flight requests to a deregistering target (0–3600 s).
   *
   * Keep it above your slowest request; raise it for long polling, streaming or websockets.
   *
   * @default Duration.seconds(5)
   */
  readonly deregistrationDelay?: Duration;

  /**
   * Time between SIGTERM and SIGKILL for the application container (Fargate: up to 120 s).
   *
   * Your app must handle SIGTERM and exit within it. Spot tasks get two minutes of warning: keep
   * `deregistrationDelay` + `stopTimeout` below 120 s on a mix with Spot.
   *
   * @default Duration.seconds(2)
   */
  readonly stopTimeout?: Duration;
}
