import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import {
  EcsFault, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, IEssentialService, ILoadBalancedEssentialService,
  LoadBalancing, ServiceConnectMode,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

interface Setup {
  readonly stack: Stack;
  readonly cluster: ecs.Cluster;
  readonly capacity: EssentialEc2Capacity;
}

function setup(): Setup {
  const stack = new Stack(new App(), 'Shop');
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
  return { stack, cluster, capacity: new EssentialEc2Capacity(stack, 'Capacity', { cluster }) };
}

/** What a caller typed to the interface can read: every member of IEssentialService. */
function describeService(service: IEssentialService) {
  return {
    path: service.node.path,
    cluster: service.cluster,
    service: service.service,
    taskDefinition: service.taskDefinition,
    container: service.container.containerName,
    logGroup: service.logGroup,
    containerPort: service.containerPort,
    serviceConnect: service.serviceConnect,
    serviceConnectEndpoint: service.serviceConnectEndpoint,
    scalableTaskCount: service.scalableTaskCount,
    securityGroups: service.connections.securityGroups.length,
  };
}

/** What a caller typed to the load-balanced interface reads on top. */
function describeLoadBalanced(service: ILoadBalancedEssentialService) {
  return {
    ...describeService(service),
    targetGroup: service.targetGroup,
    loadBalancer: service.loadBalancer,
    listener: service.listener,
    alternateTargetGroup: service.alternateTargetGroup,
  };
}

function logicalIdOf(template: Template, type: string, prefix: string): string {
  const id = Object.keys(template.findResources(type)).find((k) => k.startsWith(prefix));
  expect(id).toBeDefined();
  return id!;
}

describe('IEssentialService', () => {
  test('a function typed to take IEssentialService accepts both variants', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    const web = new EssentialFargateService(stack, 'Web', { image, cluster, scaling: { maxCapacity: 4 } });
    const api = new EssentialEc2Service(stack, 'Api', {
      image, capacity, containerPort: 9090, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(),
    });
    // WHEN
    const [w, a] = [web, api].map(describeLoadBalanced);
    // THEN (identity checks: constructs are too large and cyclic for a deep comparison)
    expect(w.path).toBe('Shop/Web');
    expect(w.cluster).toBe(cluster);
    expect(w.service).toBe(web.service);
    expect(w.taskDefinition).toBe(web.taskDefinition);
    expect(w.logGroup).toBe(web.logGroup);
    expect(w.container).toBe('app');
    expect(w.containerPort).toBe(8080);
    expect(w.serviceConnect).toBeUndefined();
    expect(w.serviceConnectEndpoint).toBeUndefined();
    expect(w.targetGroup).toBe(web.targetGroup);
    expect(w.loadBalancer).toBe(web.loadBalancer);
    expect(w.listener).toBe(web.listener);
    expect(w.alternateTargetGroup).toBeUndefined();
    expect(w.scalableTaskCount).toBeInstanceOf(ecs.ScalableTaskCount);
    expect(w.securityGroups).toBe(1);

    expect(a.path).toBe('Shop/Api');
    expect(a.cluster).toBe(cluster);
    expect(a.service).toBe(api.service);
    expect(a.taskDefinition).toBe(api.taskDefinition);
    expect(a.logGroup).toBe(api.logGroup);
    expect(a.container).toBe('app');
    expect(a.containerPort).toBe(9090);
    expect(a.serviceConnect?.isServer).toBe(true);
    expect(a.serviceConnectEndpoint).toBe('http://api:9090');
    expect(a.targetGroup).toBeUndefined();
    expect(a.loadBalancer).toBeUndefined();
    expect(a.listener).toBeUndefined();
    expect(a.scalableTaskCount).toBeUndefined();
    expect(a.securityGroups).toBe(1);
    // and what the interface points at is in the template
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ECS::Service', 2);
    template.resourceCountIs('AWS::ApplicationAutoScaling::ScalableTarget', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Services: [Match.objectLike({ DiscoveryName: 'api', ClientAliases: [{ DnsName: 'api', Port: 9090 }] })] }),
    });
  });

  test('connectTo from a Fargate client to an EC2 server: ingress on the server port, server deploys first', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    const api = new EssentialEc2Service(stack, 'Api', {
      image, capacity, containerPort: 9090, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(),
    });
    const web = new EssentialFargateService(stack, 'Web', { image, cluster, serviceConnect: ServiceConnectMode.client() });
    // WHEN
    const client: IEssentialService = web;
    client.connectTo(api);
    // THEN
    const template = Template.fromStack(stack);
    const apiGroup = stack.resolve((api.connections.securityGroups[0] as ec2.SecurityGroup).securityGroupId);
    const webGroup = stack.resolve((web.connections.securityGroups[0] as ec2.SecurityGroup).securityGroupId);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      IpProtocol: 'tcp',
      FromPort: 9090,
      ToPort: 9090,
      GroupId: apiGroup,
      SourceSecurityGroupId: webGroup,
      Description: 'Service Connect from Web',
    });
    const apiServiceId = logicalIdOf(template, 'AWS::ECS::Service', 'ApiService');
    const webServiceId = logicalIdOf(template, 'AWS::ECS::Service', 'WebService');
    expect(template.toJSON().Resources[webServiceId].DependsOn).toEqual(expect.arrayContaining([apiServiceId]));
    expect(template.toJSON().Resources[apiServiceId].DependsOn ?? []).not.toContain(webServiceId);
    // both join the one namespace of the cluster
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
  });

  test('connectTo from an EC2 client to a Fargate server works the other way round', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    const orders = new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server() });
    const api = new EssentialEc2Service(stack, 'Api', { image, capacity, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.client() });
    // WHEN
    api.connectTo(orders);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080, Description: 'Service Connect from Api' });
    const ordersServiceId = logicalIdOf(template, 'AWS::ECS::Service', 'OrdersService');
    const apiServiceId = logicalIdOf(template, 'AWS::ECS::Service', 'ApiService');
    expect(template.toJSON().Resources[apiServiceId].DependsOn).toEqual(expect.arrayContaining([ordersServiceId]));
  });

  test('connectTo names the client when it has no Service Connect', () => {
    // GIVEN
    const { stack, cluster, capacity } = setup();
    const api = new EssentialEc2Service(stack, 'Api', { image, capacity, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server() });
    const web = new EssentialFargateService(stack, 'Web', { image, cluster });
    // WHEN / THEN
    expect(() => web.connectTo(api)).toThrow(/^EssentialFargateService 'Shop\/Web': 'serviceConnect' is not set on Shop\/Web/);
  });

  test('addChaosExperiments twice with two ids creates two sets of FIS experiment templates', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const web = new EssentialFargateService(stack, 'Web', { image, cluster, enableFaultInjection: true });
    const alarm = new cloudwatch.Alarm(stack, 'Alarm', { metric: web.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 1 });
    // WHEN
    const service = web;
    const cpu = service.addChaosExperiments('CpuChaos', { stopConditions: [alarm], faults: [EcsFault.cpuStress()] });
    const stops = service.addChaosExperiments('StopChaos', { stopConditions: [alarm], faults: [EcsFault.stopTask(), EcsFault.networkLatency()] });
    // THEN
    expect(cpu.node.path).toBe('Shop/Web/CpuChaos');
    expect(stops.node.path).toBe('Shop/Web/StopChaos');
    expect(cpu.experimentTemplates).toHaveLength(1);
    expect(stops.experimentTemplates).toHaveLength(2);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
    const templates = template.findResources('AWS::FIS::ExperimentTemplate');
    const ids = Object.keys(templates);
    expect(ids.filter((id) => id.startsWith('WebCpuChaos'))).toHaveLength(1);
    expect(ids.filter((id) => id.startsWith('WebStopChaos'))).toHaveLength(2);
    for (const resource of Object.values(templates)) {
      expect(resource.Properties.StopConditions).toEqual([{ Source: 'aws:cloudwatch:alarm', Value: { 'Fn::GetAtt': [expect.stringMatching(/^Alarm/), 'Arn'] } }]);
    }
  });

  test('addChaosExperiments works on an EC2 service', () => {
    // GIVEN
    const { stack, capacity } = setup();
    const api = new EssentialEc2Service(stack, 'Api', { image, capacity, enableFaultInjection: true, loadBalancing: LoadBalancing.none() });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors');
    // WHEN
    const service = api;
    service.addChaosExperiments('Chaos', { stopConditions: [alarm] });
    // THEN the three default faults
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::FIS::ExperimentTemplate', 3);
    template.hasResourceProperties('AWS::FIS::ExperimentTemplate', {
      StopConditions: [{ Source: 'aws:cloudwatch:alarm', Value: 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors' }],
    });
  });

  test('fails when addChaosExperiments is called twice with the same id', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const web = new EssentialFargateService(stack, 'Web', { image, cluster });
    const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'Alarm', 'arn:aws:cloudwatch:us-east-1:123456789012:alarm:errors');
    web.addChaosExperiments('Chaos', { stopConditions: [alarm], faults: [EcsFault.stopTask()] });
    // WHEN / THEN
    expect(() => web.addChaosExperiments('Chaos', { stopConditions: [alarm], faults: [EcsFault.stopTask()] })).toThrow(/There is already a Construct with name 'Chaos'/);
  });
});
