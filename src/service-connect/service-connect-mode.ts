import { Duration, Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as cloudmap from 'aws-cdk-lib/aws-servicediscovery';
import { SC_APP_PROTOCOL, SC_PORT_NAME, SC_PROXY_CPU, SC_PROXY_MEMORY_MIB } from '../private/defaults';
import * as limits from '../private/limits';
import { PropsValidator, describe } from '../private/validation';

/**
 * Options every Service Connect role shares.
 */
export interface ServiceConnectClientOptions {
  /**
   * The Cloud Map namespace to join.
   *
   * @default - the cluster's default Service Connect namespace; for a cluster defined in this app
   * without one, a new HTTP namespace is added to the cluster
   */
  readonly namespace?: cloudmap.INamespace;

  /**
   * Add CPU and memory for the Service Connect proxy (Envoy) to the task's size: on Fargate rounded
   * up to the next valid Fargate size, on EC2 added as is. The proxy uses the task's unallocated CPU
   * and memory.
   *
   * @default true
   */
  readonly addProxyHeadroom?: boolean;

  /**
   * CPU units reserved for the proxy. AWS recommends 256, and 512 above 500 requests per second.
   *
   * @default 256
   */
  readonly proxyCpu?: number;

  /**
   * Memory (MiB) reserved for the proxy. AWS recommends at least 64, plus 128 above 100 Service
   * Connect services or 2,000 tasks in the namespace.
   *
   * @default 64
   */
  readonly proxyMemoryMiB?: number;
}

/**
 * Options of a client-server service: one that publishes an endpoint.
 */
export interface ServiceConnectServerOptions extends ServiceConnectClientOptions {
  /**
   * Name of the container port mapping (lowercase letters, digits, `_` and `-`, up to 64 characters).
   *
   * @default 'http'
   */
  readonly portName?: string;

  /**
   * Cloud Map service name, unique in the namespace.
   *
   * @default - the DNS name
   */
  readonly discoveryName?: string;

  /**
   * Host name clients call, e.g. `orders` for `http://orders:8080`; unique in the namespace.
   * Up to 127 lowercase letters, digits, `_`, `-` and `.`, not starting with `-`.
   *
   * @default - the service construct's id in lower case, e.g. 'orders' for `new EssentialFargateService(this, 'Orders', …)`
   */
  readonly dnsName?: string;

  /**
   * Port clients call.
   *
   * @default - the container port
   */
  readonly port?: number;

  /**
   * Application protocol of the port: HTTP, HTTP/2 or gRPC give L7 metrics and per-request timeouts.
   *
   * @default ecs.AppProtocol.http
   */
  readonly appProtocol?: ecs.AppProtocol;

  /**
   * How long a connection may stay idle (0 disables the timeout).
   *
   * @default - Duration.minutes(5) for HTTP, HTTP/2 and gRPC
   */
  readonly idleTimeout?: Duration;

  /**
   * How long one request may take.
   *
   * @default - Duration.seconds(15)
   */
  readonly perRequestTimeout?: Duration;
}

/**
 * A service's role in Service Connect.
 *
 * A client calls endpoints in its namespace; a client-server also publishes one. Servers must be
 * running before clients start (a task only resolves endpoints that existed when it started):
 * `client.connectTo(server)` adds that ordering and the security-group rule.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-concepts-deploy.html
 */
export class ServiceConnectMode {
  /** A client: calls other services' endpoints, publishes none. */
  public static client(options: ServiceConnectClientOptions = {}): ServiceConnectMode {
    return new ServiceConnectMode(false, options);
  }

  /** A client-server: publishes an endpoint (and can call others too). */
  public static server(options: ServiceConnectServerOptions = {}): ServiceConnectMode {
    return new ServiceConnectMode(true, options);
  }

  /** True when the service publishes an endpoint. */
  public readonly isServer: boolean;

  /** The namespace given explicitly, if any. */
  public readonly namespace?: cloudmap.INamespace;

  /** Whether proxy CPU and memory are added to the task. */
  public readonly addProxyHeadroom: boolean;

  /** CPU units added for the proxy (0 when headroom is off). */
  public readonly proxyCpu: number;

  /** Memory (MiB) added for the proxy (0 when headroom is off). */
  public readonly proxyMemoryMiB: number;

  private readonly serverOptions: ServiceConnectServerOptions;

  private constructor(isServer: boolean, options: ServiceConnectServerOptions) {
    this.isServer = isServer;
    this.serverOptions = options;
    this.namespace = options.namespace;
    this.addProxyHeadroom = options.addProxyHeadroom ?? true;
    this.proxyCpu = this.addProxyHeadroom ? options.proxyCpu ?? SC_PROXY_CPU : 0;
    this.proxyMemoryMiB = this.addProxyHeadroom ? options.proxyMemoryMiB ?? SC_PROXY_MEMORY_MIB : 0;
  }

  /** Port mapping name of a server. */
  public get portName(): string | undefined {
    return this.isServer ? this.serverOptions.portName ?? SC_PORT_NAME : undefined;
  }

  /** Application protocol of a server's port. */
  public get appProtocol(): ecs.AppProtocol | undefined {
    return this.isServer ? this.serverOptions.appProtocol ?? SC_APP_PROTOCOL : undefined;
  }

  /**
   * The DNS name a server publishes.
   *
   * @param defaultName the name used when none was given (the service's construct id)
   *
   * @internal
   */
  public _dnsNameFor(defaultName: string): string | undefined {
    return this.isServer ? this.serverOptions.dnsName ?? defaultName : undefined;
  }

  /**
   * The Cloud Map discovery name a server publishes.
   *
   * @internal
   */
  public _discoveryNameFor(defaultName: string): string | undefined {
    if (!this.isServer) {
      return undefined;
    }
    return this.serverOptions.discoveryName ?? discoveryNameFrom(this._dnsNameFor(defaultName)!);
  }

  /**
   * The port a server publishes.
   *
   * @internal
   */
  public _portFor(containerPort: number): number | undefined {
    return this.isServer ? this.serverOptions.port ?? containerPort : undefined;
  }

  /**
   * The service-connect service entries for the ECS service (empty for a client).
   *
   * @internal
   */
  public _servicesFor(defaultName: string, containerPort: number): ecs.ServiceConnectService[] {
    if (!this.isServer) {
      return [];
    }
    return [{
      portMappingName: this.portName!,
      discoveryName: this._discoveryNameFor(defaultName),
      dnsName: this._dnsNameFor(defaultName),
      port: this._portFor(containerPort),
      idleTimeout: this.serverOptions.idleTimeout,
      perRequestTimeout: this.serverOptions.perRequestTimeout,
    }];
  }

  /**
   * Problems with the options; empty when valid. Checked by the services at construction.
   *
   * @internal
   */
  public _validate(defaultName: string): string[] {
    const v = new PropsValidator();
    const o = this.serverOptions;
    v.integerInRange('serviceConnect.proxyCpu', o.proxyCpu, limits.SERVICE_CONNECT_PROXY_SIZE.min!, limits.SERVICE_CONNECT_PROXY_MAX_CPU);
    v.integerInRange('serviceConnect.proxyMemoryMiB', o.proxyMemoryMiB, limits.SERVICE_CONNECT_PROXY_SIZE.min!, limits.SERVICE_CONNECT_PROXY_SIZE.max!);
    if (!this.isServer) {
      // JavaScript callers can pass server fields to client(); a client publishes nothing.
      for (const field of ['portName', 'discoveryName', 'dnsName', 'port'] as const) {
        if (o[field] !== undefined) {
          v.fail(`'serviceConnect.${field}' is only for ServiceConnectMode.server(): a client publishes no endpoint, got ${describe(o[field])}`);
        }
      }
      return v.problems;
    }
    checkName(v, 'serviceConnect.portName', this.portName!);
    checkName(v, 'serviceConnect.discoveryName', this._discoveryNameFor(defaultName)!);
    const dns = this._dnsNameFor(defaultName)!;
    if (!Token.isUnresolved(dns) && !DNS_NAME.test(dns)) {
      v.fail(`'serviceConnect.dnsName' must be 1–${limits.SERVICE_CONNECT_DNS_NAME.max} lowercase letters, digits, '_', '-' or '.' and not start with '-', got '${dns}'`);
    }
    v.integerInRange('serviceConnect.port', o.port, limits.CONTAINER_PORT.min!, limits.CONTAINER_PORT.max!);
    v.durationInRange('serviceConnect.idleTimeout', o.idleTimeout, limits.SERVICE_CONNECT_TIMEOUT.min!, limits.SERVICE_CONNECT_TIMEOUT.max!);
    v.durationInRange('serviceConnect.perRequestTimeout', o.perRequestTimeout, limits.SERVICE_CONNECT_TIMEOUT.min!, limits.SERVICE_CONNECT_TIMEOUT.max!);
    return v.problems;
  }
}

/** Port mapping and discovery names (limits.SERVICE_CONNECT_NAME quotes the ECS API). */
const SC_NAME = new RegExp(limits.SERVICE_CONNECT_NAME.pattern!);
/** Client alias DNS names (limits.SERVICE_CONNECT_DNS_NAME quotes the ECS API). */
const DNS_NAME = new RegExp(limits.SERVICE_CONNECT_DNS_NAME.pattern!);

/**
 * The discovery name derived from a DNS name: the same name when it is a valid discovery name, else its
 * characters outside SC_NAME ('.' of `orders_v2.internal`) as '-', at most SERVICE_CONNECT_NAME.max characters. A DNS name may
 * hold dots, a discovery name may not, so a valid `dnsName` alone must never make the service fail.
 */
function discoveryNameFrom(dnsName: string): string {
  if (Token.isUnresolved(dnsName) || SC_NAME.test(dnsName)) {
    return dnsName;
  }
  const derived = dnsName.replace(/[^a-z0-9_-]/g, '-').replace(/^-+/, '').slice(0, limits.SERVICE_CONNECT_NAME.max).replace(/-+$/, '');
  return derived.length > 0 ? derived : 'service';
}

function checkName(v: PropsValidator, prop: string, value: string): void {
  if (!Token.isUnresolved(value) && !SC_NAME.test(value)) {
    v.fail(`'${prop}' must be 1–${limits.SERVICE_CONNECT_NAME.max} lowercase letters, digits, '_' or '-' and not start with '-', got '${value}'`);
  }
}
