import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import {
  EssentialContainerOptions, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialManagedInstancesCapacity,
  EssentialManagedInstancesService, EssentialQueueWorker, EssentialReplicaServiceOptions, EssentialScheduledJob, EssentialServiceOptions,
  EssentialTaskOptions, JobSchedule, LoadBalancing,
} from '../../src';

/**
 * One test per props layer: a prop declared once in a layer reaches every construct whose props extend
 * that layer, and shows in that construct's synthesized resources.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

/** A stack with a cluster and both capacity kinds, and the constructs of every props layer. */
function everyWorkload(options: EssentialTaskOptions & Partial<EssentialServiceOptions> & Partial<EssentialReplicaServiceOptions>,
  layer: 'container' | 'task' | 'service' | 'replica') {
  const app = new App();
  const stack = new Stack(app, 'Layers', { env: { account: '123456789012', region: 'us-east-1' } });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
  const ec2Capacity = new EssentialEc2Capacity(stack, 'Ec2Capacity', { cluster });
  const mi = new EssentialManagedInstancesCapacity(stack, 'Mi', { cluster });
  const none = LoadBalancing.none();
  const constructs: string[] = [];
  new EssentialFargateService(stack, 'Fargate', { ...options, cluster, loadBalancing: none });
  new EssentialEc2Service(stack, 'Ec2', { ...options, capacity: ec2Capacity, loadBalancing: none });
  new EssentialManagedInstancesService(stack, 'Managed', { ...options, capacity: mi, loadBalancing: none });
  constructs.push('Fargate', 'Ec2', 'Managed');
  if (layer !== 'replica') {
    const { desiredCount: _d, healthCheckPath: _h, loadBalancing: _l, fastDeploy: _f, rollbackAlarms: _r, scaling: _s, ...serviceLayer } = options;
    new EssentialQueueWorker(stack, 'Worker', { ...serviceLayer, cluster });
    constructs.push('Worker');
  }
  if (layer === 'container' || layer === 'task') {
    const {
      serviceName: _n, containerPort: _p, rollout: _r, serviceConnect: _c, enableExecuteCommand: _e, enableMonitoring: _m,
      enableFaultInjection: _i, faultInjectionSidecarImage: _x, ...taskLayer
    } = options as EssentialServiceOptions;
    new EssentialScheduledJob(stack, 'Job', { ...taskLayer, cluster, schedule: JobSchedule.rate(Duration.hours(1)) });
    constructs.push('Job');
  }
  return { template: Template.fromStack(stack), constructs };
}

/** The task definitions of the template, keyed by the construct id their logical id starts with. */
function taskDefinitionsOf(template: Template, constructs: string[]): Record<string, any> {
  const all = template.findResources('AWS::ECS::TaskDefinition');
  return Object.fromEntries(constructs.map((c) => {
    const entry = Object.entries(all).find(([id]) => id.startsWith(c));
    if (!entry) {
      throw new Error(`no task definition of ${c}`);
    }
    return [c, entry[1].Properties];
  }));
}

describe('props layers', () => {
  test('EssentialContainerOptions: a container prop (healthCheck, entryPoint) reaches every workload\'s application container', () => {
    // GIVEN
    const container: EssentialContainerOptions = {
      image,
      entryPoint: ['/bin/sh', '-c'],
      healthCheck: { command: ['CMD-SHELL', 'test -f /tmp/ready'] },
    };
    // WHEN
    const { template, constructs } = everyWorkload(container, 'container');
    // THEN the five workloads of the container layer
    expect(constructs).toEqual(['Fargate', 'Ec2', 'Managed', 'Worker', 'Job']);
    for (const [name, taskDefinition] of Object.entries(taskDefinitionsOf(template, constructs))) {
      const app = taskDefinition.ContainerDefinitions.find((c: any) => c.Name === 'app');
      expect({ name, entryPoint: app.EntryPoint, healthCheck: app.HealthCheck?.Command }).toEqual({
        name,
        entryPoint: ['/bin/sh', '-c'],
        healthCheck: ['CMD-SHELL', 'test -f /tmp/ready'],
      });
    }
  });

  test('EssentialTaskOptions: a task prop (memoryLimitMiB, cpu) reaches every workload\'s task definition', () => {
    // WHEN
    const { template, constructs } = everyWorkload({ image, cpu: 512, memoryLimitMiB: 2048 }, 'task');
    // THEN
    expect(constructs).toEqual(['Fargate', 'Ec2', 'Managed', 'Worker', 'Job']);
    for (const [name, taskDefinition] of Object.entries(taskDefinitionsOf(template, constructs))) {
      expect({ name, cpu: taskDefinition.Cpu, memory: taskDefinition.Memory }).toEqual({ name, cpu: '512', memory: '2048' });
    }
  });

  test('EssentialServiceOptions: a service prop (serviceName) reaches every service, the worker included', () => {
    // WHEN
    const { template, constructs } = everyWorkload({ image, serviceName: 'layered' }, 'service');
    // THEN one service per construct, each named by the prop
    expect(constructs).toEqual(['Fargate', 'Ec2', 'Managed', 'Worker']);
    const services = Object.values(template.findResources('AWS::ECS::Service'));
    expect(services).toHaveLength(4);
    expect(services.map((s) => s.Properties.ServiceName)).toEqual(['layered', 'layered', 'layered', 'layered']);
  });

  test('EssentialReplicaServiceOptions: a replica prop (desiredCount) reaches the three service variants', () => {
    // WHEN
    const { template, constructs } = everyWorkload({ image, desiredCount: 3 }, 'replica');
    // THEN
    expect(constructs).toEqual(['Fargate', 'Ec2', 'Managed']);
    const services = Object.values(template.findResources('AWS::ECS::Service'));
    expect(services.map((s) => s.Properties.DesiredCount)).toEqual([3, 3, 3]);
  });

  test('ephemeralStorageGiB reaches Fargate tasks (service, worker, job) and fails on EC2 and Managed Instances', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Storage');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    // WHEN
    new EssentialFargateService(stack, 'Web', { image, cluster, ephemeralStorageGiB: 50, loadBalancing: LoadBalancing.none() });
    new EssentialQueueWorker(stack, 'Worker', { image, cluster, ephemeralStorageGiB: 50 });
    new EssentialScheduledJob(stack, 'Job', { image, cluster, ephemeralStorageGiB: 50, schedule: JobSchedule.rate(Duration.hours(1)) });
    // THEN
    const storage = Object.values(Template.fromStack(stack).findResources('AWS::ECS::TaskDefinition')).map((t) => t.Properties.EphemeralStorage);
    expect(storage).toEqual([{ SizeInGiB: 50 }, { SizeInGiB: 50 }, { SizeInGiB: 50 }]);
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    expect(() => new EssentialEc2Service(stack, 'Ec2', { image, capacity, ephemeralStorageGiB: 50 }))
      .toThrow(/'ephemeralStorageGiB' is for Fargate tasks only .* on EC2 .*got 50/);
  });

  test('fails when ephemeralStorageGiB is outside 21–200 (ECS API EphemeralStorage.sizeInGiB), and a token skips the check', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN / THEN
    expect(() => new EssentialFargateService(stack, 'Small', { image, ephemeralStorageGiB: 20 }))
      .toThrow(/'ephemeralStorageGiB' must be an integer from 21 to 200, got 20/);
    expect(() => new EssentialScheduledJob(stack, 'Big', { image, ephemeralStorageGiB: 201, schedule: JobSchedule.rate(Duration.hours(1)) }))
      .toThrow(/'ephemeralStorageGiB' must be an integer from 21 to 200, got 201/);
    expect(() => new EssentialFargateService(stack, 'Token', { image, ephemeralStorageGiB: Token.asNumber({ Ref: 'Size' }) })).not.toThrow();
  });

  test('fails when the container health check is outside the ECS API ranges, naming each field', () => {
    // GIVEN
    const stack = new Stack();
    // WHEN / THEN
    expect(() => new EssentialFargateService(stack, 'Web', {
      image,
      healthCheck: { command: ['CMD', 'true'], timeout: Duration.seconds(90), retries: 11, startPeriod: Duration.seconds(301) },
    })).toThrow(/3 invalid props:[\s\S]*'healthCheck.timeout' must be a whole number of seconds from 2 to 60 \(ECS API HealthCheck.timeout\), got 90 s[\s\S]*'healthCheck.retries' must be an integer from 1 to 10, got 11[\s\S]*'healthCheck.startPeriod'/);
  });
  test('environmentFiles: every workload\'s container reads them, and only its execution role may, exactly those objects', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Files', { env: { account: '123456789012', region: 'us-east-1' } });
    const bucket = s3.Bucket.fromBucketName(stack, 'Config', 'my-config');
    const files = [ecs.EnvironmentFile.fromBucket(bucket, 'web/app.env')];
    // WHEN
    const { template, constructs } = everyWorkload({ image, environmentFiles: files }, 'container');
    const own = new EssentialFargateService(stack, 'Web', { image, environmentFiles: files, loadBalancing: LoadBalancing.none() });
    // THEN every container has the file
    for (const [name, taskDefinition] of Object.entries(taskDefinitionsOf(template, constructs))) {
      const app2 = taskDefinition.ContainerDefinitions.find((c: any) => c.Name === 'app');
      expect({ name, files: app2.EnvironmentFiles?.length }).toEqual({ name, files: 1 });
    }
    // and the execution role (not the task role) may read exactly that object and locate its bucket
    const t = Template.fromStack(stack);
    const executionRole = (own.taskDefinition.executionRole!.node.defaultChild as any).logicalId as string;
    const policies = Object.values(t.findResources('AWS::IAM::Policy'));
    const statements = policies
      .filter((p) => JSON.stringify(p.Properties.Roles).includes(stack.resolve(executionRole)))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 's3:GetObject', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-config/web/app.env']] } }),
      expect.objectContaining({ Action: 's3:GetBucketLocation', Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':s3:::my-config']] } }),
    ]));
    const taskRole = stack.resolve((own.taskDefinition.taskRole.node.defaultChild as any).logicalId);
    const taskStatements = policies.filter((p) => JSON.stringify(p.Properties.Roles).includes(taskRole))
      .flatMap((p) => p.Properties.PolicyDocument.Statement);
    expect(JSON.stringify(taskStatements)).not.toContain('s3:');
  });
  test('outputs (EssentialTaskOptions): every workload outputs its log group name, a service with its own ALB its URL; false omits them', () => {
    // WHEN
    const { template, constructs } = everyWorkload({ image }, 'task');
    // THEN one LogGroupName output per workload, no export
    const outputs = template.findOutputs('*');
    for (const name of constructs) {
      expect({ name, logGroupOutputs: Object.keys(outputs).filter((k) => k.startsWith(name) && k.includes('LogGroupName')).length })
        .toEqual({ name, logGroupOutputs: 1 });
    }
    expect(Object.values(outputs).filter((o) => o.Export !== undefined)).toEqual([]);
    // a service with its own ALB also outputs its URL
    const stack = new Stack(new App(), 'Urls');
    new EssentialFargateService(stack, 'Web', { image });
    new EssentialFargateService(stack, 'Quiet', { image, outputs: false });
    const urls = Template.fromStack(stack).findOutputs('*');
    expect(Object.keys(urls).filter((k) => k.startsWith('Web')).sort()).toEqual([expect.stringMatching(/^WebLogGroupName/), expect.stringMatching(/^WebUrl/)]);
    expect(JSON.stringify(Object.entries(urls).find(([k]) => k.startsWith('WebUrl'))![1].Value)).toContain('http://');
    expect(Object.keys(urls).filter((k) => k.startsWith('Quiet'))).toEqual([]);
  });
});

describe('task role trust (issue 25: confused deputy)', () => {
  test('the task role of a service and of a job trusts ECS for this account\'s resources in this Region only', () => {
    const stack = new Stack(new App(), 'Trust', { env: { account: '111122223333', region: 'eu-west-1' } });
    new EssentialFargateService(stack, 'Web', { image });
    new EssentialScheduledJob(stack, 'Nightly', { image, schedule: JobSchedule.rate(Duration.days(1)) });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', {
      Properties: { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'ecs-tasks.amazonaws.com' } })] } },
    });
    const taskRoles = Object.entries(roles).filter(([id]) => /TaskDefinitionTaskRole/.test(id));
    expect(taskRoles).toHaveLength(2);
    for (const [, role] of taskRoles) {
      expect(role.Properties.AssumeRolePolicyDocument.Statement[0].Condition).toEqual({
        StringEquals: { 'aws:SourceAccount': '111122223333' },
        ArnLike: { 'aws:SourceArn': { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':ecs:eu-west-1:111122223333:*']] } },
      });
    }
  });
});
