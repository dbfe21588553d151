import { Annotations, Stack, Token } from 'aws-cdk-lib';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as cloudmap from 'aws-cdk-lib/aws-servicediscovery';
import { Construct, IConstruct } from 'constructs';
import { awsLogDriver } from './application-container';
import { serviceConnectTestTrafficRules } from './test-traffic';
import { isKnown } from './validation';
import type { RolloutTestTrafficOptions } from '../deployment/rollout-options';
import type { IEssentialService } from '../service/essential-service';
import type { ServiceConnectMode } from '../service-connect/service-connect-mode';

/** The DNS name a Service Connect server publishes when none is given: the construct id in lower case. */
export function defaultDnsName(scope: IConstruct): string {
  return scope.node.id.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'service';
}

/** The address Service Connect clients call, e.g. `http://orders:8080`; undefined unless a server. */
export function serviceConnectEndpoint(scope: IConstruct, sc: ServiceConnectMode | undefined, containerPort: number): string | undefined {
  if (!sc?.isServer) {
    return undefined;
  }
  const address = `${sc._dnsNameFor(defaultDnsName(scope))}:${sc._portFor(containerPort)}`;
  return sc.appProtocol === ecs.AppProtocol.grpc ? address : `http://${address}`;
}

/** What Service Connect needs from the service it is enabled on. */
export interface ServiceConnectContext {
  readonly service: ecs.BaseService;
  readonly cluster: ecs.ICluster;
  readonly containerPort: number;
  readonly logGroup: logs.ILogGroup;
  readonly serviceName?: string;
  /** Requests a traffic-shifting rollout sends to the new tasks during its test phase. */
  readonly testTraffic?: RolloutTestTrafficOptions;
}

/** Enable Service Connect on the service with unique names, proxy logs and the deployment-controller check. */
export function enableServiceConnect(scope: Construct, sc: ServiceConnectMode, context: ServiceConnectContext): void {
  const namespace = serviceConnectNamespace(scope, sc, context.cluster);
  const services = sc._servicesFor(defaultDnsName(scope), context.containerPort);
  for (const entry of services) {
    registerUniqueName(scope, namespace, 'discovery name', entry.discoveryName!);
    registerUniqueName(scope, namespace, 'DNS name', entry.dnsName!);
  }
  context.service.enableServiceConnect({
    namespace: namespace.namespaceArn,
    // A client publishes nothing: AWS expects no Services entry at all.
    // aws-cdk-lib checks the alias port at synth and reads a token as a number out of range: a token port
    // goes to the L1 below instead ("tokens skip checks").
    services: services.length > 0 ? services.map((entry) => (isKnown(entry.port) ? entry : { ...entry, port: undefined })) : undefined,
    logDriver: awsLogDriver(context.logGroup, 'service-connect'),
  });
  // The L2's ServiceConnectService has no test traffic rules (aws-cdk-lib 2.257): the L1 property, on each alias.
  const cfn = context.service.node.defaultChild as ecs.CfnService;
  services.forEach((entry, i) => {
    if (entry.port !== undefined && Token.isUnresolved(entry.port)) {
      cfn.addPropertyOverride(`ServiceConnectConfiguration.Services.${i}.ClientAliases.0.Port`, entry.port);
    }
  });
  if (context.testTraffic !== undefined) {
    services.forEach((_, i) => cfn.addPropertyOverride(`ServiceConnectConfiguration.Services.${i}.ClientAliases.0.TestTrafficRules`,
      serviceConnectTestTrafficRules(context.testTraffic!)));
  }
  if (services.length > 0) {
    // AWS::ECS::Service: an update that replaces a service with a ServiceConnectConfiguration fails (the
    // new service is created first and its Service Connect names collide), named or not (aws-facts Q11).
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:serviceConnectReplacement',
      'This service publishes Service Connect names: CloudFormation cannot replace it in one update (the new service is ' +
      'created before the old one is deleted, and its discovery and DNS names collide). Props that replace the service — ' +
      `${context.serviceName !== undefined ? 'serviceName (fixed here), ' : ''}the cluster, the launch type or capacity-provider kind, ` +
      'the deployment controller, the load balancer\'s container name or port, and the construct id — must change in two ' +
      'deployments: first give serviceConnect a new discoveryName and dnsName (or ServiceConnectMode.client()), deploy, then ' +
      'make the replacing change. Acknowledge this warning once you know it.');
  }
  // Only the ECS deployment controller supports Service Connect; an escape hatch could change it.
  const cfnService = cfn;
  scope.node.addValidation({
    validate: () => {
      const controller = Stack.of(scope).resolve(cfnService.deploymentController) as { type?: string } | undefined;
      const type = controller?.type;
      return type === undefined || type === 'ECS' ? [] : [`'serviceConnect' needs the ECS deployment controller (rolling or ECS blue/green); CODE_DEPLOY and EXTERNAL do not support Service Connect, got ${type}`];
    },
  });
}

/**
 * Let `client` call `server` through Service Connect: a security-group rule to the server's port and
 * a dependency so that the server deploys first.
 */
export function connectServices(client: IEssentialService, server: IEssentialService): void {
  const problems: string[] = [];
  if (!client.serviceConnect) {
    problems.push(`'serviceConnect' is not set on ${client.node.path}: give it ServiceConnectMode.client() or ServiceConnectMode.server() to call '${server.node.path}'`);
  }
  if (!server.serviceConnect?.isServer) {
    problems.push(`connectTo() needs a Service Connect server, but '${server.node.path}' has ${server.serviceConnect ? 'ServiceConnectMode.client()' : 'no serviceConnect'}: give it serviceConnect: ServiceConnectMode.server(...)`);
  }
  if (server === client) {
    problems.push(`connectTo() needs another service, got '${client.node.path}' itself`);
  }
  if (client.cluster.vpc !== server.cluster.vpc) {
    problems.push('connectTo() needs both services in one VPC (Service Connect proxies reach each other\'s tasks directly): ' +
      `'${client.node.path}' runs in '${client.cluster.vpc.node.path}', '${server.node.path}' in '${server.cluster.vpc.node.path}'`);
  }
  const clientNamespace = namespaceOf(client);
  const serverNamespace = namespaceOf(server);
  if (clientNamespace && serverNamespace && clientNamespace !== serverNamespace) {
    problems.push('connectTo() needs both services in one Service Connect namespace (a client resolves the names of its own namespace only): ' +
      `'${client.node.path}' uses '${clientNamespace.node.path}', '${server.node.path}' uses '${serverNamespace.node.path}'`);
  }
  if (problems.length > 0) {
    throw new Error(`${client.constructor.name} '${client.node.path}': ${problems.join('; ')}`);
  }
  const port = ec2.Port.tcp(server.containerPort);
  const description = `Service Connect from ${client.node.id}`;
  for (const serverGroup of server.service.connections.securityGroups) {
    for (const clientGroup of client.service.connections.securityGroups) {
      // The same rule Connections.allowTo() writes (remote, so it lives beside the client's group) ...
      serverGroup.addIngressRule(clientGroup, port, description, true);
      // ... without its egress rule on groups that allow all outbound anyway: CDK ignores it there
      // and prints a warning for every client.
      if (!clientGroup.allowAllOutbound) {
        clientGroup.addEgressRule(serverGroup, port, description);
      }
    }
  }
  // Servers must exist before clients start: a task only resolves endpoints that existed at its start.
  // Between the two service resources only: the security-group rule above references both services' groups.
  // A construct dependency between the two L1s renders DependsOn on every aws-cdk-lib version
  // (CfnResource.addDependency is deprecated from 2.27x on).
  // Two client-servers that call each other cannot both deploy first: the first connectTo() of the pair
  // sets the order, the second adds only its rules (a DependsOn both ways is a cycle CloudFormation rejects).
  const clientResource = client.service.node.defaultChild!;
  const serverResource = server.service.node.defaultChild!;
  if (serverResource.node.dependencies.includes(clientResource)) {
    Annotations.of(client).addInfo(`'${client.node.path}' and '${server.node.path}' call each other through Service Connect: ` +
      `'${client.node.path}' deploys first (the first connectTo() of the pair set the order); its tasks resolve '${server.node.path}' ` +
      'once they restart after the first deployment of both');
    return;
  }
  clientResource.node.addDependency(serverResource);
}

/** The namespace a service of this app joined with Service Connect, when it can be known at synth. */
function namespaceOf(service: IEssentialService): IConstruct | undefined {
  return service.serviceConnect?.namespace ?? service.cluster.defaultCloudMapNamespace;
}

/** The explicit namespace, the cluster's default, or a new HTTP namespace on a cluster of this app. */
function serviceConnectNamespace(scope: Construct, sc: ServiceConnectMode, cluster: ecs.ICluster): cloudmap.INamespace {
  if (sc.namespace) {
    return sc.namespace;
  }
  const existing = cluster.defaultCloudMapNamespace;
  if (existing) {
    return existing;
  }
  if (cluster instanceof ecs.Cluster) {
    const stackName = Stack.of(cluster).stackName;
    const name = Token.isUnresolved(stackName) ? 'service-connect.internal' : `${stackName.toLowerCase()}.internal`;
    return cluster.addDefaultCloudMapNamespace({ name, type: cloudmap.NamespaceType.HTTP, useForServiceConnect: true });
  }
  throw new Error(`${scope.constructor.name} '${scope.node.path}': 'serviceConnect' needs a namespace, but the imported cluster ` +
    `'${cluster.node.path}' has no default Service Connect namespace: pass ServiceConnectMode.server({ namespace }) / client({ namespace }), ` +
    'or import the cluster with defaultCloudMapNamespace, or call cluster.addDefaultCloudMapNamespace({ name, type: NamespaceType.HTTP, useForServiceConnect: true }) where it is defined');
}

/** Discovery and DNS names already used per namespace, per app: names must be unique in a namespace. */
const usedNames = new WeakMap<object, Map<string, string>>();

function registerUniqueName(owner: Construct, namespace: cloudmap.INamespace, kind: string, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  const root = owner.node.root;
  const names = usedNames.get(root) ?? new Map<string, string>();
  usedNames.set(root, names);
  const key = `${namespace.node.path}|${kind}|${name}`;
  const other = names.get(key);
  if (other !== undefined && other !== owner.node.path) {
    throw new Error(`${owner.constructor.name} '${owner.node.path}': Service Connect ${kind} '${name}' is already used by '${other}' ` +
      `in namespace '${namespace.node.path}': names must be unique in a namespace, set serviceConnect ${kind === 'DNS name' ? 'dnsName' : 'discoveryName'}`);
  }
  names.set(key, owner.node.path);
}
