import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as fc from 'fast-check';
import {
  CapacityMix, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialFargateServiceProps,
  EssentialManagedInstancesCapacity, EssentialManagedInstancesService, EssentialQueueWorker, IEssentialService, LoadBalancing,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup() {
  const app = new App();
  const stack = new Stack(app, 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const fileSystem = new efs.FileSystem(stack, 'Files', { vpc });
  return { app, stack, vpc, cluster, fileSystem };
}

function fargate(props: Partial<EssentialFargateServiceProps> = {}) {
  const parts = setup();
  const service = new EssentialFargateService(parts.stack, 'Api', { image, cluster: parts.cluster, loadBalancing: LoadBalancing.none(), ...props });
  return { ...parts, service };
}

function taskDefinitionOf(template: Template, stack: Stack, service: IEssentialService): any {
  return template.findResources('AWS::ECS::TaskDefinition')[stack.getLogicalId(service.taskDefinition.node.defaultChild as ecs.CfnTaskDefinition)].Properties;
}

function statements(template: Template): any[] {
  return Object.values(template.findResources('AWS::IAM::Policy')).flatMap((p: any) => p.Properties.PolicyDocument.Statement);
}

describe('addEfsVolume', () => {
  describe('defaults', () => {
    const { stack, service, fileSystem } = fargate();
    service.addEfsVolume('Data', { fileSystem, containerPath: '/data' });
    const template = Template.fromStack(stack);
    const fsId = stack.getLogicalId(fileSystem.node.defaultChild as efs.CfnFileSystem);

    test('a task definition volume with transit encryption and IAM authorization', () => {
      expect(taskDefinitionOf(template, stack, service).Volumes).toEqual([{
        Name: 'Data',
        EFSVolumeConfiguration: { FilesystemId: { Ref: fsId }, TransitEncryption: 'ENABLED', AuthorizationConfig: { IAM: 'ENABLED' } },
      }]);
    });

    test('a read-write mount point on the application container', () => {
      const app = taskDefinitionOf(template, stack, service).ContainerDefinitions.find((c: any) => c.Name === 'app');
      expect(app.MountPoints).toEqual([{ SourceVolume: 'Data', ContainerPath: '/data', ReadOnly: false }]);
    });

    test('NFS (2049) from the service security group to the file system', () => {
      template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
        IpProtocol: 'tcp',
        FromPort: 2049,
        ToPort: 2049,
        SourceSecurityGroupId: { 'Fn::GetAtt': [Match.stringLikeRegexp('^ApiServiceSecurityGroup'), 'GroupId'] },
      });
    });

    test('the task role may mount and write this file system through a mount target only', () => {
      const grant = statements(template).find((s) => JSON.stringify(s.Action).includes('elasticfilesystem:'));
      expect(grant).toEqual({
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
        Effect: 'Allow',
        Resource: { 'Fn::GetAtt': [fsId, 'Arn'] },
        Condition: { Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' } },
      });
    });

    test('the service deploys after the mount targets', () => {
      const svc = template.findResources('AWS::ECS::Service')[stack.getLogicalId(service.service.node.defaultChild as ecs.CfnService)];
      const mountTargets = Object.keys(template.findResources('AWS::EFS::MountTarget'));
      expect(mountTargets.length).toBeGreaterThan(0);
      expect(svc.DependsOn).toEqual(expect.arrayContaining(mountTargets));
    });
  });

  test('read-only with an access point: ClientMount only, scoped to the access point ARN', () => {
    const { stack, service, fileSystem } = fargate();
    const accessPoint = fileSystem.addAccessPoint('Ap', { path: '/shared', posixUser: { uid: '1000', gid: '1000' }, createAcl: { ownerUid: '1000', ownerGid: '1000', permissions: '750' } });
    service.addEfsVolume('Shared', { fileSystem, accessPoint, containerPath: '/shared', readOnly: true });
    const template = Template.fromStack(stack);
    const apId = stack.getLogicalId(accessPoint.node.defaultChild as efs.CfnAccessPoint);
    expect(taskDefinitionOf(template, stack, service).Volumes[0].EFSVolumeConfiguration.AuthorizationConfig).toEqual({ AccessPointId: { Ref: apId }, IAM: 'ENABLED' });
    const app = taskDefinitionOf(template, stack, service).ContainerDefinitions.find((c: any) => c.Name === 'app');
    expect(app.MountPoints).toEqual([{ SourceVolume: 'Shared', ContainerPath: '/shared', ReadOnly: true }]);
    const grant = statements(template).find((s) => JSON.stringify(s.Action).includes('elasticfilesystem:'));
    expect(grant.Action).toBe('elasticfilesystem:ClientMount');
    expect(grant.Condition).toEqual({
      Bool: { 'elasticfilesystem:AccessedViaMountTarget': 'true' },
      StringEquals: { 'elasticfilesystem:AccessPointArn': expect.objectContaining({ 'Fn::Join': expect.arrayContaining([expect.arrayContaining([{ Ref: apId }])]) }) },
    });
  });

  describe('file-system policy of a file system created in the app', () => {
    const policyOf = (template: Template, stack: Stack, fileSystem: efs.FileSystem): any[] =>
      template.findResources('AWS::EFS::FileSystem')[stack.getLogicalId(fileSystem.node.defaultChild as efs.CfnFileSystem)]
        .Properties.FileSystemPolicy?.Statement ?? [];
    const roleArn = (stack: Stack, service: IEssentialService) =>
      ({ 'Fn::GetAtt': [stack.getLogicalId(service.taskDefinition.taskRole.node.defaultChild as iam.CfnRole), 'Arn'] });
    const requireTls = {
      Sid: 'RequireTls',
      Effect: 'Deny',
      Principal: { AWS: '*' },
      Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    };

    test('requires TLS from every client', () => {
      const { stack, service, fileSystem } = fargate();
      service.addEfsVolume('Data', { fileSystem, containerPath: '/data' });
      expect(policyOf(Template.fromStack(stack), stack, fileSystem)).toContainEqual(requireTls);
    });

    test('with an access point, the task role cannot mount without one; read-only, it cannot write or act as root', () => {
      const { stack, service, fileSystem } = fargate();
      const accessPoint = fileSystem.addAccessPoint('Ap', { path: '/shared' });
      service.addEfsVolume('Shared', { fileSystem, accessPoint, containerPath: '/shared', readOnly: true });
      const policy = policyOf(Template.fromStack(stack), stack, fileSystem);
      expect(policy).toContainEqual({
        Effect: 'Deny',
        Principal: { AWS: roleArn(stack, service) },
        Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
        Condition: { Null: { 'elasticfilesystem:AccessPointArn': 'true' } },
      });
      expect(policy).toContainEqual({
        Effect: 'Deny',
        Principal: { AWS: roleArn(stack, service) },
        Action: ['elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
      });
      // Nothing of ours allows: other users of the file system keep what its owner gave them.
      expect(policy.filter((st) => st.Effect === 'Allow' && JSON.stringify(st.Principal).includes('GetAtt'))).toEqual([]);
    });

    test('a read-only mount without an access point no longer leaves ClientWrite to the task role', () => {
      const { stack, service, fileSystem } = fargate();
      service.addEfsVolume('Data', { fileSystem, containerPath: '/data', readOnly: true });
      expect(policyOf(Template.fromStack(stack), stack, fileSystem)).toContainEqual({
        Effect: 'Deny',
        Principal: { AWS: roleArn(stack, service) },
        Action: ['elasticfilesystem:ClientWrite', 'elasticfilesystem:ClientRootAccess'],
      });
    });

    test('a task role that also mounts it read-write, or at its root, keeps those rights', () => {
      const { stack, service, fileSystem } = fargate();
      service.addEfsVolume('Ro', { fileSystem, accessPoint: fileSystem.addAccessPoint('Ap'), containerPath: '/ro', readOnly: true });
      service.addEfsVolume('Rw', { fileSystem, containerPath: '/rw' });
      const policy = policyOf(Template.fromStack(stack), stack, fileSystem);
      expect(policy.filter((st) => st.Effect === 'Deny' && JSON.stringify(st.Principal).includes('GetAtt'))).toEqual([]);
      expect(policy).toContainEqual(requireTls);
    });

    test('no TLS requirement while one of its mounts goes without TLS', () => {
      const { stack, service, fileSystem } = fargate();
      service.addEfsVolume('Data', { fileSystem, containerPath: '/data', enableIamAuthorization: false, enableTransitEncryption: false });
      expect(policyOf(Template.fromStack(stack), stack, fileSystem)).not.toContainEqual(requireTls);
    });

    test('an imported file system keeps its owner\'s policy: nothing is written', () => {
      const { stack, service, vpc } = fargate();
      const imported = efs.FileSystem.fromFileSystemAttributes(stack, 'Imported', {
        fileSystemId: 'fs-0123456789abcdef0',
        securityGroup: new ec2.SecurityGroup(stack, 'ImportedSg', { vpc }),
      });
      service.addEfsVolume('Data', { fileSystem: imported, containerPath: '/data', readOnly: true });
      expect(Template.fromStack(stack).findResources('AWS::EFS::FileSystem', { Properties: { FileSystemPolicy: Match.anyValue() } })).toEqual({});
    });
  });

  test('without IAM authorization: no grant, and a warning', () => {
    const { stack, service, fileSystem } = fargate();
    service.addEfsVolume('Data', { fileSystem, containerPath: '/data', enableIamAuthorization: false });
    const template = Template.fromStack(stack);
    expect(taskDefinitionOf(template, stack, service).Volumes[0].EFSVolumeConfiguration).toEqual({
      FilesystemId: { Ref: stack.getLogicalId(fileSystem.node.defaultChild as efs.CfnFileSystem) }, TransitEncryption: 'ENABLED',
    });
    expect(statements(template).filter((s) => JSON.stringify(s.Action).includes('elasticfilesystem:Client'))).toEqual([]);
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('without IAM authorization'));
  });

  test('without transit encryption (and IAM): a warning', () => {
    const { stack, service, fileSystem } = fargate();
    service.addEfsVolume('Data', { fileSystem, containerPath: '/data', enableIamAuthorization: false, enableTransitEncryption: false });
    Annotations.fromStack(stack).hasWarning('/Test/Api', Match.stringLikeRegexp('without transit encryption'));
  });

  test('two volumes at two paths', () => {
    const { stack, service, fileSystem } = fargate();
    service.addEfsVolume('A', { fileSystem, containerPath: '/a' });
    service.addEfsVolume('B', { fileSystem, containerPath: '/b', readOnly: true });
    expect(taskDefinitionOf(Template.fromStack(stack), stack, service).Volumes.map((v: any) => v.Name)).toEqual(['A', 'B']);
  });

  describe('fails when', () => {
    test('the id is used twice', () => {
      const { service, fileSystem } = fargate();
      service.addEfsVolume('Data', { fileSystem, containerPath: '/data' });
      expect(() => service.addEfsVolume('Data', { fileSystem, containerPath: '/other' })).toThrow(/id 'Data' is already used/);
    });

    test('the container path is used twice', () => {
      const { service, fileSystem } = fargate();
      service.addEfsVolume('A', { fileSystem, containerPath: '/data' });
      expect(() => service.addEfsVolume('B', { fileSystem, containerPath: '/data' })).toThrow(/'containerPath' '\/data' is already the mount point/);
    });

    test('the container path is not absolute, or is /', () => {
      const { service, fileSystem } = fargate();
      expect(() => service.addEfsVolume('A', { fileSystem, containerPath: 'data' })).toThrow(/'containerPath' must be an absolute path below '\/' \(e.g. '\/data'\), got 'data'/);
      expect(() => service.addEfsVolume('B', { fileSystem, containerPath: '/' })).toThrow(/got '\/'/);
    });

    test('a token container path is not checked', () => {
      const { service, fileSystem } = fargate();
      expect(() => service.addEfsVolume('A', { fileSystem, containerPath: Token.asString({ Ref: 'Path' }) })).not.toThrow();
    });

    test('the id is not a valid volume name', () => {
      const { service, fileSystem } = fargate();
      expect(() => service.addEfsVolume('my data', { fileSystem, containerPath: '/data' })).toThrow(/1–255 letters, numbers, underscores or hyphens/);
    });

    test('IAM authorization or an access point without transit encryption; reported together', () => {
      const { service, fileSystem } = fargate();
      const accessPoint = fileSystem.addAccessPoint('Ap');
      expect(() => service.addEfsVolume('A', { fileSystem, accessPoint, containerPath: '/data', enableTransitEncryption: false }))
        .toThrow(/2 invalid props[\s\S]*'enableIamAuthorization' needs 'enableTransitEncryption'[\s\S]*'accessPoint' needs 'enableTransitEncryption'/);
    });

    test('the access point belongs to another file system', () => {
      const { stack, vpc, service, fileSystem } = fargate();
      const other = new efs.FileSystem(stack, 'Other', { vpc });
      expect(() => service.addEfsVolume('A', { fileSystem, accessPoint: other.addAccessPoint('Ap'), containerPath: '/data' }))
        .toThrow(/'accessPoint' must belong to 'fileSystem' \(Test\/Files\), got an access point of Test\/Other/);
    });

    test('the Fargate platform version is older than 1.4.0', () => {
      const { service, fileSystem } = fargate({
        platformVersion: ecs.FargatePlatformVersion.VERSION1_3, cpuArchitecture: ecs.CpuArchitecture.X86_64,
      });
      expect(() => service.addEfsVolume('A', { fileSystem, containerPath: '/data' })).toThrow(/Fargate platform version 1.4.0 or later[\s\S]*got 1.3.0/);
    });

    test('the tasks run Windows', () => {
      const { service, fileSystem } = fargate({
        operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
        cpu: 1024,
        memoryLimitMiB: 2048,
        capacity: CapacityMix.onDemandOnly(),
      });
      expect(() => service.addEfsVolume('A', { fileSystem, containerPath: '/data' })).toThrow(/not available for Windows tasks/);
    });
  });

  test('property: absolute paths below / are accepted, anything else throws an Error naming containerPath', () => {
    fc.assert(fc.property(fc.string({ maxLength: 12 }), (path) => {
      const { service, fileSystem } = fargate();
      const attempt = () => service.addEfsVolume('Data', { fileSystem, containerPath: path });
      if (path.startsWith('/') && path !== '/') {
        expect(attempt).not.toThrow();
      } else {
        expect(attempt).toThrow(/'containerPath'/);
      }
    }), { numRuns: 10 });
  });

  test('EC2 (awsvpc and bridge), Managed Instances and the queue worker mount it; bridge tasks reach NFS through the instances', () => {
    const { stack, cluster, fileSystem } = setup();
    const capacity = new EssentialEc2Capacity(stack, 'Ec2', { cluster });
    const mi = new EssentialManagedInstancesCapacity(stack, 'Mi', { cluster });
    const services = [
      new EssentialEc2Service(stack, 'OnEc2', { image, capacity, loadBalancing: LoadBalancing.none() }),
      new EssentialEc2Service(stack, 'Bridge', { image, capacity, networkMode: ecs.NetworkMode.BRIDGE, loadBalancing: LoadBalancing.none() }),
      new EssentialManagedInstancesService(stack, 'OnMi', { image, capacity: mi, loadBalancing: LoadBalancing.none() }),
      new EssentialQueueWorker(stack, 'Worker', { image, cluster }),
    ];
    services.forEach((service) => service.addEfsVolume('Data', { fileSystem, containerPath: '/data' }));
    const template = Template.fromStack(stack);
    for (const service of services) {
      expect(taskDefinitionOf(template, stack, service).Volumes).toHaveLength(1);
    }
    const sources = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress', { Properties: { FromPort: 2049 } }))
      .map((r: any) => JSON.stringify(r.Properties.SourceSecurityGroupId));
    expect(sources.some((s) => s.includes('Ec2SecurityGroup'))).toBe(true);
    expect(sources).toHaveLength(4);
  });

  test('the Aspects report nothing on a service with EFS volumes', () => {
    const { app, stack, cluster, fileSystem } = setup();
    // The application image from ECR in the Region, so that the image-pull rule (ECSE-FD10) has nothing to say either.
    const service = new EssentialFargateService(stack, 'Api', {
      image: ecs.ContainerImage.fromEcrRepository(new ecr.Repository(stack, 'Repo'), 'v1'),
      cluster,
      loadBalancing: LoadBalancing.none(),
    });
    service.addEfsVolume('Data', { fileSystem, containerPath: '/data' });
    service.addEfsVolume('Shared', { fileSystem, accessPoint: fileSystem.addAccessPoint('Ap'), containerPath: '/shared', readOnly: true });
    expect(findingsOfLibraryAspects(app, stack, true)).toEqual([]);
  });
});
