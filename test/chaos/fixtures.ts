import { App, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { addFaultInjectionPrerequisites, faultInjectionTaskDefinitionProps } from '../../src/private/fault-injection';

export interface FixtureOptions {
  /** Add the fault-injection prerequisites the way the service construct will. */
  readonly faultInjection?: boolean;
  /** Only pidMode and enableFaultInjection, no sidecar. */
  readonly propsOnly?: boolean;
  readonly enableExecuteCommand?: boolean;
  readonly windows?: boolean;
}

export interface Fixture {
  readonly stack: Stack;
  readonly service: ecs.FargateService;
  readonly taskDefinition: ecs.FargateTaskDefinition;
  readonly alarm: cloudwatch.IAlarm;
  readonly logGroup: logs.LogGroup;
}

/** GIVEN a Fargate service in a stack pinned to an account and Region, and a 5xx alarm. */
export function fargateFixture(options: FixtureOptions = {}): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: { account: '111122223333', region: 'eu-west-1' } });
  const vpc = new ec2.Vpc(stack, 'Vpc', { maxAzs: 2, natGateways: 0 });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc, clusterName: 'orders-cluster' });
  const logGroup = new logs.LogGroup(stack, 'Logs');
  const fi = options.faultInjection || options.propsOnly ? faultInjectionTaskDefinitionProps() : {};
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', {
    cpu: options.windows ? 1024 : 256,
    memoryLimitMiB: options.windows ? 2048 : 512,
    runtimePlatform: {
      operatingSystemFamily: options.windows ? ecs.OperatingSystemFamily.WINDOWS_SERVER_2019_CORE : ecs.OperatingSystemFamily.LINUX,
      cpuArchitecture: options.windows ? ecs.CpuArchitecture.X86_64 : ecs.CpuArchitecture.ARM64,
    },
    ...fi,
  });
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
    portMappings: [{ containerPort: 8080 }],
    logging: ecs.LogDrivers.awsLogs({ logGroup, streamPrefix: 'app' }),
  });
  if (options.faultInjection) {
    addFaultInjectionPrerequisites(stack, taskDefinition, { logGroup });
  }
  const service = new ecs.FargateService(stack, 'Service', {
    cluster,
    taskDefinition,
    serviceName: 'orders',
    enableExecuteCommand: options.enableExecuteCommand,
  });
  const alarm = new cloudwatch.Alarm(stack, 'Errors', {
    metric: new cloudwatch.Metric({ namespace: 'AWS/ApplicationELB', metricName: 'HTTPCode_Target_5XX_Count' }),
    threshold: 1,
    evaluationPeriods: 1,
  });
  return { stack, service, taskDefinition, alarm, logGroup };
}
