/**
 * IAM facts the least-privilege rules rely on, each with the AWS page that states it.
 */

/** An action `Resource: '*'` is right for: AWS gives it no resource-level permission, or no narrower one than the account. */
export interface ActionWithoutResourceScope {
  readonly action: string;
  /** The AWS page that documents it (Service Authorization Reference: empty "Resource types" column; or the guide that grants it on `*`). */
  readonly reference: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';
const ECR = `${SAR}/list_amazonelasticcontainerregistry.html`;
// The ssmmessages page is titled "Amazon Message Gateway Service" (it was "Amazon Session Manager
// Message Gateway Service"); AWS also serves it as list_ssmmessages.html.
const SSM_MESSAGES = `${SAR}/list_amazonmessagegatewayservice.html`;
const SSM = `${SAR}/list_awssystemsmanager.html`;
const CLOUDWATCH = `${SAR}/list_amazoncloudwatch.html`;
const ECS_EXEC_LOGGING = 'https://docs.aws.amazon.com/AmazonECS/latest/developerguide/ecs-exec.html#ecs-exec-logging';
const XRAY = `${SAR}/list_awsx-ray.html`;
const TAGGING = `${SAR}/list_amazonresourcegrouptaggingapi.html`;
const EC2 = `${SAR}/list_amazonec2.html`;

/**
 * Only actions whose "Resource types" column is empty in the Service Authorization Reference belong
 * here (re-read 2026-12, the page of each entry next to it). Notably absent: `ssm:AddTagsToResource`
 * (scoped to SSM resource types such as managed-instance), `logs:CreateLogStream` /
 * `logs:PutLogEvents` (scoped to log groups), `s3:GetBucketLocation` (scoped to buckets; see
 * `generated-statements.ts` for the one shape aws-ecs grants on '*') and
 * `appmesh:StreamAggregatedResources` (scoped to virtual nodes and gateways).
 */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE: ReadonlyArray<ActionWithoutResourceScope> = [
  // Registry login for image pulls (execution role); aws-ecs adds it with every ECR image.
  { action: 'ecr:GetAuthorizationToken', reference: ECR },
  // ECS Exec channels (task role); aws-ecs adds them with enableExecuteCommand.
  { action: 'ssmmessages:CreateControlChannel', reference: SSM_MESSAGES },
  { action: 'ssmmessages:CreateDataChannel', reference: SSM_MESSAGES },
  { action: 'ssmmessages:OpenControlChannel', reference: SSM_MESSAGES },
  { action: 'ssmmessages:OpenDataChannel', reference: SSM_MESSAGES },
  // ECS Exec logging to CloudWatch Logs (task role); aws-ecs adds it on '*', as the ECS Exec guide's task
  // role policy does. It lists the account's log groups, so no log-group ARN narrows it: AWS grants it
  // either on '*' (ECS Exec guide) or on the account and Region's logs ARN, arn:aws:logs:<region>:<account>:*
  // (CloudWatch Logs guide, "Logs sent to CloudWatch Logs", for vended-log delivery: what the FIS role uses).
  // Both scopes pass; neither is a finding.
  { action: 'logs:DescribeLogGroups', reference: ECS_EXEC_LOGGING },
  // The FIS SSM-agent sidecar registers the task as a hybrid managed node (task role).
  { action: 'ssm:CreateActivation', reference: SSM },
  // Parameter Store listing; reads of a parameter (ssm:GetParameters) are scoped to its ARN.
  { action: 'ssm:DescribeParameters', reference: SSM },
  // Custom metrics (CloudWatch agent, EMF); scope with the cloudwatch:namespace condition key instead.
  { action: 'cloudwatch:PutMetricData', reference: CLOUDWATCH },
  // X-Ray daemon / ADOT sidecar (what AWSXRayDaemonWriteAccess grants).
  { action: 'xray:PutTraceSegments', reference: XRAY },
  { action: 'xray:PutTelemetryRecords', reference: XRAY },
  { action: 'xray:GetSamplingRules', reference: XRAY },
  { action: 'xray:GetSamplingTargets', reference: XRAY },
  { action: 'xray:GetSamplingStatisticSummaries', reference: XRAY },
  // Resource Groups Tagging API lookups.
  { action: 'tag:GetResources', reference: TAGGING },
  // CloudWatch agent instance metadata (what CloudWatchAgentServerPolicy grants).
  { action: 'ec2:DescribeTags', reference: EC2 },
  { action: 'ec2:DescribeVolumes', reference: EC2 },
];

/**
 * What a task execution role may do: pull images, write logs, read the task's secrets.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/task_execution_IAM_role.html
 */
export const EXECUTION_ROLE_ACTIONS: ReadonlyArray<string> = [
  // Image pull (ECR, incl. what repository.grantPull emits).
  'ecr:GetAuthorizationToken',
  'ecr:BatchCheckLayerAvailability',
  'ecr:GetDownloadUrlForLayer',
  'ecr:BatchGetImage',
  // awslogs driver (CreateLogGroup only with awslogs-create-group).
  'logs:CreateLogStream',
  'logs:PutLogEvents',
  'logs:CreateLogGroup',
  // Secrets and private registry credentials (what secret.grantRead / parameter.grantRead emit).
  'secretsmanager:GetSecretValue',
  'secretsmanager:DescribeSecret',
  'ssm:GetParameters',
  'ssm:GetParameter',
  'ssm:GetParameterHistory',
  'ssm:DescribeParameters',
  'kms:Decrypt',
];

/** The AWS managed policy ECS documents for execution roles; it grants its actions on '*'. */
export const TASK_EXECUTION_MANAGED_POLICY = 'AmazonECSTaskExecutionRolePolicy';

/** True for AWS managed policies that grant far more than a task needs. */
export function isBroadManagedPolicy(name: string): boolean {
  return name === 'AdministratorAccess' || name.startsWith('AdministratorAccess-')
    || name === 'PowerUserAccess' || name === 'IAMFullAccess' || /FullAccess$/.test(name);
}

/** True when an IAM action pattern (with `*` / `?` wildcards) matches `action`, case-insensitively. */
export function actionMatches(pattern: string, action: string): boolean {
  const regex = new RegExp(`^${pattern.split('').map((ch) => (ch === '*' ? '.*' : ch === '?' ? '.' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&'))).join('')}$`, 'i');
  return regex.test(action);
}

/** The entry of the table for `action`, if AWS gives it no resource-level permission. */
export function withoutResourceScope(action: string): ActionWithoutResourceScope | undefined {
  return ACTIONS_WITHOUT_RESOURCE_SCOPE.find((a) => a.action.toLowerCase() === action.toLowerCase());
}
