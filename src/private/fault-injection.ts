/**
 * The prerequisites of the AWS FIS `aws:ecs:task-*` actions, wired onto a task definition.
 *
 * Never exported from the package: `EssentialFargateService` (`enableFaultInjection: true`) calls
 * `faultInjectionTaskDefinitionProps()` when it creates its task definition, then
 * `addFaultInjectionPrerequisites()`; `EcsChaosExperiments` calls `inspectFaultInjectionReadiness()`
 * to decide which faults a service can take, whoever built it.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/ecs-task-actions.html
 */
import { Size, Stack, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { FAULT_INJECTION_SIDECAR_IMAGE, FAULT_INJECTION_SIDECAR_STOP_TIMEOUT, LOG_DRIVER_MODE, LOG_MAX_BUFFER_SIZE_MIB } from './defaults';
import { PropsValidator } from './validation';

/** Name of the SSM agent sidecar container; the same name as in AWS's own task-definition sample. */
export const FAULT_INJECTION_SIDECAR_NAME = 'amazon-ssm-agent';

/** The sidecar reads the managed-instance role's name from this variable (AWS script contract). */
export const MANAGED_INSTANCE_ROLE_NAME_ENV = 'MANAGED_INSTANCE_ROLE_NAME';

/** Tag the sidecar script puts on the SSM managed instance; FIS maps tasks to instances through it. */
export const ECS_TASK_ARN_TAG = 'ECS_TASK_ARN';

/** Tag AWS's sidecar script puts on the activation (and so on the managed node) to mark it as the sidecar's. */
export const FAULT_INJECTION_SIDECAR_TAG = 'FAULT_INJECTION_SIDECAR';

/** Every tag key AWS's sidecar script sets on its activation. */
export const FAULT_INJECTION_SIDECAR_TAG_KEYS: ReadonlyArray<string> = ['ECS_TASK_AVAILABILITY_ZONE', ECS_TASK_ARN_TAG, FAULT_INJECTION_SIDECAR_TAG];

/** Stream prefix of the sidecar's awslogs configuration. */
export const FAULT_INJECTION_SIDECAR_STREAM_PREFIX = 'fis-ssm-agent';

/**
 * AWS's sidecar command, verbatim from the FIS user guide (ecs-task-actions, "Requirements").
 *
 * It installs jq, procps and the AWS CLI, reads the task metadata endpoint, creates an SSM hybrid
 * activation tagged ECS_TASK_AVAILABILITY_ZONE / ECS_TASK_ARN / FAULT_INJECTION_SIDECAR=true, registers
 * and runs the SSM agent, and on SIGTERM deletes the activation and deregisters the managed instance.
 * Keep it byte-identical to AWS's text: FIS support cases start from it.
 */
export const FAULT_INJECTION_SIDECAR_SCRIPT = 'set -e; dnf upgrade -y; dnf install jq procps awscli -y; term_handler() { echo "Deleting SSM activation $ACTIVATION_ID"; if ! aws ssm delete-activation --activation-id $ACTIVATION_ID --region $ECS_TASK_REGION; then echo "SSM activation $ACTIVATION_ID failed to be deleted" 1>&2; fi; MANAGED_INSTANCE_ID=$(jq -e -r .ManagedInstanceID /var/lib/amazon/ssm/registration); echo "Deregistering SSM Managed Instance $MANAGED_INSTANCE_ID"; if ! aws ssm deregister-managed-instance --instance-id $MANAGED_INSTANCE_ID --region $ECS_TASK_REGION; then echo "SSM Managed Instance $MANAGED_INSTANCE_ID failed to be deregistered" 1>&2; fi; kill -SIGTERM $SSM_AGENT_PID; }; trap term_handler SIGTERM SIGINT; if [[ -z $MANAGED_INSTANCE_ROLE_NAME ]]; then echo "Environment variable MANAGED_INSTANCE_ROLE_NAME not set, exiting" 1>&2; exit 1; fi; if ! ps ax | grep amazon-ssm-agent | grep -v grep > /dev/null; then if [[ -n $ECS_CONTAINER_METADATA_URI_V4 ]] ; then echo "Found ECS Container Metadata, running activation with metadata"; TASK_METADATA=$(curl "${ECS_CONTAINER_METADATA_URI_V4}/task"); ECS_TASK_AVAILABILITY_ZONE=$(echo $TASK_METADATA | jq -e -r \'.AvailabilityZone\'); ECS_TASK_ARN=$(echo $TASK_METADATA | jq -e -r \'.TaskARN\'); ECS_TASK_REGION=$(echo $ECS_TASK_AVAILABILITY_ZONE | sed \'s/.$//\'); ECS_TASK_AVAILABILITY_ZONE_REGEX=\'^(af|ap|ca|cn|eu|me|sa|us|us-gov)-(central|north|(north(east|west))|south|south(east|west)|east|west)-[0-9]{1}[a-z]{1}$\'; if ! [[ $ECS_TASK_AVAILABILITY_ZONE =~ $ECS_TASK_AVAILABILITY_ZONE_REGEX ]]; then echo "Error extracting Availability Zone from ECS Container Metadata, exiting" 1>&2; exit 1; fi; ECS_TASK_ARN_REGEX=\'^arn:(aws|aws-cn|aws-us-gov):ecs:[a-z0-9-]+:[0-9]{12}:task/[a-zA-Z0-9_-]+/[a-zA-Z0-9]+$\'; if ! [[ $ECS_TASK_ARN =~ $ECS_TASK_ARN_REGEX ]]; then echo "Error extracting Task ARN from ECS Container Metadata, exiting" 1>&2; exit 1; fi; CREATE_ACTIVATION_OUTPUT=$(aws ssm create-activation --iam-role $MANAGED_INSTANCE_ROLE_NAME --tags Key=ECS_TASK_AVAILABILITY_ZONE,Value=$ECS_TASK_AVAILABILITY_ZONE Key=ECS_TASK_ARN,Value=$ECS_TASK_ARN Key=FAULT_INJECTION_SIDECAR,Value=true --region $ECS_TASK_REGION); ACTIVATION_CODE=$(echo $CREATE_ACTIVATION_OUTPUT | jq -e -r .ActivationCode); ACTIVATION_ID=$(echo $CREATE_ACTIVATION_OUTPUT | jq -e -r .ActivationId); if ! amazon-ssm-agent -register -code $ACTIVATION_CODE -id $ACTIVATION_ID -region $ECS_TASK_REGION; then echo "Failed to register with AWS Systems Manager (SSM), exiting" 1>&2; exit 1; fi; amazon-ssm-agent & SSM_AGENT_PID=$!; wait $SSM_AGENT_PID; else echo "ECS Container Metadata not found, exiting" 1>&2; exit 1; fi; else echo "SSM agent is already running, exiting" 1>&2; exit 1; fi';

/** The task-definition constructor props FIS task faults need; spread them into the props. */
export interface FaultInjectionTaskDefinitionProps {
  /** ECS fault-injection endpoints (`EnableFaultInjection`); the network faults on Fargate go through them. */
  readonly enableFaultInjection: boolean;
  /** `pidMode: task`, which kill-process and the three network faults require. */
  readonly pidMode: ecs.PidMode;
}

/**
 * The task-definition props that `enableFaultInjection: true` needs, to pass when the task definition is
 * created: CDK only accepts `enableFaultInjection` and `pidMode` as constructor props.
 *
 * A `FargateTaskDefinition` also needs `runtimePlatform.operatingSystemFamily` set for `pidMode`.
 */
export function faultInjectionTaskDefinitionProps(): FaultInjectionTaskDefinitionProps {
  return { enableFaultInjection: true, pidMode: ecs.PidMode.TASK };
}

/** Options of `addFaultInjectionPrerequisites`. */
export interface FaultInjectionPrerequisitesOptions {
  /** Log group of the sidecar's awslogs configuration (usually the service's own). */
  readonly logGroup: logs.ILogGroup;
  /**
   * Image of the SSM agent sidecar. Mirror AWS's image to private ECR (or a pull-through cache) for
   * subnets without internet access: ECR Public has no VPC endpoint.
   * @default - public.ecr.aws/amazon-ssm-agent/amazon-ssm-agent:latest
   */
  readonly sidecarImage?: ecs.ContainerImage;
}

/** What `addFaultInjectionPrerequisites` created. */
export interface FaultInjectionPrerequisites {
  /** The non-essential SSM agent sidecar container. */
  readonly sidecar: ecs.ContainerDefinition;
  /** The role the task registers with as an SSM managed instance (trusts ssm.amazonaws.com). */
  readonly managedInstanceRole: iam.Role;
}

/**
 * Add everything the FIS `aws:ecs:task-*` actions need to a task definition created with
 * `faultInjectionTaskDefinitionProps()`: the SSM agent sidecar running AWS's script, the managed-instance
 * role it registers with, and the task-role permissions the sidecar uses.
 *
 * Children are created under `scope/FaultInjection`. Throws when the task definition lacks
 * `enableFaultInjection` / `pidMode: task`, runs Windows, or already has a container named `amazon-ssm-agent`.
 * ECS Exec must stay off on the service: call `checkFaultInjectionWithExecuteCommand` from the service.
 */
export function addFaultInjectionPrerequisites(
  scope: Construct,
  taskDefinition: ecs.TaskDefinition,
  options: FaultInjectionPrerequisitesOptions,
): FaultInjectionPrerequisites {
  const readiness = inspectFaultInjectionReadiness(taskDefinition);
  const v = new PropsValidator();
  v.check(readiness.enableFaultInjection,
    `'enableFaultInjection' needs the task definition created with 'enableFaultInjection: true', got ${String(readiness.enableFaultInjectionValue)}`);
  v.check(readiness.pidModeTask,
    `'enableFaultInjection' needs the task definition created with 'pidMode: task', got ${String(taskDefinition.pidMode)}`);
  v.check(!readiness.windows,
    "'enableFaultInjection' is not available for Windows tasks: FIS task faults and ECS fault injection run on Linux only");
  v.check(!readiness.sidecar,
    `'enableFaultInjection' adds a container named '${FAULT_INJECTION_SIDECAR_NAME}', but the task definition already has one`);
  v.throwIfInvalid(scope);

  const group = new Construct(scope, 'FaultInjection');
  const stack = Stack.of(group);

  const managedInstanceRole = new iam.Role(group, 'ManagedInstanceRole', {
    description: 'SSM managed-instance role of the AWS FIS fault-injection sidecar (one managed node per ECS task)',
    // Confused-deputy guard from the SSM hybrid service-role guide: only SSM in this account and Region.
    assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com', {
      conditions: {
        StringEquals: { 'aws:SourceAccount': stack.account },
        ArnEquals: { 'aws:SourceArn': `arn:${stack.partition}:ssm:${stack.region}:${stack.account}:*` },
      },
    }),
  });
  addManagedInstancePermissions(managedInstanceRole);

  // CreateActivation has no resource type, and AddTagsToResource here tags the activation as it is created,
  // which has no ARN form: '*' is the narrowest IAM accepts for both. The tag keys are limited to the three
  // AWS's script sets, so the task cannot tag other resources with keys of its choosing (ABAC keys, say).
  // ForAllValues holds vacuously when a request carries no tag keys, so the condition never blocks AWS's call.
  // The activation is what lets a machine register with the managed-instance role: that role therefore holds
  // only the run-command channel (addManagedInstancePermissions).
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
    actions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'],
    resources: ['*'],
    conditions: { 'ForAllValues:StringEquals': { 'aws:TagKeys': [...FAULT_INJECTION_SIDECAR_TAG_KEYS] } },
  }));
  taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
    actions: ['iam:PassRole'],
    resources: [managedInstanceRole.roleArn],
    conditions: { StringEquals: { 'iam:PassedToService': 'ssm.amazonaws.com' } },
  }));

  const sidecar = taskDefinition.addContainer(FAULT_INJECTION_SIDECAR_NAME, {
    containerName: FAULT_INJECTION_SIDECAR_NAME,
    image: options.sidecarImage ?? ecs.ContainerImage.fromRegistry(FAULT_INJECTION_SIDECAR_IMAGE),
    // The app must not stop when the sidecar does (for example, when SSM is unreachable).
    essential: false,
    cpu: 0,
    // On SIGTERM the script deletes its activation and deregisters the managed node (two AWS CLI
    // calls); cut short, the node leaks and counts against the 1,000 standard-tier nodes.
    stopTimeout: FAULT_INJECTION_SIDECAR_STOP_TIMEOUT,
    command: ['/bin/bash', '-c', FAULT_INJECTION_SIDECAR_SCRIPT],
    // An environment variable as in AWS's sample: the script reads the role name from it.
    environment: { [MANAGED_INSTANCE_ROLE_NAME_ENV]: managedInstanceRole.roleName },
    // AWS's sample ships "logConfiguration": {}; without logs a failed activation is invisible.
    logging: ecs.LogDrivers.awsLogs({
      logGroup: options.logGroup,
      streamPrefix: FAULT_INJECTION_SIDECAR_STREAM_PREFIX,
      mode: LOG_DRIVER_MODE,
      maxBufferSize: Size.mebibytes(LOG_MAX_BUFFER_SIZE_MIB),
    }),
  });

  return { sidecar, managedInstanceRole };
}

/**
 * What the SSM agent in the sidecar needs to receive and answer FIS's Run Command invocations, and what
 * AWS's script does on SIGTERM, instead of AmazonSSMManagedInstanceCore (which also grants
 * ssm:GetParameter(s), ssm:GetDocument, inventory and association actions on '*').
 *
 * Anyone holding the task role can create an activation and register a machine of their own with this
 * role (CreateActivation has no resource type), so this role is kept to what a registered node does for
 * itself. From the Systems Manager guide ("Reference: ec2messages, ssmmessages, and other API operations"):
 * ec2messages:* is the Message Delivery Service, "required to send and receive commands"; ssmmessages:* is
 * the Message Gateway Service, through which a current agent receives Command documents when it can reach it;
 * ssm:UpdateInstanceInformation is the agent's heartbeat, without which the node goes offline and SendCommand
 * fails. After `amazon-ssm-agent -register` the AWS CLI in the sidecar uses these credentials too (the agent
 * writes them to /root/.aws/credentials, SSM guide "SSM Agent credentials precedence"), so the SIGTERM handler's
 * delete-activation and deregister-managed-instance live here.
 *
 * @see https://docs.aws.amazon.com/systems-manager/latest/userguide/systems-manager-setting-up-messageAPIs.html
 */
function addManagedInstancePermissions(role: iam.Role): void {
  const stack = Stack.of(role);
  const managedInstances = stack.formatArn({ service: 'ssm', resource: 'managed-instance', resourceName: '*' });
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // Neither service has a resource type: '*' is the narrowest IAM accepts. Each call acts for the calling node.
    actions: [
      'ec2messages:AcknowledgeMessage', 'ec2messages:DeleteMessage', 'ec2messages:FailMessage',
      'ec2messages:GetEndpoint', 'ec2messages:GetMessages', 'ec2messages:SendReply',
      'ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
      'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel',
    ],
    resources: ['*'],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    actions: ['ssm:UpdateInstanceInformation'],
    resources: [managedInstances],
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // Only nodes registered through a sidecar activation carry this tag (activation tags reach the node).
    actions: ['ssm:DeregisterManagedInstance'],
    resources: [managedInstances],
    conditions: { StringEquals: { [`aws:ResourceTag/${FAULT_INJECTION_SIDECAR_TAG}`]: 'true' } },
  }));
  role.addToPrincipalPolicy(new iam.PolicyStatement({
    // DeleteActivation has no resource type and no condition key: '*' is the narrowest IAM accepts.
    actions: ['ssm:DeleteActivation'],
    resources: ['*'],
  }));
}

/**
 * Record (not throw) the conflict for the service construct's validator: FIS task faults and ECS Exec are mutually exclusive.
 *
 * The AWS sidecar script exits when an SSM agent already runs in the task, which ECS Exec starts.
 */
export function checkFaultInjectionWithExecuteCommand(
  v: PropsValidator,
  faultInjection: boolean | undefined,
  enableExecuteCommand: boolean | undefined,
): void {
  v.check(!(faultInjection === true && enableExecuteCommand === true),
    "'enableFaultInjection' and 'enableExecuteCommand' cannot both be true: AWS FIS task faults need their own SSM agent " +
    'sidecar, which exits when ECS Exec already runs an SSM agent in the task; set one of them to false');
}

/** What a task definition offers to FIS task faults. */
export interface FaultInjectionReadiness {
  /** `EnableFaultInjection` is true (or an unresolved token, which is not checked). */
  readonly enableFaultInjection: boolean;
  /** The raw `EnableFaultInjection` value, for messages. */
  readonly enableFaultInjectionValue: unknown;
  /** `pidMode` is `task` (or an unresolved token). */
  readonly pidModeTask: boolean;
  /** An SSM agent container is present: ours by name, or any container running the amazon-ssm-agent image. */
  readonly sidecar: boolean;
  /** The task runs Windows. */
  readonly windows: boolean;
  /** The task uses the bridge network mode (no network faults there). */
  readonly bridge: boolean;
  /** The names of the missing prerequisites for the SSM-delivered faults, in words. */
  readonly missing: string[];
}

/**
 * Read fault-injection readiness from the task definition itself, so it works for any service:
 * this library's, a plain `ecs.FargateService`/`ecs.Ec2Service` or an ecs-patterns one set up by hand
 * the way AWS documents it (an SSM agent container plus `enableFaultInjection`).
 */
export function inspectFaultInjectionReadiness(taskDefinition: ecs.TaskDefinition): FaultInjectionReadiness {
  const cfn = taskDefinition.node.defaultChild as ecs.CfnTaskDefinition | undefined;
  const raw = cfn?.enableFaultInjection;
  const enableFaultInjection = raw === true || Token.isUnresolved(raw);
  const pidModeTask = taskDefinition.pidMode === ecs.PidMode.TASK || Token.isUnresolved(taskDefinition.pidMode);
  const sidecar = taskDefinition.findContainer(FAULT_INJECTION_SIDECAR_NAME) !== undefined
    || taskDefinition.node.children.some(c => c instanceof ecs.ContainerDefinition
      && typeof c.imageName === 'string' && c.imageName.includes('amazon-ssm-agent'));
  // Read from the L1: the L2 `runtimePlatform` is private in older aws-cdk-lib versions of the peer range.
  const platform = Stack.of(taskDefinition).resolve(cfn?.runtimePlatform) as { operatingSystemFamily?: unknown } | undefined;
  const windows = typeof platform?.operatingSystemFamily === 'string' && platform.operatingSystemFamily.startsWith('WINDOWS');
  const bridge = taskDefinition.networkMode === ecs.NetworkMode.BRIDGE;
  const missing: string[] = [];
  if (!enableFaultInjection) {
    missing.push("'enableFaultInjection: true' on the task definition");
  }
  if (!sidecar) {
    missing.push(`the '${FAULT_INJECTION_SIDECAR_NAME}' SSM agent sidecar`);
  }
  return { enableFaultInjection, enableFaultInjectionValue: raw, pidModeTask, sidecar, windows, bridge, missing };
}
