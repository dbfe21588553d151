import { App, Duration, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cloudmap from 'aws-cdk-lib/aws-servicediscovery';
import {
  CapacityMix, EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialFargateServiceProps, LoadBalancing, ServiceConnectMode,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

function setup(): { stack: Stack; cluster: ecs.Cluster } {
  const stack = new Stack(new App(), 'Shop');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  return { stack, cluster: new ecs.Cluster(stack, 'Cluster', { vpc }) };
}

function service(stack: Stack, id: string, props: Partial<EssentialFargateServiceProps>): EssentialFargateService {
  return new EssentialFargateService(stack, id, { image, loadBalancing: LoadBalancing.none(), ...props });
}

function serviceResource(template: Template, idPrefix: string): any {
  const [, resource] = Object.entries(template.findResources('AWS::ECS::Service')).find(([k]) => k.startsWith(idPrefix))!;
  return resource;
}

describe('ServiceConnectMode server', () => {
  test('publishes a named http port with the construct id as DNS and discovery name', () => {
    const { stack, cluster } = setup();
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Name: 'app',
        PortMappings: [{ ContainerPort: 8080, Protocol: 'tcp', Name: 'http', AppProtocol: 'http' }],
      })]),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: {
        Enabled: true,
        Namespace: Match.anyValue(),
        Services: [{ PortName: 'http', DiscoveryName: 'orders', ClientAliases: [{ DnsName: 'orders', Port: 8080 }] }],
        LogConfiguration: {
          LogDriver: 'awslogs',
          Options: Match.objectLike({ 'awslogs-stream-prefix': 'service-connect', 'mode': 'non-blocking' }),
        },
      },
    });
    expect(orders.serviceConnectEndpoint).toBe('http://orders:8080');
  });

  test('adds 256 CPU units and 64 MiB for the proxy, rounded up to a valid Fargate size', () => {
    const { stack, cluster } = setup();
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    Template.fromStack(stack).hasResource('AWS::ECS::TaskDefinition', {
      Properties: Match.objectLike({ Cpu: '512', Memory: '1024' }),
      Metadata: { 'cdk-ecs-essentials:serviceConnectProxy': { requestedCpu: 256, requestedMemoryMiB: 512, proxyCpu: 256, proxyMemoryMiB: 64 } },
    });
    expect([orders.taskCpu, orders.taskMemoryMiB]).toEqual([512, 1024]);
  });

  test('headroom is overridable and can be turned off', () => {
    const { stack, cluster } = setup();
    service(stack, 'Big', { cluster, cpu: 1024, memoryLimitMiB: 2048, serviceConnect: ServiceConnectMode.server({ proxyCpu: 512, proxyMemoryMiB: 192 }) });
    service(stack, 'Off', { cluster, serviceConnect: ServiceConnectMode.server({ addProxyHeadroom: false }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: Match.stringLikeRegexp('Big'), Cpu: '2048', Memory: '4096' });
    template.hasResourceProperties('AWS::ECS::TaskDefinition', { Family: Match.stringLikeRegexp('Off'), Cpu: '256', Memory: '512' });
  });

  test('creates an HTTP namespace on a cluster of this app that has none, used as the cluster default', () => {
    const { stack, cluster } = setup();
    service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    service(stack, 'Payments', { cluster, serviceConnect: ServiceConnectMode.server() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    template.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'shop.internal' });
    template.hasResourceProperties('AWS::ECS::Cluster', { ServiceConnectDefaults: { Namespace: Match.anyValue() } });
  });

  test('uses the cluster default namespace when there is one', () => {
    const { stack, cluster } = setup();
    cluster.addDefaultCloudMapNamespace({ name: 'corp.local', type: cloudmap.NamespaceType.HTTP, useForServiceConnect: true });
    service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'corp.local' });
  });

  test('an explicit namespace wins', () => {
    const { stack, cluster } = setup();
    const namespace = new cloudmap.HttpNamespace(stack, 'Ns', { name: 'explicit.local' });
    service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ namespace }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    expect(JSON.stringify(serviceResource(template, 'Orders').Properties.ServiceConnectConfiguration.Namespace)).toContain('Ns');
  });

  test('every server option reaches the template', () => {
    const { stack, cluster } = setup();
    const grpc = service(stack, 'Inventory', {
      cluster,
      containerPort: 50051,
      serviceConnect: ServiceConnectMode.server({
        portName: 'grpc',
        discoveryName: 'inventory-v2',
        dnsName: 'inventory.internal',
        port: 443,
        appProtocol: ecs.AppProtocol.grpc,
        idleTimeout: Duration.minutes(10),
        perRequestTimeout: Duration.seconds(30),
      }),
    });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Services: [{
          PortName: 'grpc',
          DiscoveryName: 'inventory-v2',
          ClientAliases: [{ DnsName: 'inventory.internal', Port: 443 }],
          Timeout: { IdleTimeoutSeconds: 600, PerRequestTimeoutSeconds: 30 },
        }],
      }),
    });
    expect(grpc.serviceConnectEndpoint).toBe('inventory.internal:443');
  });
});

describe('ServiceConnectMode client and connectTo', () => {
  test('a client joins the namespace and publishes nothing', () => {
    const { stack, cluster } = setup();
    const web = service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.client() });
    const sc = serviceResource(Template.fromStack(stack), 'Web').Properties.ServiceConnectConfiguration;
    expect(sc.Enabled).toBe(true);
    expect(sc.Services).toBeUndefined();
    expect(web.serviceConnectEndpoint).toBeUndefined();
  });

  test('connectTo opens the server port to the client and deploys the server first', () => {
    const { stack, cluster } = setup();
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    const web = service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.client() });
    web.connectTo(orders);
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', {
      FromPort: 8080,
      ToPort: 8080,
      IpProtocol: 'tcp',
      Description: 'Service Connect from Web',
    });
    const ordersId = Object.keys(template.findResources('AWS::ECS::Service')).find((k) => k.startsWith('Orders'))!;
    expect(serviceResource(template, 'Web').DependsOn).toEqual(expect.arrayContaining([ordersId]));
  });

  test('a client-server can be a client of another server', () => {
    const { stack, cluster } = setup();
    const payments = service(stack, 'Payments', { cluster, serviceConnect: ServiceConnectMode.server() });
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    orders.connectTo(payments);
    const template = Template.fromStack(stack);
    const paymentsId = Object.keys(template.findResources('AWS::ECS::Service')).find((k) => k.startsWith('Payments'))!;
    expect(serviceResource(template, 'Orders').DependsOn).toEqual(expect.arrayContaining([paymentsId]));
  });
});

describe('ServiceConnectMode validation', () => {
  test('fails when connectTo targets a service that is not a server', () => {
    const { stack, cluster } = setup();
    const a = service(stack, 'A', { cluster, serviceConnect: ServiceConnectMode.client() });
    const b = service(stack, 'B', { cluster, serviceConnect: ServiceConnectMode.client() });
    const c = service(stack, 'C', { cluster });
    expect(() => a.connectTo(b)).toThrow(/connectTo\(\) needs a Service Connect server, but 'Shop\/B' has ServiceConnectMode.client\(\)/);
    expect(() => c.connectTo(a)).toThrow(/'serviceConnect' is not set on Shop\/C/);
  });

  test('fails when a client is given server fields (JavaScript callers)', () => {
    const { stack, cluster } = setup();
    expect(() => service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.client({ portName: 'http' } as any) }))
      .toThrow(/'serviceConnect.portName' is only for ServiceConnectMode.server\(\): a client publishes no endpoint, got 'http'/);
  });

  test('fails when two servers publish the same DNS or discovery name in one namespace', () => {
    const { stack, cluster } = setup();
    service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName: 'api' }) });
    expect(() => service(stack, 'Payments', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName: 'api' }) }))
      .toThrow(/Service Connect discovery name 'api' is already used by 'Shop\/Orders'/);
    expect(() => service(stack, 'Billing', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName: 'api', discoveryName: 'billing' }) }))
      .toThrow(/Service Connect DNS name 'api' is already used by 'Shop\/Orders'.*set serviceConnect dnsName/);
  });

  test('fails when names are not valid Service Connect names', () => {
    const { stack, cluster } = setup();
    expect(() => service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ portName: 'HTTP!', dnsName: 'Bad-Name', port: 0 }) }))
      .toThrow(/'serviceConnect.portName' must be 1–64 lowercase letters, digits, '_' or '-' and not start with '-', got 'HTTP!'[\s\S]*'serviceConnect.dnsName' must be 1–127 lowercase letters, digits, '_', '-' or '.' and not start with '-', got 'Bad-Name'[\s\S]*'serviceConnect.port' must be an integer from 1 to 65535, got 0/);
  });

  test('accepts the DNS names the ECS API accepts: lowercase, digits, _, - and ., up to 127 characters', () => {
    // ECS API ServiceConnectClientAlias.dnsName
    for (const dnsName of ['orders_v2', 'orders.shop.internal', '_orders', 'a'.repeat(127)]) {
      const { stack, cluster } = setup();
      service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName, discoveryName: 'orders' }) });
      Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
        ServiceConnectConfiguration: Match.objectLike({ Services: [Match.objectLike({ ClientAliases: [Match.objectLike({ DnsName: dnsName })] })] }),
      });
    }
  });

  test('fails when the DNS name has uppercase letters, starts with a hyphen or is longer than 127 characters', () => {
    for (const dnsName of ['Orders', '-orders', 'a'.repeat(128), 'orders!']) {
      const { stack, cluster } = setup();
      expect(() => service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName, discoveryName: 'orders' }) }))
        .toThrow(`'serviceConnect.dnsName' must be 1–127 lowercase letters, digits, '_', '-' or '.' and not start with '-', got '${dnsName}'`);
    }
  });

  test('fails for Windows tasks', () => {
    const { stack, cluster } = setup();
    expect(() => service(stack, 'Win', {
      cluster,
      operatingSystemFamily: ecs.OperatingSystemFamily.WINDOWS_SERVER_2022_CORE,
      cpu: 1024,
      memoryLimitMiB: 2048,
      capacity: CapacityMix.onDemandOnly(),
      serviceConnect: ServiceConnectMode.client(),
    })).toThrow(/'serviceConnect' does not support Windows tasks/);
  });

  test('fails when an imported cluster has no namespace, saying how to add one', () => {
    const stack = new Stack(new App(), 'Shop');
    const vpc = new ec2.Vpc(stack, 'Vpc');
    const cluster = ecs.Cluster.fromClusterAttributes(stack, 'Imported', { clusterName: 'shared', vpc });
    expect(() => service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() }))
      .toThrow(/'serviceConnect' needs a namespace, but the imported cluster .* has no default Service Connect namespace: pass ServiceConnectMode.server\(\{ namespace \}\)/);
  });

  test('fails at synth when an escape hatch switches to the CODE_DEPLOY controller', () => {
    const { stack, cluster } = setup();
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    (orders.service.node.defaultChild as ecs.CfnService).deploymentController = { type: 'CODE_DEPLOY' };
    expect(() => Template.fromStack(stack)).toThrow(/'serviceConnect' needs the ECS deployment controller.*got CODE_DEPLOY/);
  });

  test('fails when no Fargate size fits the proxy headroom', () => {
    const { stack, cluster } = setup();
    expect(() => service(stack, 'Huge', { cluster, cpu: 16384, memoryLimitMiB: 122880, serviceConnect: ServiceConnectMode.server() }))
      .toThrow(/no Fargate size fits cpu 16384 \+ 256 and memoryLimitMiB 122880 \+ 64/);
  });

  test('warns (acknowledgeably) on every server, named or not, that a replacement fails, with the way out', () => {
    const { stack, cluster } = setup();
    service(stack, 'Orders', { cluster, serviceName: 'orders', serviceConnect: ServiceConnectMode.server() });
    service(stack, 'Users', { cluster, serviceConnect: ServiceConnectMode.server() });
    service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.client() });
    const annotations = Annotations.fromStack(stack);
    annotations.hasWarning('/Shop/Orders', Match.stringLikeRegexp('serviceName \\(fixed here\\).*first give serviceConnect a new discoveryName'));
    annotations.hasWarning('/Shop/Users', Match.stringLikeRegexp('cdk-ecs-essentials:serviceConnectReplacement'));
    annotations.hasNoWarning('/Shop/Web', Match.stringLikeRegexp('cdk-ecs-essentials:serviceConnectReplacement'));
  });

  test('a server whose dnsName has a dot (valid) gets a valid discovery name derived from it', () => {
    const { stack, cluster } = setup();
    service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server({ dnsName: 'orders_v2.internal' }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({
        Services: [Match.objectLike({ DiscoveryName: 'orders_v2-internal', ClientAliases: [Match.objectLike({ DnsName: 'orders_v2.internal' })] })],
      }),
    });
  });
});

describe('ServiceConnectMode on EC2', () => {
  test('sets task-level memory and CPU with the proxy headroom (Service Connect needs a task memory limit)', () => {
    const { stack, cluster } = setup();
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster });
    new EssentialEc2Service(stack, 'Api', {
      cluster,
      capacity,
      image,
      loadBalancing: LoadBalancing.none(),
      memoryLimitMiB: 512,
      cpu: 256,
      serviceConnect: ServiceConnectMode.server(),
    });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      Memory: '576',
      Cpu: '512',
      // The sizes are the task's: the application container has no limits of its own.
      ContainerDefinitions: Match.arrayWith([Match.objectLike({
        Name: 'app', Memory: Match.absent(), Cpu: Match.absent(), PortMappings: [Match.objectLike({ Name: 'http', AppProtocol: 'http' })],
      })]),
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Enabled: true, Services: [Match.objectLike({ DiscoveryName: 'api' })] }),
    });
  });
});

describe('connectTo between two client-servers', () => {
  test('two services that call each other synthesize: one DependsOn, rules both ways, no cycle', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const orders = service(stack, 'Orders', { cluster, serviceConnect: ServiceConnectMode.server() });
    const users = service(stack, 'Users', { cluster, serviceConnect: ServiceConnectMode.server() });
    // WHEN
    orders.connectTo(users);
    users.connectTo(orders);
    // THEN the first connectTo() sets the order; the template has no cycle (synthesis would throw)
    const template = Template.fromStack(stack);
    const ordersResource = serviceResource(template, 'Orders');
    const usersResource = serviceResource(template, 'Users');
    expect(ordersResource.DependsOn).toEqual(expect.arrayContaining([expect.stringMatching(/^UsersService/)]));
    expect((usersResource.DependsOn ?? []).filter((d: string) => d.startsWith('OrdersService'))).toEqual([]);
    const rules = Object.values(template.findResources('AWS::EC2::SecurityGroupIngress')).map((r) => r.Properties.Description);
    expect(rules).toEqual(expect.arrayContaining(['Service Connect from Orders', 'Service Connect from Users']));
    Annotations.fromStack(stack).hasInfo('/Shop/Users', Match.stringLikeRegexp('call each other through Service Connect'));
  });

  test('fails when client and server run in different VPCs, naming both', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const other = new ecs.Cluster(stack, 'Other', { vpc: new ec2.Vpc(stack, 'OtherVpc', { maxAzs: 2 }) });
    const web = service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.client() });
    const orders = service(stack, 'Orders', { cluster: other, serviceConnect: ServiceConnectMode.server() });
    // WHEN / THEN
    expect(() => web.connectTo(orders)).toThrow(/connectTo\(\) needs both services in one VPC .*'Shop\/Web' runs in 'Shop\/Vpc', 'Shop\/Orders' in 'Shop\/OtherVpc'/);
  });

  test('fails when client and server are in different namespaces of one VPC, naming both', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const other = new ecs.Cluster(stack, 'Other', { vpc: cluster.vpc });
    const web = service(stack, 'Web', { cluster, serviceConnect: ServiceConnectMode.server() });
    const orders = service(stack, 'Orders', { cluster: other, serviceConnect: ServiceConnectMode.server() });
    // WHEN / THEN
    expect(() => web.connectTo(orders)).toThrow(/one Service Connect namespace .*'Shop\/Web' uses 'Shop\/Cluster\/DefaultServiceDiscoveryNamespace', 'Shop\/Orders' uses 'Shop\/Other\/DefaultServiceDiscoveryNamespace'/);
  });
});

describe('Service Connect proxy headroom, said at synth', () => {
  test('an info names the size asked for, the size given and the price of each', () => {
    const stack = new Stack(new App(), 'Headroom');
    new EssentialFargateService(stack, 'Api', {
      image: ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable'),
      serviceConnect: ServiceConnectMode.server(),
    });
    Annotations.fromStack(stack).hasInfo('/Headroom/Api', Match.stringLikeRegexp(
      'raises the task from 256/512 to 512/1024 \\(cpu/MiB, the next Fargate size\\): \\$\\d+\\.\\d\\d → \\$\\d+\\.\\d\\d per task-month On-Demand \\(\\+100 %'));
  });
});
