import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { Construct } from 'constructs';
import { EssentialEc2Capacity, EssentialEc2Service, EssentialFargateService, LoadBalancing } from '../../src';

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');

/** The construct id this library reserves in each stack for the default VPC and clusters. */
const HOLDER_ID = 'EcsEssentialsDefaultsQ7x2';

/** Logical ids of the resources of a type, sorted. */
function logicalIds(template: Template, type: string): string[] {
  return Object.keys(template.findResources(type)).sort();
}

describe('the stack\'s default VPC and cluster', () => {
  test('two services without cluster or vpc share one VPC, one cluster and the NAT gateways of that VPC', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    // WHEN
    const orders = new EssentialFargateService(stack, 'Orders', { image });
    const payments = new EssentialFargateService(stack, 'Payments', { image, loadBalancing: LoadBalancing.none() });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    template.resourceCountIs('AWS::ECS::ClusterCapacityProviderAssociations', 1);
    // one NAT gateway per AZ of the 2-AZ default VPC, not per service
    template.resourceCountIs('AWS::EC2::NatGateway', 2);
    const [vpcId] = logicalIds(template, 'AWS::EC2::VPC');
    for (const subnet of Object.values(template.findResources('AWS::EC2::Subnet'))) {
      expect(subnet.Properties.VpcId).toEqual({ Ref: vpcId });
    }
    // both services in that cluster
    const [clusterId] = logicalIds(template, 'AWS::ECS::Cluster');
    const services = Object.values(template.findResources('AWS::ECS::Service'));
    expect(services).toHaveLength(2);
    for (const service of services) {
      expect(service.Properties.Cluster).toEqual({ Ref: clusterId });
    }
    expect(orders.cluster).toBe(payments.cluster);
  });

  test('the default VPC and cluster live under the reserved construct id, with Container Insights and Fargate capacity providers', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    // WHEN
    const orders = new EssentialFargateService(stack, 'Orders', { image });
    // THEN
    expect(orders.cluster.node.path).toBe(`Shop/${HOLDER_ID}/Cluster`);
    expect(orders.cluster.vpc.node.path).toBe(`Shop/${HOLDER_ID}/Vpc`);
    const template = Template.fromStack(stack);
    expect(logicalIds(template, 'AWS::EC2::VPC')).toEqual([expect.stringMatching(new RegExp(`^${HOLDER_ID}Vpc`))]);
    expect(logicalIds(template, 'AWS::ECS::Cluster')).toEqual([expect.stringMatching(new RegExp(`^${HOLDER_ID}Cluster`))]);
    template.hasResourceProperties('AWS::ECS::Cluster', { ClusterSettings: [{ Name: 'containerInsights', Value: 'enabled' }] });
    template.hasResourceProperties('AWS::ECS::ClusterCapacityProviderAssociations', { CapacityProviders: Match.arrayWith(['FARGATE', 'FARGATE_SPOT']) });
    template.resourceCountIs('AWS::EC2::Subnet', 4);
  });

  test('two stacks get one default VPC and cluster each', () => {
    // GIVEN
    const app = new App();
    const shop = new Stack(app, 'Shop');
    const billing = new Stack(app, 'Billing');
    // WHEN
    new EssentialFargateService(shop, 'Orders', { image });
    new EssentialFargateService(shop, 'Payments', { image });
    const invoices = new EssentialFargateService(billing, 'Invoices', { image });
    // THEN
    for (const stack of [shop, billing]) {
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::VPC', 1);
      template.resourceCountIs('AWS::ECS::Cluster', 1);
      template.resourceCountIs('AWS::EC2::NatGateway', 2);
    }
    expect(Stack.of(invoices.cluster)).toBe(billing);
  });

  test('services given the same vpc share one default cluster in it', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    // WHEN
    const orders = new EssentialFargateService(stack, 'Orders', { image, vpc });
    const payments = new EssentialFargateService(stack, 'Payments', { image, vpc });
    // THEN
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
    expect(orders.cluster).toBe(payments.cluster);
    expect(orders.cluster.vpc).toBe(vpc);
    expect(orders.cluster.node.path).toMatch(new RegExp(`^Shop/${HOLDER_ID}/ClusterShopVpc`));
    template.hasResourceProperties('AWS::ECS::Service', {
      NetworkConfiguration: { AwsvpcConfiguration: Match.objectLike({ Subnets: Match.arrayWith([{ Ref: Match.stringLikeRegexp('^VpcPrivateSubnet') }]) }) },
    });
  });

  test('one default cluster per VPC: a service with a vpc and one without get different clusters, and no second VPC is created for the first', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    // WHEN
    const inVpc = new EssentialFargateService(stack, 'Orders', { image, vpc });
    const defaulted = new EssentialFargateService(stack, 'Payments', { image });
    // THEN the user's VPC and the stack's default VPC, one cluster in each
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 2);
    template.resourceCountIs('AWS::ECS::Cluster', 2);
    expect(inVpc.cluster).not.toBe(defaulted.cluster);
    expect(inVpc.cluster.vpc).toBe(vpc);
  });

  test('a supplied cluster creates no default VPC or cluster', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    // WHEN
    new EssentialFargateService(stack, 'Orders', { image, cluster });
    // THEN
    expect(stack.node.tryFindChild(HOLDER_ID)).toBeUndefined();
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('an EC2 service beside a default Fargate service uses its capacity\'s cluster, not the default one', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    const web = new EssentialFargateService(stack, 'Web', { image });
    const capacity = new EssentialEc2Capacity(stack, 'Capacity', { cluster: web.cluster as ecs.Cluster });
    // WHEN
    const api = new EssentialEc2Service(stack, 'Api', { image, capacity });
    // THEN
    expect(api.cluster).toBe(web.cluster);
    const template = Template.fromStack(stack);
    template.resourceCountIs('AWS::EC2::VPC', 1);
    template.resourceCountIs('AWS::ECS::Cluster', 1);
  });

  test('fails when the stack already has a construct with the reserved id', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    new Construct(stack, HOLDER_ID);
    // WHEN / THEN
    expect(() => new EssentialFargateService(stack, 'Orders', { image }))
      .toThrow(new RegExp(`^EssentialFargateService 'Shop/Orders': the stack already has a construct with id '${HOLDER_ID}', which this library reserves .*rename that construct or pass 'cluster'$`));
    expect(() => new EssentialFargateService(stack, 'Payments', { image, vpc: new ec2.Vpc(stack, 'Vpc') }))
      .toThrow(new RegExp(`construct with id '${HOLDER_ID}'`));
  });

  test('the reserved id is only checked when a default is needed', () => {
    // GIVEN
    const stack = new Stack(new App(), 'Shop');
    new Construct(stack, HOLDER_ID);
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc: new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 }) });
    // WHEN / THEN
    expect(() => new EssentialFargateService(stack, 'Orders', { image, cluster })).not.toThrow();
  });
});
