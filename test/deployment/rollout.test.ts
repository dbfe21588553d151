import { Duration } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { build, image, logicalIdOf, setup, sharedListener, synth } from './fixtures';
import { EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, LoadBalancing, Rollout, ServiceConnectMode } from '../../src';

const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

/** The fast-deploy health check both target groups must share (the library's defaults). */
const FAST_DEPLOY_TARGET_GROUP = {
  HealthCheckIntervalSeconds: 5,
  HealthCheckTimeoutSeconds: 4,
  HealthyThresholdCount: 2,
  UnhealthyThresholdCount: 2,
  HealthCheckPath: '/',
  Port: 8080,
  Protocol: 'HTTP',
  TargetType: 'ip',
  TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
};

describe('Rollout factories', () => {
  test('each factory renders its ECS deployment strategy', () => {
    const cases: Array<[Rollout, unknown]> = [
      [Rollout.rolling(), Match.absent()],
      [Rollout.blueGreen(), 'BLUE_GREEN'],
      [Rollout.canary({ percent: 10 }), 'CANARY'],
      [Rollout.linear({ stepPercent: 25 }), 'LINEAR'],
    ];
    for (const [rollout, strategy] of cases) {
      // GIVEN / WHEN
      const { template } = synth({ rollout });
      // THEN
      template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: strategy }) });
    }
  });
});

describe('Rollout.blueGreen() defaults', () => {
  test('ECS blue/green with a 3-minute bake time, the circuit breaker, alarms with rollback and the 10 s grace period', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentController: { Type: 'ECS' },
      DeploymentConfiguration: {
        Strategy: 'BLUE_GREEN',
        BakeTimeInMinutes: 3,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        Alarms: { AlarmNames: Match.arrayWith([Match.objectLike({ Ref: Match.anyValue() })]), Enable: true, Rollback: true },
        CanaryConfiguration: Match.absent(),
        LinearConfiguration: Match.absent(),
        LifecycleHooks: Match.absent(),
      },
      HealthCheckGracePeriodSeconds: 10,
    });
  });

  test('an alternate target group with the same fast-deploy health check, and the service registered with it', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    const groups = template.findResources('AWS::ElasticLoadBalancingV2::TargetGroup', { Properties: Match.objectLike(FAST_DEPLOY_TARGET_GROUP) });
    expect(Object.keys(groups)).toHaveLength(2);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    const primary = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ListenerTargetGroup');
    const alternate = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AlternateTarget');
    const rule = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'ProductionRule');
    const role = logicalIdOf(template, 'AWS::IAM::Role', 'TrafficShiftRole');
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{
        TargetGroupArn: { Ref: primary },
        ContainerName: 'app',
        ContainerPort: 8080,
        AdvancedConfiguration: {
          AlternateTargetGroupArn: { Ref: alternate },
          ProductionListenerRule: { Ref: rule },
          RoleArn: { 'Fn::GetAtt': [role, 'Arn'] },
          TestListenerRule: Match.absent(),
        },
      }],
    });
  });

  test('the own ALB routes through a catch-all production rule that forwards 100/0 to the two target groups', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    const primary = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ListenerTargetGroup');
    const alternate = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AlternateTarget');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 1,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/*'] } }],
      Actions: [{
        Type: 'forward',
        ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: primary }, Weight: 100 }, { TargetGroupArn: { Ref: alternate }, Weight: 0 }] },
      }],
    });
    // every action of the production listener is a forward (no mix of forward and non-forward actions)
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: primary } }],
    });
  });

  test('the service is created after the role and its policy, the rule and both target groups', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    const service = Object.values(template.findResources('AWS::ECS::Service'))[0];
    const dependsOn: string[] = service.DependsOn;
    expect(dependsOn).toEqual(expect.arrayContaining([
      logicalIdOf(template, 'AWS::IAM::Role', 'TrafficShiftRole'),
      logicalIdOf(template, 'AWS::IAM::Policy', 'TrafficShiftRole'),
      logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'ProductionRule'),
      logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ListenerTargetGroup'),
    ]));
  });

  test('the tasks accept the ALB on the container port, with one rule for both target groups', () => {
    const { template } = synth({ rollout: Rollout.blueGreen() });
    const albGroup = logicalIdOf(template, 'AWS::EC2::SecurityGroup', 'LoadBalancerSecurityGroup');
    const ingress = template.findResources('AWS::EC2::SecurityGroupIngress', {
      Properties: { FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: { 'Fn::GetAtt': [albGroup, 'GroupId'] } },
    });
    expect(Object.keys(ingress)).toHaveLength(1);
  });

  test('switching from rolling keeps the primary target group and the listener (same logical IDs)', () => {
    // GIVEN
    const rolling = synth().template;
    // WHEN
    const blueGreen = synth({ rollout: Rollout.blueGreen() }).template;
    // THEN
    for (const type of ['AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::LoadBalancer']) {
      const ids = Object.keys(rolling.findResources(type));
      expect(Object.keys(blueGreen.findResources(type))).toEqual(expect.arrayContaining(ids));
    }
  });

  test('an internal ALB and an HTTPS ALB get the same shape; the HTTP redirect stays a listener of its own', () => {
    // GIVEN / WHEN
    const internal = synth({ loadBalancing: LoadBalancing.internalAlb(), rollout: Rollout.blueGreen() }).template;
    const s = setup();
    new EssentialFargateService(s.stack, 'Orders', {
      image,
      cluster: s.cluster,
      loadBalancing: LoadBalancing.publicAlb({ certificate: acm.Certificate.fromCertificateArn(s.stack, 'Cert', CERTIFICATE_ARN) }),
      rollout: Rollout.blueGreen(),
    });
    const https = Template.fromStack(s.stack);
    // THEN
    internal.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    internal.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    internal.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    const httpsListener = logicalIdOf(https, 'AWS::ElasticLoadBalancingV2::Listener', 'HttpsListener');
    https.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: { Ref: httpsListener }, Priority: 1 });
    https.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect' })],
    });
  });

  test('lifecycle hooks reach the deployment configuration', () => {
    // GIVEN
    const s = setup();
    const hook = new lambda.Function(s.stack, 'Hook', {
      runtime: lambda.Runtime.NODEJS_22_X,
      handler: 'index.handler',
      code: lambda.Code.fromInline('exports.handler = async () => ({ hookStatus: "SUCCEEDED" });'),
    });
    // WHEN
    new EssentialFargateService(s.stack, 'Orders', {
      image,
      cluster: s.cluster,
      rollout: Rollout.blueGreen({
        lifecycleHooks: [new ecs.DeploymentLifecycleLambdaTarget(hook, 'SmokeTest', { lifecycleStages: [ecs.DeploymentLifecycleStage.POST_SCALE_UP] })],
      }),
    });
    // THEN
    Template.fromStack(s.stack).hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        LifecycleHooks: [{ HookTargetArn: { 'Fn::GetAtt': [Match.stringLikeRegexp('^Hook'), 'Arn'] }, LifecycleStages: ['POST_SCALE_UP'], RoleArn: Match.anyValue() }],
      }),
    });
  });

  test('bakeTime and healthCheckGracePeriod override the defaults', () => {
    synth({ rollout: Rollout.blueGreen({ bakeTime: Duration.minutes(15), healthCheckGracePeriod: Duration.seconds(60) }) }).template
      .hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: Match.objectLike({ BakeTimeInMinutes: 15 }),
        HealthCheckGracePeriodSeconds: 60,
      });
  });

  test('a bake time of 0 is rendered', () => {
    synth({ rollout: Rollout.blueGreen({ bakeTime: Duration.minutes(0) }) }).template
      .hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ BakeTimeInMinutes: 0 }) });
  });

  test('the service exposes the alternate target group and its rollback alarms', () => {
    const { service } = synth({ rollout: Rollout.blueGreen() });
    expect(service.alternateTargetGroup).toBeDefined();
    expect(service.targetGroup).toBeDefined();
    expect(service.alternateTargetGroup).not.toBe(service.targetGroup);
    expect(service.rollbackAlarms).toHaveLength(4);
  });
});

describe('Rollout.canary()', () => {
  test('CANARY with the given share, a 3-minute interval and a 3-minute bake time by default', () => {
    synth({ rollout: Rollout.canary({ percent: 10 }) }).template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'CANARY',
        CanaryConfiguration: { CanaryPercent: 10, CanaryBakeTimeInMinutes: 3 },
        BakeTimeInMinutes: 3,
        LinearConfiguration: Match.absent(),
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
        Alarms: Match.objectLike({ Enable: true, Rollback: true }),
      }),
    });
  });

  test('interval and bake time override the defaults; fractional shares of 0.1 are kept', () => {
    synth({ rollout: Rollout.canary({ percent: 0.5, interval: Duration.minutes(10), bakeTime: Duration.minutes(5) }) }).template
      .hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: Match.objectLike({ CanaryConfiguration: { CanaryPercent: 0.5, CanaryBakeTimeInMinutes: 10 }, BakeTimeInMinutes: 5 }),
      });
  });

  test('the same alternate target group, production rule and role as blue/green', () => {
    const { template } = synth({ rollout: Rollout.canary({ percent: 10 }) });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [Match.objectLike({ AdvancedConfiguration: Match.objectLike({ AlternateTargetGroupArn: Match.anyValue() }) })],
    });
  });
});

describe('Rollout.linear()', () => {
  test('LINEAR with the given step and a 3-minute interval and bake time by default', () => {
    synth({ rollout: Rollout.linear({ stepPercent: 25 }) }).template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({
        Strategy: 'LINEAR',
        LinearConfiguration: { StepPercent: 25, StepBakeTimeInMinutes: 3 },
        BakeTimeInMinutes: 3,
        CanaryConfiguration: Match.absent(),
      }),
    });
  });

  test('interval and bake time override the defaults', () => {
    synth({ rollout: Rollout.linear({ stepPercent: 10, interval: Duration.minutes(1), bakeTime: Duration.minutes(10) }) }).template
      .hasResourceProperties('AWS::ECS::Service', {
        DeploymentConfiguration: Match.objectLike({ LinearConfiguration: { StepPercent: 10, StepBakeTimeInMinutes: 1 }, BakeTimeInMinutes: 10 }),
      });
  });
});

describe('traffic shifting on a shared listener', () => {
  test('the service\'s listener rule forwards 100/0 to its two target groups, with its own priority and conditions', () => {
    // GIVEN
    const s = setup();
    const listener = sharedListener(s);
    // WHEN
    new EssentialFargateService(s.stack, 'Orders', {
      image,
      cluster: s.cluster,
      loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/orders', '/orders/*'] }),
      rollout: Rollout.linear({ stepPercent: 20 }),
    });
    // THEN
    const template = Template.fromStack(s.stack);
    const primary = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'OrdersTarget');
    const alternate = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'OrdersAlternateTarget');
    const rule = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'OrdersListenerRule');
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 10,
      Conditions: [{ Field: 'path-pattern', PathPatternConfig: { Values: ['/orders', '/orders/*'] } }],
      Actions: [{ Type: 'forward', ForwardConfig: { TargetGroups: [{ TargetGroupArn: { Ref: primary }, Weight: 100 }, { TargetGroupArn: { Ref: alternate }, Weight: 0 }] } }],
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{ TargetGroupArn: { Ref: primary }, ContainerName: 'app', ContainerPort: 8080, AdvancedConfiguration: Match.objectLike({ ProductionListenerRule: { Ref: rule } }) }],
    });
    // the shared listener itself is left alone
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { DefaultActions: [Match.objectLike({ Type: 'fixed-response' })] });
  });

  test('switching from rolling keeps the target group and the rule (same logical IDs)', () => {
    const ids = (rollout: Rollout) => {
      const s = setup();
      const listener = sharedListener(s);
      new EssentialFargateService(s.stack, 'Orders', {
        image, cluster: s.cluster, rollout, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, hostHeaders: ['orders.example.com'] }),
      });
      const template = Template.fromStack(s.stack);
      return ['AWS::ElasticLoadBalancingV2::TargetGroup', 'AWS::ElasticLoadBalancingV2::ListenerRule'].flatMap((t) => Object.keys(template.findResources(t)));
    };
    expect(ids(Rollout.blueGreen())).toEqual(expect.arrayContaining(ids(Rollout.rolling())));
  });
});

describe('Rollout.rolling() is unchanged', () => {
  test('no strategy, bake time, alarms, listener rule, alternate target group or traffic-shift role', () => {
    const { template, service } = synth();
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: {
        MinimumHealthyPercent: 100,
        MaximumPercent: 200,
        DeploymentCircuitBreaker: { Enable: true, Rollback: true },
      },
      LoadBalancers: [{ TargetGroupArn: Match.anyValue(), ContainerName: 'app', ContainerPort: 8080 }],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 1);
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    expect(Object.keys(template.findResources('AWS::IAM::Role')).filter((id) => id.includes('TrafficShift'))).toEqual([]);
    expect(service.alternateTargetGroup).toBeUndefined();
    expect(service.rollbackAlarms).toEqual([]);
  });
});

describe('traffic shifting without a load balancer', () => {
  test('blue/green with Service Connect: ECS shifts the Service Connect traffic, no target group is created', () => {
    // GIVEN / WHEN
    const { template, setup: s } = synth({
      loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(), rollout: Rollout.blueGreen(),
    });
    // THEN
    template.hasResourceProperties('AWS::ECS::Service', {
      // aws-cdk-lib's own disabled placeholder when it knows the Region supports deployment alarms
      DeploymentConfiguration: Match.objectLike({ Strategy: 'BLUE_GREEN', Alarms: { AlarmNames: [], Enable: false, Rollback: false } }),
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true }),
      LoadBalancers: Match.absent(),
      HealthCheckGracePeriodSeconds: Match.absent(),
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    Annotations.fromStack(s.stack).hasWarning('/Test/Orders', Match.stringLikeRegexp('rolloutWithoutAlarms'));
  });

  test('canary and linear with a Service Connect server', () => {
    for (const rollout of [Rollout.canary({ percent: 20 }), Rollout.linear({ stepPercent: 50 })]) {
      expect(build({ loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(), rollout })).not.toThrow();
    }
  });

  test('blue/green on a service with Service Connect and an ALB: both are wired', () => {
    const { template } = synth({ serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }), rollout: Rollout.blueGreen() });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true }),
      LoadBalancers: [Match.objectLike({ AdvancedConfiguration: Match.anyValue() })],
    });
  });

  test('headless blue/green (no load balancer, no Service Connect) is allowed and warns that nothing but the circuit breaker rolls back', () => {
    const { template, setup: s } = synth({ loadBalancing: LoadBalancing.none(), rollout: Rollout.blueGreen() });
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: 'BLUE_GREEN' }) });
    Annotations.fromStack(s.stack).hasWarning('/Test/Orders', Match.stringLikeRegexp("'rollout' Rollout.blueGreen\\(\\) has no rollback alarm \\(no load balancer"));
  });
});

describe('traffic shifting on EC2', () => {
  test('awsvpc tasks get the same wiring as Fargate', () => {
    // GIVEN
    const s = setup();
    const capacity = new EssentialEc2Capacity(s.stack, 'Capacity', { cluster: s.cluster });
    // WHEN
    new EssentialEc2Service(s.stack, 'Api', { image, capacity, rollout: Rollout.canary({ percent: 10 }) });
    // THEN
    const template = Template.fromStack(s.stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: Match.absent(),
      DeploymentConfiguration: Match.objectLike({ Strategy: 'CANARY' }),
      LoadBalancers: [Match.objectLike({ AdvancedConfiguration: Match.anyValue() })],
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  });

  test('bridge mode without a load balancer may use blue/green', () => {
    const s = setup();
    const capacity = new EssentialEc2Capacity(s.stack, 'Capacity', { cluster: s.cluster });
    expect(() => new EssentialEc2Service(s.stack, 'Api', {
      image, capacity, networkMode: ecs.NetworkMode.BRIDGE, loadBalancing: LoadBalancing.none(), rollout: Rollout.blueGreen(),
    })).not.toThrow();
  });
});

describe('the traffic-shift role', () => {
  test('is assumed by ECS and scoped to the two target groups and the production rule; only the Describe actions are on *', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    const role = logicalIdOf(template, 'AWS::IAM::Role', 'TrafficShiftRole');
    template.hasResourceProperties('AWS::IAM::Role', {
      AssumeRolePolicyDocument: { Statement: [{ Action: 'sts:AssumeRole', Effect: 'Allow', Principal: { Service: 'ecs.amazonaws.com' } }] },
      ManagedPolicyArns: Match.absent(),
    });
    const policy = onlyTrafficShiftPolicy(template, role);
    expect(policy.PolicyDocument.Statement).toEqual([
      {
        Action: ['elasticloadbalancing:DescribeListeners', 'elasticloadbalancing:DescribeRules', 'elasticloadbalancing:DescribeTargetGroups', 'elasticloadbalancing:DescribeTargetHealth'],
        Effect: 'Allow',
        Resource: '*',
      },
      {
        Action: ['elasticloadbalancing:RegisterTargets', 'elasticloadbalancing:DeregisterTargets'],
        Effect: 'Allow',
        Resource: [
          { Ref: logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'ListenerTargetGroup') },
          { Ref: logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', 'AlternateTarget') },
        ],
      },
      {
        Action: 'elasticloadbalancing:ModifyRule',
        Effect: 'Allow',
        Resource: { Ref: logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::ListenerRule', 'ProductionRule') },
      },
    ]);
    // no managed policy anywhere in the stack: not the broad AmazonECSInfrastructureRolePolicyForLoadBalancers
    expect(JSON.stringify(template.toJSON())).not.toContain('AmazonECSInfrastructureRolePolicyForLoadBalancers');
  });
});

function onlyTrafficShiftPolicy(template: Template, role: string): Record<string, any> {
  const policies = Object.values(template.findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: role }] } }));
  expect(policies).toHaveLength(1);
  return policies[0].Properties;
}
