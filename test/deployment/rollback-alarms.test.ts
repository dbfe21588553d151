import { App, Lazy, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { image, logicalIdOf, setup, sharedListener, synth } from './fixtures';
import { EssentialFargateService, LoadBalancing, Rollout } from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

/** An alarm of the user's, on a metric that does not come from the service. */
function userAlarm(stack: Stack, id: string): cloudwatch.Alarm {
  return new cloudwatch.Alarm(stack, id, {
    metric: new cloudwatch.Metric({ namespace: 'Shop', metricName: 'CheckoutErrors' }),
    threshold: 1,
    evaluationPeriods: 1,
  });
}

/** The alarm names in the service's deployment configuration. */
function deploymentAlarmNames(template: Template): unknown[] {
  const service = Object.values(template.findResources('AWS::ECS::Service'))[0];
  return service.Properties.DeploymentConfiguration.Alarms?.AlarmNames ?? [];
}

describe('default rollback alarms', () => {
  test('blue/green alarms on the 5xx rate and the unhealthy targets of both target groups', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.blueGreen() });
    // THEN
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    const alarms = ['Target5xxRate', 'TargetUnhealthy', 'AlternateTarget5xxRate', 'AlternateTargetUnhealthy']
      .map((name) => logicalIdOf(template, 'AWS::CloudWatch::Alarm', `RollbackAlarms${name}`));
    expect(deploymentAlarmNames(template)).toEqual(alarms.map((id) => ({ Ref: id })));
  });

  test('the 5xx rate: 5 % or more of at least 10 requests a minute, two 1-minute periods in a row, missing data not breaching', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.canary({ percent: 5 }) });
    // THEN
    for (const group of ['ListenerTargetGroup', 'AlternateTarget']) {
      const targetGroup = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', group);
      const dimensions = Match.arrayWith([{ Name: 'TargetGroup', Value: { 'Fn::GetAtt': [targetGroup, 'TargetGroupFullName'] } }]);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        Threshold: 5,
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        Metrics: [
          Match.objectLike({ Expression: 'IF(FILL(requests, 0) >= 10, 100 * FILL(errors, 0) / FILL(requests, 0), 0)', ReturnData: true }),
          { Id: 'errors', ReturnData: false, MetricStat: { Period: 60, Stat: 'Sum', Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'HTTPCode_Target_5XX_Count', Dimensions: dimensions } } },
          { Id: 'requests', ReturnData: false, MetricStat: { Period: 60, Stat: 'Sum', Metric: { Namespace: 'AWS/ApplicationELB', MetricName: 'RequestCount', Dimensions: dimensions } } },
        ],
      });
    }
  });

  test('the unhealthy targets: one or more (maximum of the minute) for two 1-minute periods in a row', () => {
    // GIVEN / WHEN
    const { template } = synth({ rollout: Rollout.linear({ stepPercent: 50 }) });
    // THEN
    for (const group of ['ListenerTargetGroup', 'AlternateTarget']) {
      const targetGroup = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::TargetGroup', group);
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/ApplicationELB',
        MetricName: 'UnHealthyHostCount',
        Statistic: 'Maximum',
        Period: 60,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        EvaluationPeriods: 2,
        DatapointsToAlarm: 2,
        TreatMissingData: 'notBreaching',
        Dimensions: [
          Match.objectLike({ Name: 'LoadBalancer' }),
          { Name: 'TargetGroup', Value: { 'Fn::GetAtt': [targetGroup, 'TargetGroupFullName'] } },
        ],
      });
    }
  });

  test('detection fits the bake time: period × evaluation periods plus a minute of metric delay is at most the 3-minute bake', () => {
    const { template } = synth({ rollout: Rollout.blueGreen() });
    const bake = Object.values(template.findResources('AWS::ECS::Service'))[0].Properties.DeploymentConfiguration.BakeTimeInMinutes;
    for (const alarm of Object.values(template.findResources('AWS::CloudWatch::Alarm'))) {
      const period = alarm.Properties.Period ?? alarm.Properties.Metrics[1].MetricStat.Period;
      expect((period * alarm.Properties.EvaluationPeriods + 60) / 60).toBeLessThanOrEqual(bake);
    }
  });

  test('on a shared listener the alarms use the shared load balancer\'s dimension', () => {
    const s = setup();
    const listener = sharedListener(s);
    new EssentialFargateService(s.stack, 'Orders', {
      image, cluster: s.cluster, rollout: Rollout.blueGreen(), loadBalancing: LoadBalancing.sharedListener({ listener, priority: 5, pathPatterns: ['/o/*'] }),
    });
    const template = Template.fromStack(s.stack);
    const shared = logicalIdOf(template, 'AWS::ElasticLoadBalancingV2::Listener', 'SharedAlb');
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    expect(JSON.stringify(template.findResources('AWS::CloudWatch::Alarm'))).toContain(`{"Ref":"${shared}"}`);
  });

  test('defaultAlarms false leaves them out and warns that only the circuit breaker rolls back', () => {
    // GIVEN / WHEN
    const { template, setup: s } = synth({ rollout: Rollout.canary({ percent: 10, defaultAlarms: false }) });
    // THEN
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: Match.objectLike({ Strategy: 'CANARY', Alarms: Match.objectLike({ Enable: false }) }),
    });
    Annotations.fromStack(s.stack).hasWarning('/Test/Orders', Match.stringLikeRegexp("^'rollout' Rollout.canary\\(\\) has no rollback alarm \\('defaultAlarms' is false\\).*\\[ack: cdk-ecs-essentials:rolloutWithoutAlarms\\]$"));
  });

  test('rolling has none by default, and adds them to its one target group with defaultAlarms true', () => {
    synth({ rollout: Rollout.rolling() }).template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const { template } = synth({ rollout: Rollout.rolling({ defaultAlarms: true }) });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
    expect(deploymentAlarmNames(template)).toHaveLength(2);
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Strategy: Match.absent(), Alarms: Match.objectLike({ Enable: true, Rollback: true }) }) });
  });

  test('no load balancer, no default alarm', () => {
    synth({ loadBalancing: LoadBalancing.none(), rollout: Rollout.blueGreen() }).template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
  });
});

describe('rollbackAlarms', () => {
  test('reach the template beside the default alarms, with Enable and Rollback true', () => {
    // GIVEN
    const s = setup();
    const checkout = userAlarm(s.stack, 'Checkout');
    const latency = userAlarm(s.stack, 'Latency');
    // WHEN
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen(), rollbackAlarms: [checkout, latency] });
    // THEN
    const template = Template.fromStack(s.stack);
    const names = deploymentAlarmNames(template);
    expect(names).toHaveLength(6);
    expect(names.slice(0, 2)).toEqual([{ Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Checkout') }, { Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Latency') }]);
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Alarms: Match.objectLike({ Enable: true, Rollback: true }) }) });
    expect(service.rollbackAlarms.slice(0, 2)).toEqual([checkout, latency]);
    expect(service.rollbackAlarms).toHaveLength(6);
  });

  test('apply to a rolling deployment too (without default alarms)', () => {
    const s = setup();
    const checkout = userAlarm(s.stack, 'Checkout');
    new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollbackAlarms: [checkout] });
    const template = Template.fromStack(s.stack);
    expect(deploymentAlarmNames(template)).toEqual([{ Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Checkout') }]);
    template.hasResourceProperties('AWS::ECS::Service', { DeploymentConfiguration: Match.objectLike({ Alarms: { AlarmNames: Match.anyValue(), Enable: true, Rollback: true } }) });
  });

  test('imported alarms reach the template by name, alarms of the stack by reference', () => {
    const s = setup();
    const imported = cloudwatch.Alarm.fromAlarmArn(s.stack, 'Imported', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:p99-latency');
    const named = new cloudwatch.Alarm(s.stack, 'Named', { alarmName: 'orders-cpu', metric: new cloudwatch.Metric({ namespace: 'AWS/ECS', metricName: 'CPUUtilization' }), threshold: 90, evaluationPeriods: 1 });
    new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.canary({ percent: 10, defaultAlarms: false }), rollbackAlarms: [imported, named] });
    const template = Template.fromStack(s.stack);
    expect(deploymentAlarmNames(template)).toEqual(['p99-latency', { Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Named') }]);
    template.hasResourceProperties('AWS::CloudWatch::Alarm', { AlarmName: 'orders-cpu' });
  });

  test('an empty list is no alarm at all', () => {
    const { template } = synth({ rollbackAlarms: [] });
    template.resourceCountIs('AWS::CloudWatch::Alarm', 0);
    const service = Object.values(template.findResources('AWS::ECS::Service'))[0];
    expect(service.Properties.DeploymentConfiguration.Alarms?.Enable).not.toBe(true);
  });
});

describe('aws/aws-cdk#36308: alarms added through enableDeploymentAlarms() are dropped', () => {
  test('on this aws-cdk-lib, a second enableDeploymentAlarms() call drops its alarms; rollbackAlarms is the safe path', () => {
    // GIVEN a service whose alarms come through rollbackAlarms (the constructor path)
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen(), rollbackAlarms: [userAlarm(s.stack, 'Checkout')] });
    // WHEN the user adds one more the aws-ecs way
    service.service.enableDeploymentAlarms(['added-later']);
    // THEN the L2 drops it (the bug this library routes around), and every rollbackAlarm is still there
    const names = JSON.stringify(deploymentAlarmNames(Template.fromStack(s.stack)));
    expect(names).not.toContain('added-later');
    expect(JSON.parse(names)).toHaveLength(5);
  });

  test('fails at synthesis when an escape hatch drops the rollback alarms', () => {
    // GIVEN
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen() });
    // WHEN
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Alarms.AlarmNames', ['something-else']);
    // THEN
    expect(() => Template.fromStack(s.stack)).toThrow(/'rollbackAlarms' must reach the service's DeploymentConfiguration.Alarms with Enable and Rollback true, got .*something-else.*\(missing: Test\/Orders\/RollbackAlarms\/Target5xxRate/);
  });

  test('fails at synthesis when an escape hatch turns alarm rollback off', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.linear({ stepPercent: 10 }) });
    (service.service.node.defaultChild as ecs.CfnService).addPropertyOverride('DeploymentConfiguration.Alarms.Rollback', false);
    expect(() => Template.fromStack(s.stack)).toThrow(/'rollbackAlarms' must reach .* with Enable and Rollback true, got \{"AlarmNames":.*"Rollback":false\}/);
  });
});

describe('the library\'s own checks', () => {
  test('blue/green, canary and linear services pass the library\'s Aspects with no finding', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Own');
    const cluster = new ecs.Cluster(stack, 'Cluster');
    new EssentialFargateService(stack, 'BlueGreen', { image, cluster, rollout: Rollout.blueGreen() });
    new EssentialFargateService(stack, 'Canary', { image, cluster, rollout: Rollout.canary({ percent: 10 }) });
    new EssentialFargateService(stack, 'Linear', { image, cluster, rollout: Rollout.linear({ stepPercent: 25 }) });
    // WHEN
    // THEN
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });
});

describe('alarms on the service\'s own metrics', () => {
  test('fails at synthesis when such an alarm is listed by reference (a circular dependency), naming the fix', () => {
    // GIVEN an alarm on the service's CPU, created before the service and naming it lazily
    const s = setup();
    let service: EssentialFargateService | undefined;
    const cpu = new cloudwatch.Alarm(s.stack, 'Cpu', {
      metric: new cloudwatch.Metric({
        namespace: 'AWS/ECS',
        metricName: 'CPUUtilization',
        dimensionsMap: { ClusterName: s.cluster.clusterName, ServiceName: Lazy.string({ produce: () => service!.service.serviceName }) },
      }),
      threshold: 90,
      evaluationPeriods: 1,
    });
    // WHEN
    service = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen(), rollbackAlarms: [cpu] });
    // THEN
    expect(() => Template.fromStack(s.stack)).toThrow(/'rollbackAlarms' alarm 'Test\/Cpu' watches a metric of this service and is listed by reference.*cloudwatch.Alarm.fromAlarmName/);
  });

  test('the same alarm with a fixed name, passed by name, synthesizes', () => {
    const s = setup();
    const service = new EssentialFargateService(s.stack, 'Orders', {
      image, cluster: s.cluster, rollout: Rollout.blueGreen(), rollbackAlarms: [cloudwatch.Alarm.fromAlarmName(s.stack, 'CpuRef', 'orders-cpu')],
    });
    new cloudwatch.Alarm(s.stack, 'Cpu', { alarmName: 'orders-cpu', metric: service.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 1 });
    const template = Template.fromStack(s.stack);
    expect(deploymentAlarmNames(template)[0]).toBe('orders-cpu');
  });
});

describe('alarms on the service\'s own metrics (metricTargetErrorRate, addRollbackAlarm)', () => {
  test('metricTargetErrorRate watches both target groups of a blue/green service, and addRollbackAlarm rolls back on it', () => {
    // GIVEN
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, rollout: Rollout.blueGreen() });
    // WHEN
    const alarm = web.metricTargetErrorRate().createAlarm(s.stack, 'Checkout5xx', { threshold: 2, evaluationPeriods: 3 });
    web.addRollbackAlarm(alarm);
    // THEN
    const template = Template.fromStack(s.stack);
    const [resource] = Object.values(template.findResources('AWS::CloudWatch::Alarm', {
      Properties: { EvaluationPeriods: 3, Threshold: 2 },
    })) as any[];
    const groups = resource.Properties.Metrics.filter((m: any) => m.MetricStat)
      .map((m: any) => JSON.stringify(m.MetricStat.Metric.Dimensions.find((d: any) => d.Name === 'TargetGroup').Value));
    expect(new Set(groups).size).toBe(2);
    expect(deploymentAlarmNames(template)).toContainEqual({ Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Checkout5xx') });
    expect(deploymentAlarmNames(template).length).toBe(5);
  });

  test('a rolling service without rollback alarms gets deployment alarms from addRollbackAlarm', () => {
    const s = setup();
    const web = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster });
    const alarm = web.metricTargetErrorRate().createAlarm(s.stack, 'Errors', { threshold: 5, evaluationPeriods: 2 });
    web.addRollbackAlarm(alarm);
    const template = Template.fromStack(s.stack);
    template.hasResourceProperties('AWS::ECS::Service', {
      DeploymentConfiguration: { Alarms: { AlarmNames: [{ Ref: logicalIdOf(template, 'AWS::CloudWatch::Alarm', 'Errors') }], Enable: true, Rollback: true } },
    });
  });

  test('fails when metricTargetErrorRate is asked of a service without a load balancer', () => {
    const s = setup();
    const worker = new EssentialFargateService(s.stack, 'Orders', { image, cluster: s.cluster, loadBalancing: LoadBalancing.none() });
    expect(() => worker.metricTargetErrorRate()).toThrow(/metricTargetErrorRate\(\) needs a load balancer/);
  });
});

describe('blue/green on a shared listener with non-forward actions', () => {
  test('an info names the listener\'s non-forward actions (ECS once listed the mix as unsupported)', () => {
    const s = setup();
    const listener = sharedListener(s); // default action: fixed-response 404
    new EssentialFargateService(s.stack, 'Orders', {
      image, cluster: s.cluster, rollout: Rollout.blueGreen(), loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/orders*'] }),
    });
    Annotations.fromStack(s.stack).hasInfo('/Test/Orders', Match.stringLikeRegexp("shared listener 'Test/SharedAlb/Http' also has fixed-response actions"));
  });
});
