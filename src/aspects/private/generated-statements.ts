/**
 * Statements that aws-cdk-lib (and this library) add to task and execution roles for a feature, so
 * findings can name what generated them ("added by aws-ecs for ECS Exec") and the rules can tell a
 * grant the user wrote from one the L2 wrote for them. Recognised per action, so statements merged by
 * the `@aws-cdk/aws-iam:minimizePolicies` feature flag are recognised too.
 */

/** Which of the two task definition roles a grant lands on. */
export type GrantedTo = 'Task' | 'Execution';

/** What the rules know about the task definition a role belongs to. */
export interface TaskEvidence {
  /** Lower-case actions of every Allow statement of the role. */
  readonly roleActions: ReadonlySet<string>;
  /** A container of the task definition has a `FirelensConfiguration` (a log router). */
  readonly fireLensRouter: boolean;
  /** The log router reads its configuration file from S3, or a container reads an environment file from S3. */
  readonly s3Files: boolean;
}

/** One feature's grant. */
export interface GeneratedGrant {
  /** What added it, for messages: "aws-ecs for ECS Exec (enableExecuteCommand)". */
  readonly by: string;
  readonly grantedTo: GrantedTo;
  readonly actions: ReadonlyArray<string>;
  /**
   * When the generator grants it on '*': `accepted` (ECSE-IAM3 lets it pass, `advice` says why) or
   * `warning` (reported as a warning at most, since the user did not write it; `advice` says how to
   * scope it, if the L2 offers a way).
   */
  readonly onEveryResource?: 'accepted' | 'warning';
  readonly advice?: string;
  /** Whether the task definition shows the feature. */
  readonly applies: (evidence: TaskEvidence) => boolean;
  /** Actions the execution role may hold because of this feature (ECSE-IAM6). */
  readonly executionRoleNeeds?: boolean;
}

const ECS_EXEC_CHANNELS = ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel',
  'ssmmessages:OpenControlChannel', 'ssmmessages:OpenDataChannel'];

const FIRELENS_ADVICE = 'aws-ecs offers no option to scope it: add the log router yourself with addFirelensLogRouter(), ' +
  'an image you grant the pull of and the writes of its output on the destination, or suppress with a reason';

const usesEcsExec = (e: TaskEvidence) => ECS_EXEC_CHANNELS.every((a) => e.roleActions.has(a.toLowerCase()));
const always = () => true;

// The shapes of aws-cdk-lib 2.x: aws-ecs base-service.js (ECS Exec), firelens-log-router.js
// (obtainDefaultFluentBitECRImage, S3 config files), aws-ecr repository.grantPull, aws-s3 / aws-kms grants.
export const GENERATED_GRANTS: ReadonlyArray<GeneratedGrant> = [
  { by: 'aws-ecs for ECS Exec (enableExecuteCommand)', grantedTo: 'Task', actions: ECS_EXEC_CHANNELS, applies: always },
  {
    by: 'aws-ecs for ECS Exec session logging',
    grantedTo: 'Task',
    actions: ['logs:DescribeLogGroups', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
    // On '*' when the cluster names no log group and the feature flag is off (aws-ecs base-service.js).
    onEveryResource: 'warning',
    advice: 'to scope it, give the cluster\'s executeCommandConfiguration a cloudWatchLogGroup, or set the feature flag ' +
      '\'@aws-cdk/aws-ecs:reduceEc2FargateCloudWatchPermissions\' to true in cdk.json (a new app\'s cdk.json has it)',
    applies: usesEcsExec,
  },
  {
    by: 'aws-ecs for ECS Exec logging to S3 (the cluster\'s executeCommandConfiguration)',
    grantedTo: 'Task',
    actions: ['s3:GetBucketLocation'],
    onEveryResource: 'accepted',
    advice: 'it only reveals the Region of a bucket, and the SSM agent calls it before it uploads the session log',
    applies: usesEcsExec,
  },
  {
    by: 'aws-ecs for ECS Exec logging to S3 (the cluster\'s executeCommandConfiguration)',
    grantedTo: 'Task',
    actions: ['s3:PutObject', 's3:GetEncryptionConfiguration'],
    applies: usesEcsExec,
  },
  {
    by: 'aws-ecs for ECS Exec with a KMS key (the cluster\'s executeCommandConfiguration)',
    grantedTo: 'Task',
    actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
    applies: usesEcsExec,
  },
  {
    by: 'aws-ecs for the FireLens log router image (obtainDefaultFluentBitECRImage(), which LogDrivers.firelens() uses)',
    grantedTo: 'Execution',
    actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    onEveryResource: 'warning',
    advice: FIRELENS_ADVICE,
    applies: (e) => e.fireLensRouter,
  },
  {
    by: 'aws-ecs for the FireLens \'cloudwatch\' output (LogDrivers.firelens() with Name: \'cloudwatch\')',
    grantedTo: 'Task',
    actions: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents', 'logs:PutRetentionPolicy'],
    onEveryResource: 'warning',
    advice: FIRELENS_ADVICE,
    applies: (e) => e.fireLensRouter,
  },
  {
    by: 'aws-ecs for the FireLens \'firehose\' output',
    grantedTo: 'Task',
    actions: ['firehose:PutRecordBatch'],
    onEveryResource: 'warning',
    advice: FIRELENS_ADVICE,
    applies: (e) => e.fireLensRouter,
  },
  {
    by: 'aws-ecs for the FireLens \'kinesis\' output',
    grantedTo: 'Task',
    actions: ['kinesis:PutRecords'],
    onEveryResource: 'warning',
    advice: FIRELENS_ADVICE,
    applies: (e) => e.fireLensRouter,
  },
  {
    by: 'aws-ecs for a FireLens configuration file or an environment file in S3',
    grantedTo: 'Execution',
    actions: ['s3:GetObject', 's3:GetBucketLocation'],
    applies: (e) => e.s3Files,
    executionRoleNeeds: true,
  },
  {
    by: 'aws-ecr repository.grantPull(), through ContainerImage.fromEcrRepository() or fromAsset()',
    grantedTo: 'Execution',
    actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'],
    applies: always,
  },
  { by: 'aws-ecs for the awslogs log driver', grantedTo: 'Execution', actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], applies: always },
  {
    by: 'aws-ecs for ecs.Secret.fromSecretsManager()',
    grantedTo: 'Execution',
    actions: ['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret'],
    applies: always,
  },
  {
    by: 'aws-ecs for ecs.Secret.fromSsmParameter()',
    grantedTo: 'Execution',
    actions: ['ssm:DescribeParameters', 'ssm:GetParameters', 'ssm:GetParameter', 'ssm:GetParameterHistory'],
    applies: always,
  },
  {
    by: 'cdk-ecs-essentials for enableFaultInjection (the FIS SSM agent sidecar)',
    grantedTo: 'Task',
    actions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'],
    applies: always,
  },
];

/**
 * Grants of aws-cdk-lib's grant methods whose actions end in a wildcard. Each expands to a fixed,
 * documented set of actions on the resource the grant names, so ECSE-IAM9 lists them as info.
 */
export const GRANT_METHOD_WILDCARDS: ReadonlyArray<{ readonly by: string; readonly actions: ReadonlyArray<string> }> = [
  { by: 'aws-s3 Bucket.grantRead()', actions: ['s3:GetObject*', 's3:GetBucket*', 's3:List*'] },
  { by: 'aws-s3 Bucket.grantWrite() / grantPut() / grantDelete()', actions: ['s3:DeleteObject*', 's3:Abort*'] },
  { by: 'aws-kms Key.grantEncrypt() / grantEncryptDecrypt()', actions: ['kms:ReEncrypt*', 'kms:GenerateDataKey*'] },
];

/** The grants of `grantedTo` that `action` belongs to and whose feature the task definition shows. */
export function grantsOf(action: string, grantedTo: GrantedTo, evidence: TaskEvidence): GeneratedGrant[] {
  const lower = action.toLowerCase();
  return GENERATED_GRANTS.filter((g) => g.grantedTo === grantedTo
    && g.actions.some((a) => a.toLowerCase() === lower) && g.applies(evidence));
}

/** The grant method that emits the wildcard action `action`, if any. */
export function grantMethodOf(action: string): string | undefined {
  const lower = action.toLowerCase();
  return GRANT_METHOD_WILDCARDS.find((g) => g.actions.some((a) => a.toLowerCase() === lower))?.by;
}
