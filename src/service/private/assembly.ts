import { Annotations, Duration, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct, Dependable, IDependable } from 'constructs';
import { LoadBalancingBinding } from './load-balancing-wiring';
import { addServiceNotifications } from './notifications';
import { warnAboutTargetsPerTargetGroup } from './target-count';
import { Rollout } from '../../deployment/rollout';
import { ServiceLogging } from '../../logging/service-logging';
import { EssentialServiceMonitoring } from '../../monitoring/essential-service-monitoring';
import { configureScaling } from '../../private/configure-scaling';
import * as defaults from '../../private/defaults';
import { checkFaultInjectionWithExecuteCommand } from '../../private/fault-injection';
import * as limits from '../../private/limits';
import { alarmedTargetGroups } from '../../private/rollback-alarms';
import { defaultDnsName, enableServiceConnect } from '../../private/service-connect-wiring';
import { checkContainerHealthCheck, checkEcsName, checkEphemeralStorage, checkImagePlatform, checkTaskCount } from '../../private/task-checks';
import { PropsValidator, isKnown, secondsOf } from '../../private/validation';
import { ServiceConnectMode } from '../../service-connect/service-connect-mode';
import { EssentialReplicaServiceOptions } from '../essential-replica-service-options';
import { IEssentialService } from '../essential-service';
import { FastDeployOptions } from '../fast-deploy-options';
import { LoadBalancing } from '../load-balancing';

/** Spot capacity gives two minutes between the interruption notice and the stop. */
const SPOT_WARNING_SECONDS = 120;

/** The rollout and load balancing of the props, defaults applied. */
export function choicesOf(props: EssentialReplicaServiceOptions): { rollout: Rollout; loadBalancing: LoadBalancing } {
  return {
    rollout: props.rollout ?? Rollout.rolling(),
    loadBalancing: props.loadBalancing ?? LoadBalancing.publicAlb(),
  };
}

/** The service's log group with the library's retention and the logging choice's customer key. */
export function createLogGroup(scope: Construct, props: EssentialReplicaServiceOptions): logs.LogGroup {
  return ServiceLogging._createLogGroup(scope, props.logging, props.logRetention);
}

/** What a variant knows about its tasks that the common props do not say. */
export interface VariantTraits {
  /** EC2 tasks in bridge mode: the load balancer targets instances. */
  readonly bridgeNetworking?: boolean;
  /** Where the tasks run when it is not Fargate ('EC2', 'Managed Instances'), for messages. */
  readonly launch?: string;
  /** The tasks' CPU architecture, when known: an image asset must be built for it. */
  readonly architecture?: ecs.CpuArchitecture;
}

/**
 * Record the problems of the props every variant shares.
 *
 * @param maxStopTimeoutSeconds the largest container stop timeout of the launch type (Fargate: 120)
 * @param maxStopTimeoutSource whose limit that is, for the message
 * @param traits what the variant knows about its tasks (bridge networking)
 */
export function validateCommonProps(v: PropsValidator, scope: Construct, props: EssentialReplicaServiceOptions,
  maxStopTimeoutSeconds: number, maxStopTimeoutSource: string, traits: VariantTraits = {}): void {
  checkContainerHealthCheck(v, props.healthCheck);
  checkEphemeralStorage(v, props.ephemeralStorageGiB, traits.launch);
  checkImagePlatform(v, scope, props.image, traits.architecture);
  const fd = props.fastDeploy ?? {};
  const { rollout, loadBalancing } = choicesOf(props);
  v.integerInRange('containerPort', props.containerPort, limits.CONTAINER_PORT.min!, limits.CONTAINER_PORT.max!);
  checkTaskCount(v, scope, 'desiredCount', props.desiredCount);
  warnAboutTargetsPerTargetGroup(scope, props, rollout, loadBalancing.hasLoadBalancer);
  checkEcsName(v, 'serviceName', props.serviceName);
  checkEcsName(v, 'containerName', props.containerName);
  // ALB target group limits: ELB API CreateTargetGroup (src/private/limits/ quotes each).
  v.durationInRange('fastDeploy.healthCheckInterval', fd.healthCheckInterval, limits.ALB_HEALTH_CHECK_INTERVAL.min!, limits.ALB_HEALTH_CHECK_INTERVAL.max!);
  v.durationInRange('fastDeploy.healthCheckTimeout', fd.healthCheckTimeout, limits.ALB_HEALTH_CHECK_TIMEOUT.min!, limits.ALB_HEALTH_CHECK_TIMEOUT.max!);
  v.integerInRange('fastDeploy.healthyThresholdCount', fd.healthyThresholdCount, limits.ALB_HEALTHY_THRESHOLD.min!, limits.ALB_HEALTHY_THRESHOLD.max!);
  v.integerInRange('fastDeploy.unhealthyThresholdCount', fd.unhealthyThresholdCount, limits.ALB_UNHEALTHY_THRESHOLD.min!, limits.ALB_UNHEALTHY_THRESHOLD.max!);
  v.durationInRange('fastDeploy.deregistrationDelay', fd.deregistrationDelay, limits.DEREGISTRATION_DELAY.min!, limits.DEREGISTRATION_DELAY.max!);
  // ECS API ContainerDefinition.stopTimeout: "The valid values for Fargate are 2-120 seconds" (src/private/limits/).
  v.durationInRange('fastDeploy.stopTimeout', fd.stopTimeout, limits.FARGATE_STOP_TIMEOUT.min!, maxStopTimeoutSeconds, maxStopTimeoutSource);
  const interval = secondsOf(fd.healthCheckInterval ?? defaults.HEALTH_CHECK_INTERVAL);
  const timeout = secondsOf(fd.healthCheckTimeout ?? defaults.HEALTH_CHECK_TIMEOUT);
  if (interval !== undefined && timeout !== undefined && timeout >= interval) {
    v.fail(`'fastDeploy.healthCheckTimeout' must be shorter than 'fastDeploy.healthCheckInterval' (${interval} s), got ${timeout} s`);
  }
  if (props.healthCheckPath !== undefined && !Token.isUnresolved(props.healthCheckPath)) {
    if (!props.healthCheckPath.startsWith('/')) {
      v.fail(`'healthCheckPath' must start with '/', got '${props.healthCheckPath}'`);
    }
    if (props.healthCheckPath.length > limits.HEALTH_CHECK_PATH_LENGTH.max!) {
      v.fail(`'healthCheckPath' must be at most ${limits.HEALTH_CHECK_PATH_LENGTH.max} characters (${limits.HEALTH_CHECK_PATH_LENGTH.source}), got ${props.healthCheckPath.length}`);
    }
  }
  rollout._validate(v, {
    hasLoadBalancer: loadBalancing.hasLoadBalancer,
    serviceConnectServer: props.serviceConnect?.isServer ?? false,
    bridgeNetworking: traits.bridgeNetworking ?? false,
    scalesOnRequestsPerTarget: props.scaling?.requestsPerTarget !== undefined,
    sharedListenerPriority: loadBalancing._sharedListener?.priority,
    sharedConditionValues: loadBalancing._sharedListener
      ? (loadBalancing._sharedListener.pathPatterns ?? []).length + (loadBalancing._sharedListener.hostHeaders ?? []).length
      : undefined,
  });
  loadBalancing._validate(v, scope, props.essentialEnvironment);
  if (props.serviceConnect) {
    v.addAll(props.serviceConnect._validate(defaultDnsName(scope)));
    checkProxyHeadroomKnown(v, props);
  }
  checkFaultInjectionWithExecuteCommand(v, props.enableFaultInjection, props.enableExecuteCommand);
  ServiceLogging._orDefault(props.logging)._validate(v, { logRetention: props.logRetention, maxStopTimeoutSeconds: maxStopTimeoutSeconds });
  ServiceLogging._orDefault(props.logging)._validateFits(v, props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB);
}

/**
 * Spot gives two minutes between the interruption notice and the stop: the task's deregistration
 * from the load balancer and its stop timeout must both finish inside them. Fargate Spot and EC2
 * Spot alike.
 */
export function warnAboutSpotWindow(scope: Construct, props: EssentialReplicaServiceOptions): void {
  const stop = secondsOf(props.fastDeploy?.stopTimeout ?? defaults.STOP_TIMEOUT);
  if (stop !== undefined && stop > SPOT_WARNING_SECONDS) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:stopTimeoutBeyondSpotWarning',
      `'fastDeploy.stopTimeout' ${stop} s is longer than the two-minute Spot interruption warning: Spot tasks are killed before it ends`);
    return;
  }
  if (!choicesOf(props).loadBalancing.hasLoadBalancer) {
    return;
  }
  const drain = secondsOf(props.fastDeploy?.deregistrationDelay ?? defaults.DEREGISTRATION_DELAY);
  if (drain !== undefined && stop !== undefined && drain + stop >= SPOT_WARNING_SECONDS) {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:deregistrationDelayBeyondSpotWarning',
      `'fastDeploy.deregistrationDelay' ${drain} s plus 'fastDeploy.stopTimeout' ${stop} s is not shorter than the two-minute ` +
      'Spot interruption warning: in-flight requests on Spot tasks are cut off. Keep their sum below 120 s, or use a mix without Spot');
  }
}

/**
 * The service props every variant passes to its ECS service: counts, rollout, ECS Exec, tags.
 *
 * @param scope the service construct (its rollback alarms are produced for it at synthesis)
 */
export function serviceDeploymentProps(scope: Construct, props: EssentialReplicaServiceOptions) {
  const { rollout, loadBalancing } = choicesOf(props);
  return {
    serviceName: props.serviceName,
    desiredCount: props.desiredCount ?? defaults.DESIRED_COUNT,
    ...rollout._bind(scope, { hasLoadBalancer: loadBalancing.hasLoadBalancer, rollbackAlarms: props.rollbackAlarms }),
    enableExecuteCommand: props.enableExecuteCommand ?? defaults.ENABLE_EXECUTE_COMMAND,
    // Tags on the service reach its tasks, and ECS adds its own, so cost reports can split by service.
    propagateTags: ecs.PropagatedTagSource.SERVICE,
    enableECSManagedTags: defaults.ENABLE_ECS_MANAGED_TAGS,
  };
}

/** What the variant knows once its ECS service exists. */
export interface ServiceParts {
  readonly service: ecs.BaseService;
  readonly cluster: ecs.ICluster;
  readonly containerName: string;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
}

/** What the shared assembly added to the service. */
export interface ServiceWiring extends LoadBalancingBinding {
  readonly scalableTaskCount?: ecs.ScalableTaskCount;
  /** Every alarm the deployments roll back on: the user's and the library's defaults. */
  readonly rollbackAlarms: cloudwatch.IAlarm[];
}

/**
 * Wire what every variant gets once its service exists: Service Connect, load balancing, the
 * rollout's alarms and checks, notifications, scaling and the ordering after the capacity-provider
 * association.
 */
export function completeService(scope: Construct, props: EssentialReplicaServiceOptions, parts: ServiceParts): ServiceWiring {
  const { service, cluster } = parts;
  const { rollout, loadBalancing } = choicesOf(props);
  if (props.serviceConnect) {
    enableServiceConnect(scope, props.serviceConnect, { ...parts, serviceName: props.serviceName, testTraffic: rollout._testTraffic });
  }
  const binding = loadBalancing._bind(scope, {
    ...parts,
    targetGroupProps: targetGroupProps(props, parts),
    shiftsTraffic: rollout._shiftsTraffic,
    testTraffic: rollout._testTraffic,
    environment: props.essentialEnvironment,
  });
  for (const targetGroup of [binding.targetGroup, binding.alternateTargetGroup]) {
    if (targetGroup) {
      renderTokenHealthCheckTimings(targetGroup, props.fastDeploy);
    }
  }
  const rollbackAlarms = rollout._complete(scope, {
    service,
    targetGroups: alarmedTargetGroups(binding.targetGroup, binding.alternateTargetGroup),
    rollbackAlarms: props.rollbackAlarms,
  });
  if (props.notificationTopic) {
    addServiceNotifications(scope, service, cluster, props.notificationTopic);
  }
  const scalableTaskCount = props.scaling
    // After the load balancer: requests-per-target scaling needs the target group on a listener.
    ? configureScaling(scope, service, props.scaling, {
      desiredCount: props.desiredCount ?? defaults.DESIRED_COUNT,
      targetGroup: binding.targetGroup,
    })
    : undefined;
  // The capacity-provider association is created late (by an Aspect) as a child of the cluster and
  // nothing references it: without an explicit dependency the first deployment can race it.
  // Dependency roots are read at synthesis, after Aspects ran, so the association exists by then.
  const association: IDependable = {};
  Dependable.implement(association, {
    get dependencyRoots() {
      return cluster.node.children.filter((child) => child instanceof ecs.CfnClusterCapacityProviderAssociations);
    },
  });
  service.node.addDependency(association);
  return { ...binding, scalableTaskCount, rollbackAlarms };
}

/**
 * The monitoring of `enableMonitoring`: a dashboard and the recommended alarms of the finished
 * service, notifying the service's own topic. Called last by the variant, once every part the
 * dashboard reads (target group, scaling) exists.
 */
export function monitorService(service: IEssentialService, props: EssentialReplicaServiceOptions): EssentialServiceMonitoring | undefined {
  return props.enableMonitoring
    ? new EssentialServiceMonitoring(service, 'Monitoring', { services: [service], notificationTopic: props.notificationTopic })
    : undefined;
}

/** The size a task asks for and the size it gets: the request plus the Service Connect proxy's headroom. */
export interface TaskSizeWithProxy {
  readonly requestedCpu: number;
  readonly requestedMemoryMiB: number;
  readonly taskCpu: number;
  readonly taskMemoryMiB: number;
}

/**
 * Task-level size outside Fargate: the request plus the proxy headroom (the proxy runs on the task's
 * unallocated CPU and memory). A token request is left as it is: checkProxyHeadroomKnown rejects
 * headroom on tokens, so nothing is dropped silently.
 */
export function taskSizeWithProxy(props: { readonly cpu?: number; readonly memoryLimitMiB?: number; readonly serviceConnect?: ServiceConnectMode },
  defaultCpu: number): TaskSizeWithProxy {
  const requestedCpu = props.cpu ?? defaultCpu;
  const requestedMemoryMiB = props.memoryLimitMiB ?? defaults.MEMORY_LIMIT_MIB;
  const sc = props.serviceConnect;
  return {
    requestedCpu,
    requestedMemoryMiB,
    taskCpu: isKnown(requestedCpu) ? requestedCpu + (sc?.proxyCpu ?? 0) : requestedCpu,
    taskMemoryMiB: isKnown(requestedMemoryMiB) ? requestedMemoryMiB + (sc?.proxyMemoryMiB ?? 0) : requestedMemoryMiB,
  };
}

/**
 * Record the Service Connect proxy budget on the task definition resource (CloudFormation ignores
 * resource metadata), so that tools such as the report CLI can show what was added.
 */
export function recordProxyBudget(taskDefinition: ecs.TaskDefinition, props: EssentialReplicaServiceOptions,
  requestedCpu: number, requestedMemoryMiB: number): void {
  const sc = props.serviceConnect;
  if (!sc?.addProxyHeadroom) {
    return;
  }
  const cfn = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition;
  cfn.cfnOptions.metadata = {
    ...cfn.cfnOptions.metadata,
    'cdk-ecs-essentials:serviceConnectProxy': { requestedCpu, requestedMemoryMiB, proxyCpu: sc.proxyCpu, proxyMemoryMiB: sc.proxyMemoryMiB },
  };
}

function targetGroupProps(props: EssentialReplicaServiceOptions, parts: ServiceParts): elbv2.AddApplicationTargetsProps {
  const fd = props.fastDeploy ?? {};
  // Bridge tasks listen on dynamic host ports: the health check must follow each target's port.
  const dynamicPorts = parts.service.taskDefinition.networkMode === ecs.NetworkMode.BRIDGE;
  return {
    port: parts.containerPort,
    protocol: elbv2.ApplicationProtocol.HTTP,
    deregistrationDelay: fd.deregistrationDelay ?? defaults.DEREGISTRATION_DELAY,
    healthCheck: {
      path: props.healthCheckPath ?? defaults.HEALTH_CHECK_PATH,
      // A token timing is rendered on the L1 instead (renderTokenHealthCheckTimings): the L2 compares the two.
      interval: knownDuration(fd.healthCheckInterval, defaults.HEALTH_CHECK_INTERVAL),
      timeout: knownDuration(fd.healthCheckTimeout, defaults.HEALTH_CHECK_TIMEOUT),
      healthyThresholdCount: fd.healthyThresholdCount ?? defaults.HEALTHY_THRESHOLD_COUNT,
      unhealthyThresholdCount: fd.unhealthyThresholdCount ?? defaults.UNHEALTHY_THRESHOLD_COUNT,
      ...(dynamicPorts ? { port: 'traffic-port' } : {}),
    },
  };
}

/** The given duration if known, the default if none was given, undefined for a token (rendered on the L1). */
function knownDuration(given: Duration | undefined, fallback: Duration): Duration | undefined {
  if (given === undefined) {
    return fallback;
  }
  return given.isUnresolved() ? undefined : given;
}

/**
 * aws-cdk-lib's target group compares the health-check timeout with the interval in milliseconds at synth,
 * which a `Duration.seconds(token)` cannot convert to: "tokens skip checks" would fail there. A token
 * timing goes straight to the CloudFormation property, in seconds, and the L2 sees none.
 */
function renderTokenHealthCheckTimings(targetGroup: elbv2.ApplicationTargetGroup, fd: FastDeployOptions | undefined): void {
  const cfn = targetGroup.node.defaultChild as elbv2.CfnTargetGroup;
  if (fd?.healthCheckInterval?.isUnresolved()) {
    cfn.healthCheckIntervalSeconds = fd.healthCheckInterval.toSeconds();
  }
  if (fd?.healthCheckTimeout?.isUnresolved()) {
    cfn.healthCheckTimeoutSeconds = fd.healthCheckTimeout.toSeconds();
  }
}

/**
 * The proxy headroom is added to the task size at synth: CloudFormation has no arithmetic on numbers, so
 * with a token among the terms the sum would silently lose one of them. Say so instead.
 */
function checkProxyHeadroomKnown(v: PropsValidator, props: EssentialReplicaServiceOptions): void {
  const sc = props.serviceConnect!;
  if (!sc.addProxyHeadroom) {
    return;
  }
  const tokens = ([['cpu', props.cpu], ['memoryLimitMiB', props.memoryLimitMiB],
    ['serviceConnect.proxyCpu', sc.proxyCpu], ['serviceConnect.proxyMemoryMiB', sc.proxyMemoryMiB]] as Array<[string, number | undefined]>)
    .filter(([, value]) => value !== undefined && Token.isUnresolved(value))
    .map(([prop]) => `'${prop}'`);
  if (tokens.length > 0) {
    v.fail(`${tokens.join(' and ')} must be known at synth to add the Service Connect proxy headroom to the task size ` +
      '(CloudFormation cannot add numbers): give plain numbers, or set serviceConnect addProxyHeadroom false and size the task for the proxy yourself, got a token');
  }
}
