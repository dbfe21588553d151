import { Stack, Token } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import { image, newStack } from './support';
import { EnvironmentNetwork, EssentialEnvironment, EssentialFargateService, LoadBalancing } from '../../src';

describe('EssentialEnvironment', () => {
  test('natPerAz() is the default: the VPC services create without a cluster, a NAT gateway and Elastic IP per AZ', () => {
    // GIVEN
    const stack = newStack();
    // WHEN
    const env = new EssentialEnvironment(stack, 'Prod');
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::EC2::Subnet', 4);
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    template.resourceCountIs('AWS::EC2::EIP', 2);
    expect(env.egressIps).toHaveLength(2);
  });

  test('natPerAz() has the same subnets as the stack\'s default VPC of services created without a cluster', () => {
    const cidrs = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::EC2::Subnet'))
      .map((r) => `${r.Properties.CidrBlock} ${r.Properties.MapPublicIpOnLaunch}`);
    const withEnv = newStack();
    new EssentialEnvironment(withEnv, 'Prod', { network: EnvironmentNetwork.natPerAz() });
    const withDefault = newStack();
    new EssentialFargateService(withDefault, 'Web', { image, loadBalancing: LoadBalancing.none() });
    expect(cidrs(withEnv)).toEqual(cidrs(withDefault));
    Template.fromStack(withDefault).resourceCountIs('AWS::EC2::NatGateway', 2);
  });

  test('singleNat() has one NAT gateway and one egress IP', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Test', { network: EnvironmentNetwork.singleNat() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 1);
    template.resourceCountIs('AWS::EC2::EIP', 1);
    expect(env.egressIps).toHaveLength(1);
  });

  test('publicSubnetsOnly() has public subnets only, no NAT gateway and no egress IP', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Test', { network: EnvironmentNetwork.publicSubnetsOnly() });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::NatGateway', 0);
    template.resourceCountIs('AWS::EC2::EIP', 0);
    template.resourceCountIs('AWS::EC2::Subnet', 2);
    template.allResourcesProperties('AWS::EC2::Subnet', { MapPublicIpOnLaunch: true });
    expect(env.egressIps).toEqual([]);
    expect(Object.keys(template.findOutputs('*'))).toEqual([]);
  });

  test('fromVpc() adopts the VPC: no VPC, no NAT gateway of its own, no egress IP; endpoint and flow log on that VPC', () => {
    const stack = newStack();
    const vpc = new ec2.Vpc(stack, 'Mine', { natGateways: 1 });
    const env = new EssentialEnvironment(stack, 'Test', { network: EnvironmentNetwork.fromVpc(vpc) });
    const template = Template.fromStack(stack);
    expect(env.vpc).toBe(vpc);
    expect(env.egressIps).toEqual([]);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceId: { Ref: Match.stringLikeRegexp('^Mine') }, ResourceType: 'VPC' });
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', { VpcEndpointType: 'Gateway', VpcId: { Ref: Match.stringLikeRegexp('^Mine') } });
  });

  test.each([
    ['natPerAz', EnvironmentNetwork.natPerAz()],
    ['singleNat', EnvironmentNetwork.singleNat()],
    ['publicSubnetsOnly', EnvironmentNetwork.publicSubnetsOnly()],
  ])('%s() always has an S3 gateway endpoint on every route table', (_name, network) => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Env', { network });
    const template = Template.fromStack(stack);
    const routeTables = Object.keys(template.findResources('AWS::EC2::RouteTable')).length;
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 1);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Gateway',
      ServiceName: { 'Fn::Join': ['', ['com.amazonaws.', { Ref: 'AWS::Region' }, '.s3']] },
    });
    const endpoint = Object.values(template.findResources('AWS::EC2::VPCEndpoint'))[0];
    expect(endpoint.Properties.RouteTableIds).toHaveLength(routeTables);
  });

  test('the flow log records all traffic into a log group kept three months (defaults FLOW_LOG_*)', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Env');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::EC2::FlowLog', { ResourceType: 'VPC', TrafficType: 'ALL', LogDestinationType: 'cloud-watch-logs' });
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
  });

  test('the cluster has Container Insights, the Fargate capacity providers and a Service Connect HTTP namespace', () => {
    const stack = newStack();
    const env = new EssentialEnvironment(stack, 'Prod');
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::ECS::Cluster', {
      ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }],
      ServiceConnectDefaults: { Namespace: Match.anyValue() },
    });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: ['FARGATE', 'FARGATE_SPOT'] });
    template.hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'prod.test.internal' });
    expect(env.namespace).toBe(env.cluster.defaultCloudMapNamespace);
  });

  test('namespaceName names the namespace', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Prod', { namespaceName: 'shop.internal' });
    Template.fromStack(stack).hasResourceProperties('AWS::ServiceDiscovery::HttpNamespace', { Name: 'shop.internal' });
  });

  test('egress IPs are exported outputs of the NAT gateways\' Elastic IPs', () => {
    const stack = newStack();
    new EssentialEnvironment(stack, 'Prod');
    const template = Template.fromStack(stack);
    const eips = Object.keys(template.findResources('AWS::EC2::EIP'));
    const outputs = template.findOutputs('*', { Export: Match.anyValue() });
    expect(Object.values(outputs).map((o) => o.Value)).toEqual(eips.map((id) => ({ Ref: id })));
    expect(Object.values(outputs).map((o) => o.Export.Name)).toEqual(['Test:Prod:EgressIp1', 'Test:Prod:EgressIp2']);
  });

  test('interfaceEndpoints are opt-in: none by default, one private-DNS endpoint per service in the task subnets', () => {
    const none = newStack();
    new EssentialEnvironment(none, 'Env');
    Template.fromStack(none).resourceCountIs('AWS::EC2::VPCEndpoint', 1);

    const stack = newStack();
    new EssentialEnvironment(stack, 'Env', {
      interfaceEndpoints: [
        ec2.InterfaceVpcEndpointAwsService.ECR, ec2.InterfaceVpcEndpointAwsService.ECR_DOCKER, ec2.InterfaceVpcEndpointAwsService.CLOUDWATCH_LOGS,
      ],
    });
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPCEndpoint', 4);
    template.hasResourceProperties('AWS::EC2::VPCEndpoint', {
      VpcEndpointType: 'Interface',
      ServiceName: 'com.amazonaws.us-east-1.ecr.dkr',
      PrivateDnsEnabled: true,
      SubnetIds: [{ Ref: Match.stringLikeRegexp('PrivateSubnet1') }, { Ref: Match.stringLikeRegexp('PrivateSubnet2') }],
    });
  });

  test('fails when namespaceName is not a name Cloud Map takes (spaces, an ARN, over 1,024 characters); a token passes', () => {
    for (const name of ['my namespace', 'arn:aws:servicediscovery:us-east-1:123456789012:namespace/ns-1', 'n'.repeat(1025)]) {
      expect(() => new EssentialEnvironment(newStack(), 'Prod', { namespaceName: name }))
        .toThrow(/'namespaceName' must be 1–1024 printable ASCII characters without spaces, not an ARN \(Cloud Map API CreateHttpNamespaceRequest.Name\)/);
    }
    expect(() => new EssentialEnvironment(newStack(), 'Prod', { namespaceName: Token.asString({ Ref: 'Ns' }) })).not.toThrow();
  });

  test('fails when interfaceEndpoints names a service twice', () => {
    const stack = newStack();
    expect(() => new EssentialEnvironment(stack, 'Env', {
      interfaceEndpoints: [ec2.InterfaceVpcEndpointAwsService.SSM, ec2.InterfaceVpcEndpointAwsService.SSM],
    })).toThrow(/'interfaceEndpoints' must name each service once .*got ssm twice/);
  });
});
