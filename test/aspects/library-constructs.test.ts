import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  EcsFault, EssentialFargateService, LoadBalancing, ServiceConnectMode,
} from '../../src';
import { findingsOfLibraryAspects } from '../support/aspect-findings';

// The library's own constructs must pass its own Aspects with no finding at all.
describe('the library passes its own Aspects', () => {
  test('default, Service Connect, scaling, secrets and fault-injectable services have no findings', () => {
    const app = new App();
    const stack = new Stack(app, 'Own');
    const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2 });
    const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
    const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
    const secret = new secretsmanager.Secret(stack, 'DbPassword');

    new EssentialFargateService(stack, 'Default', { image });
    const orders = new EssentialFargateService(stack, 'Orders', {
      cluster,
      image,
      loadBalancing: LoadBalancing.none(),
      serviceConnect: ServiceConnectMode.server(),
      secrets: { DB_PASSWORD: ecs.Secret.fromSecretsManager(secret) },
      scaling: { maxCapacity: 6, queue: new sqs.Queue(stack, 'Queue'), backlogPerTask: 50 },
    });
    const web = new EssentialFargateService(stack, 'Web', {
      cluster, image, serviceConnect: ServiceConnectMode.client(), scaling: { maxCapacity: 10, requestsPerTarget: 200 },
    });
    web.connectTo(orders);
    const chaos = new EssentialFargateService(stack, 'Chaos', { cluster, image, enableFaultInjection: true });
    chaos.addChaosExperiments('Experiments', {
      stopConditions: [new cloudwatch.Alarm(stack, 'Alarm', { metric: chaos.service.metricCpuUtilization(), threshold: 90, evaluationPeriods: 1 })],
      faults: [EcsFault.stopTask(), EcsFault.cpuStress(), EcsFault.networkLatency()],
    });

    // THEN
    expect(findingsOfLibraryAspects(app, stack)).toEqual([]);
  });
});
