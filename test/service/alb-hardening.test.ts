import { App, Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';
import { AlbOptions, EssentialFargateService, LoadBalancing } from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
const WEB_ACL_ARN = 'arn:aws:wafv2:eu-west-1:111122223333:regional/webacl/edge/a1b2c3d4-5678-90ab-cdef-EXAMPLE11111';

function synth(options: AlbOptions = {}): Template {
  const stack = new Stack(new App(), 'Test');
  new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.publicAlb(options) });
  return Template.fromStack(stack);
}

function attribute(key: string, value: string) {
  return { LoadBalancerAttributes: Match.arrayWith([{ Key: key, Value: value }]) };
}

describe('LoadBalancing.publicAlb() hardening', () => {
  test('drops invalid header fields and has no deletion protection by default (defaults pinned)', () => {
    const template = synth();
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', attribute('routing.http.drop_invalid_header_fields.enabled', 'true'));
    template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([{ Key: 'deletion_protection.enabled', Value: 'true' }])),
    });
    template.resourceCountIs('AWS::WAFv2::WebACLAssociation', 0);
  });

  test('dropInvalidHeaderFields: false leaves ELB\'s default (headers with underscores pass)', () => {
    // aws-cdk-lib 2.257 leaves the attribute out, newer versions write "false": either is ELB's default.
    synth({ dropInvalidHeaderFields: false }).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
      LoadBalancerAttributes: Match.not(Match.arrayWith([{ Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' }])),
    });
  });

  test('deletionProtection turns the ALB attribute on', () => {
    synth({ deletionProtection: true }).hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer',
      attribute('deletion_protection.enabled', 'true'));
  });

  test('webAclArn associates the web ACL with the ALB', () => {
    const template = synth({ webAclArn: WEB_ACL_ARN });
    template.hasResourceProperties('AWS::WAFv2::WebACLAssociation', {
      WebACLArn: WEB_ACL_ARN,
      ResourceArn: { Ref: Match.stringLikeRegexp('^WebLoadBalancer') },
    });
  });

  test('with a domain, port 80 redirects to HTTPS', () => {
    const stack = new Stack(new App(), 'Test');
    const hostedZone = route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z123', zoneName: 'example.com' });
    new EssentialFargateService(stack, 'Web', { image, loadBalancing: LoadBalancing.publicAlb({ domainName: 'api.example.com', hostedZone }) });
    Template.fromStack(stack).hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
      Port: 80,
      Protocol: 'HTTP',
      DefaultActions: [{ Type: 'redirect', RedirectConfig: Match.objectLike({ Port: '443', Protocol: 'HTTPS', StatusCode: 'HTTP_301' }) }],
    });
  });

  test('fails when webAclArn is not a Regional web ACL ARN', () => {
    const global = 'arn:aws:wafv2:us-east-1:111122223333:global/webacl/edge/a1b2c3d4';
    expect(() => synth({ webAclArn: global })).toThrow(
      `EssentialFargateService 'Test/Web': 'loadBalancing.webAclArn' must be the ARN of a Regional WAF web ACL (arn:<partition>:wafv2:<region>:<account>:regional/webacl/<name>/<id>), got '${global}'`);
    expect(() => synth({ webAclArn: 'edge' })).toThrow(/'loadBalancing.webAclArn' must be the ARN of a Regional WAF web ACL/);
  });

  test('a token webAclArn skips the check', () => {
    expect(() => synth({ webAclArn: Token.asString({ Ref: 'WebAclArn' }) })).not.toThrow();
  });
});
