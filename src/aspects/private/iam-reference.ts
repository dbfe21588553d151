/**
 * IAM facts the least-privilege rules rely on, each with the AWS page that states it.
 */

/** An action AWS gives no resource-level permission, so `Resource: '*'` is the only option. */
export interface ActionWithoutResourceScope {
  readonly action: string;
  /** The AWS page that documents it (Service Authorization Reference: empty "Resource types" column). */
  readonly reference: string;
}

const SAR = 'https://docs.aws.amazon.com/service-authorization/latest/reference';

/**
 * Only actions AWS documents without resource types belong here. Notably absent:
 * `ssm:AddTagsToResource` (scoped to SSM resource types such as managed-instance) and
 * `logs:CreateLogStream` / `logs:PutLogEvents` (scoped to log groups).
 */
export const ACTIONS_WITHOUT_RESOURCE_SCOPE: ReadonlyArray<ActionWithoutResourceScope> = [
  // Registry login for image pulls (execution role).
  { action: 'ecr:GetAuthorizationToken', reference: `${SAR}/list_amazonelasticcontainerregistry.html` },
  // ECS Exec channels (task role).
  { action: 'ssmmessages:CreateControlChannel', reference: `${SAR}/list_amazonsessionmanagermessagegatewayservice.html` },
  { action: 'ssmmessages:CreateDataChannel', reference: `${SAR}/list_amazonsessionmanagermessagegatewayservice.html` },
  { action: 'ssmmessages:OpenControlChannel', reference: `${SAR}/list_amazonsessionmanagermessagegatewayservice.html` },
  { action: 'ssmmessages:OpenDataChannel', reference: `${SAR}/list_amazonsessionmanagermessagegatewayservice.html` },
  // The FIS SSM-agent sidecar registers the task as a hybrid managed node (task role).
  { action: 'ssm:CreateActivation', reference: `${SAR}/list_awssystemsmanager.html` },
  // Parameter Store listing; reads of a parameter (ssm:GetParameters) are scoped to its ARN.
  { action: 'ssm:DescribeParameters', reference: `${SAR}/list_awssystemsmanager.html` },
  // Custom metrics; scope with the cloudwatch:namespace condition key instead.
  { action: 'cloudwatch:PutMetricData', reference: `${SAR}/list_amazoncloudwatch.html` },
  // X-Ray daemon / ADOT sidecar.
  { action: 'xray:PutTraceSegments', reference: `${SAR}/list_awsx-ray.html` },
  { action: 'xray:PutTelemetryRecords', reference: `${SAR}/list_awsx-ray.html` },
  { action: 'xray:GetSamplingRules', reference: `${SAR}/list_awsx-ray.html` },
  { action: 'xray:GetSamplingTargets', reference: `${SAR}/list_awsx-ray.html` },
  // Resource Groups Tagging API lookups.
  { action: 'tag:GetResources', reference: `${SAR}/list_amazonresourcegrouptaggingapi.html` },
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
