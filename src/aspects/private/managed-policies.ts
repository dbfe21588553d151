/**
 * AWS managed policies that AWS documentation or aws-cdk-lib attach to task and execution roles for
 * a feature, with the statements of the version named: the least-privilege rules check them like
 * the app's own statements instead of reporting them as unreadable (ECSE-IAM8). AWS can publish a
 * new version; the version checked is printed with every finding on it.
 */

/** One Allow statement of a managed policy. */
export interface ManagedPolicyStatement {
  readonly actions: ReadonlyArray<string>;
  readonly resources: ReadonlyArray<string>;
}

/** A managed policy whose statements are known. */
export interface KnownManagedPolicy {
  /** The policy name, without path. */
  readonly name: string;
  /** The policy version the statements were copied from. */
  readonly version: string;
  /** Who attaches it, for messages. */
  readonly usedFor: string;
  /** The AWS page that lists the statements. */
  readonly reference: string;
  readonly statements: ReadonlyArray<ManagedPolicyStatement>;
  /**
   * The rule that judges the policy by name instead of by its statements (ECSE-IAM5 for the ECS task
   * execution policy: its '*' resources are its whole point, and a warning is the documented level).
   */
  readonly judgedBy?: string;
}

const REFERENCE = 'https://docs.aws.amazon.com/aws-managed-policy/latest/reference';

const XRAY_WRITE = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules',
  'xray:GetSamplingTargets', 'xray:GetSamplingStatisticSummaries'];

/**
 * Verdicts, as the rules give them (see docs/aspects.md):
 * - AWSXRayDaemonWriteAccess / AWSXrayWriteOnlyAccess: pass (every action has no resource type);
 *   on an execution role ECSE-IAM6 reports them (the daemon runs with the task role).
 * - CloudWatchAgentServerPolicy: ECSE-IAM3 reports the logs:* writes on '*' (any log group, including
 *   its retention); cloudwatch:PutMetricData, ec2:Describe* and xray:* pass.
 * - AWSAppMeshEnvoyAccess: ECSE-IAM3 reports appmesh:StreamAggregatedResources on '*' (every virtual
 *   node of every mesh); grant it on the node: virtualNode.grantStreamAggregatedResources(taskRole).
 * - AmazonEC2ContainerRegistryReadOnly: ECSE-IAM3 (pulls from every repository) and, on an execution
 *   role, ECSE-IAM6 (describe and list actions).
 * - AmazonECSTaskExecutionRolePolicy: judged by name by ECSE-IAM5 (warning).
 */
export const KNOWN_MANAGED_POLICIES: ReadonlyArray<KnownManagedPolicy> = [
  {
    name: 'AWSXRayDaemonWriteAccess',
    version: 'v2',
    usedFor: 'the X-Ray daemon sidecar (AWS X-Ray and Amazon ECS documentation)',
    reference: `${REFERENCE}/AWSXRayDaemonWriteAccess.html`,
    statements: [{ actions: XRAY_WRITE, resources: ['*'] }],
  },
  {
    name: 'AWSXrayWriteOnlyAccess',
    version: 'v2',
    usedFor: 'X-Ray daemon and SDK trace upload',
    reference: `${REFERENCE}/AWSXrayWriteOnlyAccess.html`,
    statements: [{ actions: XRAY_WRITE, resources: ['*'] }],
  },
  {
    name: 'CloudWatchAgentServerPolicy',
    version: 'v3',
    usedFor: 'the CloudWatch agent sidecar (StatsD, EMF, Container Insights)',
    reference: `${REFERENCE}/CloudWatchAgentServerPolicy.html`,
    statements: [
      {
        actions: ['cloudwatch:PutMetricData', 'ec2:DescribeVolumes', 'ec2:DescribeTags', 'logs:PutLogEvents',
          'logs:PutRetentionPolicy', 'logs:DescribeLogStreams', 'logs:DescribeLogGroups', 'logs:CreateLogStream',
          'logs:CreateLogGroup', ...XRAY_WRITE],
        resources: ['*'],
      },
      { actions: ['ssm:GetParameter'], resources: ['arn:aws:ssm:*:*:parameter/AmazonCloudWatch-*'] },
    ],
  },
  {
    name: 'AWSAppMeshEnvoyAccess',
    version: 'v1',
    usedFor: 'the App Mesh Envoy sidecar',
    reference: `${REFERENCE}/AWSAppMeshEnvoyAccess.html`,
    statements: [{ actions: ['appmesh:StreamAggregatedResources'], resources: ['*'] }],
  },
  {
    name: 'AmazonEC2ContainerRegistryReadOnly',
    version: 'v3',
    usedFor: 'image pulls from ECR',
    reference: `${REFERENCE}/AmazonEC2ContainerRegistryReadOnly.html`,
    statements: [{
      actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer',
        'ecr:GetRepositoryPolicy', 'ecr:DescribeRepositories', 'ecr:ListImages', 'ecr:DescribeImages', 'ecr:BatchGetImage',
        'ecr:GetLifecyclePolicy', 'ecr:GetLifecyclePolicyPreview', 'ecr:ListTagsForResource', 'ecr:DescribeImageScanFindings'],
      resources: ['*'],
    }],
  },
  {
    name: 'AmazonECSTaskExecutionRolePolicy',
    version: 'v1',
    usedFor: 'ECS task execution roles',
    reference: `${REFERENCE}/AmazonECSTaskExecutionRolePolicy.html`,
    statements: [{
      actions: ['ecr:GetAuthorizationToken', 'ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer',
        'ecr:BatchGetImage', 'logs:CreateLogStream', 'logs:PutLogEvents'],
      resources: ['*'],
    }],
    judgedBy: 'ECSE-IAM5',
  },
];

/** The entry for an AWS managed policy name, if its statements are known. */
export function knownManagedPolicy(name: string): KnownManagedPolicy | undefined {
  return KNOWN_MANAGED_POLICIES.find((p) => p.name === name);
}
