import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fc from 'fast-check';
import {
  AlbAccessLogs, EssentialEc2Capacity, EssentialEc2Service, EssentialEc2ServiceProps, LoadBalancing, Rollout, ServiceConnectMode,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/aws-observability/aws-for-fluent-bit:stable');

function setup() {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
  return { stack, cluster, capacity };
}

function synth(props: Partial<EssentialEc2ServiceProps> = {}) {
  const { stack, capacity } = setup();
  const service = new EssentialEc2Service(stack, 'Agent', { image, capacity, daemon: true, containerPort: 24224, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}

function build(props: Partial<EssentialEc2ServiceProps>): () => EssentialEc2Service {
  return () => {
    const { stack, capacity } = setup();
    return new EssentialEc2Service(stack, 'Agent', { image, capacity, daemon: true, ...props });
  };
}

describe('EssentialEc2Service with daemon: true', () => {
  const { stack, service, template } = synth();

  test('DAEMON scheduling with the EC2 launch type, no desired count, no capacity-provider strategy, no placement strategy', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      SchedulingStrategy: 'DAEMON',
      LaunchType: 'EC2',
      DesiredCount: Match.absent(),
      CapacityProviderStrategy: Match.absent(),
      PlacementStrategies: Match.absent(),
    });
    expect(service.daemon).toBe(true);
  });

  test('deploys at minimum healthy 0 % and maximum 100 %, circuit breaker with rollback', () => {
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        MinimumHealthyPercent: 0,
        MaximumPercent: 100,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      }),
    });
  });

  test('no load balancer by default', () => {
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    expect(service.loadBalancer).toBeUndefined();
  });

  test('bridge mode by default, with the container port fixed on the instance', () => {
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'bridge',
      ContainerDefinitions: [Match.objectLike({ PortMappings: [{ ContainerPort: 24224, HostPort: 24224, Protocol: 'tcp' }] })],
    });
    expect(service.networkMode).toBe(ecs.NetworkMode.BRIDGE);
  });

  test('no aws-ecs minHealthyPercent warnings', () => {
    Annotations.fromStack(stack).hasNoWarning('*', Match.stringLikeRegexp('minHealthyPercent'));
  });
});

describe('EssentialEc2Service daemon options', () => {
  test('awsvpc when asked for, with a container port only', () => {
    const { template } = synth({ networkMode: ecs.NetworkMode.AWS_VPC });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      NetworkMode: 'awsvpc',
      ContainerDefinitions: [Match.objectLike({ PortMappings: [{ ContainerPort: 24224, Protocol: 'tcp' }] })],
    });
  });

  test('a minimum healthy percent below 100 is kept', () => {
    const { template } = synth({ rollout: Rollout.rolling({ minHealthyPercent: 50 }) });
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ MinimumHealthyPercent: 50, MaximumPercent: 100 }),
    });
  });

  test('maximumHealthyPercent 100 given explicitly is accepted', () => {
    expect(build({ rollout: Rollout.rolling({ maxHealthyPercent: 100 }) })).not.toThrow();
  });

  test('a load balancer when asked for', () => {
    const { template } = synth({ loadBalancing: LoadBalancing.internalAlb() });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ECS::Service', { SchedulingStrategy: 'DAEMON', LoadBalancers: Match.anyValue() });
  });

  test('a replica service keeps its desired count, strategy and placement', () => {
    const { stack, capacity } = setup();
    new EssentialEc2Service(stack, 'Api', { image, capacity });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      SchedulingStrategy: 'REPLICA',
      DesiredCount: 2,
      CapacityProviderStrategy: Match.anyValue(),
      PlacementStrategies: Match.anyValue(),
    });
  });

  test('fails when desiredCount is given', () => {
    expect(build({ desiredCount: 3 })).toThrow(/'desiredCount' cannot be set with 'daemon' true.*got 3/);
  });

  test('fails when scaling is given', () => {
    expect(build({ scaling: { maxCapacity: 4 } })).toThrow(/'scaling' cannot be set with 'daemon' true/);
  });

  test('fails when placementStrategies are given', () => {
    expect(build({ placementStrategies: [ecs.PlacementStrategy.packedByCpu()] })).toThrow(/'placementStrategies' cannot be set with 'daemon' true/);
  });

  test('fails when the rollout shifts traffic', () => {
    expect(build({ rollout: Rollout.blueGreen() })).toThrow(/'rollout' Rollout.blueGreen\(\) cannot be used with 'daemon' true.*use Rollout.rolling\(\)/);
    expect(build({ rollout: Rollout.canary({ percent: 10 }), loadBalancing: LoadBalancing.internalAlb(), networkMode: ecs.NetworkMode.AWS_VPC }))
      .toThrow(/'rollout' Rollout.canary\(\) cannot be used with 'daemon' true/);
  });

  test('fails when maxHealthyPercent is not 100', () => {
    expect(build({ rollout: Rollout.rolling({ maxHealthyPercent: 200 }) })).toThrow(/'rollout.maxHealthyPercent' must be 100 with 'daemon' true.*got 200/);
  });

  test('fails when minHealthyPercent is 100', () => {
    expect(build({ rollout: Rollout.rolling({ minHealthyPercent: 100 }) })).toThrow(/'rollout.minHealthyPercent' must be 0–99 with 'daemon' true/);
  });

  test('reports several daemon problems at once', () => {
    expect(build({ desiredCount: 1, scaling: { maxCapacity: 2 } })).toThrow(/2 invalid props[\s\S]*desiredCount[\s\S]*scaling/);
  });

  test('token limits are not checked', () => {
    expect(build({ rollout: Rollout.rolling({ minHealthyPercent: Token.asNumber({ Ref: 'Min' }) }) })).not.toThrow();
  });

  test('a Service Connect client daemon synthesizes', () => {
    const { stack, capacity, cluster } = setup();
    cluster.addDefaultCloudMapNamespace({ name: 'internal', useForServiceConnect: true });
    new EssentialEc2Service(stack, 'Agent', { image, capacity, daemon: true, serviceConnect: ServiceConnectMode.client() });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      SchedulingStrategy: 'DAEMON',
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true }),
    });
  });

  test('stop timeout beyond the Spot warning still warns on a daemon', () => {
    const { stack } = synth({ fastDeploy: { stopTimeout: Duration.seconds(180) } });
    Annotations.fromStack(stack).hasWarning('*', Match.stringLikeRegexp('two-minute Spot interruption warning'));
  });
});

describe('EssentialEc2Service daemon deployment limits (property)', () => {
  test('any minimum healthy percent from 0 to 99 renders with maximum 100; 100 and above fail naming the prop', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 200 }), (min) => {
      const create = build({ rollout: Rollout.rolling({ minHealthyPercent: min }) });
      if (min >= 100) {
        expect(create).toThrow(/'rollout.minHealthyPercent'/);
        return;
      }
      const service = create();
      const props = Template.fromStack(Stack.of(service)).findResources('AWS::ECS::Service');
      expect(Object.values(props)[0].Properties.DeploymentConfiguration).toMatchObject({ MinimumHealthyPercent: min, MaximumPercent: 100 });
    }), { numRuns: 12 });
  });
});

describe('the library passes its own Aspects with a daemon and ALB access logs', () => {
  test('no ECSE warning or error', () => {
    const app = new App();
    const stack = new Stack(app, 'Own', { env: { region: 'eu-west-1' } });
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    new EssentialEc2Service(stack, 'Agent', { image, capacity, daemon: true });
    new EssentialEc2Service(stack, 'Web', {
      image, capacity, loadBalancing: LoadBalancing.publicAlb({ accessLogs: AlbAccessLogs.createBucket() }),
    });
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });
});
