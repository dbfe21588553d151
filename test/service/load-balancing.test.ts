import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import {
  EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, EssentialFargateServiceProps, LoadBalancing, SharedListenerOptions,
} from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/abc';

interface Setup {
  readonly stack: Stack;
  readonly vpc: ec2.Vpc;
  readonly cluster: ecs.Cluster;
  readonly listener: elbv2.ApplicationListener;
}

/** A stack with a VPC, a cluster and a shared ALB listener that answers 404 by default. */
function setup(): Setup {
  const stack = new Stack(new App(), 'Test');
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const alb = new elbv2.ApplicationLoadBalancer(stack, 'SharedAlb', { vpc, internetFacing: true });
  const listener = alb.addListener('Http', { port: 80, defaultAction: elbv2.ListenerAction.fixedResponse(404) });
  return { stack, vpc, cluster, listener };
}

function synth(props: Partial<EssentialFargateServiceProps> = {}): { stack: Stack; service: EssentialFargateService; template: Template } {
  const stack = new Stack(new App(), 'Test');
  const service = new EssentialFargateService(stack, 'Orders', { image, ...props });
  return { stack, service, template: Template.fromStack(stack) };
}

/** A Fargate service on the shared listener of a fresh setup, built lazily so that `toThrow` can catch. */
function onSharedListener(options: Omit<SharedListenerOptions, 'listener'>): () => EssentialFargateService {
  return () => {
    const { stack, cluster, listener } = setup();
    return new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, ...options }) });
  };
}

describe('LoadBalancing factories', () => {
  test('hasLoadBalancer of each factory', () => {
    // GIVEN
    const { listener } = setup();
    // WHEN / THEN
    expect(LoadBalancing.publicAlb().hasLoadBalancer).toBe(true);
    expect(LoadBalancing.internalAlb().hasLoadBalancer).toBe(true);
    expect(LoadBalancing.sharedListener({ listener, priority: 1, pathPatterns: ['/'] }).hasLoadBalancer).toBe(true);
    expect(LoadBalancing.none().hasLoadBalancer).toBe(false);
  });
});

describe('LoadBalancing.publicAlb()', () => {
  test('is the default: an internet-facing ALB with an HTTP listener on port 80 open to the internet', () => {
    // GIVEN / WHEN
    const defaulted = synth();
    const explicit = synth({ loadBalancing: LoadBalancing.publicAlb() });
    // THEN both templates are the same
    expect(explicit.template.toJSON()).toEqual(defaulted.template.toJSON());
    const template = explicit.template;
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internet-facing',
      Type: 'application',
      LoadBalancerAttributes: Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }]),
    });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('^OrdersLoadBalancerListenerTarget') } }],
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroup', {
      GroupDescription: Match.stringLikeRegexp('OrdersLoadBalancer'),
      SecurityGroupIngress: [Match.objectLike({ CidrIp: '0.0.0.0/0', FromPort: 80, ToPort: 80 })],
    });
    template.hasResourceProperties('AWS::ECS::Service', {
      LoadBalancers: [{ ContainerName: 'app', ContainerPort: 8080, TargetGroupArn: { Ref: Match.stringLikeRegexp('^OrdersLoadBalancerListenerTarget') } }],
    });
  });

  test('exposes the ALB, its listener and the target group', () => {
    const { service, stack } = synth();
    expect(service.loadBalancer).toBeInstanceOf(elbv2.ApplicationLoadBalancer);
    expect(service.listener).toBeInstanceOf(elbv2.ApplicationListener);
    expect(service.targetGroup).toBeInstanceOf(elbv2.ApplicationTargetGroup);
    expect(service.loadBalancer!.node.scope).toBe(service);
    expect(Stack.of(service.targetGroup!)).toBe(stack);
  });

  test('with a certificate: HTTPS on 443 with the recommended TLS policy and a redirect from 80', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Test');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, loadBalancing: LoadBalancing.publicAlb({ certificate }) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      Certificates: [{ CertificateArn: CERTIFICATE_ARN }],
      SslPolicy: Match.stringLikeRegexp('TLS'),
      DefaultActions: [Match.objectLike({ Type: 'forward' })],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) })],
    });
  });
});

describe('LoadBalancing.internalAlb()', () => {
  test('an internal ALB whose security group admits no caller until one is named', () => {
    // GIVEN / WHEN
    const { template, service } = synth({ loadBalancing: LoadBalancing.internalAlb() });
    // THEN
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      Scheme: 'internal',
      Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('PrivateSubnet') }]),
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
    const albGroups = template.findResources('AWS::EC2::SecurityGroup', {
      Properties: { GroupDescription: Match.stringLikeRegexp('OrdersLoadBalancer') },
    });
    expect(Object.values(albGroups)).toHaveLength(1);
    expect(JSON.stringify(Object.values(albGroups)[0])).not.toContain('0.0.0.0/0');
    // no caller is admitted until the user names them
    expect((Object.values(albGroups)[0] as any).Properties.SecurityGroupIngress).toBeUndefined();
    expect(service.loadBalancer).toBeDefined();
    expect(service.targetGroup).toBeDefined();
  });

  test('with a certificate: internal HTTPS on 443 and a redirect from 80', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Test');
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN);
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, loadBalancing: LoadBalancing.internalAlb({ certificate }) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE_ARN }] });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      DefaultActions: [Match.objectLike({ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS' }) })],
    });
  });
});

describe('LoadBalancing.sharedListener()', () => {
  test('adds a listener rule with path and host conditions and a fast-deploy target group, and no ALB', () => {
    // GIVEN
    const { stack, cluster, listener } = setup();
    // WHEN
    const service = new EssentialFargateService(stack, 'Orders', {
      image,
      cluster,
      loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/orders', '/orders/*'], hostHeaders: ['shop.example.com'] }),
    });
    // THEN only the shared ALB exists
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: { Ref: Match.stringLikeRegexp('^SharedAlbHttp') },
      Priority: 10,
      Conditions: [
        { Field: 'path-pattern', PathPatternConfig: { Values: ['/orders', '/orders/*'] } },
        { Field: 'host-header', HostHeaderConfig: { Values: ['shop.example.com'] } },
      ],
      Actions: [{ Type: 'forward', TargetGroupArn: { Ref: Match.stringLikeRegexp('^OrdersTarget') } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      TargetType: 'ip',
      Port: 8080,
      HealthCheckIntervalSeconds: 5,
      HealthCheckTimeoutSeconds: 4,
      HealthyThresholdCount: 2,
      TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }]),
    });
    // the ALB reaches the tasks on the container port
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: Match.anyValue() });
    // a service behind a shared listener gets the grace period as well
    template.hasResourceProperties('AWS::ECS::Service', {
      HealthCheckGracePeriodSeconds: 10,
      LoadBalancers: [Match.objectLike({ ContainerName: 'app', ContainerPort: 8080 })],
    });
    expect(service.loadBalancer).toBeUndefined();
    expect(service.listener).toBe(listener);
    expect(service.targetGroup).toBeDefined();
  });

  test('host headers alone are enough', () => {
    // GIVEN
    const { stack, cluster, listener } = setup();
    // WHEN
    new EssentialFargateService(stack, 'Orders', {
      image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, hostHeaders: ['orders.example.com'] }),
    });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Priority: 20,
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['orders.example.com'] } }],
    });
  });

  test('two services share one listener with one rule each', () => {
    // GIVEN
    const { stack, cluster, listener } = setup();
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 10, pathPatterns: ['/orders/*'] }) });
    new EssentialFargateService(stack, 'Payments', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 20, pathPatterns: ['/payments/*'] }) });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
  });

  test('an imported listener works as well', () => {
    // GIVEN
    const { stack, cluster } = setup();
    const securityGroup = ec2.SecurityGroup.fromSecurityGroupId(stack, 'AlbSg', 'sg-0123456789abcdef0');
    const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'Imported', {
      listenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/0123456789abcdef/0123456789abcdef',
      securityGroup,
    });
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 5, pathPatterns: ['/orders/*'] }) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      ListenerArn: 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/0123456789abcdef/0123456789abcdef',
      Priority: 5,
    });
    template.hasResourceProperties('AWS::EC2::SecurityGroupIngress', { FromPort: 8080, ToPort: 8080, SourceSecurityGroupId: 'sg-0123456789abcdef0' });
  });

  test('fails when there is neither a path nor a host condition', () => {
    expect(onSharedListener({ priority: 10 }))
      .toThrow(/^EssentialFargateService 'Test\/Orders': 'loadBalancing' LoadBalancing.sharedListener\(\) needs 'pathPatterns' or 'hostHeaders' to route to this service, got neither$/);
    expect(onSharedListener({ priority: 10, pathPatterns: [], hostHeaders: [] })).toThrow(/needs 'pathPatterns' or 'hostHeaders'/);
  });

  test('fails when paths and hosts together have more than 5 values (ELB quota per rule)', () => {
    const six = ['/a', '/b', '/c', '/d', '/e', '/f'];
    expect(onSharedListener({ priority: 10, pathPatterns: six }))
      .toThrow(/'loadBalancing' allows up to 5 condition values per rule \('pathPatterns' and 'hostHeaders' together, an ELB quota\), got 6 \+ 0/);
    expect(onSharedListener({ priority: 10, hostHeaders: six.map((p) => `${p.slice(1)}.example.com`) }))
      .toThrow(/'loadBalancing' allows up to 5 .*, got 0 \+ 6/);
    expect(onSharedListener({ priority: 10, pathPatterns: ['/a', '/b', '/c'], hostHeaders: ['a.example.com', 'b.example.com', 'c.example.com'] }))
      .toThrow(/got 3 \+ 3/);
    expect(onSharedListener({ priority: 10, pathPatterns: ['/a', '/b', '/c'], hostHeaders: ['a.example.com', 'b.example.com'] })).not.toThrow();
  });

  test('fails when a path pattern or host name has characters or a length ELB rejects (ELB API RuleCondition.Values)', () => {
    expect(onSharedListener({ priority: 10, pathPatterns: ['/orders list', `/${'x'.repeat(128)}`] }))
      .toThrow(/'loadBalancing.pathPatterns' must each be up to 128 of .*\(ELB API RuleCondition.Values \(path-pattern\)\), got '\/orders list', '\/x+'/);
    expect(onSharedListener({ priority: 10, hostHeaders: ['localhost', 'api.example.*', 'a_b.example.com'] }))
      .toThrow(/'loadBalancing.hostHeaders' must each be .*at least one '.' and only letters after the last .*, got 'localhost', 'api.example.\*', 'a_b.example.com'/);
    // Wildcards, every punctuation ELB lists, upper case, and tokens pass.
    expect(onSharedListener({
      priority: 10,
      pathPatterns: ['/api/*', "/v?/a_b-c.d$e~f'g\"h@i:j+k&l"],
      hostHeaders: ['*.Example.com', Token.asString({ Ref: 'Host' })],
    })).not.toThrow();
  });

  test('fails when the priority is outside 1–50000 or not an integer', () => {
    for (const priority of [0, 50_001, -1, 1.5]) {
      expect(onSharedListener({ priority, pathPatterns: ['/orders/*'] }))
        .toThrow(`'loadBalancing.priority' must be an integer from 1 to 50000, got ${priority}`);
    }
  });

  test('reports a bad priority and missing conditions together', () => {
    expect(onSharedListener({ priority: 0 }))
      .toThrow(/2 invalid props:[\s\S]*'loadBalancing.priority' must be an integer from 1 to 50000, got 0[\s\S]*needs 'pathPatterns' or 'hostHeaders'/);
  });

  test('the priority bounds 1 and 50000 are accepted', () => {
    expect(onSharedListener({ priority: 1, pathPatterns: ['/a'] })).not.toThrow();
    expect(onSharedListener({ priority: 50_000, pathPatterns: ['/a'] })).not.toThrow();
  });

  test('a token priority skips the range check and reaches the rule', () => {
    // GIVEN
    const { stack, cluster, listener } = setup();
    const priority = Token.asNumber({ Ref: 'Priority' });
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, cluster, loadBalancing: LoadBalancing.sharedListener({ listener, priority, pathPatterns: ['/orders/*'] }) });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: { Ref: 'Priority' } });
  });
});

describe('LoadBalancing.none()', () => {
  test('creates no load-balancing resources and no grace period', () => {
    // GIVEN / WHEN
    const { template, service } = synth({ loadBalancing: LoadBalancing.none() });
    // THEN
    for (const type of ['LoadBalancer', 'Listener', 'ListenerRule', 'TargetGroup']) {
      template.resourceCountIs(`AWS::ElasticLoadBalancingV2::${type}`, 0);
    }
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: Match.absent(), LoadBalancers: Match.absent() });
    template.resourceCountIs('AWS::EC2::SecurityGroupIngress', 0);
    expect(service.loadBalancer).toBeUndefined();
    expect(service.listener).toBeUndefined();
    expect(service.targetGroup).toBeUndefined();
  });
});

describe('LoadBalancing on EC2', () => {
  function ec2Setup(): { stack: Stack; capacity: EssentialEc2Capacity; listener: elbv2.ApplicationListener } {
    const { stack, cluster, listener } = setup();
    return { stack, listener, capacity: new EssentialEc2Capacity(stack, 'Capacity', { cluster }) };
  }

  test('internalAlb() gives an internal ALB with an IP target group', () => {
    // GIVEN
    const { stack, capacity } = ec2Setup();
    // WHEN
    const api = new EssentialEc2Service(stack, 'Api', { image, capacity, loadBalancing: LoadBalancing.internalAlb() });
    // THEN the service's own ALB beside the shared one of the setup
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Port: 8080 });
    expect(api.loadBalancer).toBeDefined();
  });

  test('sharedListener() on an awsvpc EC2 service registers task IPs', () => {
    // GIVEN
    const { stack, capacity, listener } = ec2Setup();
    // WHEN
    new EssentialEc2Service(stack, 'Api', { image, capacity, loadBalancing: LoadBalancing.sharedListener({ listener, priority: 7, pathPatterns: ['/api/*'] }) });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 7 });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { TargetType: 'ip', Port: 8080 });
  });

  test('none() creates no load-balancing resources of the service', () => {
    // GIVEN
    const { stack, capacity } = ec2Setup();
    // WHEN
    new EssentialEc2Service(stack, 'Api', { image, capacity, loadBalancing: LoadBalancing.none() });
    // THEN only the setup's shared ALB
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 0);
    template.hasResourceProperties('AWS::ECS::Service', { HealthCheckGracePeriodSeconds: Match.absent() });
  });
});
