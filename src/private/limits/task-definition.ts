import { Limit } from './limit';

/** ECS API `ContainerDefinition.stopTimeout`: "The valid values for Fargate are 2-120 seconds". */
export const FARGATE_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (Fargate)',
  min: 2,
  max: 120,
  source: 'ECS API ContainerDefinition.stopTimeout: "The valid values for Fargate are 2-120 seconds"',
};

/**
 * Outside Fargate the ECS API documents no maximum (the agent's ECS_CONTAINER_STOP_TIMEOUT applies when
 * unset); 2 s is Fargate's minimum, kept everywhere, and one day is the library's typo guard.
 */
export const INSTANCE_STOP_TIMEOUT: Limit = {
  prop: 'stopTimeout (EC2, Managed Instances)',
  min: 2,
  max: 86_400,
  source: 'ours: the ECS API documents no range outside Fargate; the minimum follows Fargate\'s 2 s, one day is a typo guard',
  ours: true,
};

/**
 * ECS API `CreateServiceRequest.serviceName` and `ContainerDefinition.name`: "Up to 255 letters
 * (uppercase and lowercase), numbers, underscores, and hyphens are allowed."
 */
export const ECS_NAME: Limit = {
  prop: 'serviceName, containerName',
  pattern: '^[a-zA-Z0-9_-]{1,255}$',
  source: 'ECS API CreateService serviceName / ContainerDefinition name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};

/** ECS container port: 1–65535 (a TCP/UDP port). */
export const CONTAINER_PORT: Limit = {
  prop: 'containerPort, serviceConnect.port, FireLensDestination.http port',
  min: 1,
  max: 65_535,
  source: 'ECS API PortMapping.containerPort: a TCP/UDP port number (1–65535)',
};

/**
 * Amazon ECS service quotas (developer guide, service-quotas): "Containers per task definition — Each
 * supported Region: 10 — Adjustable: No — The maximum number of containers definitions within a task
 * definition." No API model states it; RegisterTaskDefinition fails beyond it.
 */
export const CONTAINERS_PER_TASK_DEFINITION: Limit = {
  prop: 'containers per task definition (the application, the library\'s sidecars and any added with addContainer)',
  max: 10,
  source: 'Amazon ECS service quotas: "Containers per task definition: 10, not adjustable: the maximum number of containers definitions within a task definition"',
};

/**
 * ECS API `RegisterTaskDefinitionRequest.cpu` outside Fargate: "Supported values are between 128 CPU units (0.125
 * vCPUs) and 196608 CPU units (192 vCPUs)."
 */
export const TASK_CPU: Limit = {
  prop: 'cpu (EC2, Managed Instances)',
  min: 128,
  max: 196_608,
  source: 'ECS API RegisterTaskDefinitionRequest.cpu: "Supported values are between 128 CPU units (0.125 vCPUs) and 196608 CPU units (192 vCPUs)"',
};

/** Container memory outside Fargate's size table: Docker's smallest is 6 MiB; the upper bound is a typo guard. */
export const TASK_MEMORY_MIB: Limit = {
  prop: 'memoryLimitMiB (EC2, Managed Instances, daemons), fireLens routerMemoryReservationMiB',
  min: 6,
  max: 1_048_576,
  source: 'ours: Docker refuses a container memory limit below 6 MiB (the ECS API documents no range); 1 TiB is a typo guard',
  ours: true,
};

/** ECS API `HealthCheck` (container health check). */
export const CONTAINER_HEALTH_CHECK_INTERVAL: Limit = {
  prop: 'healthCheck.interval', min: 5, max: 300, source: 'ECS API HealthCheck.interval: "You may specify between 5 and 300 seconds"',
};

export const CONTAINER_HEALTH_CHECK_TIMEOUT: Limit = {
  prop: 'healthCheck.timeout', min: 2, max: 60, source: 'ECS API HealthCheck.timeout: "You may specify between 2 and 60 seconds"',
};

export const CONTAINER_HEALTH_CHECK_RETRIES: Limit = {
  prop: 'healthCheck.retries', min: 1, max: 10, source: 'ECS API HealthCheck.retries: "You may specify between 1 and 10 retries"',
};

export const CONTAINER_HEALTH_CHECK_START_PERIOD: Limit = {
  prop: 'healthCheck.startPeriod', min: 0, max: 300, source: 'ECS API HealthCheck.startPeriod: "You can specify between 0 and 300 seconds"',
};

export const EPHEMERAL_STORAGE: Limit = {
  prop: 'ephemeralStorageGiB',
  min: 21,
  max: 200,
  source: 'ECS API EphemeralStorage.sizeInGiB: "The minimum supported value is 21 GiB and the maximum supported value is 200 GiB"',
};

/** ECS API `Volume.name`: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed." */
export const TASK_VOLUME_NAME: Limit = {
  prop: 'addEfsVolume id (the task definition volume name)',
  min: 1,
  max: 255,
  pattern: '^[A-Za-z0-9_-]{1,255}$',
  source: 'ECS API Volume.name: "Up to 255 letters (uppercase and lowercase), numbers, underscores, and hyphens are allowed."',
};

/** awslogs `max-buffer-size`: Docker takes any size; the library caps it. */
export const AWSLOGS_MAX_BUFFER_MIB: Limit = {
  prop: 'ServiceLogging.awsLogs maxBufferSize (MiB)',
  min: 1,
  max: 1024,
  source: 'ours: Docker documents no maximum for max-buffer-size; 1 GiB is a typo guard against a buffer larger than the task',
  ours: true,
};

/**
 * Fargate Linux platform versions older than 1.4.0, which lack what several features need: EFS volumes
 * ("Amazon EFS volumes ... platform version 1.4.0 or later"), Service Connect ("Tasks that run in Fargate must
 * use the Fargate Linux platform version 1.4.0 or higher to use Service Connect"), ARM64 tasks ("Linux tasks
 * with the ARM64 architecture on platform version 1.4.0 or later"). All from the ECS developer guide.
 */
export const FARGATE_PLATFORM_VERSIONS_BEFORE_1_4: ReadonlyArray<string> = ['1.0.0', '1.1.0', '1.2.0', '1.3.0'];

/** Task definitions and containers (ECS, Fargate): every limit of this file, in the order docs/limits.md lists them. */
export const TASK_DEFINITION_LIMITS: readonly Limit[] = [
  FARGATE_STOP_TIMEOUT, INSTANCE_STOP_TIMEOUT, ECS_NAME, CONTAINER_PORT, CONTAINERS_PER_TASK_DEFINITION, TASK_CPU,
  TASK_MEMORY_MIB, CONTAINER_HEALTH_CHECK_INTERVAL, CONTAINER_HEALTH_CHECK_TIMEOUT, CONTAINER_HEALTH_CHECK_RETRIES,
  CONTAINER_HEALTH_CHECK_START_PERIOD, EPHEMERAL_STORAGE, TASK_VOLUME_NAME, AWSLOGS_MAX_BUFFER_MIB,
];
