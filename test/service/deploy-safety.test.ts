import * as path from 'path';
import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  EssentialFargateService, EssentialQueueWorker, EssentialScheduledJob, JobSchedule, LoadBalancing, Rollout, ServiceLogging,
  FireLensDestination, ServiceConnectMode,
} from '../../src';

/**
 * Values AWS rejects at deploy are rejected at synth (issue 27): each limit comes from src/private/limits/,
 * which quotes its AWS source.
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function stack(): Stack {
  return new Stack(new App(), 'Safe');
}

describe('deploy-safe synth', () => {
  test('fails when a Fargate stop timeout is below 2 s (ECS API: "The valid values for Fargate are 2-120 seconds")', () => {
    const s = stack();
    expect(() => new EssentialFargateService(s, 'Web', { image, fastDeploy: { stopTimeout: Duration.seconds(1) } }))
      .toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(() => new EssentialFargateService(s, 'Zero', { image, fastDeploy: { stopTimeout: Duration.seconds(0) } }))
      .toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(() => new EssentialQueueWorker(s, 'Worker', { image, stopTimeout: Duration.seconds(1) }))
      .toThrow(/'fastDeploy.stopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(() => new EssentialScheduledJob(s, 'Job', { image, stopTimeout: Duration.seconds(0), schedule: JobSchedule.rate(Duration.hours(1)) }))
      .toThrow(/'stopTimeout' must be a whole number of seconds from 2 to 120/);
    expect(() => new EssentialFargateService(s, 'Router', {
      image,
      logging: ServiceLogging.fireLens({ destination: FireLensDestination.cloudWatchLogs(), routerStopTimeout: Duration.seconds(1) }),
    })).toThrow(/routerStopTimeout' must be a whole number of seconds from 2 to 120/);
  });

  test('fails when the test-traffic header is Host (ELB: "You can\'t use an HTTP header condition to specify the host header")', () => {
    const s = stack();
    expect(() => new EssentialFargateService(s, 'Web', {
      image,
      rollout: Rollout.blueGreen({ testTraffic: { headerName: 'Host', headerValues: ['test.example.com'] } }),
    })).toThrow(/'rollout.testTraffic.headerName' cannot be the Host header .*got 'Host'/);
  });

  test('fails when serviceName or containerName holds characters ECS rejects, or is longer than 255', () => {
    const s = stack();
    for (const serviceName of ['', 'my service', 'sérvice', 'a'.repeat(256)]) {
      expect(() => new EssentialFargateService(s, `S${serviceName.length}${serviceName.charCodeAt(1) || 0}`, { image, serviceName }))
        .toThrow(/'serviceName' must be 1–255 letters, numbers, underscores or hyphens/);
    }
    expect(() => new EssentialFargateService(s, 'App', { image, containerName: 'äpp' }))
      .toThrow(/'containerName' must be 1–255 letters, numbers, underscores or hyphens .*got 'äpp'/);
    expect(() => new EssentialScheduledJob(s, 'Job', { image, containerName: 'a.b', schedule: JobSchedule.rate(Duration.hours(1)) }))
      .toThrow(/'containerName' must be 1–255/);
    // a token skips the check
    expect(() => new EssentialFargateService(s, 'Token', { image, serviceName: Token.asString({ Ref: 'Name' }) })).not.toThrow();
  });

  test('fails when healthCheckPath is longer than 1,024 characters (ELB API HealthCheckPath max 1024)', () => {
    const s = stack();
    expect(() => new EssentialFargateService(s, 'Web', { image, healthCheckPath: `/${'a'.repeat(1024)}` }))
      .toThrow(/'healthCheckPath' must be at most 1024 characters .*got 1025/);
  });

  test('task counts: 1e12 fails (a typo guard), above ECS\'s default Tasks-per-service quota of 5,000 warns', () => {
    const s = stack();
    expect(() => new EssentialFargateService(s, 'Huge', { image, desiredCount: 1e12 }))
      .toThrow(/'desiredCount' must be an integer from 0 to 100000, got 1000000000000/);
    expect(() => new EssentialFargateService(s, 'HugeScaling', { image, scaling: { maxCapacity: 1e12 } }))
      .toThrow(/'scaling.maxCapacity' must be an integer from 0 to 100000, got 1000000000000/);
    expect(() => new EssentialQueueWorker(s, 'HugeWorker', { image, queueScaling: { maxCapacity: 1e12 } }))
      .toThrow(/'queueScaling.maxCapacity' must be an integer from 1 to 100000/);
    new EssentialFargateService(s, 'Big', { image, loadBalancing: LoadBalancing.none(), scaling: { maxCapacity: 6000 } });
    Annotations.fromStack(s).hasWarning('/Safe/Big', Match.stringLikeRegexp("'scaling.maxCapacity' 6000 is above ECS's default \"Tasks per service\" quota \\(5000"));
  });
});

describe('image assets and the task architecture', () => {
  const dir = path.join(__dirname, '..', 'fixtures', 'image');

  test('fails when an asset is built for another platform than the tasks run on, naming both', () => {
    const s = new Stack(new App(), 'Assets');
    const x86 = ecs.ContainerImage.fromAsset(dir, { platform: Platform.LINUX_AMD64 });
    expect(() => new EssentialFargateService(s, 'Web', { image: x86 }))
      .toThrow(/'image' is built for linux\/amd64 \(ContainerImage.fromAsset platform\) but the tasks run on ARM64 \(linux\/arm64\)/);
    expect(() => new EssentialScheduledJob(s, 'Job', { image: x86, schedule: JobSchedule.rate(Duration.hours(1)) }))
      .toThrow(/'image' is built for linux\/amd64/);
    // the same image on x86 tasks is right
    expect(() => new EssentialFargateService(s, 'X86', { image: x86, cpuArchitecture: ecs.CpuArchitecture.X86_64 })).not.toThrow();
  });

  test('an asset without a platform gets an acknowledgeable warning with the fix', () => {
    const s = new Stack(new App(), 'Assets');
    new EssentialFargateService(s, 'Web', { image: ecs.ContainerImage.fromAsset(dir), loadBalancing: LoadBalancing.none() });
    Annotations.fromStack(s).hasWarning('/Assets/Web', Match.stringLikeRegexp('Platform.LINUX_ARM64.*cdk-ecs-essentials:imageAssetPlatform'));
  });
});

describe('arithmetic with tokens', () => {
  test('fails when the Service Connect headroom would be added to a token cpu or memory (no term silently dropped)', () => {
    const s = stack();
    expect(() => new EssentialFargateService(s, 'Web', {
      image, cpu: Token.asNumber({ Ref: 'Cpu' }), serviceConnect: ServiceConnectMode.server(),
    })).toThrow(/'cpu' must be known at synth to add the Service Connect proxy headroom .*addProxyHeadroom false/);
    expect(() => new EssentialFargateService(s, 'Proxy', {
      image, serviceConnect: ServiceConnectMode.server({ proxyMemoryMiB: Token.asNumber({ Ref: 'Mem' }) }),
    })).toThrow(/'serviceConnect.proxyMemoryMiB' must be known at synth/);
    // without headroom a token size is the user's to choose
    expect(() => new EssentialFargateService(s, 'NoHeadroom', {
      image, cpu: Token.asNumber({ Ref: 'Cpu' }), serviceConnect: ServiceConnectMode.server({ addProxyHeadroom: false }),
    })).not.toThrow();
  });
});

describe('ECS Exec permissions', () => {
  test('ECS Exec grants session-log writes on the service\'s own log group, never on *', () => {
    // GIVEN / WHEN
    const s = stack();
    const web = new EssentialFargateService(s, 'Web', { image, enableExecuteCommand: true, loadBalancing: LoadBalancing.none() });
    // THEN
    const statements = Object.values(Template.fromStack(s).findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as any[]);
    const writes = statements.filter((st) => [st.Action].flat().includes('logs:PutLogEvents'));
    expect(writes.map((st) => st.Resource)).not.toContainEqual('*');
    expect(writes.map((st) => st.Resource)).toContainEqual(s.resolve(web.logGroup.logGroupArn));
    // DescribeLogGroups has no resource type; the four ssmmessages channels stay
    expect(statements).toEqual(expect.arrayContaining([
      expect.objectContaining({ Action: 'logs:DescribeLogGroups', Resource: '*' }),
      expect.objectContaining({ Action: expect.arrayContaining(['ssmmessages:CreateControlChannel']) }),
    ]));
  });
});

describe('collisions ELB and Docker reject at deploy', () => {
  test('fails when two services take one priority on one shared listener, naming both', () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
    const alb = new elbv2.ApplicationLoadBalancer(s, 'Alb', { vpc, internetFacing: true });
    const listener = alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
    const cluster = new ecs.Cluster(s, 'Cluster', { vpc });
    new EssentialFargateService(s, 'Orders', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/orders/*'] }) });
    expect(() => new EssentialFargateService(s, 'Users', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/users/*'] }) }))
      .toThrow(/'loadBalancing.priority' 10 is already the priority of a rule of 'Safe\/Orders' on listener 'Safe\/Alb\/Http'/);
  });

  test('fails when two EFS volumes mount /a and /a/ (one directory)', () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, 'Vpc', { maxAzs: 2 });
    const fileSystem = new efs.FileSystem(s, 'Fs', { vpc });
    const web = new EssentialFargateService(s, 'Web', { image, cluster: new ecs.Cluster(s, 'Cluster', { vpc }), loadBalancing: LoadBalancing.none() });
    web.addEfsVolume('A', { fileSystem, containerPath: '/a' });
    expect(() => web.addEfsVolume('B', { fileSystem, containerPath: '/a/' })).toThrow(/'containerPath' '\/a\/' is already the mount point/);
  });
});

describe('quotas that stop a deployment', () => {
  test('fails when a task definition holds more than 10 containers (ECS quota, not adjustable), naming them', () => {
    const s = stack();
    const web = new EssentialFargateService(s, 'Web', { image, logging: ServiceLogging.fireLens({ destination: FireLensDestination.cloudWatchLogs() }) });
    for (let i = 0; i < 9; i++) {
      web.taskDefinition.addContainer(`side${i}`, { image, memoryReservationMiB: 16 });
    }
    expect(() => Template.fromStack(s)).toThrow(/\[Safe\/Web\/TaskDefinition\] the task definition has 11 containers \(log-router, app, side0.*ECS allows at most 10/);
  });

  test('ten containers synthesize', () => {
    const s = stack();
    const web = new EssentialFargateService(s, 'Web', { image });
    for (let i = 0; i < 9; i++) {
      web.taskDefinition.addContainer(`side${i}`, { image, memoryReservationMiB: 16 });
    }
    expect(Template.fromStack(s).toJSON()).toBeDefined();
  });
});

describe('Fargate platform versions before 1.4.0', () => {
  test('fails when Service Connect or ARM64 runs on a platform version before 1.4.0, naming the prop', () => {
    expect(() => new EssentialFargateService(stack(), 'Api', {
      image, platformVersion: ecs.FargatePlatformVersion.VERSION1_3, serviceConnect: ServiceConnectMode.server(),
    })).toThrow(/'serviceConnect' needs Fargate platform version 1\.4\.0 or later.*got 1\.3\.0/);
    expect(() => new EssentialFargateService(stack(), 'Web', { image, platformVersion: ecs.FargatePlatformVersion.VERSION1_3 }))
      .toThrow(/'cpuArchitecture' ARM64 \(the default\) needs Fargate platform version 1\.4\.0/);
    expect(() => new EssentialScheduledJob(stack(), 'Job', {
      image, schedule: JobSchedule.rate(Duration.hours(1)), platformVersion: ecs.FargatePlatformVersion.VERSION1_3,
    })).toThrow(/'cpuArchitecture' ARM64 \(the default\) needs Fargate platform version 1\.4\.0/);
  });

  test('x86_64 on 1.3.0 without Service Connect synthesizes', () => {
    const s = stack();
    new EssentialFargateService(s, 'Web', {
      image, platformVersion: ecs.FargatePlatformVersion.VERSION1_3, cpuArchitecture: ecs.CpuArchitecture.X86_64,
    });
    Template.fromStack(s).hasResourceProperties('AWS::ECS::Service', { PlatformVersion: '1.3.0' });
  });
});

describe('stack outputs', () => {
  test('fails when the workloads\' outputs pass CloudFormation\'s 200 per template, naming outputs: false', () => {
    const s = stack();
    const vpc = new ec2.Vpc(s, 'Vpc', { natGateways: 0, maxAzs: 2 });
    const cluster = new ecs.Cluster(s, 'Cluster', { vpc });
    for (let i = 0; i < 201; i++) {
      new EssentialFargateService(s, `Svc${i}`, { image, cluster, loadBalancing: LoadBalancing.none() });
    }
    expect(() => Template.fromStack(s)).toThrow(/the stack has 201 outputs; CloudFormation allows 200 per template: set 'outputs: false'/);
  });
});
