import { Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { exampleZone, image, newStack } from './support';
import { EssentialEnvironment, EssentialFargateService, LoadBalancing, Rollout, ServiceConnectMode } from '../../src';

function environmentWithDomain() {
  const stack = newStack();
  const hostedZone = exampleZone(stack);
  const env = new EssentialEnvironment(stack, 'Prod', { domain: { domainName: 'example.com', hostedZone } });
  return { stack, env, hostedZone };
}

describe('EssentialEnvironment domain', () => {
  test('a DNS-validated certificate for the domain and every host under it', () => {
    const { stack } = environmentWithDomain();
    Template.fromStack(stack).hasResourceProperties('AWS::CertificateManager::Certificate', {
      DomainName: '*.example.com',
      SubjectAlternativeNames: ['example.com'],
      ValidationMethod: 'DNS',
      DomainValidationOptions: [{ DomainName: 'example.com', HostedZoneId: 'Z0123456789EXAMPLE' }],
    });
  });

  test('one internet-facing ALB, HTTPS on 443 with a 404 for unknown hosts, and 80 redirecting to 443', () => {
    const { stack, env } = environmentWithDomain();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 443,
      Protocol: 'HTTPS',
      SslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
      Certificates: [{ CertificateArn: { Ref: Match.stringLikeRegexp('ProdCertificate') } }],
      DefaultActions: [{ Type: 'fixed-response', FixedResponseConfig: { StatusCode: '404', ContentType: 'text/plain', MessageBody: 'not found' } }],
    });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: { Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' } }],
    });
    expect(env.listener).toBeDefined();
    expect(env.loadBalancer).toBeDefined();
  });

  test('without a domain there is no certificate, ALB or listener', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Prod');
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 0);
    expect(env.listener).toBeUndefined();
  });

  test('LoadBalancing.environment() gives each service a host rule on the shared listener, an alias record and its URL', () => {
    const { stack, env } = environmentWithDomain();
    for (const host of ['web', 'admin']) {
      new EssentialFargateService(stack, host, { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host }) });
    }
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 2);
    for (const [host, priority] of [['web', 100], ['admin', 101]] as const) {
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
        ListenerArn: { Ref: Match.stringLikeRegexp('ProdLoadBalancerHttpsListener') },
        Priority: priority,
        Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: [`${host}.example.com`] } }],
      });
      template.hasResourceProperties('AWS::Route53::RecordSet', {
        Name: `${host}.example.com.`,
        Type: 'A',
        HostedZoneId: 'Z0123456789EXAMPLE',
        AliasTarget: { DNSName: Match.anyValue() },
      });
      template.hasOutput('*', { Value: `https://${host}.example.com` });
    }
  });

  test('an explicit priority is used as given', () => {
    const { stack, env } = environmentWithDomain();
    new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web', priority: 7 }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { Priority: 7 });
  });

  test('a blue/green rollout works on the environment\'s listener (production rule with two target groups)', () => {
    const { stack, env } = environmentWithDomain();
    new EssentialFargateService(stack, 'Web', {
      essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web' }), rollout: Rollout.blueGreen(),
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', 2);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', {
      Conditions: [{ Field: 'host-header', HostHeaderConfig: { Values: ['web.example.com'] } }],
    });
  });

  test('a token host skips the label check', () => {
    const { stack, env } = environmentWithDomain();
    const host = Token.asString({ Ref: 'HostParameter' });
    expect(() => new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host }) })).not.toThrow();
  });

  test('a token priority skips the range check', () => {
    const { stack, env } = environmentWithDomain();
    const priority = Token.asNumber({ Ref: 'PriorityParameter' });
    expect(() => new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web', priority }) }))
      .not.toThrow();
  });

  test('outputs: false omits the Url output', () => {
    const { stack, env } = environmentWithDomain();
    new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web' }), outputs: false });
    expect(Template.fromStack(stack).findOutputs('*', { Value: 'https://web.example.com' })).toEqual({});
  });

  test('a Service Connect server in the environment joins its namespace (no second namespace)', () => {
    const { stack, env } = environmentWithDomain();
    new EssentialFargateService(stack, 'Api', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::ServiceDiscovery::HttpNamespace', 1);
    template.hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: Match.objectLike({ Namespace: { 'Fn::GetAtt': [Match.stringLikeRegexp('ProdClusterDefaultServiceDiscoveryNamespace'), 'Arn'] } }),
    });
  });

  test('a token domain name skips the domain checks', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    expect(() => new EssentialEnvironment(stack, 'Prod', { domain: { domainName: Token.asString({ Ref: 'Domain' }), hostedZone } })).not.toThrow();
  });

  test('fails when LoadBalancing.environment() is used without an environment', () => {
    const stack = newStack();
    expect(() => new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.environment({ host: 'web' }) }))
      .toThrow(/'loadBalancing' LoadBalancing.environment\(\) needs 'essentialEnvironment' .*got no essentialEnvironment/);
  });

  test('fails when LoadBalancing.environment() is used in an environment without a domain', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Prod');
    expect(() => new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web' }) }))
      .toThrow(/needs a 'domain' on the environment 'Test\/Prod' .*got an environment without a domain/);
  });

  test.each([
    ['Web', 'uppercase'],
    ['web.api', 'two labels'],
    ['-web', 'leading hyphen'],
    ['web-', 'trailing hyphen'],
    ['', 'empty'],
    ['a'.repeat(64), '64 characters'],
    ['web_api', 'underscore'],
  ])('fails when the host label is %j (%s)', (host) => {
    const { stack, env } = environmentWithDomain();
    expect(() => new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host }) }))
      .toThrow(new RegExp(`'loadBalancing.host' must be one DNS label: 1–63 characters \\(DNS's limit, RFC 1035\\) of a-z, 0-9 and '-', not first or last \\(the characters are this library's rule.*got '${host}'`));
  });

  test('a 63-character host label is allowed', () => {
    const { stack, env } = environmentWithDomain();
    expect(() => new EssentialFargateService(stack, 'Web', {
      essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'a'.repeat(63) }),
    })).not.toThrow();
  });

  test('fails when the priority is out of the ELB range', () => {
    const { stack, env } = environmentWithDomain();
    expect(() => new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web', priority: 0 }) }))
      .toThrow(/'loadBalancing.priority' must be an integer (from|between) 1 .*50000.*got 0/);
  });

  test('fails when two services take one priority', () => {
    const { stack, env } = environmentWithDomain();
    new EssentialFargateService(stack, 'Web', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'web', priority: 5 }) });
    expect(() => new EssentialFargateService(stack, 'Api', { essentialEnvironment: env, image, loadBalancing: LoadBalancing.environment({ host: 'api', priority: 5 }) }))
      .toThrow(/'loadBalancing.priority' 5 is already the priority of a rule of 'Test\/Web'/);
  });

  test('fails when the domain is not inside the hosted zone', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    expect(() => new EssentialEnvironment(stack, 'Prod', { domain: { domainName: 'example.org', hostedZone } }))
      .toThrow(/'domain.domainName' must be the hosted zone's name 'example.com' or a name inside it .*got 'example.org'/);
  });

  test('fails when the domain has a bad label', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    expect(() => new EssentialEnvironment(stack, 'Prod', { domain: { domainName: 'Test..example.com', hostedZone } }))
      .toThrow(/'domain.domainName' must be DNS labels of 1–63 characters a-z, 0-9 and '-' \(not first or last\) joined by dots, at most 253 characters .*got 'Test..example.com'/);
  });

  test('a subdomain of the zone is allowed, and a zone imported by id skips the zone check', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Test', { domain: { domainName: 'test.example.com', hostedZone: exampleZone(stack) } });
    const byId = route53.HostedZone.fromHostedZoneId(stack, 'ById', 'Z0123456789OTHER');
    expect(() => new EssentialEnvironment(stack, 'Other', { domain: { domainName: 'example.net', hostedZone: byId } })).not.toThrow();
  });
});

describe('LoadBalancing.publicAlb({ domainName, hostedZone })', () => {
  test('its own ALB with a DNS-validated certificate, HTTPS, an HTTP redirect, an alias record and the https URL', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    new EssentialFargateService(stack, 'Api', { image, loadBalancing: LoadBalancing.publicAlb({ domainName: 'api.example.com', hostedZone }) });
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::CertificateManager::Certificate', { DomainName: 'api.example.com', ValidationMethod: 'DNS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80, DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS' }) }],
    });
    template.hasResourceProperties('AWS::Route53::RecordSet', { Name: 'api.example.com.', Type: 'A', HostedZoneId: 'Z0123456789EXAMPLE' });
    template.hasOutput('*', { Value: 'https://api.example.com' });
  });

  test('a given certificate is used instead of a new one', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    const certificate = acm.Certificate.fromCertificateArn(stack, 'Cert', 'arn:aws:acm:us-east-1:123456789012:certificate/abc');
    new EssentialFargateService(stack, 'Api', { image, loadBalancing: LoadBalancing.publicAlb({ domainName: 'api.example.com', hostedZone, certificate }) });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::CertificateManager::Certificate', 0);
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Certificates: [{ CertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' }] });
  });

  test('fails when domainName is given without hostedZone', () => {
    const stack = newStack();
    expect(() => new EssentialFargateService(stack, 'Api', { image, loadBalancing: LoadBalancing.publicAlb({ domainName: 'api.example.com' }) }))
      .toThrow(/'loadBalancing' needs 'domainName' and 'hostedZone' together .*got only 'domainName'/);
  });

  test('fails when domainName is outside the hosted zone', () => {
    const stack = newStack();
    const hostedZone = exampleZone(stack);
    expect(() => new EssentialFargateService(stack, 'Api', { image, loadBalancing: LoadBalancing.publicAlb({ domainName: 'api.example.org', hostedZone }) }))
      .toThrow(/'loadBalancing.domainName' must be the hosted zone's name 'example.com' or a name inside it .*got 'api.example.org'/);
  });
});
