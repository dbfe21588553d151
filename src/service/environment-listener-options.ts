/**
 * Options of `LoadBalancing.environment()`: a host on the shared HTTPS listener of the service's
 * `EssentialEnvironment`.
 */
export interface EnvironmentListenerOptions {
  /**
   * The host label: the service answers at `https://<host>.<domainName>` of the environment. One DNS
   * label, 1–63 characters a-z, 0-9 and '-' (not first or last): the length is DNS's, the characters
   * are this library's (see docs/limits.md).
   */
  readonly host: string;

  /**
   * Priority of the host rule on the shared listener (1–50000), unique on it.
   *
   * @default - the environment's next free priority, counting from 100 in the order services are created
   */
  readonly priority?: number;
}
