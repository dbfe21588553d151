import { Annotations, ArnFormat, Stack, Token } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fis from 'aws-cdk-lib/aws-fis';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { EcsFault } from './ecs-fault';
import { TaskSelection } from './task-selection';
import {
  CHAOS_FAULTS,
  EMPTY_TARGET_RESOLUTION,
  EXPERIMENT_LOG_RETENTION,
  TASK_SELECTION_COUNT,
} from '../private/defaults';
import { ECS_TASK_ARN_TAG, FaultInjectionReadiness, inspectFaultInjectionReadiness } from '../private/fault-injection';
import { FIS_EXPERIMENT_SECONDS, FIS_TAG_VALUE, FIS_TEMPLATE_DESCRIPTION } from '../private/limits';
import { PropsValidator } from '../private/validation';

/** Name of the FIS target every action points at. */
const TARGET_NAME = 'serviceTasks';
/** FIS's experiment-duration quota, 12 hours: AWS's figure, not the library's (FIS_EXPERIMENT_SECONDS says where from). */
const MAX_EXPERIMENT_SECONDS = FIS_EXPERIMENT_SECONDS.max!;
/** The FIS API's lengths of a template description and a tag value, which the generated ones are truncated to. */
const MAX_DESCRIPTION_LENGTH = FIS_TEMPLATE_DESCRIPTION.max!;
const MAX_TAG_VALUE_LENGTH = FIS_TAG_VALUE.max!;

const DEFAULT_FAULT_FACTORIES: Record<string, () => EcsFault> = {
  stopTask: () => EcsFault.stopTask(),
  cpuStress: () => EcsFault.cpuStress(),
  networkLatency: () => EcsFault.networkLatency(),
};

/**
 * What an experiment does when its target resolves to no task.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/experiment-options.html#empty-target-resolution-mode
 */
export enum EmptyTargetResolution {
  /** The experiment fails: finding no task means the template or the service is broken. */
  FAIL = 'fail',
  /** The experiment skips the actions and completes. */
  SKIP = 'skip',
}

/**
 * A game-day experiment template that runs several faults in one experiment.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/experiment-template-components.html
 */
export interface GameDayOptions {
  /**
   * The faults to run, in order. They may be the same `EcsFault` objects as in `faults`.
   */
  readonly faults: EcsFault[];
  /**
   * Run every fault at once; otherwise each fault starts after the previous one ends (FIS `startAfter`).
   *
   * FIS cannot run the network faults (blackhole port, latency, packet loss) in parallel, so at most
   * one of them is allowed when true.
   *
   * @default false
   * @see https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html
   */
  readonly parallel?: boolean;
}

/**
 * Options of `EcsChaosExperiments`, everything but the service (also accepted by the
 * service constructs' `addChaosExperiments()`).
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/experiment-templates.html
 */
export interface EcsChaosExperimentsOptions {
  /**
   * The faults to create an experiment template for, one template per fault.
   *
   * @default - `EcsFault.stopTask()`, `EcsFault.cpuStress()` and `EcsFault.networkLatency()`; the last two
   * only when the task definition has the fault-injection prerequisites (and `pidMode: task` for latency),
   * with a warning when they are left out
   */
  readonly faults?: EcsFault[];
  /**
   * CloudWatch alarms that stop a running experiment when they go into ALARM: the service's
   * steady state (error rate, latency …). At least one is required.
   *
   * @see https://docs.aws.amazon.com/fis/latest/userguide/stop-conditions.html
   */
  readonly stopConditions: cloudwatch.IAlarm[];
  /**
   * Which tasks each experiment faults.
   *
   * @default TaskSelection.count(1)
   */
  readonly selection?: TaskSelection;
  /**
   * Log group the experiments log to (FIS log schema version 2).
   *
   * @default - a new log group with three months of retention
   * @see https://docs.aws.amazon.com/fis/latest/userguide/monitoring-logging.html
   */
  readonly logGroup?: logs.ILogGroup;
  /**
   * What an experiment does when it finds no task to fault.
   *
   * @default EmptyTargetResolution.FAIL
   */
  readonly emptyTargetResolution?: EmptyTargetResolution;
  /**
   * An extra experiment template that runs several faults in one experiment.
   *
   * @default - no game-day template
   */
  readonly gameDay?: GameDayOptions;
}

/**
 * Props of `EcsChaosExperiments`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/experiment-templates.html
 */
export interface EcsChaosExperimentsProps extends EcsChaosExperimentsOptions {
  /**
   * The ECS service whose tasks the experiments fault: any `ecs.FargateService` or `ecs.Ec2Service`
   * (this library's, a plain one or an ecs-patterns one).
   *
   * Faults other than `stopTask` need the fault-injection prerequisites on its task definition: an SSM
   * agent container (`amazon-ssm-agent`) running AWS's script and `enableFaultInjection: true`, plus
   * `pidMode: task` for kill-process and the network faults. `EssentialFargateService` adds them with
   * `enableFaultInjection: true`.
   */
  readonly service: ecs.BaseService;
}

/**
 * AWS FIS experiment templates for the tasks of one ECS service, with their experiment role and logs.
 *
 * One experiment template per fault, each targeting the service's tasks (`aws:ecs:task` by cluster
 * and service name), stopped by the given CloudWatch alarms, logging to CloudWatch Logs, and run by a
 * role that holds only the actions the chosen faults need, on the narrowest resources IAM accepts.
 * Nothing runs at deploy time: start an experiment with
 * `aws fis start-experiment --experiment-template-id <id>`.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html
 */
export class EcsChaosExperiments extends Construct {
  /**
   * One experiment template per fault, in the order of `faults`.
   */
  public readonly experimentTemplates: fis.CfnExperimentTemplate[];

  /**
   * The game-day experiment template, when `gameDay` is set.
   */
  public readonly gameDayTemplate?: fis.CfnExperimentTemplate;

  /**
   * The experiment role FIS assumes (trusts fis.amazonaws.com from this account).
   */
  public readonly role: iam.Role;

  /**
   * The log group the experiments log to.
   */
  public readonly logGroup: logs.ILogGroup;

  /**
   * The faults that have an experiment template (the given ones, or the defaults that apply).
   */
  public readonly faults: EcsFault[];

  private readonly templatesByFault = new Map<EcsFault, fis.CfnExperimentTemplate>();

  constructor(scope: Construct, id: string, props: EcsChaosExperimentsProps) {
    super(scope, id);

    const service = props.service;
    const readiness = inspectFaultInjectionReadiness(service.taskDefinition);
    this.faults = props.faults ?? this.defaultFaults(readiness);
    const selection = props.selection ?? TaskSelection.count(TASK_SELECTION_COUNT);
    const gameDayFaults = props.gameDay?.faults ?? [];
    const allFaults = unique([...this.faults, ...gameDayFaults]);

    const v = new PropsValidator();
    const stopConditions = props.stopConditions ?? [];
    v.check(Token.isUnresolved(stopConditions) || stopConditions.length > 0,
      "'stopConditions' must list at least one CloudWatch alarm that stops the experiment (for example the service's 5xx " +
      'or latency alarm): pass an alarm, got []');
    v.check(this.faults.length > 0,
      "'faults' must list at least one EcsFault (for example EcsFault.stopTask()), got []");
    selection._validate(v);
    const parameters = new Map<EcsFault, Record<string, string>>();
    for (const fault of allFaults) {
      const prefix = gameDayFaults.includes(fault) && !this.faults.includes(fault) ? `gameDay.${fault.name}.` : `${fault.name}.`;
      parameters.set(fault, fault._renderParameters(v, prefix));
    }
    checkServiceAcceptsFaults(v, service, readiness, allFaults);
    if (props.gameDay) {
      checkGameDay(v, props.gameDay);
    }
    v.throwIfInvalid(this);

    const selectionMode = selection._bind(this);
    if (props.gameDay && !props.gameDay.parallel) {
      const stopAt = props.gameDay.faults.findIndex(f => f.name === 'stopTask');
      if (stopAt >= 0 && stopAt < props.gameDay.faults.length - 1) {
        Annotations.of(this).addWarningV2('cdk-ecs-essentials:chaosGameDayStopTaskNotLast',
          'gameDay runs stopTask before other faults: FIS resolves the target tasks once, when the experiment starts, ' +
          'so the faults after stopTask can hit a task that is gone. Put stopTask last.');
      }
    }

    this.logGroup = props.logGroup ?? new logs.LogGroup(this, 'Logs', { retention: EXPERIMENT_LOG_RETENTION });
    this.role = this.createRole(service, allFaults);

    const common = {
      roleArn: this.role.roleArn,
      stopConditions: stopConditions.map(alarm => ({ source: 'aws:cloudwatch:alarm', value: alarm.alarmArn })),
      targets: {
        [TARGET_NAME]: {
          resourceType: 'aws:ecs:task',
          selectionMode,
          parameters: { cluster: service.cluster.clusterName, service: service.serviceName },
        },
      },
      // FIS passes the configuration through unchanged: the keys must be in CloudFormation's PascalCase.
      logConfiguration: { logSchemaVersion: 2, cloudWatchLogsConfiguration: { LogGroupArn: this.logGroup.logGroupArn } },
      experimentOptions: { emptyTargetResolutionMode: props.emptyTargetResolution ?? EMPTY_TARGET_RESOLUTION },
    };

    const ids = new UniqueNames();
    this.experimentTemplates = this.faults.map(fault => {
      const templateId = ids.next(pascal(fault.name));
      const template = new fis.CfnExperimentTemplate(this, templateId, {
        ...common,
        description: truncate(`${fault.hypothesis} Fault: ${fault.actionId} on the tasks of ECS service ${service.node.path}.`,
          MAX_DESCRIPTION_LENGTH),
        actions: { [fault.name]: action(fault, parameters.get(fault)!) },
        tags: { Name: truncate(`${this.node.path}/${templateId}`, MAX_TAG_VALUE_LENGTH) },
      });
      template.node.addDependency(this.role);
      if (!this.templatesByFault.has(fault)) {
        this.templatesByFault.set(fault, template);
      }
      return template;
    });

    if (props.gameDay) {
      const names = new UniqueNames();
      const actions: Record<string, fis.CfnExperimentTemplate.ExperimentTemplateActionProperty> = {};
      let previous: string | undefined;
      for (const fault of props.gameDay.faults) {
        const name = names.next(fault.name);
        actions[name] = {
          ...action(fault, parameters.get(fault)!),
          // Sequential by default: FIS runs actions without startAfter at the same time.
          startAfter: !props.gameDay.parallel && previous ? [previous] : undefined,
        };
        previous = name;
      }
      this.gameDayTemplate = new fis.CfnExperimentTemplate(this, 'GameDay', {
        ...common,
        description: truncate(`Game day: ${props.gameDay.faults.map(f => f.name).join(props.gameDay.parallel ? ' + ' : ' then ')} ` +
          `on the tasks of ECS service ${service.node.path}.`, MAX_DESCRIPTION_LENGTH),
        actions,
        tags: { Name: truncate(`${this.node.path}/GameDay`, MAX_TAG_VALUE_LENGTH) },
      });
      this.gameDayTemplate.node.addDependency(this.role);
    }
  }

  /**
   * The experiment template of a fault passed in `faults`.
   *
   * @param fault one of the `EcsFault` objects passed in `faults`
   */
  public templateFor(fault: EcsFault): fis.CfnExperimentTemplate {
    const template = this.templatesByFault.get(fault);
    if (!template) {
      throw new Error(`EcsChaosExperiments '${this.node.path}': 'fault' ${fault.name} is not one of 'faults' ` +
        `(${this.faults.map(f => f.name).join(', ')}): pass the same EcsFault object`);
    }
    return template;
  }

  /**
   * The experiment template of the first fault with this name (for example `cpuStress`), if any.
   *
   * @param faultName the name of an `EcsFault` factory, for example `stopTask`
   */
  public findTemplate(faultName: string): fis.CfnExperimentTemplate | undefined {
    const fault = this.faults.find(f => f.name === faultName);
    return fault ? this.templatesByFault.get(fault) : undefined;
  }

  private defaultFaults(readiness: FaultInjectionReadiness): EcsFault[] {
    const all = CHAOS_FAULTS.map(name => DEFAULT_FAULT_FACTORIES[name]());
    const usable = all.filter(f => !f._needsSidecar
      || (readiness.missing.length === 0 && !readiness.windows
        && (!f._needsPidMode || readiness.pidModeTask) && !(f._isNetwork && readiness.bridge)));
    if (usable.length < all.length) {
      const left = all.filter(f => !usable.includes(f)).map(f => f.name);
      Annotations.of(this).addWarningV2('cdk-ecs-essentials:chaosDefaultFaultsReduced',
        `No experiment template for ${left.join(' and ')}: the service's task definition lacks the fault-injection ` +
        "prerequisites (set 'enableFaultInjection: true' on EssentialFargateService or EssentialEc2Service, or add the SSM agent sidecar, " +
        "'enableFaultInjection' and 'pidMode: task' as AWS documents). Only stopTask is created.");
    }
    return usable;
  }

  private createRole(service: ecs.BaseService, faults: EcsFault[]): iam.Role {
    const stack = Stack.of(this);
    const role = new iam.Role(this, 'Role', {
      description: `AWS FIS experiment role for the ECS service ${service.node.path}`.slice(0, 1000),
      // Confused-deputy guard from the FIS guide: only experiments of this account may assume the role.
      assumedBy: new iam.ServicePrincipal('fis.amazonaws.com', {
        conditions: {
          StringEquals: { 'aws:SourceAccount': stack.account },
          ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'fis', resource: 'experiment', resourceName: '*' }) },
        },
      }),
    });

    const clusterName = service.cluster.clusterName;
    const tasks = stack.formatArn({
      service: 'ecs', resource: 'task', resourceName: `${clusterName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
    });
    const stopsTasks = faults.some(f => !f._needsSidecar);
    const usesSidecar = faults.some(f => f._needsSidecar);
    const add = (actions: string[], resources: string[], conditions?: Record<string, unknown>) =>
      role.addToPrincipalPolicy(new iam.PolicyStatement({ actions, resources, conditions }));

    add(stopsTasks ? ['ecs:DescribeTasks', 'ecs:StopTask'] : ['ecs:DescribeTasks'], [tasks]);
    // FIS resolves the target by listing the service's tasks; ListTasks accepts only '*', narrowed by cluster.
    add(['ecs:ListTasks'], ['*'], { ArnEquals: { 'ecs:cluster': service.cluster.clusterArn } });
    if (stopsTasks) {
      // Listed by AWS for aws:ecs:stop-task; tag:GetResources has no resource type.
      add(['tag:GetResources'], ['*']);
    }
    if (usesSidecar) {
      // AWS-owned SSM documents have an empty account field in their ARN.
      add(['ssm:SendCommand'], [stack.formatArn({ service: 'ssm', account: '', resource: 'document', resourceName: 'AWSFIS-Run-*' })]);
      // Only the managed instances the sidecar registered for this cluster's tasks (tag set by AWS's script).
      add(['ssm:SendCommand'], [stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: '*' })],
        { StringLike: { [`ssm:resourceTag/${ECS_TASK_ARN_TAG}`]: tasks } });
      add(['ssm:ListCommands', 'ssm:CancelCommand'], ['*']);
    }
    if (faults.some(f => f._describesNetwork)) {
      add(['ecs:DescribeContainerInstances'], [stack.formatArn({
        service: 'ecs', resource: 'container-instance', resourceName: `${clusterName}/*`, arnFormat: ArnFormat.SLASH_RESOURCE_NAME,
      })]);
      // EC2 Describe* actions have no resource-level permissions.
      add(['ec2:DescribeInstances', 'ec2:DescribeSubnets'], ['*']);
    }
    // CloudWatch Logs vended-log delivery, which FIS sets up with this role. CreateLogDelivery has no resource
    // type; the other three act on the account's logs, not on one group, and get the scope the CloudWatch Logs
    // guide gives them for vended logs: the account and Region's logs ARN, never a single log group
    // (https://docs.aws.amazon.com/AmazonCloudWatch/latest/logs/AWS-logs-infrastructure-V2-CloudWatchLogs.html).
    add(['logs:CreateLogDelivery'], ['*']);
    add(['logs:PutResourcePolicy', 'logs:DescribeResourcePolicies', 'logs:DescribeLogGroups'],
      [stack.formatArn({ service: 'logs', resource: '*', arnFormat: ArnFormat.NO_RESOURCE_NAME })]);
    return role;
  }
}

function action(fault: EcsFault, parameters: Record<string, string>): fis.CfnExperimentTemplate.ExperimentTemplateActionProperty {
  return {
    actionId: fault.actionId,
    description: fault.hypothesis,
    parameters: Object.keys(parameters).length > 0 ? parameters : undefined,
    targets: { Tasks: TARGET_NAME },
  };
}

function checkServiceAcceptsFaults(
  v: PropsValidator, service: ecs.BaseService, readiness: FaultInjectionReadiness, faults: EcsFault[],
): void {
  const where = `service '${service.node.path}'`;
  const names = (pick: (f: EcsFault) => boolean) => unique(faults.filter(pick).map(f => f.name)).join(', ');
  const sidecarFaults = names(f => f._needsSidecar);
  if (sidecarFaults && readiness.windows) {
    v.fail(`'faults' include ${sidecarFaults}, but ${where} runs Windows tasks: FIS task faults run on Linux only; ` +
      'use EcsFault.stopTask()');
    return;
  }
  if (sidecarFaults && readiness.missing.length > 0) {
    v.fail(`'faults' include ${sidecarFaults}, which need the fault-injection prerequisites on the task definition of ${where}: ` +
      `missing ${readiness.missing.join(' and ')}. Set 'enableFaultInjection: true' on EssentialFargateService or EssentialEc2Service, or add them as ` +
      'AWS documents (https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html)');
  }
  const pidFaults = names(f => f._needsPidMode);
  if (pidFaults && !readiness.pidModeTask) {
    v.fail(`'faults' include ${pidFaults}, which need 'pidMode: task' on the task definition of ${where}, ` +
      `got ${String(service.taskDefinition.pidMode)}`);
  }
  const networkFaults = names(f => f._isNetwork);
  if (networkFaults && readiness.bridge) {
    v.fail(`'faults' include ${networkFaults}, which do not run in the 'bridge' network mode of ${where}: ` +
      "use 'awsvpc' or 'host'");
  }
  const cfnService = service.node.defaultChild as ecs.CfnService | undefined;
  if (sidecarFaults && cfnService?.enableExecuteCommand === true) {
    v.fail(`'enableExecuteCommand' is true on ${where} and 'faults' include ${sidecarFaults}: ECS Exec and the ` +
      "fault-injection sidecar ('enableFaultInjection') are mutually exclusive (the sidecar exits when ECS Exec's SSM agent " +
      "runs); set 'enableExecuteCommand' to false or use only EcsFault.stopTask()");
  }
}

function checkGameDay(v: PropsValidator, gameDay: GameDayOptions): void {
  const faults = gameDay.faults ?? [];
  v.check(faults.length > 0, "'gameDay.faults' must list at least one EcsFault, got []");
  if (gameDay.parallel) {
    const network = faults.filter(f => f._isNetwork);
    v.check(network.length <= 1,
      `'gameDay.parallel' is true but 'gameDay.faults' include ${network.length} network faults ` +
      `(${network.map(f => f.name).join(', ')}): FIS cannot run aws:ecs:task-network-* actions in parallel; ` +
      "set 'parallel' to false or keep one network fault");
  }
  const durations = faults.map(f => f._durationSeconds ?? 0);
  const total = gameDay.parallel ? Math.max(0, ...durations) : durations.reduce((a, b) => a + b, 0);
  v.check(total <= MAX_EXPERIMENT_SECONDS,
    `'gameDay.faults' run for ${total} seconds in total, but FIS stops an experiment after 12 hours (${MAX_EXPERIMENT_SECONDS} seconds): ` +
    'shorten the faults or split the game day');
}

/** Construct IDs and action names that stay stable for the first fault of each kind. */
class UniqueNames {
  private readonly seen = new Map<string, number>();

  public next(base: string): string {
    const count = (this.seen.get(base) ?? 0) + 1;
    this.seen.set(base, count);
    return count === 1 ? base : `${base}${count}`;
  }
}

function unique<T>(items: T[]): T[] {
  return items.filter((item, i) => items.indexOf(item) === i);
}

function pascal(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, max);
}
