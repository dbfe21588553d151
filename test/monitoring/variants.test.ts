import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fc from 'fast-check';
import { dashboardBody, image, metricsOf, setup, titles, widget } from './support';
import {
  EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialManagedInstancesCapacity, EssentialManagedInstancesService,
  EssentialServiceMonitoring, LoadBalancing,
} from '../../src';

describe('enableMonitoring on every service construct', () => {
  test('EssentialEc2Service: dashboard and alarms by its cluster and service', () => {
    // GIVEN
    const s = setup();
    const capacity = new EssentialEc2Capacity(s.stack, 'Capacity', { cluster: s.cluster });
    // WHEN
    const api = new EssentialEc2Service(s.stack, 'Api', { image, cluster: s.cluster, capacity, enableMonitoring: true });
    // THEN
    const template = Template.fromStack(s.stack);
    expect(api.monitoring?.alarmsOf(api).map((a) => a.node.id)).toEqual(['CpuHigh', 'MemoryHigh', 'TasksBelowDesired', 'Target5xxRate', 'TargetUnhealthy']);
    const tasks = metricsOf(widget(dashboardBody(template), 'Tasks: running vs desired'));
    expect(tasks[0].dimensions).toEqual({ ClusterName: 'Ref(ClusterEB0386A7)', ServiceName: expect.stringMatching(/^GetAtt\(ApiService[0-9A-F]{8}\.Name\)$/) });
  });

  test('EssentialManagedInstancesService: dashboard and alarms', () => {
    // GIVEN
    const s = setup();
    const capacity = new EssentialManagedInstancesCapacity(s.stack, 'Capacity', { cluster: s.cluster });
    // WHEN
    const api = new EssentialManagedInstancesService(s.stack, 'Api', { image, capacity, enableMonitoring: true, loadBalancing: LoadBalancing.none() });
    // THEN
    Template.fromStack(s.stack).resourceCountIs('AWS::CloudWatch::Dashboard', 1);
    expect(api.monitoring?.alarms.map((a) => a.node.id)).toEqual(['CpuHigh', 'MemoryHigh', 'TasksBelowDesired']);
  });
});

describe('Container Insights', () => {
  test('warns when a monitored service\'s cluster has no Container Insights', () => {
    // GIVEN
    const s = setup();
    const bare = new ecs.Cluster(s.stack, 'Bare', { vpc: s.vpc });
    // WHEN
    new EssentialFargateService(s.stack, 'Web', { image, cluster: bare, enableMonitoring: true });
    // THEN
    Annotations.fromStack(s.stack).hasWarning('/Test/Web/Monitoring',
      Match.stringLikeRegexp("Container Insights is not enabled on 'Test/Bare'.*ack: cdk-ecs-essentials:monitoringNeedsContainerInsights"));
  });

  test('no warning on a cluster with Container Insights', () => {
    // GIVEN
    const s = setup();
    // WHEN
    new EssentialFargateService(s.stack, 'Web', { image, cluster: s.cluster, enableMonitoring: true });
    // THEN
    Annotations.fromStack(s.stack).hasNoWarning('*', Match.stringLikeRegexp('monitoringNeedsContainerInsights'));
  });
});

describe('several services (property)', () => {
  test('any number of services: one header per service in order, rows no wider than 24, one alarm group per service', () => {
    fc.assert(fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }), (withAlb) => {
      // GIVEN
      const s = setup();
      const services = withAlb.map((alb, i) => new EssentialFargateService(s.stack, `Svc${i}`, {
        image, cluster: s.cluster, loadBalancing: alb ? LoadBalancing.publicAlb() : LoadBalancing.none(),
      }));
      // WHEN
      const monitoring = new EssentialServiceMonitoring(s.stack, 'Ops', { services });
      // THEN
      const dashboard = dashboardBody(Template.fromStack(s.stack));
      expect(titles(dashboard).filter((t) => t.startsWith('## '))).toEqual(services.map((x) => `## ${x.node.path}`));
      const rows = new Map<number, number>();
      dashboard.widgets.forEach((w: any) => rows.set(w.y, (rows.get(w.y) ?? 0) + w.width));
      expect(Math.max(...rows.values())).toBeLessThanOrEqual(24);
      services.forEach((x, i) => expect(monitoring.alarmsOf(x)).toHaveLength(withAlb[i] ? 5 : 3));
    }), { numRuns: 5 });
  });
});
