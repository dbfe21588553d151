/**
 * How the ECS agent on an EC2 container instance pulls container images (`ECS_IMAGE_PULL_BEHAVIOR`).
 *
 * The playbook uses `PREFER_CACHED`: a task that lands on an instance which already has the image
 * starts without a registry round trip, which is what makes EC2 starts faster than Fargate starts.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-agent-config.html
 */
export enum ImagePullBehavior {
  /** Pull the image; fall back to the cached image when the pull fails. The agent's own default. */
  DEFAULT = 'default',

  /** Always pull the image; the task fails to start when the pull fails. */
  ALWAYS = 'always',

  /**
   * Pull the image only when no earlier task on the instance pulled it.
   * Mutable tags (`:latest`) then never update on that instance.
   */
  ONCE = 'once',

  /**
   * Use the cached image when there is one, pull otherwise.
   * Mutable tags (`:latest`) then never update on that instance: deploy immutable tags or digests.
   */
  PREFER_CACHED = 'prefer-cached',
}
