import { Lazy } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { build, image, logicalIdOf, setup, sharedListener, synth } from './fixtures';
import { EssentialFargateService, LoadBalancing, Rollout, ServiceConnectMode } from '../../src';

const TEST_HEADER = { headerName: 'x-test-revision', headerValues: ['green'] };
const RULE = 'AWS::ElasticLoadBalancingV2::ListenerRule';

describe('Rollout test traffic', () => {
  describe('on the service\'s own ALB', () => {
    test('a header rule at priority 1 goes before the production rule, which moves to 2', () => {
      // GIVEN / WHEN
      const { template } = synth({ rollout: Rollout.blueGreen({ testTraffic: TEST_HEADER }) });
      // THEN
      const testRule = logicalIdOf(template, RULE, 'TestRule');
      const productionRule = logicalIdOf(template, RULE, 'ProductionRule');
      template.hasResource(RULE, Match.objectLike({
        Properties: Match.objectLike({
          Priority: 1,
          Conditions: [{ Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-test-revision', Values: ['green'] } }],
          Actions: [Match.objectLike({ Type: 'forward', ForwardConfig: Match.objectLike({ TargetGroups: Match.arrayWith([Match.objectLike({ Weight: 100 }), Match.objectLike({ Weight: 0 })]) }) })],
        }),
      }));
      expect(template.findResources(RULE)[productionRule].Properties.Priority).toBe(2);
      expect(template.findResources(RULE)[testRule].Properties.Priority).toBe(1);
    });

    test('ECS gets the test rule beside the production rule, and the role may modify both', () => {
      // GIVEN / WHEN
      const { template } = synth({ rollout: Rollout.canary({ percent: 10, testTraffic: TEST_HEADER }) });
      // THEN
      const testRule = logicalIdOf(template, RULE, 'TestRule');
      const productionRule = logicalIdOf(template, RULE, 'ProductionRule');
      template.hasResourceProperties('AWS::ECS::Service', {
        LoadBalancers: [Match.objectLike({
          AdvancedConfiguration: Match.objectLike({ ProductionListenerRule: { Ref: productionRule }, TestListenerRule: { Ref: testRule } }),
        })],
      });
      template.hasResourceProperties('AWS::IAM::Policy', {
        PolicyDocument: {
          Statement: Match.arrayWith([Match.objectLike({ Action: 'elasticloadbalancing:ModifyRule', Resource: [{ Ref: productionRule }, { Ref: testRule }] })]),
        },
      });
    });

    test('without testTraffic the production rule keeps priority 1 and no test rule exists', () => {
      const { template } = synth({ rollout: Rollout.blueGreen() });
      expect(Object.keys(template.findResources(RULE)).filter((id) => id.includes('TestRule'))).toHaveLength(0);
      template.hasResourceProperties(RULE, { Priority: 1 });
      template.hasResourceProperties('AWS::ECS::Service', {
        LoadBalancers: [Match.objectLike({ AdvancedConfiguration: Match.objectLike({ TestListenerRule: Match.absent() }) })],
      });
    });
  });

  test('on a Service Connect server: a test traffic rule on its client alias, the header matched exactly', () => {
    // GIVEN / WHEN
    const { template } = synth({
      loadBalancing: LoadBalancing.none(),
      serviceConnect: ServiceConnectMode.server({ dnsName: 'orders' }),
      rollout: Rollout.blueGreen({ testTraffic: TEST_HEADER }),
    });
    // THEN
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Services: [Match.objectLike({
          ClientAliases: [Match.objectLike({
            DnsName: 'orders',
            TestTrafficRules: { Header: { Name: 'x-test-revision', Value: { Exact: 'green' } } },
          })],
        })],
      }),
    });
  });

  test('a Service Connect server behind its own ALB gets both test rules', () => {
    const { template } = synth({ serviceConnect: ServiceConnectMode.server(), rollout: Rollout.canary({ percent: 10, testTraffic: TEST_HEADER }) });
    template.hasResourceProperties(RULE, { Priority: 1, Conditions: [Match.objectLike({ Field: 'http-header' })] });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Services: [Match.objectLike({ ClientAliases: [Match.objectLike({ TestTrafficRules: Match.anyValue() })] })],
      }),
    });
  });

  test('a rolling Service Connect server gets no test traffic rule', () => {
    const { template } = synth({ loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server() });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Services: [Match.objectLike({ ClientAliases: [Match.objectLike({ TestTrafficRules: Match.absent() })] })],
      }),
    });
  });

  test('on a shared listener: the service\'s route plus the header, at the given priority', () => {
    // GIVEN
    const s = setup();
    const listener = sharedListener(s);
    // WHEN
    new EssentialFargateService(s.stack, 'Orders', {
      image,
      cluster: s.cluster,
      loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, pathPatterns: ['/orders/*'] }),
      rollout: Rollout.linear({ stepPercent: 25, testTraffic: { ...TEST_HEADER, priority: 19 } }),
    });
    const template = Template.fromStack(s.stack);
    // THEN
    template.hasResourceProperties(RULE, {
      Priority: 19,
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/orders/*'] } },
        { Field: 'http-header', HttpHeaderConfig: { HttpHeaderName: 'x-test-revision', Values: ['green'] } },
      ],
    });
    template.hasResourceProperties(RULE, { Priority: 20 });
  });

  describe('validation', () => {
    test('fails when the service has neither a load balancer nor a Service Connect endpoint', () => {
      expect(build({
        loadBalancing: LoadBalancing.none(),
        serviceConnect: ServiceConnectMode.client(),
        rollout: Rollout.blueGreen({ testTraffic: TEST_HEADER }),
      })).toThrow(/'rollout.testTraffic' needs a load balancer or a Service Connect server: .*got LoadBalancing.none\(\) and no Service Connect server/);
    });

    test.each([
      [['green', 'blue'], '2 values'],
      [['gr*'], "'gr\\*'"],
    ])('fails when a Service Connect server gets header values %j', (headerValues, got) => {
      expect(build({
        loadBalancing: LoadBalancing.none(),
        serviceConnect: ServiceConnectMode.server(),
        rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-test-revision', headerValues } }),
      })).toThrow(new RegExp(`'rollout.testTraffic.headerValues' must be one value without wildcards on a Service Connect server.*got ${got}`));
    });

    test.each([
      ['', "got ''"],
      ['x test', "got 'x test'"],
      ['x:test', "got 'x:test'"],
      ['x'.repeat(41), 'got \'x{41}\''],
    ])('fails when the header name is %j', (headerName, got) => {
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { headerName, headerValues: ['1'] } }) }))
        .toThrow(new RegExp(`'rollout.testTraffic.headerName' must be 1–40 characters of an HTTP header name.*${got}`));
    });

    test('fails when there is no header value or too many', () => {
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-t', headerValues: [] } }) }))
        .toThrow(/'rollout.testTraffic.headerValues' must hold 1 to 5 values .*got 0/);
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-t', headerValues: ['1', '2', '3', '4', '5', '6'] } }) }))
        .toThrow(/'rollout.testTraffic.headerValues' must hold 1 to 5 values .*got 6/);
    });

    test('fails when a header value is longer than 128 characters', () => {
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-t', headerValues: ['v'.repeat(129)] } }) }))
        .toThrow(/'rollout.testTraffic.headerValues' must be 1–128 characters each .*\(129\)/);
    });

    test('fails when the shared route and the header values exceed 5 condition values', () => {
      const s = setup();
      expect(build({
        loadBalancing: LoadBalancing.sharedListener({ listener: sharedListener(s), priority: 20, pathPatterns: ['/a', '/b', '/c'] }),
        rollout: Rollout.blueGreen({ testTraffic: { headerName: 'x-t', headerValues: ['1', '2', '3'], priority: 10 } }),
      })).toThrow(/must hold 1 to 2 values .*3 of them taken by 'loadBalancing' pathPatterns and hostHeaders\), got 3/);
    });

    test('fails when a shared listener gets no test priority, or one not below the production rule', () => {
      const s = setup();
      const listener = sharedListener(s);
      expect(build({
        loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, pathPatterns: ['/orders'] }),
        rollout: Rollout.blueGreen({ testTraffic: TEST_HEADER }),
      })).toThrow(/'rollout.testTraffic.priority' is required with LoadBalancing.sharedListener\(\).*below the production rule's 20/);
      expect(build({
        loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, pathPatterns: ['/orders'] }),
        rollout: Rollout.blueGreen({ testTraffic: { ...TEST_HEADER, priority: 20 } }),
      })).toThrow(/'rollout.testTraffic.priority' must be lower than the production rule's priority 20 .*got 20/);
    });

    test('fails when the own ALB gets a test priority', () => {
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { ...TEST_HEADER, priority: 5 } }) }))
        .toThrow(/'rollout.testTraffic.priority' is only for LoadBalancing.sharedListener\(\).*got 5/);
    });

    test('tokens skip the checks', () => {
      const name = Lazy.string({ produce: () => 'x-test' });
      const values = Lazy.list({ produce: () => ['green'] });
      expect(build({ rollout: Rollout.blueGreen({ testTraffic: { headerName: name, headerValues: values } }) })).not.toThrow();
    });
  });
});
