/**
 * `npx cdk-ecs-essentials logs [cdk.out] [workload]`: for each workload of a synthesized cloud assembly
 * (ECS services, and task definitions no service runs, such as scheduled jobs), the `aws logs tail`
 * command that follows its containers' awslogs output — what Copilot's `svc logs` did. The log group
 * name is in the template when it is fixed; otherwise CloudFormation generates it at deploy time, and
 * the command looks it up from the stack first.
 */
import { AssemblyStack, readAssembly } from './assembly';
import { CfnTemplate, constructPath, findEcsServices, logicalIdsOfType, propertiesOf, refTarget } from './template';

/** One container log destination of a workload. */
export interface WorkloadLog {
  /** The workload's construct path (`Shop/Orders`), the service's or the task definition's parent. */
  readonly workload: string;
  readonly container: string;
  readonly stackName: string;
  readonly region?: string;
  /** The log group name when the template fixes it. */
  readonly logGroupName?: string;
  /** The logical id of the log group resource when the name is generated at deploy time. */
  readonly logGroupLogicalId?: string;
  /** The stream prefix the awslogs driver writes under. */
  readonly streamPrefix?: string;
  /** The shell command that follows these logs. */
  readonly command: string;
}

/** Every awslogs destination of every workload of the assembly, optionally only those matching `filter`. */
export function findWorkloadLogs(dir: string, filter?: string): WorkloadLog[] {
  const logs = readAssembly(dir).flatMap((stack) => logsOfStack(stack));
  if (filter === undefined) {
    return logs;
  }
  const needle = filter.toLowerCase();
  return logs.filter((l) => l.workload.toLowerCase().includes(needle) || l.workload.toLowerCase().split('/').pop() === needle);
}

function logsOfStack(stack: AssemblyStack): WorkloadLog[] {
  const template = stack.template;
  const services = findEcsServices(template);
  const byTaskDefinition = new Map<string, string>();
  for (const service of services) {
    if (service.taskDefinitionId !== undefined) {
      byTaskDefinition.set(service.taskDefinitionId, workloadOf(service.path));
    }
  }
  return logicalIdsOfType(template, 'AWS::ECS::TaskDefinition').flatMap((taskDefinitionId) => {
    const workload = byTaskDefinition.get(taskDefinitionId) ?? workloadOf(constructPath(template, taskDefinitionId));
    const containers: Array<Record<string, any>> = propertiesOf(template, taskDefinitionId).ContainerDefinitions ?? [];
    return containers.flatMap((container) => containerLog(stack, template, workload, container));
  });
}

/** `Shop/Orders/Service/Service` → `Shop/Orders`; `Shop/Nightly/TaskDefinition/Resource` → `Shop/Nightly`; `Shop/Task/Resource` → `Shop/Task`. */
function workloadOf(path: string): string {
  return path
    .replace(/\/Resource$/, '')
    .replace(/\/(Service\/Service|Service|TaskDefinition)$/, '');
}

function containerLog(stack: AssemblyStack, template: CfnTemplate, workload: string, container: Record<string, any>): WorkloadLog[] {
  const config = container.LogConfiguration;
  if (config?.LogDriver !== 'awslogs') {
    return [];
  }
  const options = config.Options ?? {};
  const group = options['awslogs-group'];
  const referenced = typeof group === 'string' ? undefined : refTarget(template, group);
  // A log group of the template with a fixed LogGroupName needs no lookup.
  const fixedName = propertiesOf(template, referenced).LogGroupName;
  const logGroupName = typeof group === 'string' ? group : typeof fixedName === 'string' ? fixedName : undefined;
  const logGroupLogicalId = logGroupName === undefined ? referenced : undefined;
  const streamPrefix = typeof options['awslogs-stream-prefix'] === 'string' ? options['awslogs-stream-prefix'] : undefined;
  const region = typeof options['awslogs-region'] === 'string' ? options['awslogs-region'] : stack.region;
  const stackName = stack.stackName ?? stack.name;
  const regionFlag = region ? ` --region ${region}` : '';
  const name = logGroupName !== undefined
    ? `'${logGroupName}'`
    : logGroupLogicalId !== undefined
      ? `"$(aws cloudformation describe-stack-resource --stack-name ${stackName} --logical-resource-id ${logGroupLogicalId}` +
        `${regionFlag} --query StackResourceDetail.PhysicalResourceId --output text)"`
      : undefined;
  if (name === undefined) {
    return [];
  }
  const prefix = streamPrefix !== undefined ? ` --log-stream-name-prefix ${streamPrefix}/${container.Name}/` : '';
  return [{
    workload,
    container: container.Name,
    stackName,
    region,
    logGroupName,
    logGroupLogicalId,
    streamPrefix,
    command: `aws logs tail ${name}${prefix} --follow${regionFlag}`,
  }];
}

/** The text the `logs` command prints: one block per workload container. */
export function renderLogs(logs: WorkloadLog[]): string {
  if (logs.length === 0) {
    return 'no container of the assembly logs with awslogs\n';
  }
  return logs.map((l) => `# ${l.workload} — container ${l.container} (stack ${l.stackName}${l.region ? `, ${l.region}` : ''})\n${l.command}\n`).join('\n');
}
