import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as autoscaling from 'aws-cdk-lib/aws-autoscaling';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { CapacityMix } from '../../src/capacity/capacity-mix';
import { EssentialEc2Capacity, EssentialEc2CapacityProps } from '../../src/capacity/essential-ec2-capacity';
import { ImagePullBehavior } from '../../src/capacity/image-pull-behavior';

function clusterIn(stackName = 'Test'): { stack: Stack; cluster: ecs.Cluster } {
  const stack = new Stack(new App(), stackName);
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  return { stack, cluster: new ecs.Cluster(stack, 'Cluster', { vpc }) };
}

interface Synthesized {
  readonly stack: Stack;
  readonly capacity: EssentialEc2Capacity;
  readonly template: Template;
}

function synth(props: Partial<EssentialEc2CapacityProps> = {}, stackName?: string): Synthesized {
  const { stack, cluster } = clusterIn(stackName);
  const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster, ...props });
  return { stack, capacity, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialEc2CapacityProps>): () => EssentialEc2Capacity {
  return () => {
    const { stack, cluster } = clusterIn();
    return new EssentialEc2Capacity(stack, 'Capacity', { cluster, ...props });
  };
}

/** The user data of the launch template whose construct path contains `name`, joined into one string. */
function userData(template: Template, name: string): string {
  const templates = template.findResources('AWS::EC2::LaunchTemplate');
  const [, resource] = Object.entries(templates).find(([id]) => id.includes(name))!;
  const join = resource.Properties.LaunchTemplateData.UserData['Fn::Base64']['Fn::Join'][1] as unknown[];
  return join.map((part) => (typeof part === 'string' ? part : '<token>')).join('');
}

const instanceTypes = (...names: string[]) => names.map((n) => new ec2.InstanceType(n));

describe('EssentialEc2Capacity defaults', () => {
  const { capacity, template } = synth();

  test('two Auto Scaling groups over m7g.large, m6g.large, m7gd.large and m6gd.large, 1 to 10 instances each', () => {
    const overrides = ['m7g.large', 'm6g.large', 'm7gd.large', 'm6gd.large'].map((InstanceType) => ({ InstanceType }));
    template.resourceCountIs('AWS::AutoScaling::AutoScalingGroup', 2);
    template.allResourcesProperties('AWS::AutoScaling::AutoScalingGroup', {
      MinSize: '1',
      MaxSize: '10',
      NewInstancesProtectedFromScaleIn: true,
      MixedInstancesPolicy: { LaunchTemplate: Match.objectLike({ Overrides: overrides }) },
    });
  });

  test('the On-Demand group is all On-Demand, in the order of the instance types', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: Match.objectLike({
        InstancesDistribution: { OnDemandAllocationStrategy: 'prioritized', OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 100 },
      }),
    });
  });

  test('the Spot group is all Spot, price-capacity-optimized, with capacity rebalancing', () => {
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      CapacityRebalance: true,
      MixedInstancesPolicy: Match.objectLike({
        InstancesDistribution: { OnDemandBaseCapacity: 0, OnDemandPercentageAboveBaseCapacity: 0, SpotAllocationStrategy: 'price-capacity-optimized' },
      }),
    });
  });

  test('the ECS-optimized Amazon Linux 2023 ARM64 AMI, resolved through an SSM parameter at deploy time', () => {
    const parameters = Object.values(template.toJSON().Parameters as Record<string, { Default?: string }>).map((p) => p.Default);
    expect(parameters).toContain('/aws/service/ecs/optimized-ami/amazon-linux-2023/arm64/recommended/image_id');
  });

  test('IMDSv2 required and an encrypted 30 GiB gp3 root volume', () => {
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({
        MetadataOptions: { HttpTokens: 'required' },
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: { Encrypted: true, VolumeSize: 30, VolumeType: 'gp3' } }],
      }),
    });
  });

  test('agent settings: 256 MiB reserved, prefer-cached pulls, 2 s stop timeout, cluster name', () => {
    for (const name of ['OnDemandLaunchTemplate', 'SpotLaunchTemplate']) {
      const script = userData(template, name);
      expect(script).toContain('echo ECS_RESERVED_MEMORY=256 >> /etc/ecs/ecs.config');
      expect(script).toContain('echo ECS_IMAGE_PULL_BEHAVIOR=prefer-cached >> /etc/ecs/ecs.config');
      expect(script).toContain('echo ECS_CONTAINER_STOP_TIMEOUT=2s >> /etc/ecs/ecs.config');
      expect(script).toContain('echo ECS_CLUSTER=<token> >> /etc/ecs/ecs.config');
    }
  });

  test('Spot instance draining on the Spot group only', () => {
    expect(userData(template, 'SpotLaunchTemplate')).toContain('echo ECS_ENABLE_SPOT_INSTANCE_DRAINING=true >> /etc/ecs/ecs.config');
    expect(userData(template, 'OnDemandLaunchTemplate')).not.toContain('ECS_ENABLE_SPOT_INSTANCE_DRAINING');
  });

  test('capacity providers with managed scaling at 100 %, managed termination protection and managed draining', () => {
    template.resourceCountIs('AWS::ECS::CapacityProvider', 2);
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: {
        AutoScalingGroupArn: Match.anyValue(),
        ManagedScaling: { Status: 'ENABLED', TargetCapacity: 100 },
        ManagedTerminationProtection: 'ENABLED',
        ManagedDraining: 'ENABLED',
      },
    });
  });

  test('both providers are associated with the cluster, without changing its default strategy', () => {
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', {
      CapacityProviders: [{ Ref: Match.stringLikeRegexp('CapacityOnDemandProvider') }, { Ref: Match.stringLikeRegexp('CapacitySpotProvider') }],
      DefaultCapacityProviderStrategy: [],
    });
  });

  test('mix: CapacityMix.onDemandSpot(), On-Demand base 1 weight 2, Spot weight 1', () => {
    expect(capacity.mix).toEqual(CapacityMix.onDemandSpot());
    expect([capacity.mix.onDemandBase, capacity.mix.onDemandWeight, capacity.mix.spotWeight]).toEqual([1, 2, 1]);
  });

  test('strategy: On-Demand base 1 weight 2, Spot weight 1', () => {
    const stack = Stack.of(capacity);
    const ref = (provider: ecs.AsgCapacityProvider) => {
      const resource = provider.node.findChild(provider.node.id) as ecs.CfnCapacityProvider;
      return { Ref: stack.getLogicalId(resource) };
    };
    expect(stack.resolve(capacity.capacityProviderStrategies)).toEqual([
      { capacityProvider: ref(capacity.onDemandProvider), weight: 2, base: 1 },
      { capacityProvider: ref(capacity.spotProvider), weight: 1 },
    ]);
  });

  test('logical IDs of the groups, launch templates, providers, role and security group', () => {
    const ids = (type: string) => Object.keys(template.findResources(type)).map((id) => id.replace(/[0-9A-F]{8}$/, '')).sort();
    expect(ids('AWS::AutoScaling::AutoScalingGroup')).toEqual(['CapacityOnDemandGroupASG', 'CapacitySpotGroupASG']);
    expect(ids('AWS::EC2::LaunchTemplate')).toEqual(['CapacityOnDemandLaunchTemplate', 'CapacitySpotLaunchTemplate']);
    expect(ids('AWS::ECS::CapacityProvider')).toEqual(['CapacityOnDemandProvider', 'CapacitySpotProvider']);
    expect(ids('AWS::IAM::Role')).toContain('CapacityInstanceRole');
    expect(ids('AWS::EC2::SecurityGroup')).toContain('CapacitySecurityGroup');
  });

  test('instance role without managed policies: only the ECS agent actions CDK grants, scoped to the cluster', () => {
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] }),
      ManagedPolicyArns: Match.absent(),
    });
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: ['ecs:DeregisterContainerInstance', 'ecs:RegisterContainerInstance', 'ecs:Submit*'],
          Resource: { 'Fn::GetAtt': [Match.stringLikeRegexp('Cluster'), 'Arn'] },
        })]),
      }),
    });
  });

  test('tasks cannot reach instance metadata: ECS_AWSVPC_BLOCK_IMDS and an IMDSv2 hop limit of 1', () => {
    expect(capacity.taskInstanceMetadataAccess).toBe(false);
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }),
    });
    for (const name of ['OnDemandLaunchTemplate', 'SpotLaunchTemplate']) {
      expect(userData(template, name)).toContain('echo ECS_AWSVPC_BLOCK_IMDS=true >> /etc/ecs/ecs.config');
    }
  });

  test('the instance role has no logs permissions (every task has an execution role) and no action on other clusters', () => {
    const statements = Object.values(template.findResources('AWS::IAM::Policy'))
      .flatMap((p) => p.Properties.PolicyDocument.Statement as Array<{ Action: string | string[] }>);
    const actions = statements.flatMap((st) => ([] as string[]).concat(st.Action));
    expect(actions.filter((a) => a.startsWith('logs:'))).toEqual([]);
    expect(actions.sort()).toEqual([
      'ecr:GetAuthorizationToken', 'ecs:DeregisterContainerInstance', 'ecs:DiscoverPollEndpoint', 'ecs:Poll',
      'ecs:RegisterContainerInstance', 'ecs:StartTelemetrySession', 'ecs:Submit*', 'ecs:UpdateContainerInstancesState',
    ]);
  });

  test('the agent may set its own cluster\'s instances to DRAINING (Spot instance draining)', () => {
    template.hasResourceProperties('AWS::IAM::Policy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([Match.objectLike({
          Action: 'ecs:UpdateContainerInstancesState',
          Resource: { 'Fn::Join': ['', Match.arrayWith([':container-instance/', { Ref: Match.stringLikeRegexp('Cluster') }, '/*'])] },
        })]),
      }),
    });
  });

  test('launch templates wait for the instance role and its policy', () => {
    for (const resource of Object.values(template.findResources('AWS::EC2::LaunchTemplate'))) {
      expect(resource.DependsOn).toEqual([expect.stringMatching(/^CapacityInstanceRoleDefaultPolicy/), expect.stringMatching(/^CapacityInstanceRole/)]);
    }
  });

  test('exposes the task size that fits every instance: the registrable 97 % of 8192 MiB - 256 MiB, 2048 CPU units', () => {
    // ECS registers less than the installed memory (AWS's m4.large example: 7,985 of 8,192 MiB).
    expect(capacity.taskMemoryLimitMiB).toBe(Math.floor(8192 * 0.97) - 256);
    expect(capacity.taskCpuLimit).toBe(2048);
    expect(capacity.reservedMemoryMiB).toBe(256);
  });

  test('the cluster connections carry the instance security group (bridge-mode services use it)', () => {
    expect(capacity.cluster.connections.securityGroups).toContain(capacity.connections.securityGroups[0]);
  });

  test('no warnings', () => {
    const { stack } = synth();
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('capacity providers keep CloudFormation-generated names when the stack name allows it', () => {
    template.allResourcesProperties('AWS::ECS::CapacityProvider', { Name: Match.absent() });
  });
});

describe('EssentialEc2Capacity overrides', () => {
  test('names the providers when the stack name starts with ecs, aws or fargate in any case', () => {
    for (const stackName of ['EcsApp', 'AWSApp', 'Fargate-app']) {
      const { template } = synth({}, stackName);
      template.hasResourceProperties('AWS::ECS::CapacityProvider', { Name: Match.stringLikeRegexp('^cp-.*-OnDemandProvider$') });
      template.hasResourceProperties('AWS::ECS::CapacityProvider', { Name: Match.stringLikeRegexp('^cp-.*-SpotProvider$') });
    }
  });

  test('enableTaskInstanceMetadataAccess opens IMDS to tasks (hop limit 2, no ECS_AWSVPC_BLOCK_IMDS) and warns', () => {
    const { stack, template: t, capacity: c } = synth({ enableTaskInstanceMetadataAccess: true });
    expect(c.taskInstanceMetadataAccess).toBe(true);
    t.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }),
    });
    expect(userData(t, 'OnDemandLaunchTemplate')).not.toContain('ECS_AWSVPC_BLOCK_IMDS');
    Annotations.fromStack(stack).hasWarning('/Test/Capacity', Match.stringLikeRegexp('taskInstanceMetadataAccess'));
  });

  test('enableTaskInstanceMetadataAccess: false is the default, without a warning', () => {
    const { stack, template: t } = synth({ enableTaskInstanceMetadataAccess: false });
    expect(userData(t, 'SpotLaunchTemplate')).toContain('ECS_AWSVPC_BLOCK_IMDS=true');
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });

  test('agent settings are overridable', () => {
    const { template } = synth({
      reservedMemoryMiB: 512,
      imagePullBehavior: ImagePullBehavior.ALWAYS,
      containerStopTimeout: Duration.seconds(30),
      enableSpotInstanceDraining: false,
    });
    const script = userData(template, 'SpotLaunchTemplate');
    expect(script).toContain('ECS_RESERVED_MEMORY=512');
    expect(script).toContain('ECS_IMAGE_PULL_BEHAVIOR=always');
    expect(script).toContain('ECS_CONTAINER_STOP_TIMEOUT=30s');
    expect(script).toContain('ECS_ENABLE_SPOT_INSTANCE_DRAINING=false');
  });

  test('every image pull behaviour renders the agent value', () => {
    const values: Array<[ImagePullBehavior, string]> = [
      [ImagePullBehavior.DEFAULT, 'default'], [ImagePullBehavior.ALWAYS, 'always'],
      [ImagePullBehavior.ONCE, 'once'], [ImagePullBehavior.PREFER_CACHED, 'prefer-cached'],
    ];
    for (const [behavior, value] of values) {
      expect(userData(synth({ imagePullBehavior: behavior }).template, 'OnDemandLaunchTemplate')).toContain(`ECS_IMAGE_PULL_BEHAVIOR=${value} `);
    }
  });

  test('target capacity, Spot allocation strategy, group sizes and root volume are overridable', () => {
    const { template } = synth({
      targetCapacityPercent: 90,
      spotAllocationStrategy: autoscaling.SpotAllocationStrategy.CAPACITY_OPTIMIZED,
      minCapacityPerGroup: 0,
      maxCapacityPerGroup: 4,
      rootVolumeSizeGiB: 50,
    });
    template.allResourcesProperties('AWS::ECS::CapacityProvider', {
      AutoScalingGroupProvider: Match.objectLike({ ManagedScaling: { Status: 'ENABLED', TargetCapacity: 90 } }),
    });
    template.allResourcesProperties('AWS::AutoScaling::AutoScalingGroup', { MinSize: '0', MaxSize: '4' });
    template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
      MixedInstancesPolicy: Match.objectLike({ InstancesDistribution: Match.objectLike({ SpotAllocationStrategy: 'capacity-optimized' }) }),
    });
    template.allResourcesProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ VolumeSize: 50 }) })] }),
    });
  });

  test('x86_64 instance types with the standard AMI', () => {
    const { template } = synth({ instanceTypes: instanceTypes('m7i.large', 'm6i.large'), amiHardwareType: ecs.AmiHardwareType.STANDARD });
    const parameters = Object.values(template.toJSON().Parameters as Record<string, { Default?: string }>).map((p) => p.Default);
    expect(parameters).toContain('/aws/service/ecs/optimized-ami/amazon-linux-2023/recommended/image_id');
  });

  test('a custom mix sets the strategy on both providers', () => {
    const mix = CapacityMix.custom({ onDemandBase: 0, onDemandWeight: 1, spotWeight: 3 });
    const { capacity } = synth({ mix });
    expect(capacity.mix).toBe(mix);
    expect(capacity.capacityProviderStrategies).toEqual([
      { capacityProvider: capacity.onDemandProvider.capacityProviderName, weight: 1 },
      { capacityProvider: capacity.spotProvider.capacityProviderName, weight: 3 },
    ]);
  });

  test('the base goes on the On-Demand provider only', () => {
    const { capacity } = synth({ mix: CapacityMix.custom({ onDemandBase: 3, onDemandWeight: 1, spotWeight: 3 }) });
    expect(capacity.capacityProviderStrategies).toEqual([
      { capacityProvider: capacity.onDemandProvider.capacityProviderName, weight: 1, base: 3 },
      { capacityProvider: capacity.spotProvider.capacityProviderName, weight: 3 },
    ]);
  });

  test('weight-0 providers without a base are left out of the strategy', () => {
    const { capacity: spot } = synth({ mix: CapacityMix.spotOnly() });
    expect(spot.capacityProviderStrategies).toEqual([{ capacityProvider: spot.spotProvider.capacityProviderName, weight: 1 }]);
    const { capacity: onDemand } = synth({ mix: CapacityMix.onDemandOnly() });
    expect(onDemand.capacityProviderStrategies).toEqual([{ capacityProvider: onDemand.onDemandProvider.capacityProviderName, weight: 1 }]);
  });

  test('weights and base that are tokens stay in the strategy', () => {
    const weight = Token.asNumber({ Ref: 'W' });
    const base = Token.asNumber({ Ref: 'B' });
    const { capacity } = synth({ mix: CapacityMix.custom({ onDemandBase: base, onDemandWeight: weight, spotWeight: 1 }) });
    expect(capacity.capacityProviderStrategies).toEqual([
      { capacityProvider: capacity.onDemandProvider.capacityProviderName, weight, base },
      { capacityProvider: capacity.spotProvider.capacityProviderName, weight: 1 },
    ]);
  });

  test('an explicit CapacityMix.onDemandSpot() synthesizes the same template as the default', () => {
    expect(synth({ mix: CapacityMix.onDemandSpot() }).template.toJSON()).toEqual(synth().template.toJSON());
  });

  test('unknown instance types skip the size checks', () => {
    const { capacity } = synth({ instanceTypes: instanceTypes('m7g.large', 'x2gd.large') });
    expect(capacity.taskMemoryLimitMiB).toBeUndefined();
    expect(capacity.taskCpuLimit).toBeUndefined();
  });

  test('the smallest instance type decides the task size', () => {
    const { capacity } = synth({ instanceTypes: instanceTypes('r7g.xlarge', 'c7g.large', 't4g.medium') });
    expect(capacity.taskMemoryLimitMiB).toBe(Math.floor(4096 * 0.97) - 256);
    expect(capacity.taskCpuLimit).toBe(2048);
  });
});

describe('EssentialEc2Capacity warnings', () => {
  test('warns about the lowest-price Spot strategy', () => {
    const { stack } = synth({ spotAllocationStrategy: autoscaling.SpotAllocationStrategy.LOWEST_PRICE });
    Annotations.fromStack(stack).hasWarning('/Test/Capacity',
      Match.stringLikeRegexp('lowest-price.*price-capacity-optimized.*\\[ack: cdk-ecs-essentials:spotLowestPrice\\]'));
  });

  test('warns when the mix places no task on the Spot group but it keeps minCapacityPerGroup instances', () => {
    const { stack } = synth({ mix: CapacityMix.onDemandOnly() });
    Annotations.fromStack(stack).hasWarning('/Test/Capacity', Match.stringLikeRegexp(
      "^'mix' places no task on the Spot group \\(spotWeight 0\\), which still keeps 'minCapacityPerGroup' instances running.*\\[ack: cdk-ecs-essentials:unusedSpotGroup\\]$"));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('unusedOnDemandGroup'))).toEqual([]);
  });

  test('warns when the mix places no task on the On-Demand group but it keeps minCapacityPerGroup instances', () => {
    const { stack } = synth({ mix: CapacityMix.spotOnly() });
    Annotations.fromStack(stack).hasWarning('/Test/Capacity', Match.stringLikeRegexp(
      "^'mix' places no task on the On-Demand group \\(onDemandBase 0 and onDemandWeight 0\\), which still keeps 'minCapacityPerGroup' instances running.*\\[ack: cdk-ecs-essentials:unusedOnDemandGroup\\]$"));
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('unusedSpotGroup'))).toEqual([]);
  });

  test('no unused On-Demand group warning when the On-Demand group only carries the base', () => {
    const { stack } = synth({ mix: CapacityMix.custom({ onDemandBase: 1, onDemandWeight: 0, spotWeight: 1 }) });
    expect(Annotations.fromStack(stack).findWarning('*', Match.anyValue())).toEqual([]);
  });
});

describe('EssentialEc2Capacity validation', () => {
  test('fails when a mix weight is outside 0-1000', () => {
    expect(build({ mix: CapacityMix.custom({ onDemandWeight: 1001 }) }))
      .toThrow(/^EssentialEc2Capacity 'Test\/Capacity': 'mix.onDemandWeight' must be an integer from 0 to 1000, got 1001$/);
    expect(build({ mix: CapacityMix.custom({ onDemandWeight: 1, spotWeight: -1 }) }))
      .toThrow(/^EssentialEc2Capacity 'Test\/Capacity': 'mix.spotWeight' must be an integer from 0 to 1000, got -1$/);
  });

  test('fails when both mix weights are 0', () => {
    expect(build({ mix: CapacityMix.custom({ onDemandBase: 2, onDemandWeight: 0, spotWeight: 0 }) }))
      .toThrow(/^EssentialEc2Capacity 'Test\/Capacity': 'mix' needs a weight above 0 on at least one of onDemandWeight or spotWeight, got onDemandWeight 0 and spotWeight 0$/);
  });

  test('fails when the mix base is outside 0-100000', () => {
    expect(build({ mix: CapacityMix.custom({ onDemandBase: 100_001, onDemandWeight: 1 }) }))
      .toThrow(/'mix.onDemandBase' must be an integer from 0 to 100000, got 100001/);
    expect(build({ mix: CapacityMix.onDemandSpot({ onDemandBase: 1.5 }) })).toThrow(/'mix.onDemandBase' must be an integer from 0 to 100000, got 1.5/);
  });

  test('skips mix weight and base checks for tokens', () => {
    expect(build({ mix: CapacityMix.custom({ onDemandWeight: Token.asNumber({ Ref: 'W' }), onDemandBase: Token.asNumber({ Ref: 'B' }) }) })).not.toThrow();
  });

  test('fails when minCapacityPerGroup is above maxCapacityPerGroup', () => {
    expect(build({ minCapacityPerGroup: 5, maxCapacityPerGroup: 4 })).toThrow(/'minCapacityPerGroup' must not be above 'maxCapacityPerGroup' \(4\), got 5/);
    expect(build({ minCapacityPerGroup: 11 })).toThrow(/'minCapacityPerGroup' must not be above 'maxCapacityPerGroup' \(10\), got 11/);
    expect(build({ maxCapacityPerGroup: 0 })).toThrow(/'minCapacityPerGroup' must not be above 'maxCapacityPerGroup' \(0\), got 1/);
  });

  test('fails when minCapacityPerGroup is outside 0-10000', () => {
    expect(build({ minCapacityPerGroup: -1 })).toThrow(/'minCapacityPerGroup' must be an integer from 0 to 10000, got -1/);
    expect(build({ minCapacityPerGroup: 1.5 })).toThrow(/'minCapacityPerGroup' must be an integer from 0 to 10000, got 1.5/);
    expect(build({ minCapacityPerGroup: 10_001, maxCapacityPerGroup: 10_000 })).toThrow(/'minCapacityPerGroup' must be an integer from 0 to 10000, got 10001/);
  });

  test('fails when maxCapacityPerGroup is outside 1-10000', () => {
    expect(build({ maxCapacityPerGroup: 0, minCapacityPerGroup: 0 })).toThrow(/'maxCapacityPerGroup' must be an integer from 1 to 10000, got 0/);
    expect(build({ maxCapacityPerGroup: 10_001 })).toThrow(/'maxCapacityPerGroup' must be an integer from 1 to 10000, got 10001/);
  });

  test('skips the minCapacityPerGroup checks for tokens', () => {
    expect(build({ minCapacityPerGroup: Token.asNumber({ Ref: 'Min' }), maxCapacityPerGroup: 2 })).not.toThrow();
    expect(build({ minCapacityPerGroup: Token.asNumber({ Ref: 'Min' }) })).not.toThrow();
  });

  test('skips the maxCapacityPerGroup checks for tokens', () => {
    expect(build({ maxCapacityPerGroup: Token.asNumber({ Ref: 'Max' }), minCapacityPerGroup: 5 })).not.toThrow();
  });

  test('fails when targetCapacityPercent is outside 1-100', () => {
    expect(build({ targetCapacityPercent: 0 })).toThrow(/'targetCapacityPercent' must be an integer from 1 to 100, got 0/);
    expect(build({ targetCapacityPercent: 101 })).toThrow(/'targetCapacityPercent' must be an integer from 1 to 100, got 101/);
  });

  test('skips targetCapacityPercent for tokens', () => {
    expect(build({ targetCapacityPercent: Token.asNumber({ Ref: 'Target' }) })).not.toThrow();
  });

  test('fails when reservedMemoryMiB is negative', () => {
    expect(build({ reservedMemoryMiB: -1 })).toThrow(/'reservedMemoryMiB' must be an integer from 0 to \d+, got -1/);
  });

  test('fails when reservedMemoryMiB leaves no memory on the smallest instance', () => {
    expect(build({ reservedMemoryMiB: 8192 })).toThrow(/'reservedMemoryMiB' must be below the memory of the smallest instance type \(8192 MiB\) or no task fits, got 8192/);
  });

  test('skips reservedMemoryMiB for tokens', () => {
    expect(build({ reservedMemoryMiB: Token.asNumber({ Ref: 'Reserved' }) })).not.toThrow();
  });

  test('fails when instance types do not match the AMI architecture', () => {
    expect(build({ instanceTypes: instanceTypes('m7g.large', 'm7i.large') }))
      .toThrow(/'instanceTypes' must match the arm64 AMI \(amiHardwareType ARM64\): use Graviton types .* got m7i.large/);
    expect(build({ instanceTypes: instanceTypes('m7g.large'), amiHardwareType: ecs.AmiHardwareType.STANDARD }))
      .toThrow(/'instanceTypes' must match the x86_64 AMI .* got m7g.large/);
  });

  test('fails when instance types are empty or repeated', () => {
    expect(build({ instanceTypes: [] })).toThrow(/'instanceTypes' must list 1 to 40 instance types .* got 0/);
    expect(build({ instanceTypes: instanceTypes('m7g.large', 'm7g.large') })).toThrow(/'instanceTypes' must not repeat an instance type .* got m7g.large twice/);
  });

  test('fails when the root volume is smaller than the AMI snapshot', () => {
    expect(build({ rootVolumeSizeGiB: 20 })).toThrow(/'rootVolumeSizeGiB' must be an integer from 30 to 65536, got 20/);
    expect(build({ rootVolumeSizeGiB: 65_537 })).toThrow(/'rootVolumeSizeGiB' must be an integer from 30 to 65536, got 65537/);
  });

  test('skips rootVolumeSizeGiB for tokens', () => {
    expect(build({ rootVolumeSizeGiB: Token.asNumber({ Ref: 'Size' }) })).not.toThrow();
  });

  test('fails when containerStopTimeout is not whole seconds or a token', () => {
    expect(build({ containerStopTimeout: Duration.millis(1500) })).toThrow(/'containerStopTimeout' must be a whole number of seconds/);
    expect(build({ containerStopTimeout: Duration.seconds(Token.asNumber({ Ref: 'Stop' })) })).toThrow(/'containerStopTimeout' .* cannot be a token/);
  });

  test('reports several problems at once', () => {
    expect(build({ mix: CapacityMix.onDemandSpot({ spotWeight: 2000 }), targetCapacityPercent: 0, minCapacityPerGroup: 20 }))
      .toThrow(/EssentialEc2Capacity 'Test\/Capacity': 3 invalid props:[\s\S]*'mix.spotWeight'[\s\S]*'minCapacityPerGroup'[\s\S]*'targetCapacityPercent'/);
  });
});
