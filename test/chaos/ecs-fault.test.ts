import { Duration, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { fargateFixture } from './fixtures';
import { EcsChaosExperiments, EcsFault, ProcessSignal, TrafficType } from '../../src';

/** GIVEN a service with the fault-injection prerequisites WHEN one fault gets a template THEN its action. */
function actionOf(fault: EcsFault): any {
  const { stack, service, alarm } = fargateFixture({ faultInjection: true });
  new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [fault] });
  const templates = Template.fromStack(stack).findResources('AWS::FIS::ExperimentTemplate');
  const [template] = Object.values(templates) as any[];
  return template.Properties.Actions[fault.name];
}

function chaos(fault: EcsFault): () => EcsChaosExperiments {
  const { stack, service, alarm } = fargateFixture({ faultInjection: true });
  return () => new EcsChaosExperiments(stack, 'Chaos', { service, stopConditions: [alarm], faults: [fault] });
}

describe('EcsFault rendering', () => {
  test('stopTask renders aws:ecs:stop-task without parameters', () => {
    expect(actionOf(EcsFault.stopTask())).toEqual({
      ActionId: 'aws:ecs:stop-task',
      Description: expect.stringMatching(/ECS replaces it/),
      Targets: { Tasks: 'serviceTasks' },
    });
  });

  test('cpuStress pins its defaults: PT5M at 100 percent', () => {
    expect(actionOf(EcsFault.cpuStress())).toMatchObject({
      ActionId: 'aws:ecs:task-cpu-stress',
      Parameters: { duration: 'PT5M', percent: '100' },
    });
  });

  test('cpuStress renders every option as a string', () => {
    expect(actionOf(EcsFault.cpuStress({ duration: Duration.seconds(90), percent: 60, workers: 2, installDependencies: false })).Parameters)
      .toEqual({ duration: 'PT1M30S', percent: '60', workers: '2', installDependencies: 'False' });
  });

  test('ioStress pins its defaults: PT5M at 80 percent', () => {
    expect(actionOf(EcsFault.ioStress())).toMatchObject({
      ActionId: 'aws:ecs:task-io-stress',
      Parameters: { duration: 'PT5M', percent: '80' },
    });
    expect(actionOf(EcsFault.ioStress({ percent: 50, workers: 3, duration: Duration.hours(1) })).Parameters)
      .toEqual({ duration: 'PT1H', percent: '50', workers: '3' });
  });

  test('killProcess pins SIGTERM and has no duration', () => {
    expect(actionOf(EcsFault.killProcess({ processName: 'java' }))).toMatchObject({
      ActionId: 'aws:ecs:task-kill-process',
      Parameters: { processName: 'java', signal: 'SIGTERM' },
    });
    expect(actionOf(EcsFault.killProcess({ processName: 'node', signal: ProcessSignal.SIGKILL, installDependencies: true })).Parameters)
      .toEqual({ processName: 'node', signal: 'SIGKILL', installDependencies: 'True' });
  });

  test('networkBlackholePort pins tcp and uses the ECS fault-injection endpoints', () => {
    expect(actionOf(EcsFault.networkBlackholePort({ port: 443, trafficType: TrafficType.EGRESS }))).toMatchObject({
      ActionId: 'aws:ecs:task-network-blackhole-port',
      Parameters: { duration: 'PT5M', port: '443', trafficType: 'egress', protocol: 'tcp', useEcsFaultInjectionEndpoints: 'true' },
    });
    expect(actionOf(EcsFault.networkBlackholePort({
      port: 53, trafficType: TrafficType.INGRESS, protocol: ecs.Protocol.UDP, duration: Duration.minutes(2),
    })).Parameters).toEqual({ duration: 'PT2M', port: '53', trafficType: 'ingress', protocol: 'udp', useEcsFaultInjectionEndpoints: 'true' });
  });

  test('networkLatency pins 200 ms delay, 10 ms jitter, ALL sources, rendered as delayMilliseconds / jitterMilliseconds', () => {
    expect(actionOf(EcsFault.networkLatency())).toMatchObject({
      ActionId: 'aws:ecs:task-network-latency',
      Parameters: {
        duration: 'PT5M', delayMilliseconds: '200', jitterMilliseconds: '10', sources: 'ALL', useEcsFaultInjectionEndpoints: 'true',
      },
    });
    expect(actionOf(EcsFault.networkLatency({
      delay: Duration.millis(300), jitter: Duration.millis(40), sources: ['DYNAMODB', '10.0.0.0/16'],
    })).Parameters).toMatchObject({ delayMilliseconds: '300', jitterMilliseconds: '40', sources: 'DYNAMODB,10.0.0.0/16' });
  });

  test('networkPacketLoss pins 7 percent and ALL sources', () => {
    expect(actionOf(EcsFault.networkPacketLoss())).toMatchObject({
      ActionId: 'aws:ecs:task-network-packet-loss',
      Parameters: { duration: 'PT5M', lossPercent: '7', sources: 'ALL', useEcsFaultInjectionEndpoints: 'true' },
    });
    expect(actionOf(EcsFault.networkPacketLoss({ lossPercent: 25, sources: ['S3'] })).Parameters)
      .toMatchObject({ lossPercent: '25', sources: 'S3' });
  });

  test('token values render as tokens and skip the checks', () => {
    const percent = Token.asNumber({ Ref: 'Percent' });
    const seconds = Token.asNumber({ Ref: 'Seconds' });
    expect(actionOf(EcsFault.cpuStress({ percent, duration: Duration.seconds(seconds) })).Parameters).toEqual({
      duration: { 'Fn::Join': ['', ['PT', { Ref: 'Seconds' }, 'S']] },
      percent: { Ref: 'Percent' },
    });
    expect(actionOf(EcsFault.networkBlackholePort({ port: Token.asNumber({ Ref: 'Port' }), trafficType: TrafficType.INGRESS })).Parameters)
      .toMatchObject({ port: { Ref: 'Port' } });
    expect(actionOf(EcsFault.networkLatency({ delay: Duration.millis(Token.asNumber({ Ref: 'Delay' })) })).Parameters)
      .toMatchObject({ delayMilliseconds: { Ref: 'Delay' } });
    expect(actionOf(EcsFault.networkPacketLoss({ lossPercent: Token.asNumber({ Ref: 'Loss' }) })).Parameters)
      .toMatchObject({ lossPercent: { Ref: 'Loss' } });
  });

  test('exposes name, action id and hypothesis', () => {
    const fault = EcsFault.networkLatency();
    expect(fault.name).toBe('networkLatency');
    expect(fault.actionId).toBe('aws:ecs:task-network-latency');
    expect(fault.hypothesis).toMatch(/timeouts and retries/);
  });
});

describe('EcsFault validation', () => {
  test('fails when a percent is outside 0-100', () => {
    expect(chaos(EcsFault.cpuStress({ percent: 101 }))).toThrow(/'cpuStress.percent' must be an integer from 0 to 100, got 101/);
    expect(chaos(EcsFault.ioStress({ percent: -1 }))).toThrow(/'ioStress.percent' must be an integer from 0 to 100, got -1/);
    expect(chaos(EcsFault.networkPacketLoss({ lossPercent: 100.5 }))).toThrow(/'networkPacketLoss.lossPercent'/);
  });

  test('fails when workers are negative', () => {
    expect(chaos(EcsFault.cpuStress({ workers: -1 }))).toThrow(/'cpuStress.workers'/);
    expect(chaos(EcsFault.ioStress({ workers: 0 }))).toThrow(/'ioStress.workers' must be an integer from 1 to 2147483647, got 0/);
  });

  test('fails when a port is outside 1-65535', () => {
    expect(chaos(EcsFault.networkBlackholePort({ port: 0, trafficType: TrafficType.INGRESS })))
      .toThrow(/'networkBlackholePort.port' must be an integer from 1 to 65535, got 0/);
    expect(chaos(EcsFault.networkBlackholePort({ port: 70000, trafficType: TrafficType.EGRESS })))
      .toThrow(/'networkBlackholePort.port'/);
  });

  test('fails when trafficType is not ingress or egress (JavaScript callers)', () => {
    expect(chaos(EcsFault.networkBlackholePort({ port: 80, trafficType: 'both' as TrafficType })))
      .toThrow(/'networkBlackholePort.trafficType' must be 'ingress' or 'egress', got 'both'/);
  });

  test('fails when a duration is outside PT1M-PT12H', () => {
    expect(chaos(EcsFault.cpuStress({ duration: Duration.seconds(30) })))
      .toThrow(/'cpuStress.duration' must be from PT1M \(1 minute\) to PT12H \(12 hours\) in whole seconds \(this library's range; FIS documents none\), got 30 seconds/);
    expect(chaos(EcsFault.networkLatency({ duration: Duration.hours(13) }))).toThrow(/'networkLatency.duration'/);
    expect(chaos(EcsFault.ioStress({ duration: Duration.millis(61500) }))).toThrow(/'ioStress.duration'/);
  });

  test('fails when a token duration is not in seconds', () => {
    expect(chaos(EcsFault.cpuStress({ duration: Duration.minutes(Token.asNumber({ Ref: 'M' })) })))
      .toThrow(/'cpuStress.duration' comes from a token, so it must be built with Duration.seconds\(\)/);
  });

  test('fails when the process name is empty', () => {
    expect(chaos(EcsFault.killProcess({ processName: '  ' }))).toThrow(/'killProcess.processName' must name the process/);
  });

  test('fails when latency delay is not whole milliseconds', () => {
    expect(chaos(EcsFault.networkLatency({ delay: Duration.millis(1.5) }))).toThrow(/'networkLatency.delay' must be a whole number of milliseconds/);
  });

  test('fails when sources are empty or contain spaces or commas', () => {
    expect(chaos(EcsFault.networkLatency({ sources: [] }))).toThrow(/'networkLatency.sources' must list at least one destination/);
    expect(chaos(EcsFault.networkPacketLoss({ sources: ['S3, DYNAMODB'] })))
      .toThrow(/'networkPacketLoss.sources' entries must be non-empty and contain no spaces or commas/);
  });

  test('reports several problems at once', () => {
    expect(chaos(EcsFault.cpuStress({ percent: 200, duration: Duration.seconds(1) }))).toThrow(/2 invalid props/);
  });
});
