import { App, Size, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CapacityMix } from '../../src/capacity/capacity-mix';
import { EssentialManagedInstancesCapacity, EssentialManagedInstancesCapacityProps } from '../../src/capacity/essential-managed-instances-capacity';

function clusterIn(): { stack: Stack; cluster: ecs.Cluster; vpc: ec2.Vpc } {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  return { stack, vpc, cluster: new ecs.Cluster(stack, 'Cluster', { vpc }) };
}

function synth(props: Partial<EssentialManagedInstancesCapacityProps> = {}) {
  const { stack, cluster } = clusterIn();
  const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster, ...props });
  return { stack, cluster, capacity, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialManagedInstancesCapacityProps>): () => EssentialManagedInstancesCapacity {
  return () => {
    const { stack, cluster } = clusterIn();
    return new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster, ...props });
  };
}

describe('EssentialManagedInstancesCapacity defaults', () => {
  const { cluster, capacity, template } = synth();

  test('an On-Demand and a Spot Managed Instances capacity provider, both in the cluster', () => {
    template.resourceCountIs('AWS::ECS::CapacityProvider', 2);
    for (const option of ['ON_DEMAND', 'SPOT']) {
      template.hasResourceProperties('AWS::ECS::CapacityProvider', {
        ClusterName: { Ref: Match.stringLikeRegexp('Cluster') },
        ManagedInstancesProvider: Match.objectLike({
          InstanceLaunchTemplate: Match.objectLike({ CapacityOptionType: option }),
          PropagateTags: 'CAPACITY_PROVIDER',
        }),
      });
    }
    // Managed Instances providers name their cluster: no capacity-provider association (aws/aws-cdk#35699).
    template.resourceCountIs('AWS::ECS::ClusterCapacityProviderAssociations', 0);
  });

  test('current-generation, non-burstable Graviton instances with 2 to 8 vCPUs and 4 to 32 GiB', () => {
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      ManagedInstancesProvider: Match.objectLike({
        InstanceLaunchTemplate: Match.objectLike({
          InstanceRequirements: {
            CpuManufacturers: ['amazon-web-services'],
            VCpuCount: { Min: 2, Max: 8 },
            MemoryMiB: { Min: 4096, Max: 32768 },
            BurstablePerformance: 'excluded',
            InstanceGenerations: ['current'],
          },
        }),
      }),
    });
    expect(capacity.cpuArchitecture).toBe(ecs.CpuArchitecture.ARM64);
    expect(capacity.taskCpuLimit).toBe(8 * 1024);
    expect(capacity.taskMemoryLimitMiB).toBe(32 * 1024);
  });

  test('the private subnets with egress and a new security group', () => {
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      ManagedInstancesProvider: Match.objectLike({
        InstanceLaunchTemplate: Match.objectLike({
          NetworkConfiguration: {
            Subnets: [{ Ref: Match.stringLikeRegexp('VpcPrivateSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPrivateSubnet2') }],
            SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('CapacitySecurityGroup'), 'GroupId'] }],
          },
        }),
      }),
    });
    expect(capacity.connections.securityGroups).toHaveLength(1);
  });

  test('strategy: On-Demand base 1 weight 2, Spot weight 1', () => {
    expect(capacity.mix.onDemandBase).toBe(1);
    const resolved = Stack.of(cluster).resolve(capacity.capacityProviderStrategies);
    expect(resolved).toEqual([
      { capacityProvider: { Ref: expect.stringMatching(/OnDemandProvider/) }, weight: 2, base: 1 },
      { capacityProvider: { Ref: expect.stringMatching(/SpotProvider/) }, weight: 1 },
    ]);
  });

  test('one infrastructure role for both providers, with the AWS managed policy ECS documents for it', () => {
    template.resourcePropertiesCountIs('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })] }),
    }, 1);
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ecs.amazonaws.com' } })] }),
      ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonECSInfrastructureRolePolicyForManagedInstances']] }],
    });
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      ManagedInstancesProvider: Match.objectLike({ InfrastructureRoleArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CapacityInfrastructureRole'), 'Arn'] } }),
    });
  });

  test('one instance profile whose role is named ecsInstanceRole* (the managed policy passes only those) and carries only the agent actions', () => {
    template.resourceCountIs('AWS::IAM::InstanceProfile', 1);
    template.hasResourceProperties('AWS::IAM::InstanceProfile', {
      InstanceProfileName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^ecsInstanceRole'), { Ref: 'AWS::Region' }]] },
    });
    template.hasResourceProperties('AWS::IAM::Role', {
      RoleName: { 'Fn::Join': ['', [Match.stringLikeRegexp('^ecsInstanceRole'), { Ref: 'AWS::Region' }]] },
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] }),
      ManagedPolicyArns: Match.absent(),
      Policies: [{
        PolicyName: 'EcsAgent',
        PolicyDocument: Match.objectLike({
          Statement: [
            Match.objectLike({ Action: 'ecs:DiscoverPollEndpoint', Resource: '*' }),
            Match.objectLike({
              Action: ['ecs:RegisterContainerInstance', 'ecs:SubmitAttachmentStateChanges', 'ecs:SubmitTaskStateChange', 'ecs:SubmitContainerStateChange'],
              Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] },
            }),
            Match.objectLike({ Action: ['ecs:Poll', 'ecs:StartTelemetrySession', 'ecs:PutSystemLogEvents'] }),
          ],
        }),
      }],
    });
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      ManagedInstancesProvider: Match.objectLike({
        InstanceLaunchTemplate: Match.objectLike({ Ec2InstanceProfileArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('CapacityInstanceProfile'), 'Arn'] } }),
      }),
    });
  });

  test('a stack with a known Region puts it in the instance role name, within 64 characters', () => {
    const stack = new Stack(new App(), 'Test', { env: { region: 'ap-southeast-5', account: '123456789012' } });
    const regionalCluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    const regional = new EssentialManagedInstancesCapacity(stack, 'Capacity', { cluster: regionalCluster });
    const roles = Template.fromStack(stack).findResources('AWS::IAM::Role', { Properties: { RoleName: Match.stringLikeRegexp('^ecsInstanceRole.*-ap-southeast-5$') } });
    expect(Object.keys(roles)).toHaveLength(1);
    const roleName = (Object.values(roles)[0] as { Properties: { RoleName: string } }).Properties.RoleName;
    expect(roleName.length).toBeLessThanOrEqual(64);
    expect(regional.instanceProfile).toBeDefined();
  });
});

describe('EssentialManagedInstancesCapacity overrides', () => {
  test('mix, subnets, security groups and instance requirements are used as given', () => {
    const { stack, cluster, vpc } = clusterIn();
    const securityGroup = new ec2.SecurityGroup(stack, 'Sg', { vpc });
    const capacity = new EssentialManagedInstancesCapacity(stack, 'Capacity', {
      cluster,
      mix: CapacityMix.onDemandOnly(),
      vpcSubnets: { subnetType: ec2.SubnetType.PUBLIC },
      securityGroups: [securityGroup],
      instanceRequirements: {
        cpuManufacturers: [ec2.CpuManufacturer.INTEL, ec2.CpuManufacturer.AMD],
        vCpuCountMin: 4,
        memoryMin: Size.gibibytes(16),
      },
    });
    const template = Template.fromStack(stack);
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      ManagedInstancesProvider: Match.objectLike({
        InstanceLaunchTemplate: Match.objectLike({
          InstanceRequirements: { CpuManufacturers: ['intel', 'amd'], VCpuCount: { Min: 4 }, MemoryMiB: { Min: 16384 } },
          NetworkConfiguration: {
            Subnets: [{ Ref: Match.stringLikeRegexp('VpcPublicSubnet1') }, { Ref: Match.stringLikeRegexp('VpcPublicSubnet2') }],
            SecurityGroups: [{ 'Fn::GetAtt': [Match.stringLikeRegexp('Sg'), 'GroupId'] }],
          },
        }),
      }),
    });
    expect(capacity.cpuArchitecture).toBe(ecs.CpuArchitecture.X86_64);
    expect(capacity.taskCpuLimit).toBeUndefined();
    expect(capacity.taskMemoryLimitMiB).toBeUndefined();
    expect(capacity.capacityProviderStrategies).toHaveLength(1);
  });
});

describe('EssentialManagedInstancesCapacity validation', () => {
  test('fails when the mix has no weight', () => {
    expect(build({ mix: CapacityMix.custom({ onDemandBase: 1 }) })).toThrow(/'mix' needs a weight above 0/);
  });

  test('fails when securityGroups is empty', () => {
    expect(build({ securityGroups: [] })).toThrow(/'securityGroups' must hold at least one security group.*got an empty list/);
  });

  test('fails when vCpuCountMin is above vCpuCountMax', () => {
    expect(build({ instanceRequirements: { vCpuCountMin: 8, vCpuCountMax: 2, memoryMin: Size.gibibytes(1) } }))
      .toThrow(/'instanceRequirements.vCpuCountMin' must not be above 'instanceRequirements.vCpuCountMax' \(2\), got 8/);
  });

  test('fails when vCpuCountMin is not a positive integer', () => {
    expect(build({ instanceRequirements: { vCpuCountMin: 0, memoryMin: Size.gibibytes(1) } }))
      .toThrow(/'instanceRequirements.vCpuCountMin' must be an integer from 1 to 1024, got 0/);
  });

  test('fails when the CPU manufacturers mix Graviton with x86', () => {
    const cpuManufacturers = [ec2.CpuManufacturer.AWS, ec2.CpuManufacturer.INTEL];
    expect(build({ instanceRequirements: { cpuManufacturers, vCpuCountMin: 2, memoryMin: Size.gibibytes(4) } }))
      .toThrow(/'instanceRequirements.cpuManufacturers' must not mix AWS \(Graviton, ARM64\) with Intel or AMD \(X86_64\).*got amazon-web-services, intel/);
  });

  test('skips the vCPU checks for tokens', () => {
    const min = Token.asNumber({ Ref: 'MinVcpu' });
    expect(build({ instanceRequirements: { vCpuCountMin: min, vCpuCountMax: 2, memoryMin: Size.gibibytes(4) } })).not.toThrow();
  });

  test('reports several problems at once', () => {
    expect(build({ securityGroups: [], mix: CapacityMix.custom({}) })).toThrow(/2 invalid props/);
  });
});
