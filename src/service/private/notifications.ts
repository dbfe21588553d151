import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as events from 'aws-cdk-lib/aws-events';
import * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import { notifyTopicTarget } from '../../private/topic-notifications';

/**
 * EventBridge rules that tell `topic` about Spot interruptions, unexpected task stops and failed
 * deployments of `service`, as children of `scope`.
 */
export function addServiceNotifications(scope: Construct, service: ecs.BaseService, cluster: ecs.ICluster, topic: sns.ITopic): void {
  const serviceGroup = `service:${service.serviceName}`;
  const taskRule = (id: string, description: string, detail: Record<string, unknown>, message: string) =>
    new events.Rule(scope, id, {
      description,
      eventPattern: {
        source: ['aws.ecs'],
        detailType: ['ECS Task State Change'],
        detail: { clusterArn: [cluster.clusterArn], group: [serviceGroup], ...detail },
      },
      targets: [notifyTopicTarget(topic, events.RuleTargetInput.fromText(`${message} Task ${events.EventField.fromPath('$.detail.taskArn')}: ${events.EventField.fromPath('$.detail.stoppedReason')}`))],
    });
  // Spot tasks get a two-minute warning: the same event the ECS guide tells users to listen for.
  taskRule('SpotInterruptionRule', 'Spot interruption warning for this service', {
    stopCode: ['SpotInterruption', 'TerminationNotice'],
  }, 'Spot interruption warning (two minutes until SIGKILL).');
  taskRule('TaskStoppedRule', 'Unexpected task stop of this service (essential container exited or task failed to start)', {
    lastStatus: ['STOPPED'],
    stopCode: ['EssentialContainerExited', 'TaskFailedToStart'],
  }, 'Unexpected task stop.');
  new events.Rule(scope, 'DeploymentFailedRule', {
    description: 'Failed deployment of this service (circuit breaker tripped or deployment failed)',
    eventPattern: {
      source: ['aws.ecs'],
      detailType: ['ECS Deployment State Change'],
      resources: [service.serviceArn],
      detail: { eventName: ['SERVICE_DEPLOYMENT_FAILED'] },
    },
    targets: [notifyTopicTarget(topic)],
  });
}

/**
 * An EventBridge rule that tells `topic` when a container instance of the cluster starts draining
 * (Spot interruption, scale-in, instance refresh): the EC2 service's tasks on it move.
 */
export function addInstanceDrainingNotification(scope: Construct, service: ecs.BaseService, cluster: ecs.ICluster, topic: sns.ITopic): void {
  new events.Rule(scope, 'InstanceDrainingRule', {
    description: 'A container instance of the cluster is draining (Spot interruption, scale-in or instance refresh); tasks on it move',
    eventPattern: {
      source: ['aws.ecs'],
      detailType: ['ECS Container Instance State Change'],
      detail: { clusterArn: [cluster.clusterArn], status: ['DRAINING'] },
    },
    targets: [notifyTopicTarget(topic, events.RuleTargetInput.fromText(`Container instance ${events.EventField.fromPath('$.detail.ec2InstanceId')} is draining; tasks of service ${service.serviceName} on it move to other instances.`))],
  });
}
