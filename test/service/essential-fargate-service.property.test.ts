import { App, Duration, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as fc from 'fast-check';
import { EssentialFargateService, EssentialFargateServiceProps, FastDeployOptions, LoadBalancing, Rollout } from '../../src';
import { expectCfnLintClean } from '../support/cfn-lint';
import { propertyRuns } from '../support/property-runs';

// Each valid case synthesizes a stack (~0.5 s); 25 runs keep the file well under a minute.
const SYNTH_RUNS = propertyRuns(12);
// Invalid cases throw in the constructor, before any synthesis: they are cheap.
const THROW_RUNS = propertyRuns(100);

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

/** The library's documented defaults, restated here so that the template assertions pin them. */
const DEFAULTS = {
  interval: 5,
  timeout: 4,
  healthy: 2,
  unhealthy: 2,
  deregistration: 5,
  stop: 2,
  minHealthy: 100,
  maxHealthy: 200,
  graceWithLoadBalancer: 10,
};

/**
 * ELB quota: 5 condition values per rule, paths and hosts together.
 * @see https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html
 */
const CONDITION_VALUES_PER_RULE = 5;

function range(min: number, max: number, step: number): number[] {
  const values: number[] = [];
  for (let v = min; v <= max; v += step) {
    values.push(v);
  }
  return values;
}

const validSize = fc.constantFrom(...FARGATE_SIZES).chain(([cpu, memories]) =>
  fc.constantFrom(...memories).map((memoryLimitMiB) => ({ cpu, memoryLimitMiB })));

/** Seconds-valued fast-deploy knobs, each optional; absent ones take the library's defaults. */
interface FastDeploySeconds {
  readonly interval?: number;
  readonly timeout?: number;
  readonly healthy?: number;
  readonly unhealthy?: number;
  readonly deregistration?: number;
  readonly stop?: number;
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });

/** Every knob in its documented range; the timeout stays below the (possibly default) interval. */
const validFastDeploy: fc.Arbitrary<FastDeploySeconds> = fc.record({
  interval: maybe(fc.integer({ min: 5, max: 300 })),
  healthy: maybe(fc.integer({ min: 2, max: 10 })),
  unhealthy: maybe(fc.integer({ min: 2, max: 10 })),
  deregistration: maybe(fc.integer({ min: 0, max: 3600 })),
  // Fargate: no documented minimum, 120 s at most.
  stop: maybe(fc.integer({ min: 2, max: 120 })),
}).chain((r) => maybe(fc.integer({ min: 2, max: Math.min(120, (r.interval ?? DEFAULTS.interval) - 1) }))
  .map((timeout) => ({ ...r, timeout })));

function toFastDeploy(s: FastDeploySeconds): FastDeployOptions {
  const seconds = (n: number | undefined) => (n === undefined ? undefined : Duration.seconds(n));
  return {
    healthCheckInterval: seconds(s.interval),
    healthCheckTimeout: seconds(s.timeout),
    healthyThresholdCount: s.healthy,
    unhealthyThresholdCount: s.unhealthy,
    deregistrationDelay: seconds(s.deregistration),
    stopTimeout: seconds(s.stop),
  };
}

/** `offWithRollback` ({ enable: false, rollback: true }) is invalid: only mutations use it. */
type CircuitBreakerChoice = 'default' | 'off' | 'noRollback' | 'offWithRollback';

/** The options of `Rollout.rolling()`, as plain data so that a mutation can replace one field. */
interface RolloutChoice {
  readonly minHealthy?: number;
  readonly maxHealthy?: number;
  readonly circuitBreaker: CircuitBreakerChoice;
  readonly graceSeconds?: number;
}

/** min 0–100, max above min (and at least 100), both optional. */
const validRollout: fc.Arbitrary<RolloutChoice> = fc.record({
  minHealthy: maybe(fc.integer({ min: 0, max: 100 })),
  circuitBreaker: fc.constantFrom<CircuitBreakerChoice>('default', 'off', 'noRollback'),
  graceSeconds: maybe(fc.integer({ min: 0, max: 3600 })),
}).chain((r) => maybe(fc.integer({ min: Math.max(100, (r.minHealthy ?? DEFAULTS.minHealthy) + 1), max: 400 }))
  .map((maxHealthy) => ({ ...r, maxHealthy })));

function toRollout(r: RolloutChoice): Rollout {
  const circuitBreakers: Record<CircuitBreakerChoice, ecs.DeploymentCircuitBreaker | undefined> = {
    default: undefined,
    off: { enable: false },
    noRollback: { rollback: false },
    offWithRollback: { enable: false, rollback: true },
  };
  return Rollout.rolling({
    minHealthyPercent: r.minHealthy,
    maxHealthyPercent: r.maxHealthy,
    circuitBreaker: circuitBreakers[r.circuitBreaker],
    healthCheckGracePeriod: r.graceSeconds === undefined ? undefined : Duration.seconds(r.graceSeconds),
  });
}

/** A `LoadBalancing` factory and its arguments, as plain data. */
interface LoadBalancingChoice {
  readonly kind: 'publicAlb' | 'internalAlb' | 'sharedListener' | 'none';
  /** publicAlb / internalAlb: give a certificate. */
  readonly https?: boolean;
  /** sharedListener: the rule's priority and how many path and host values it has. */
  readonly priority?: number;
  readonly paths?: number;
  readonly hosts?: number;
}

const validLoadBalancing: fc.Arbitrary<LoadBalancingChoice> = fc.oneof(
  fc.record({ kind: fc.constantFrom<'publicAlb' | 'internalAlb'>('publicAlb', 'internalAlb'), https: fc.boolean() }),
  fc.record({
    kind: fc.constant<'sharedListener'>('sharedListener'),
    priority: fc.integer({ min: 1, max: 50_000 }),
    paths: fc.integer({ min: 0, max: CONDITION_VALUES_PER_RULE }),
  }).chain((r) => fc.integer({ min: r.paths === 0 ? 1 : 0, max: CONDITION_VALUES_PER_RULE - r.paths }).map((hosts) => ({ ...r, hosts }))),
  fc.constant<LoadBalancingChoice>({ kind: 'none' }),
);

const LISTENER_ARN = 'arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/shared/0a1b2c3d4e5f6071/0a1b2c3d4e5f6071';
const CERTIFICATE_ARN = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9';

const pathsOf = (n: number) => Array.from({ length: n }, (_, i) => `/p${i}/*`);
const hostsOf = (n: number) => Array.from({ length: n }, (_, i) => `h${i}.example.com`);

function toLoadBalancing(stack: Stack, lb: LoadBalancingChoice): LoadBalancing {
  const certificate = lb.https ? acm.Certificate.fromCertificateArn(stack, 'Cert', CERTIFICATE_ARN) : undefined;
  switch (lb.kind) {
    case 'publicAlb':
      return LoadBalancing.publicAlb({ certificate });
    case 'internalAlb':
      return LoadBalancing.internalAlb({ certificate });
    case 'sharedListener': {
      const listener = elbv2.ApplicationListener.fromApplicationListenerAttributes(stack, 'SharedListener', {
        listenerArn: LISTENER_ARN,
        securityGroup: ec2.SecurityGroup.fromSecurityGroupId(stack, 'SharedAlbSg', 'sg-0a1b2c3d4e5f60718'),
      });
      return LoadBalancing.sharedListener({
        listener,
        priority: lb.priority!,
        pathPatterns: lb.paths ? pathsOf(lb.paths) : undefined,
        hostHeaders: lb.hosts ? hostsOf(lb.hosts) : undefined,
      });
    }
    default:
      return LoadBalancing.none();
  }
}

const validInput = fc.record({
  size: validSize,
  containerPort: fc.integer({ min: 1, max: 65535 }),
  desiredCount: fc.integer({ min: 0, max: 10_000 }),
  fastDeploy: maybe(validFastDeploy),
  rollout: maybe(validRollout),
  loadBalancing: maybe(validLoadBalancing),
});

/** The generated props as plain data; `newService` turns them into construct props. */
interface Input {
  readonly size: { readonly cpu: number; readonly memoryLimitMiB: number };
  readonly containerPort: number;
  readonly desiredCount: number;
  readonly fastDeploy?: FastDeploySeconds;
  readonly rollout?: RolloutChoice;
  readonly loadBalancing?: LoadBalancingChoice;
}

/** A stack with an imported VPC and a cluster: synthesizing a new VPC each run would double the time. */
function newService(input: Input): Stack {
  const stack = new Stack(new App(), 'Stack');
  const vpc = ec2.Vpc.fromVpcAttributes(stack, 'Vpc', {
    // Well-formed ids: the cfn-lint property below checks their patterns.
    vpcId: 'vpc-0a1b2c3d4e5f60718',
    availabilityZones: ['us-east-1a', 'us-east-1b'],
    publicSubnetIds: ['subnet-0a1b2c3d4e5f60001', 'subnet-0a1b2c3d4e5f60002'],
    privateSubnetIds: ['subnet-0a1b2c3d4e5f60003', 'subnet-0a1b2c3d4e5f60004'],
  });
  const cluster = new ecs.Cluster(stack, 'Cluster', { vpc });
  const props: EssentialFargateServiceProps = {
    image: ecs.ContainerImage.fromRegistry('nginx'),
    cluster,
    cpu: input.size.cpu,
    memoryLimitMiB: input.size.memoryLimitMiB,
    containerPort: input.containerPort,
    desiredCount: input.desiredCount,
    fastDeploy: input.fastDeploy ? toFastDeploy(input.fastDeploy) : undefined,
    rollout: input.rollout ? toRollout(input.rollout) : undefined,
    loadBalancing: input.loadBalancing ? toLoadBalancing(stack, input.loadBalancing) : undefined,
  };
  new EssentialFargateService(stack, 'Service', props);
  return stack;
}

/** One prop replaced by a value outside its allowed set; `prop` is the name the error must quote. */
interface Mutation {
  readonly prop: string;
  readonly apply: (input: Input) => Input;
}

const notAnInteger = fc.double({ min: 1, max: 60_000, noNaN: true }).filter((x) => !Number.isInteger(x));
const validCpus = new Set(FARGATE_SIZES.map(([cpu]) => cpu));

const mutations: fc.Arbitrary<Mutation> = fc.oneof(
  fc.oneof(fc.integer({ min: -100_000, max: 100_000 }).filter((c) => !validCpus.has(c)), notAnInteger)
    .map((cpu): Mutation => ({ prop: 'cpu', apply: (i) => ({ ...i, size: { ...i.size, cpu } }) })),
  fc.tuple(fc.constantFrom(...FARGATE_SIZES), fc.integer({ min: -10, max: 200_000 }))
    .filter(([[, memories], memory]) => !memories.includes(memory))
    .map(([[cpu], memoryLimitMiB]): Mutation => ({ prop: 'memoryLimitMiB', apply: (i) => ({ ...i, size: { cpu, memoryLimitMiB } }) })),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 65536 }), notAnInteger)
    .map((containerPort): Mutation => ({ prop: 'containerPort', apply: (i) => ({ ...i, containerPort }) })),
  fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 100_001 }), notAnInteger)
    .map((desiredCount): Mutation => ({ prop: 'desiredCount', apply: (i) => ({ ...i, desiredCount }) })),
  // Durations cannot be negative (Duration itself throws), so only values above the ranges or just below them.
  fastDeployMutation('healthCheckInterval', 'interval', fc.oneof(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 301, max: 100_000 }))),
  fastDeployMutation('deregistrationDelay', 'deregistration', fc.integer({ min: 3601, max: 1_000_000 })),
  // The stop timeout has no minimum: only values above the Fargate maximum are invalid.
  fastDeployMutation('stopTimeout', 'stop', fc.oneof(fc.integer({ min: 0, max: 1 }), fc.integer({ min: 121, max: 100_000 }))),
  fc.oneof(fc.integer({ max: 1 }), fc.integer({ min: 11 }))
    .map((healthy): Mutation => ({ prop: 'fastDeploy.healthyThresholdCount', apply: (i) => ({ ...i, fastDeploy: { ...i.fastDeploy, healthy } }) })),
  fc.oneof(fc.integer({ max: -1 }), fc.integer({ min: 101 }), fc.double({ min: 0, max: 100, noNaN: true }).filter((x) => !Number.isInteger(x)))
    .map((minHealthy): Mutation => ({ prop: 'rollout.minHealthyPercent', apply: (i) => ({ ...i, rollout: { circuitBreaker: 'default', ...i.rollout, minHealthy } }) })),
  // Below 100, not an integer, or not above the min (100 with the min at 100).
  fc.oneof(
    fc.integer({ max: 99 }).map((maxHealthy) => ({ maxHealthy, minHealthy: undefined as number | undefined })),
    fc.double({ min: 100, max: 400, noNaN: true }).filter((x) => !Number.isInteger(x))
      .map((maxHealthy) => ({ maxHealthy, minHealthy: undefined as number | undefined })),
    fc.constant({ minHealthy: 100 as number | undefined, maxHealthy: 100 }),
  ).map(({ minHealthy, maxHealthy }): Mutation => ({
    prop: 'rollout.maxHealthyPercent',
    apply: (i) => ({ ...i, rollout: { circuitBreaker: 'default', ...i.rollout, minHealthy: minHealthy ?? i.rollout?.minHealthy, maxHealthy } }),
  })),
  fc.constant<Mutation>({
    prop: 'rollout.circuitBreaker.rollback',
    apply: (i) => ({ ...i, rollout: { ...i.rollout, circuitBreaker: 'offWithRollback' } }),
  }),
  fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 50_001 }), notAnInteger)
    .map((priority): Mutation => ({
      prop: 'loadBalancing.priority',
      apply: (i) => ({ ...i, loadBalancing: { kind: 'sharedListener', priority, paths: 1, hosts: 0 } }),
    })),
  fc.integer({ min: 1, max: 50_000 }).map((priority): Mutation => ({
    prop: 'loadBalancing',
    apply: (i) => ({ ...i, loadBalancing: { kind: 'sharedListener', priority, paths: 0, hosts: 0 } }),
  })),
);

function fastDeployMutation(knob: 'healthCheckInterval' | 'deregistrationDelay' | 'stopTimeout', field: keyof FastDeploySeconds,
  seconds: fc.Arbitrary<number>): fc.Arbitrary<Mutation> {
  return seconds.map((s): Mutation => ({
    prop: `fastDeploy.${knob}`,
    apply: (i) => ({ ...i, fastDeploy: { ...i.fastDeploy, [field]: s } }),
  }));
}

describe('EssentialFargateService (property-based)', () => {
  test('valid size, port, desired count, fast-deploy knobs, rollout and load balancing synthesize into the template', () => {
    fc.assert(
      fc.property(validInput, (input) => {
        // WHEN
        const template = Template.fromStack(newService(input));

        // THEN
        const fd = { ...DEFAULTS, ...definedOnly(input.fastDeploy ?? {}) };
        const lb = input.loadBalancing ?? { kind: 'publicAlb' };
        const hasLoadBalancer = lb.kind !== 'none';
        const rollout = input.rollout ?? { circuitBreaker: 'default' };
        template.hasResourceProperties('AWS::ECS::TaskDefinition', {
          Cpu: String(input.size.cpu),
          Memory: String(input.size.memoryLimitMiB),
          ContainerDefinitions: [Match.objectLike({
            PortMappings: [Match.objectLike({ ContainerPort: input.containerPort })],
            StopTimeout: fd.stop,
          })],
        });
        template.hasResourceProperties('AWS::ECS::Service', {
          DesiredCount: input.desiredCount,
          DeploymentConfiguration: {
            MinimumHealthyPercent: rollout.minHealthy ?? DEFAULTS.minHealthy,
            MaximumPercent: rollout.maxHealthy ?? DEFAULTS.maxHealthy,
            DeploymentCircuitBreaker: rollout.circuitBreaker === 'off'
              ? Match.absent()
              : { Enable: true, Rollback: rollout.circuitBreaker !== 'noRollback' },
          },
          HealthCheckGracePeriodSeconds: rollout.graceSeconds ?? (hasLoadBalancer ? DEFAULTS.graceWithLoadBalancer : Match.absent()),
          LoadBalancers: hasLoadBalancer ? [Match.objectLike({ ContainerPort: input.containerPort })] : Match.absent(),
        });

        const ownAlb = lb.kind === 'publicAlb' || lb.kind === 'internalAlb';
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::LoadBalancer', ownAlb ? 1 : 0);
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::Listener', ownAlb ? (lb.https ? 2 : 1) : 0);
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::ListenerRule', lb.kind === 'sharedListener' ? 1 : 0);
        template.resourceCountIs('AWS::ElasticLoadBalancingV2::TargetGroup', hasLoadBalancer ? 1 : 0);
        if (ownAlb) {
          template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: lb.kind === 'publicAlb' ? 'internet-facing' : 'internal' });
          template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', lb.https
            ? { Port: 443, Protocol: 'HTTPS', Certificates: [{ CertificateArn: CERTIFICATE_ARN }] }
            : { Port: 80, Protocol: 'HTTP' });
        }
        if (lb.kind === 'sharedListener') {
          const conditions = [
            ...(lb.paths ? [{ Field: 'path-pattern', PathPatternConfig: { Values: pathsOf(lb.paths) } }] : []),
            ...(lb.hosts ? [{ Field: 'host-header', HostHeaderConfig: { Values: hostsOf(lb.hosts) } }] : []),
          ];
          template.hasResourceProperties('AWS::ElasticLoadBalancingV2::ListenerRule', { ListenerArn: LISTENER_ARN, Priority: lb.priority, Conditions: conditions });
        }
        if (hasLoadBalancer) {
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
        const invalid = mutation.apply(input);

        // WHEN
        let thrown: unknown;
        try {
          newService(invalid);
        } catch (err) {
          thrown = err;
        }

        // THEN
        expect(thrown).toBeInstanceOf(Error);
        expect(thrown).not.toBeInstanceOf(TypeError);
        expect((thrown as Error).message).toMatch(/^EssentialFargateService 'Stack\/Service': /);
        expect((thrown as Error).message).toContain(`'${mutation.prop}'`);
      }),
      { numRuns: THROW_RUNS },
    );
  });

  test('a sample of valid inputs synthesizes templates that cfn-lint accepts', async () => {
    // GIVEN a fixed seed, so that a failure reproduces
    const samples = fc.sample(validInput, { numRuns: 8, seed: 20261122 });
    const templates = samples.map((input) => Template.fromStack(newService(input)));

    // THEN
    await expectCfnLintClean(templates);
  });
});

/** The fields of `o` whose value is not undefined, so that spreading it keeps the defaults. */
function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
