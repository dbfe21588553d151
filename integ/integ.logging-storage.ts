// Log routing and shared files: a service whose logs FireLens (AWS for Fluent Bit) sends to CloudWatch
// Logs, one whose logs it sends to S3, and a service that mounts an EFS file system through an access
// point with transit encryption and IAM authorization.
import { ExpectedResult, IntegTest } from '@aws-cdk/integ-tests-alpha';
import { App, Aspects, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  EcsLeastPrivilegeChecks, EssentialFargateService, EcsFastDeployChecks, FireLensDestination, LoadBalancing, ServiceLogging,
} from '../src';
import { DeploymentAssertions, POLL_INTERVAL, SERVICE_STABLE_TIMEOUT } from './support/assertions';
import { acknowledgeComplianceFindings } from './support/compliance';
import { acknowledgeFinding, synthWithAwsSolutionsChecks } from './support/nag';

const app = new App();
const stack = new Stack(app, 'EcseLoggingStorage');

const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, flowLogs: { all: { trafficType: ec2.FlowLogTrafficType.REJECT } } });
const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, containerInsightsV2: ecs.ContainerInsights.ENABLED });
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
// A line every five seconds, and a clean exit on SIGTERM.
const chatty = ['sh', '-c', 'trap "exit 0" TERM; while true; do echo "integ: hello from $HOSTNAME"; sleep 5; done'];

// FireLens to CloudWatch Logs: the service's own log group, written by the task role; it and the router's
// log group are encrypted with a customer key, whose policy lets CloudWatch Logs use it.
const logsKey = new kms.Key(stack, 'LogsKey', { enableKeyRotation: true, removalPolicy: RemovalPolicy.DESTROY });
const api = new EssentialFargateService(stack, 'Api', {
  cluster,
  image,
  command: chatty,
  desiredCount: 1,
  loadBalancing: LoadBalancing.none(),
  logging: ServiceLogging.fireLens({ destination: FireLensDestination.cloudWatchLogs(), encryptionKey: logsKey }),
});

// FireLens to S3: objects under one prefix, the only place the task role may write.
const archive = new s3.Bucket(stack, 'LogArchive', {
  enforceSSL: true,
  encryption: s3.BucketEncryption.S3_MANAGED,
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  lifecycleRules: [{ expiration: Duration.days(1) }],
});
const audit = new EssentialFargateService(stack, 'Audit', {
  cluster,
  image,
  command: chatty,
  desiredCount: 1,
  loadBalancing: LoadBalancing.none(),
  logging: ServiceLogging.fireLens({ destination: FireLensDestination.s3({ bucket: archive, prefix: 'audit/' }) }),
});

// EFS through an access point: the task writes a file at start, so a failed mount fails the deployment.
const fileSystem = new efs.FileSystem(stack, 'SharedFiles', { vpc, encrypted: true, removalPolicy: RemovalPolicy.DESTROY });
const accessPoint = fileSystem.addAccessPoint('Shared', {
  path: '/shared',
  posixUser: { uid: '1000', gid: '1000' },
  createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' },
});
const files = new EssentialFargateService(stack, 'Files', {
  cluster,
  image,
  command: ['sh', '-c', 'trap "exit 0" TERM; date > /shared/started-$HOSTNAME && while true; do sleep 5; done'],
  desiredCount: 1,
  loadBalancing: LoadBalancing.none(),
});
files.addEfsVolume('Shared', { fileSystem, accessPoint, containerPath: '/shared' });

for (const service of [api, audit]) {
  acknowledgeFinding(service.taskDefinition.executionRole!, 'AwsSolutions-IAM5[Resource::*]',
    'ecr:GetAuthorizationToken (registry login for the AWS for Fluent Bit image) has no resource-level permission in IAM; the image pull itself is granted on the aws-for-fluent-bit repository only.');
}
acknowledgeFinding(audit.taskDefinition.taskRole, `AwsSolutions-IAM5[Resource::<${stack.getLogicalId(archive.node.defaultChild as s3.CfnBucket)}.Arn>/audit/*]`,
  'The Fluent Bit s3 output names each object at upload time (container, task, timestamp); s3:PutObject is limited to the audit/ prefix of this bucket.');
acknowledgeFinding(archive, 'AwsSolutions-S1',
  'S3 server access logging needs a second bucket whose policy trusts the S3 logging service; this bucket only receives the integ app\'s logs and expires them after a day.');

Aspects.of(app).add(new EcsLeastPrivilegeChecks());
Aspects.of(app).add(new EcsFastDeployChecks());
const integ = new IntegTest(app, 'LoggingStorageTest', { testCases: [stack] });
const check = new DeploymentAssertions(integ);
check.serviceSteady(api, { desiredCount: 1 });
// The router is essential: a router that cannot start (image pull, configuration) stops the task.
// (Objects under audit/ are not listed here: integ-tests-alpha would grant s3:ListObjectsV2, which IAM
// does not know; listing is s3:ListBucket.)
check.serviceSteady(audit, { desiredCount: 1 });
// The task could mount the file system through the access point: it writes there before it starts its loop.
check.serviceSteady(files, { desiredCount: 1 });
// The application's lines reach the log group through the router (streams named by the app container).
check.chain(integ.assertions.awsApiCall('CloudWatchLogs', 'filterLogEvents', {
  logGroupName: check.physicalId(api.logGroup),
  filterPattern: '"integ: hello from"',
  limit: 1,
}, ['events.0.logStreamName'])
  .assertAtPath('events.0.logStreamName', ExpectedResult.stringLikeRegexp('^app/'))
  .waitForAssertions({ totalTimeout: SERVICE_STABLE_TIMEOUT, interval: POLL_INTERVAL }));
acknowledgeComplianceFindings(app);
synthWithAwsSolutionsChecks(app);
