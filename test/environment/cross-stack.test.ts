import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { exampleZone, image } from './support';
import { EssentialEnvironment, EssentialFargateService, EssentialQueueWorker, LoadBalancing, ServiceConnectMode } from '../../src';

describe('EssentialEnvironment across stacks', () => {
  test('an environment in its own stack serves the workloads of another stack (no reference cycle)', () => {
    // GIVEN a platform stack with the environment, an app stack with the workloads
    const app = new App();
    const env = { account: '123456789012', region: 'us-east-1' };
    const platform = new Stack(app, 'Platform', { env });
    const prod = new EssentialEnvironment(platform, 'Prod', { domain: { domainName: 'example.com', hostedZone: exampleZone(platform) } });
    const workloads = new Stack(app, 'Workloads', { env });
    // WHEN
    new EssentialFargateService(workloads, 'Web', { essentialEnvironment: prod, image, loadBalancing: LoadBalancing.environment({ host: 'web' }) });
    new EssentialFargateService(workloads, 'Api', {
      essentialEnvironment: prod, image, loadBalancing: LoadBalancing.none(), serviceConnect: ServiceConnectMode.server(),
    });
    new EssentialQueueWorker(workloads, 'Worker', { essentialEnvironment: prod, image });
    // THEN both stacks synthesize, the rule and the record live with the service
    expect(() => app.synth()).not.toThrow();
    const template = Template.fromStack(workloads);
    template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', 1);
    template.resourceCountIs('AWS::Route53::RecordSet', 1);
    Template.fromStack(platform).resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', 1);
  });
});
