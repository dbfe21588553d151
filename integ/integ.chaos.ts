// Chaos: a fault-injectable service and all seven FIS ECS task faults behind a stop-condition alarm.
import { IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { EcsFault, EssentialFargateService, LoadBalancing, TaskSelection, TrafficType } from '../src';
import { DeploymentAssertions, ExactValue, POLL_INTERVAL } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, acknowledgeLoadBalancer, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseChaos');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });

const api = new EssentialFargateService(stack, 'Api', {
  cluster,
  image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'),
  containerPort: 80,
  loadBalancing: LoadBalancing.internalAlb(),
  enableFaultInjection: true,
});

const errors = new cloudwatch.Alarm(stack, 'Target5xx', {
  metric: api.loadBalancer!.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, { period: Duration.minutes(1) }),
  threshold: 10,
  evaluationPeriods: 1,
  treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
});

const chaos = api.addChaosExperiments('Chaos', {
  stopConditions: [errors],
  selection: TaskSelection.percent(50),
  faults: [
    EcsFault.stopTask(),
    EcsFault.cpuStress({ percent: 80 }),
    EcsFault.ioStress({ percent: 50 }),
    EcsFault.killProcess({ processName: 'nginx' }),
    EcsFault.networkBlackholePort({ port: 443, trafficType: TrafficType.EGRESS }),
    EcsFault.networkLatency({ delay: Duration.millis(300), jitter: Duration.millis(50) }),
    EcsFault.networkPacketLoss({ lossPercent: 10 }),
  ],
});


const fis = api.node.findChild('FaultInjection');
const chaosRole = api.node.findChild('Chaos').node.findChild('Role');
const clusterRef = `<${stack.getLogicalId(cluster.node.defaultChild as ecs.CfnCluster)}>`;
const ssmInstances = 'arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:managed-instance/*';

acknowledgeFinding(api.taskDefinition, 'AwsSolutions-ECS2',
  'AWS FIS ECS task actions prerequisite: the SSM agent sidecar script reads the managed-instance role name from the MANAGED_INSTANCE_ROLE_NAME environment variable (a role name, not a secret).');
acknowledgeFinding(api.taskDefinition.taskRole, 'AwsSolutions-IAM5[Resource::*]',
  'AWS FIS ECS task actions prerequisite: the sidecar calls ssm:CreateActivation, which has no resource-level permissions, and tags the new activation (ssm:AddTagsToResource) whose ID does not exist before the call.');
acknowledgeFinding(fis, 'AwsSolutions-IAM5[Resource::*]',
  'AWS FIS ECS task actions prerequisite: the sidecar\'s SSM agent receives and answers Run Command through ec2messages:* and ssmmessages:* (Systems Manager guide, "Reference: ec2messages, ssmmessages"), and on SIGTERM deletes its own activation; none of these actions has resource-level permissions.');
acknowledgeFinding(fis, `AwsSolutions-IAM5[Resource::${ssmInstances}]`,
  'AWS FIS ECS task actions prerequisite: the sidecar\'s SSM agent sends its heartbeat (ssm:UpdateInstanceInformation) and on SIGTERM deregisters the managed instance it registered; SSM assigns that ID at registration, so it cannot be named in advance (deregistration is limited to nodes tagged FAULT_INJECTION_SIDECAR=true).');
acknowledgeFinding(chaosRole, 'AwsSolutions-IAM5[Resource::*]',
  'FIS experiment role: ecs:ListTasks (limited by the ecs:cluster condition), tag:GetResources, ssm:ListCommands, ssm:CancelCommand, ec2:DescribeInstances, ec2:DescribeSubnets and logs:CreateLogDelivery (vended log delivery) have no resource-level permissions.');
acknowledgeFinding(chaosRole, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:*]',
  'FIS experiment role: delivering experiment logs to CloudWatch Logs (vended logs) needs logs:PutResourcePolicy, DescribeResourcePolicies and DescribeLogGroups, which act on account-level log resources; the ARN is limited to this account and Region.');
acknowledgeFinding(chaosRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/${clusterRef}/*]`,
  'FIS experiment role: the tasks to stop or fault are chosen when the experiment runs, so their IDs cannot be named; the ARN is scoped to this service\'s cluster.');
acknowledgeFinding(chaosRole, 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>::document/AWSFIS-Run-*]',
  'FIS experiment role: the ECS task actions run the AWS-owned AWSFIS-Run-* SSM documents (one per fault, per the FIS actions reference); the pattern names only those documents.');
acknowledgeFinding(chaosRole, `AwsSolutions-IAM5[Resource::${ssmInstances}]`,
  'FIS experiment role: ssm:SendCommand targets the tasks\' SSM managed instances, whose IDs are assigned at activation; a condition on the ECS_TASK_ARN tag limits it to this cluster\'s tasks.');
acknowledgeFinding(chaosRole, `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:container-instance/${clusterRef}/*]`,
  'FIS experiment role: the network latency and packet-loss actions describe the container instances of the targeted tasks (FIS actions reference); their IDs are not known in advance, the ARN is scoped to this cluster.');

acknowledgeLoadBalancer(api.loadBalancer!, false);
const integ = new IntegTest(app, 'ChaosTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
check.serviceSteady(api, { desiredCount: 2 });
check.targetsHealthy(api.targetGroup!);
// FIS accepted every template with its action: a template FIS rejects fails the stack, one with the wrong action fails here.
for (const template of chaos.experimentTemplates) {
  const [[actionName, action]] = Object.entries(stack.resolve(template.actions) as Record<string, { actionId: string }>);
  check.apiAt('FIS', 'getExperimentTemplate', { id: check.physicalId(template) },
    `experimentTemplate.actions.${actionName}.actionId`, new ExactValue(action.actionId));
}
// The stop-task experiment runs to its end (its role, targets and stop condition work) and ECS replaces the stopped task.
const stopTask = chaos.experimentTemplates.find((t) => Object.keys(stack.resolve(t.actions)).includes('stopTask'))!;
const started = check.chain(integ.assertions.awsApiCall('FIS', 'startExperiment', { experimentTemplateId: check.physicalId(stopTask) }, ['experiment.id']));
check.chain(integ.assertions.awsApiCall('FIS', 'getExperiment', { id: started.getAttString('experiment.id') }, ['experiment.state.status'])
  .assertAtPath('experiment.state.status', new ExactValue('completed'))
  .waitForAssertions({ totalTimeout: Duration.minutes(15), interval: POLL_INTERVAL }));
check.runningCount(api, 2);
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
