import { App, Duration, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as fc from 'fast-check';
import { EcsChaosExperiments, EcsFault, ProcessSignal, TaskSelection, TrafficType } from '../../src';
import { addFaultInjectionPrerequisites, faultInjectionTaskDefinitionProps } from '../../src/private/fault-injection';
import { propertyRuns } from '../support/property-runs';

const NUM_RUNS = propertyRuns(12);

/** GIVEN a minimal service with the prerequisites in an imported cluster. */
function synth(fault: EcsFault, selection?: TaskSelection): Template {
  const stack = new Stack(new App(), 'S', { env: { account: '111122223333', region: 'eu-west-1' } });
  // Imported: a VPC of ~30 resources per run would be most of this suite's time, and the fault needs none of it.
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'V', { vpcId: 'vpc-1', availabilityZones: ['eu-west-1a'], privateSubnetIds: ['subnet-1'] });
  const cluster = ecs.Cluster.fromClusterAttributes(stack, 'C', { clusterName: 'c', vpc });
  const td = new ecs.FargateTaskDefinition(stack, 'TD', {
    runtimePlatform: { operatingSystemFamily: ecs.OperatingSystemFamily.LINUX },
    ...faultInjectionTaskDefinitionProps(),
  });
  td.addContainer('app', { image: ecs.ContainerImage.fromRegistry('nginx') });
  addFaultInjectionPrerequisites(stack, td, { logGroup: new logs.LogGroup(stack, 'L') });
  const service = new ecs.FargateService(stack, 'Svc', { cluster, taskDefinition: td });
  const alarm = cloudwatch.Alarm.fromAlarmArn(stack, 'A', 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:errors');
  new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [fault], selection });
  return Template.fromStack(stack);
}

/** Any outcome but a rendered template or an Error naming a prop is a bug (TypeError, CDK internals). */
function expectRendersOrNamesProp(fault: () => EcsFault, selection?: () => TaskSelection): boolean {
  try {
    const f = fault();
    const template = synth(f, selection?.());
    const [resource] = Object.values(template.findResources('AWS::FIS::ExperimentTemplate')) as any[];
    const parameters = resource.Properties.Actions[f.name].Parameters ?? {};
    // FIS takes only strings
    return Object.values(parameters).every(p => typeof p === 'string');
  } catch (e) {
    expect(e).toBeInstanceOf(Error);
    expect(e).not.toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/'(cpuStress|ioStress|killProcess|networkBlackholePort|networkLatency|networkPacketLoss)\.\w+'|'selection'/);
    return true;
  }
}

const seconds = fc.integer({ min: 0, max: 50_000 }).map(s => Duration.seconds(s));
const percent = fc.oneof(fc.integer({ min: -10, max: 110 }), fc.double({ min: -1, max: 101, noNaN: true }));

describe('EcsFault properties', () => {
  test('valid props render string parameters', () => {
    fc.assert(fc.property(
      fc.integer({ min: 60, max: 43_200 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 1, max: 65_535 }),
      (s, p, port) => {
        const duration = Duration.seconds(s);
        for (const fault of [
          EcsFault.cpuStress({ duration, percent: p }),
          EcsFault.ioStress({ duration, percent: p }),
          EcsFault.networkBlackholePort({ duration, port, trafficType: TrafficType.EGRESS }),
          EcsFault.networkPacketLoss({ duration, lossPercent: p }),
        ]) {
          const template = synth(fault);
          const [resource] = Object.values(template.findResources('AWS::FIS::ExperimentTemplate')) as any[];
          const parameters = resource.Properties.Actions[fault.name].Parameters;
          expect(parameters.duration).toBe(duration.toIsoString());
          expect(Object.values(parameters).every(v => typeof v === 'string')).toBe(true);
        }
      }), { numRuns: NUM_RUNS });
  });

  test('cpu and io stress: render or throw an Error naming a prop', () => {
    fc.assert(fc.property(seconds, percent, fc.option(fc.integer({ min: -2, max: 2000 }), { nil: undefined }), fc.boolean(),
      (duration, p, workers, io) => expectRendersOrNamesProp(
        () => (io ? EcsFault.ioStress({ duration, percent: p, workers }) : EcsFault.cpuStress({ duration, percent: p, workers })))),
    { numRuns: NUM_RUNS });
  });

  test('network faults: render or throw an Error naming a prop', () => {
    fc.assert(fc.property(
      seconds, fc.integer({ min: -5, max: 70_000 }), percent,
      fc.array(fc.constantFrom('ALL', 'S3', 'DYNAMODB', '10.0.0.0/8', '', 'a b', 'x,y'), { maxLength: 3 }),
      fc.integer({ min: -1, max: 5000 }),
      (duration, port, loss, sources, delayMs) => {
        expectRendersOrNamesProp(() => EcsFault.networkBlackholePort({ duration, port, trafficType: TrafficType.INGRESS }));
        expectRendersOrNamesProp(() => EcsFault.networkPacketLoss({ duration, lossPercent: loss, sources }));
        return expectRendersOrNamesProp(() => EcsFault.networkLatency({
          duration, sources, delay: Duration.millis(Math.max(delayMs, 0)), jitter: Duration.millis(Math.max(delayMs, 0) / 3),
        }));
      }), { numRuns: NUM_RUNS });
  });

  test('killProcess and selection: render or throw an Error naming a prop', () => {
    fc.assert(fc.property(
      fc.string({ maxLength: 8 }), fc.constantFrom(ProcessSignal.SIGTERM, ProcessSignal.SIGKILL),
      fc.integer({ min: -3, max: 120 }), fc.constantFrom('count', 'percent', 'all'),
      (processName, signal, n, kind) => expectRendersOrNamesProp(
        () => EcsFault.killProcess({ processName, signal }),
        () => (kind === 'count' ? TaskSelection.count(n) : kind === 'percent' ? TaskSelection.percent(n) : TaskSelection.all()),
      )), { numRuns: NUM_RUNS });
  });
});
