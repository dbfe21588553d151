import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as fc from 'fast-check';
import { EssentialFargateService, EssentialFargateServiceProps, FastDeployOptions } from '../../src';
import { expectCfnLintClean } from '../support/cfn-lint';

// Each valid case synthesizes a stack (~0.5 s); 25 runs keep the file well under a minute.
const SYNTH_RUNS = 25;
// Invalid cases throw in the constructor, before any synthesis: they are cheap.
const THROW_RUNS = 100;

/**
 * The Linux Fargate size table, copied from the AWS docs rather than imported from src, so that a
 * mistake in src/private/fargate-sizes.ts is caught here instead of reproduced.
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size
 */
const FARGATE_SIZES: ReadonlyArray<[number, number[]]> = [
  [256, [512, 1024, 2048]],
  [512, range(1024, 4096, 1024)],
  [1024, range(2048, 8192, 1024)],
  [2048, range(4096, 16384, 1024)],
  [4096, range(8192, 30720, 1024)],
  [8192, range(16384, 61440, 4096)],
  [16384, range(32768, 122880, 8192)],
];

function range(min: number, max: number, step: number): number[] {
  const values: number[] = [];
  for (let v = min; v <= max; v += step) {
    values.push(v);
  }
  return values;
}

const validSize = fc.constantFrom(...FARGATE_SIZES).chain(([cpu, memories]) =>
  fc.constantFrom(...memories).map((memoryLimitMiB) => ({ cpu, memoryLimitMiB })));

/** Seconds-valued fast-deploy knobs in their documented ranges; the timeout stays below the interval. */
interface FastDeploySeconds {
  readonly interval: number;
  readonly timeout: number;
  readonly healthy: number;
  readonly unhealthy: number;
  readonly deregistration: number;
  readonly stop: number;
  readonly minHealthy: number;
  readonly maxHealthy: number;
}

const validFastDeploy: fc.Arbitrary<FastDeploySeconds> = fc.record({
  interval: fc.integer({ min: 5, max: 300 }),
  healthy: fc.integer({ min: 2, max: 10 }),
  unhealthy: fc.integer({ min: 2, max: 10 }),
  deregistration: fc.integer({ min: 0, max: 3600 }),
  stop: fc.integer({ min: 2, max: 120 }),
  minHealthy: fc.integer({ min: 0, max: 100 }),
}).chain((r) => fc.record({
  timeout: fc.integer({ min: 2, max: Math.min(120, r.interval - 1) }),
  maxHealthy: fc.integer({ min: Math.max(100, r.minHealthy + 1), max: 400 }),
}).map((rest) => ({ ...r, ...rest })));

function toFastDeploy(s: FastDeploySeconds): FastDeployOptions {
  return {
    healthCheckInterval: Duration.seconds(s.interval),
    healthCheckTimeout: Duration.seconds(s.timeout),
    healthyThresholdCount: s.healthy,
    unhealthyThresholdCount: s.unhealthy,
    deregistrationDelay: Duration.seconds(s.deregistration),
    stopTimeout: Duration.seconds(s.stop),
    minHealthyPercent: s.minHealthy,
    maxHealthyPercent: s.maxHealthy,
  };
}

const validInput = fc.record({
  size: validSize,
  containerPort: fc.integer({ min: 1, max: 65535 }),
  desiredCount: fc.integer({ min: 0, max: 10_000 }),
  fastDeploy: fc.option(validFastDeploy, { nil: undefined }),
});
type ValidInput = typeof validInput extends fc.Arbitrary<infer T> ? T : never;

function propsOf(input: ValidInput): Omit<EssentialFargateServiceProps, 'image'> {
  return {
    cpu: input.size.cpu,
    memoryLimitMiB: input.size.memoryLimitMiB,
    containerPort: input.containerPort,
    desiredCount: input.desiredCount,
    fastDeploy: input.fastDeploy ? toFastDeploy(input.fastDeploy) : undefined,
  };
}

/** A stack with an imported VPC and a cluster: synthesizing a new VPC each run would double the time. */
function newService(props: Omit<EssentialFargateServiceProps, 'image'>): Stack {
  const stack = new Stack(new App(), 'Stack');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    // Well-formed ids: the cfn-lint property below checks their patterns.
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60003', 'subnet-0a1b2c3d4e5f60004'],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  new EssentialFargateService(stack, 'Service', { image: ecs.ContainerImage.fromRegistry('nginx'), cluster, ...props });
  return stack;
}

/** One prop replaced by a value outside its allowed set; `prop` is the name the error must quote. */
interface Mutation {
  readonly prop: string;
  readonly apply: (props: Omit<EssentialFargateServiceProps, 'image'>) => Omit<EssentialFargateServiceProps, 'image'>;
}

const notAnInteger = fc.double({ min: 1, max: 60_000, noNaN: true }).filter((x) => !Number.isInteger(x));
const validCpus = new Set(FARGATE_SIZES.map(([cpu]) => cpu));

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.oneof(fc.integer({ min: -100_000, max: 100_000 }).filter((c) => !validCpus.has(c)), notAnInteger)
    .map((cpu): Mutation => ({ prop: 'cpu', apply: (p) => ({ ...p, cpu }) })),
  fc.tuple(fc.constantFrom(...FARGATE_SIZES), fc.integer({ min: -10, max: 200_000 }))
    .filter(([[, memories], memory]) => !memories.includes(memory))
    .map(([[cpu], memoryLimitMiB]): Mutation => ({ prop: 'memoryLimitMiB', apply: (p) => ({ ...p, cpu, memoryLimitMiB }) })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), notAnInteger)
    .map((containerPort): Mutation => ({ prop: 'containerPort', apply: (p) => ({ ...p, containerPort }) })),
  fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 10_001 }), notAnInteger)
    .map((desiredCount): Mutation => ({ prop: 'desiredCount', apply: (p) => ({ ...p, desiredCount }) })),
  // Durations cannot be negative (Duration itself throws), so only values above the ranges or just below them.
  fastDeployMutation('healthCheckInterval', fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 301, max: 100_000 }))),
  fastDeployMutation('deregistrationDelay', fc.integer({ min: 3601, max: 1_000_000 })),
  fastDeployMutation('stopTimeout', fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 121, max: 100_000 }))),
  fc.oneof(fc.integer({ max: 1 }), fc.integer({ min: 11 }))
    .map((healthyThresholdCount): Mutation => ({
      prop: 'fastDeploy.healthyThresholdCount',
      apply: (p) => ({ ...p, fastDeploy: { ...p.fastDeploy, healthyThresholdCount } }),
    })),
);

function fastDeployMutation(knob: 'healthCheckInterval' | 'deregistrationDelay' | 'stopTimeout', seconds: fc.Arbitrary<number>): fc.Arbitrary<Mutation> {
  return seconds.map((s): Mutation => ({
    prop: `fastDeploy.${knob}`,
    apply: (p) => ({ ...p, fastDeploy: { ...p.fastDeploy, [knob]: Duration.seconds(s) } }),
  }));
}

describe('EssentialFargateService (property-based)', () => {
  test('valid size, port, desired count and fast-deploy knobs synthesize into the template', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        // WHEN
        const template = Template.fromStack(newService(propsOf(input)));

        // THEN
        template.hasResourceProperties('AWS::ECS::TaskDefinition', {
          Cpu: String(input.size.cpu),
          Memory: String(input.size.memoryLimitMiB),
          ContainerDefinitions: [Match.objectLike({
            PortMappings: [Match.objectLike({ ContainerPort: input.containerPort })],
            ...(input.fastDeploy ? { StopTimeout: input.fastDeploy.stop } : {}),
          })],
        });
        template.hasResourceProperties('AWS::ECS::Service', {
          DesiredCount: input.desiredCount,
          ...(input.fastDeploy ? {
            DeploymentConfiguration: Match.objectLike({
              MinimumHealthyPercent: input.fastDeploy.minHealthy,
              MaximumPercent: input.fastDeploy.maxHealthy,
            }),
          } : {}),
        });
        if (input.fastDeploy) {
          const fd = input.fastDeploy;
          template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
            Port: input.containerPort,
            HealthCheckIntervalSeconds: fd.interval,
            HealthCheckTimeoutSeconds: fd.timeout,
            HealthyThresholdCount: fd.healthy,
            UnhealthyThresholdCount: fd.unhealthy,
            TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: String(fd.deregistration) }]),
          });
        }
      }),
      { numRuns: SYNTH_RUNS },
    );
  });

  test('one invalid prop throws an Error (not a TypeError) that names the prop in quotes', () => {
    fc.assert(
      fc.property(validInput, mutations, (input, mutation) => {
        // GIVEN
        const props = mutation.apply(propsOf(input));

        // WHEN
        let thrown: unknown;
        try {
          newService(props);
        } catch (err) {
          thrown = err;
        }

        // THEN
        expect(thrown).toBeInstanceOf(Error);
        expect(thrown).not.toBeInstanceOf(TypeError);
        expect((thrown as Error).message).toContain(`'${mutation.prop}'`);
      }),
      { numRuns: THROW_RUNS },
    );
  });

  test('a sample of valid inputs synthesizes templates that cfn-lint accepts', async () => {
    // GIVEN a fixed seed, so that a failure reproduces
    const samples = fc.sample(validInput, { numRuns: 5, seed: 20261122 });
    const templates = samples.map((input) => Template.fromStack(newService(propsOf(input))));

    // THEN
    await expectCfnLintClean(templates);
  });
});
