import { CfnResource } from 'aws-cdk-lib';
import { LOG_DRIVER_MODE, LOG_MAX_BUFFER_SIZE_MIB } from '../../private/defaults';
import { isObject } from '../private/cfn';
import { FastDeployContext } from '../private/service-model';
import { RuleFinding } from '../rule-pack';

/**
 * ECSE-FD7: awslogs containers log in non-blocking mode with a buffer, so a slow or throttled
 * CloudWatch Logs endpoint drops log lines instead of stalling the application. A container that
 * does not set the mode depends on the account setting `defaultLogDriverMode`.
 */
export function awslogsNonBlocking(node: CfnResource, ctx: FastDeployContext): RuleFinding[] {
  const taskDefinition = ctx.taskDefinition(node);
  const tdNode = taskDefinition.node;
  if (!tdNode) {
    return [{ message: `${taskDefinition.label} is not defined in this app, its log configuration cannot be read`, unresolved: true }];
  }
  const wanted: string = LOG_DRIVER_MODE;
  return taskDefinition.containers.flatMap((container): RuleFinding[] => {
    const log = container.props.LogConfiguration;
    if (!isObject(log) || log.LogDriver !== 'awslogs') {
      return [];
    }
    const options = isObject(log.Options) ? log.Options : {};
    if (options.mode === wanted) {
      return [];
    }
    if (options.mode !== undefined && typeof options.mode !== 'string') {
      return [{ message: `container '${container.name}' of ${taskDefinition.label} has an awslogs mode that cannot be resolved`, unresolved: true, related: [tdNode] }];
    }
    const current = options.mode === undefined ? 'does not set the awslogs mode (the account default applies)' : `logs in '${options.mode}' mode`;
    return [{
      message: `container '${container.name}' of ${taskDefinition.label} ${current}`,
      related: [tdNode],
      repair: () => {
        const path = `ContainerDefinitions.${container.index}.LogConfiguration.Options`;
        tdNode.addPropertyOverride(`${path}.mode`, wanted);
        let buffer = '';
        if (options['max-buffer-size'] === undefined) {
          tdNode.addPropertyOverride(`${path}.max-buffer-size`, `${LOG_MAX_BUFFER_SIZE_MIB}m`);
          buffer = ` with a ${LOG_MAX_BUFFER_SIZE_MIB} MiB buffer`;
        }
        ctx.changed(tdNode);
        return `container '${container.name}' of ${taskDefinition.label} awslogs mode set to '${wanted}'${buffer}`;
      },
    }];
  });
}
