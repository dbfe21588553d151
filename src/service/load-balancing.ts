import { Token } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import * as route53targets from 'aws-cdk-lib/aws-route53-targets';
import { Construct } from 'constructs';
import { AlbAccessLogs } from './alb-access-logs';
import { EnvironmentListenerOptions } from './environment-listener-options';
import { attachToEnvironment, checkEnvironmentListener } from './private/environment-listener';
import { LoadBalancingBinding, LoadBalancingContext, attachToSharedListener, createOwnAlb } from './private/load-balancing-wiring';
import { SharedListenerOptions } from './shared-listener-options';
import type { EssentialEnvironment } from '../environment/essential-environment';
import { checkWebAclArn } from '../private/alb-hardening';
import * as defaults from '../private/defaults';
import { checkDomainName } from '../private/dns-checks';
import { dnsValidatedCertificate } from '../private/https-listener';
import { CONDITION_VALUES_PER_RULE, HOST_HEADER, LISTENER_RULE_PRIORITY, Limit, PATH_PATTERN } from '../private/limits';
import { PropsValidator } from '../private/validation';

/**
 * Options of a service's own Application Load Balancer.
 */
export interface AlbOptions {
  /**
   * Certificate for an HTTPS listener on port 443; port 80 then redirects to it.
   *
   * @default - an HTTP listener on port 80
   */
  readonly certificate?: acm.ICertificate;

  /**
   * The name the service answers at, e.g. `api.example.com`, with `hostedZone`: an alias A record to
   * the ALB and, without `certificate`, a DNS-validated certificate for it, so the ALB listens on
   * HTTPS and redirects HTTP (as aws-ecs-patterns does with `domainName` and `domainZone`).
   *
   * @default - no record; the service answers at the ALB's DNS name
   */
  readonly domainName?: string;

  /**
   * The public hosted zone of `domainName`: ACM writes the validation records and the alias record
   * goes into it. Give both or neither.
   *
   * @default - no record
   */
  readonly hostedZone?: route53.IHostedZone;

  /**
   * Write the ALB's access logs to S3: `AlbAccessLogs.createBucket()` (a bucket of the service's own
   * with SSE-S3, TLS only, no public access, logs deleted after 90 days) or
   * `AlbAccessLogs.toBucket(bucket)`. Off by default: every ALB would add a bucket and its storage
   * cost; turn it on where requests must be traceable (cdk-nag AwsSolutions-ELB2, Security Hub ELB.5).
   *
   * @default - no access logs
   * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-access-logs.html
   */
  readonly accessLogs?: AlbAccessLogs;

  /**
   * ARN of a Regional AWS WAF web ACL to associate with the ALB
   * (`arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>`, e.g. `webAcl.attrArn` of a
   * `wafv2.CfnWebACL` with scope REGIONAL). An ARN, because aws-cdk-lib has no WAFv2 L2 to reference.
   *
   * @default - no web ACL
   * @see https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html
   */
  readonly webAclArn?: string;

  /**
   * Deletion protection: the ALB cannot be deleted (nor replaced, nor its stack deleted) until it is
   * turned off. Turn it on for production ALBs (Security Hub ELB.6).
   *
   * @default false
   */
  readonly deletionProtection?: boolean;

  /**
   * Drop HTTP headers whose names are not valid (`[-A-Za-z0-9]+`) before they reach the service: a
   * request-smuggling vector (Security Hub ELB.4). Turn off only for clients that send underscores in
   * header names.
   *
   * @default true
   */
  readonly dropInvalidHeaderFields?: boolean;
}

/**
 * How a service receives traffic from an Application Load Balancer: an ALB of its own (public or
 * internal), a rule on a listener shared with other services, or none.
 *
 * Every target group gets the fast-deploy health check and deregistration delay (`fastDeploy`).
 *
 * With `Rollout.blueGreen()`, `Rollout.canary()` or `Rollout.linear()`, the service also gets an
 * alternate target group, a production listener rule forwarding to both groups (on its own ALB a
 * catch-all rule at priority 1; on a shared listener its own rule) and the role ECS shifts traffic
 * with. See docs/deployments.md.
 */
export abstract class LoadBalancing {
  /**
   * An internet-facing ALB of the service's own, in public subnets. The default.
   *
   * @param options a certificate for HTTPS
   */
  public static publicAlb(options: AlbOptions = {}): LoadBalancing {
    return new OwnAlb(true, options);
  }

  /**
   * An internal ALB of the service's own, in private subnets.
   *
   * Its security group admits no caller until you name them, so that only the services that should
   * call it can: `api.loadBalancer!.connections.allowFrom(web, ec2.Port.tcp(80))` (443 with a
   * certificate), or a CIDR peer for callers outside the app.
   *
   * @param options a certificate for HTTPS
   */
  public static internalAlb(options: AlbOptions = {}): LoadBalancing {
    return new OwnAlb(false, options);
  }

  /**
   * A listener rule on an existing (shared) ALB listener instead of an ALB per service.
   *
   * @param options the listener, the rule's priority and its path and/or host conditions
   */
  public static sharedListener(options: SharedListenerOptions): LoadBalancing {
    return new SharedListenerRule(options);
  }

  /**
   * A host on the shared HTTPS listener of the service's `EssentialEnvironment` (which needs a
   * `domain`): a host-header rule for `<host>.<domainName>`, a target group and an alias A record in
   * the environment's hosted zone. One ALB for all the environment's web services.
   *
   * @param options the host label and, optionally, the rule's priority
   */
  public static environment(options: EnvironmentListenerOptions): LoadBalancing {
    return new EnvironmentHostRule(options);
  }

  /** No load balancer: workers, queue consumers, Service Connect backends. */
  public static none(): LoadBalancing {
    return new NoLoadBalancer();
  }

  /** True unless this is `LoadBalancing.none()`. */
  public abstract readonly hasLoadBalancer: boolean;

  /**
   * The options of `LoadBalancing.sharedListener()`; undefined for the other choices.
   *
   * @internal
   */
  public get _sharedListener(): SharedListenerOptions | undefined {
    return undefined;
  }

  /**
   * Record every problem of the options with `loadBalancing.<field>` names.
   *
   * @param environment the service's `essentialEnvironment`
   * @internal
   */
  public abstract _validate(v: PropsValidator, scope?: Construct, environment?: EssentialEnvironment): void;

  /**
   * Create the load balancer, listener rule and target group of a service, as children of `scope`.
   *
   * @internal
   */
  public abstract _bind(scope: Construct, context: LoadBalancingContext): LoadBalancingBinding;
}

/** `publicAlb()` and `internalAlb()`: an ALB of the service's own. */
class OwnAlb extends LoadBalancing {
  public readonly hasLoadBalancer = true;

  constructor(private readonly internetFacing: boolean, private readonly options: AlbOptions) {
    super();
  }

  /** Where the ALB writes access logs, defaults applied. */
  private get accessLogs(): AlbAccessLogs | undefined {
    return this.options.accessLogs ?? (defaults.ALB_ACCESS_LOGS_ENABLED ? AlbAccessLogs.createBucket() : undefined);
  }

  public _validate(v: PropsValidator, scope?: Construct, environment?: EssentialEnvironment): void {
    this.accessLogs?._validate(v, scope);
    if (!this.internetFacing && environment?._assignPublicIp) {
      v.fail(`'loadBalancing' LoadBalancing.internalAlb() needs private subnets, and the environment '${environment.node.path}' ` +
        'has public subnets only (EnvironmentNetwork.publicSubnetsOnly()): use LoadBalancing.publicAlb(), LoadBalancing.environment() or ' +
        'Service Connect, or an environment with NAT, got internalAlb()');
    }
    const { domainName, hostedZone } = this.options;
    if ((domainName === undefined) !== (hostedZone === undefined)) {
      v.fail(`'loadBalancing' needs 'domainName' and 'hostedZone' together (the alias record goes into the zone), got only ${domainName === undefined ? '\'hostedZone\'' : '\'domainName\''}`);
    }
    if (domainName !== undefined) {
      checkDomainName(v, 'loadBalancing.domainName', domainName, hostedZone);
    }
    checkWebAclArn(v, 'loadBalancing.webAclArn', this.options.webAclArn);
  }

  public _bind(scope: Construct, context: LoadBalancingContext): LoadBalancingBinding {
    const { domainName, hostedZone } = this.options;
    const certificate = this.options.certificate
      ?? (domainName && hostedZone ? dnsValidatedCertificate(scope, 'Certificate', hostedZone, domainName) : undefined);
    const binding = createOwnAlb(scope, context, this.internetFacing, certificate, {
      accessLogs: this.accessLogs,
      deletionProtection: this.options.deletionProtection ?? defaults.ALB_DELETION_PROTECTION,
      dropInvalidHeaderFields: this.options.dropInvalidHeaderFields ?? defaults.ALB_DROP_INVALID_HEADER_FIELDS,
      webAclArn: this.options.webAclArn,
    });
    if (domainName && hostedZone) {
      new route53.ARecord(scope, 'AliasRecord', {
        zone: hostedZone,
        recordName: domainName,
        target: route53.RecordTarget.fromAlias(new route53targets.LoadBalancerTarget(binding.loadBalancer!)),
      });
      return { ...binding, url: `https://${domainName}` };
    }
    return binding;
  }
}

/** `sharedListener()`: a rule on a listener shared with other services. */
class SharedListenerRule extends LoadBalancing {
  public readonly hasLoadBalancer = true;

  constructor(private readonly shared: SharedListenerOptions) {
    super();
  }

  public get _sharedListener(): SharedListenerOptions {
    return this.shared;
  }

  public _validate(v: PropsValidator): void {
    const shared = this.shared;
    v.integerInRange('loadBalancing.priority', shared.priority, LISTENER_RULE_PRIORITY.min!, LISTENER_RULE_PRIORITY.max!);
    const paths = shared.pathPatterns ?? [];
    const hosts = shared.hostHeaders ?? [];
    if (paths.length === 0 && hosts.length === 0) {
      v.fail('\'loadBalancing\' LoadBalancing.sharedListener() needs \'pathPatterns\' or \'hostHeaders\' to route to this service, got neither');
    }
    // ELB quota, not adjustable: condition values per rule, paths and hosts together (CONDITION_VALUES_PER_RULE).
    if (paths.length + hosts.length > CONDITION_VALUES_PER_RULE.max!) {
      v.fail(`'loadBalancing' allows up to ${CONDITION_VALUES_PER_RULE.max} condition values per rule ('pathPatterns' and 'hostHeaders' together, an ELB quota), got ${paths.length} + ${hosts.length}`);
    }
    checkConditionValues(v, 'loadBalancing.pathPatterns', paths, PATH_PATTERN,
      'up to 128 of A-Z a-z 0-9 _ - . $ / ~ " \' @ : + & and the wildcards * ?');
    checkConditionValues(v, 'loadBalancing.hostHeaders', hosts, HOST_HEADER,
      'up to 128 of A-Z a-z 0-9 - . and the wildcards * ?, with at least one \'.\' and only letters after the last');
  }

  public _bind(scope: Construct, context: LoadBalancingContext): LoadBalancingBinding {
    return attachToSharedListener(scope, context, this.shared);
  }
}

/** Each path pattern or host name of a shared-listener rule against ELB's rule-condition text (tokens skipped). */
function checkConditionValues(v: PropsValidator, prop: string, values: string[], limit: Limit, allowed: string): void {
  const pattern = new RegExp(limit.pattern!);
  const bad = values.filter((value) => !Token.isUnresolved(value) && !pattern.test(value));
  if (bad.length > 0) {
    v.fail(`'${prop}' must each be ${allowed} (${limit.source.split(':')[0]}), got ${bad.map((value) => `'${value}'`).join(', ')}`);
  }
}

/** `environment()`: a host rule on the environment's shared HTTPS listener. */
class EnvironmentHostRule extends LoadBalancing {
  public readonly hasLoadBalancer = true;

  constructor(private readonly options: EnvironmentListenerOptions) {
    super();
  }

  public _validate(v: PropsValidator, _scope?: Construct, environment?: EssentialEnvironment): void {
    checkEnvironmentListener(v, this.options, environment);
  }

  public _bind(scope: Construct, context: LoadBalancingContext): LoadBalancingBinding {
    return attachToEnvironment(scope, context, this.options);
  }
}

/** `none()`: no load balancer. */
class NoLoadBalancer extends LoadBalancing {
  public readonly hasLoadBalancer = false;

  public _validate(): void {}

  public _bind(): LoadBalancingBinding {
    return {};
  }
}
