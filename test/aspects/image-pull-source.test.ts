import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Aspects, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EcsEssentialsSuppressions, EssentialFargateService, EcsFastDeployChecks, EcsFastDeployChecksProps, FindingLevel, LoadBalancing } from '../../src';

const env = { account: '111122223333', region: 'eu-west-1' };

/** A directory with a Dockerfile, for ContainerImage.fromAsset (nothing is built at synth). */
function dockerDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ecse-image-'));
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM scratch\n');
  return dir;
}

interface Fixture {
  readonly app: App;
  readonly stack: Stack;
}

function fixture(image: (stack: Stack) => ecs.ContainerImage, environmentAgnostic = false): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack', { env: environmentAgnostic ? undefined : env });
  new EssentialFargateService(stack, 'Web', { image: image(stack), loadBalancing: LoadBalancing.none() });
  return { app, stack };
}

function check(f: Fixture, props?: EcsFastDeployChecksProps): Annotations {
  Aspects.of(f.app).add(new EcsFastDeployChecks(props));
  return Annotations.fromStack(f.stack);
}

function fd10(annotations: Annotations, level: 'info' | 'warning' = 'info') {
  const match = Match.stringLikeRegexp('\\[ECSE-FD10\\]');
  return level === 'info' ? annotations.findInfo('*', match) : annotations.findWarning('*', match);
}

describe('ECSE-FD10 image pull source', () => {
  describe('compliant', () => {
    test.each([
      ['an ECR repository of the stack', (s: Stack) => ecs.ContainerImage.fromEcrRepository(new ecr.Repository(s, 'Repo'), 'v1')],
      ['an ECR repository by name (same account and Region)', (s: Stack) => ecs.ContainerImage.fromEcrRepository(ecr.Repository.fromRepositoryName(s, 'Repo', 'web'))],
      ['an ECR URI in the stack\'s Region', () => ecs.ContainerImage.fromRegistry('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1')],
      ['a CDK asset image', () => ecs.ContainerImage.fromAsset(dockerDir())],
    ])('%s is not reported', (_name, image) => {
      expect(fd10(check(fixture(image)))).toHaveLength(0);
    });

    test('a CDK asset image in an environment-agnostic stack is not reported', () => {
      expect(fd10(check(fixture(() => ecs.ContainerImage.fromAsset(dockerDir()), true)))).toHaveLength(0);
    });

    test('a repository of the stack in an environment-agnostic stack is not reported', () => {
      expect(fd10(check(fixture((s) => ecs.ContainerImage.fromEcrRepository(new ecr.Repository(s, 'Repo')), true)))).toHaveLength(0);
    });

    test('the SSM agent sidecar of enableFaultInjection is not checked', () => {
      const app = new App();
      const stack = new Stack(app, 'Stack', { env });
      new EssentialFargateService(stack, 'Web', {
        image: ecs.ContainerImage.fromRegistry('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1'),
        loadBalancing: LoadBalancing.none(),
        enableFaultInjection: true,
      });
      expect(fd10(check({ app, stack }))).toHaveLength(0);
    });
  });

  describe('non-compliant', () => {
    test('Docker Hub', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry('nginx:1.27'))));
      expect(findings).toHaveLength(1);
      expect(findings[0].entry.data).toMatch(/container 'app' of Task definition .* pulls 'nginx:1.27' from Docker Hub, outside Amazon ECR: .*pull through cache/);
    });

    test('GitHub Container Registry', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry('ghcr.io/acme/web:1'))));
      expect(findings[0].entry.data).toMatch(/pulls 'ghcr.io\/acme\/web:1' from ghcr.io, outside Amazon ECR/);
    });

    test('ECR Public', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable'))));
      expect(findings[0].entry.data).toMatch(/from Amazon ECR Public, not from the Region's private registry/);
    });

    test('private ECR in another Region', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry('111122223333.dkr.ecr.us-east-1.amazonaws.com/web:1'))));
      expect(findings[0].entry.data).toMatch(/from ECR in us-east-1, not in the stack's Region eu-west-1.*replication/);
    });

    test('an imported repository ARN of another Region', () => {
      const findings = fd10(check(fixture((s) => ecs.ContainerImage.fromEcrRepository(
        ecr.Repository.fromRepositoryArn(s, 'Repo', 'arn:aws:ecr:us-west-2:444455556666:repository/web')))));
      expect(findings[0].entry.data).toMatch(/from ECR in us-west-2/);
    });

    test('raised to a warning with ruleLevels', () => {
      const annotations = check(fixture(() => ecs.ContainerImage.fromRegistry('nginx:1.27')),
        { ruleLevels: [{ ruleId: 'ECSE-FD10', level: FindingLevel.WARNING }] });
      expect(fd10(annotations, 'warning')).toHaveLength(1);
      expect(fd10(annotations)).toHaveLength(0);
    });

    test('a task definition no service runs is checked on its own', () => {
      const app = new App();
      const stack = new Stack(app, 'Stack', { env });
      const td = new ecs.FargateTaskDefinition(stack, 'Job');
      td.addContainer('job', { image: ecs.ContainerImage.fromRegistry('busybox:stable') });
      const findings = fd10(check({ app, stack }));
      expect(findings).toHaveLength(1);
      expect(findings[0].id).toBe('/Stack/Job/Resource');
    });
  });

  describe('unresolved', () => {
    test('an image from a parameter is reported as unresolved', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry(Token.asString({ Ref: 'ImageParam' })))));
      expect(findings).toHaveLength(1);
      expect(findings[0].entry.data).toMatch(/registry is only known at deploy time.*only known at deploy time, so it was not checked/);
    });

    test('an ECR URI with a literal Region in an environment-agnostic stack is reported as unresolved', () => {
      const findings = fd10(check(fixture(() => ecs.ContainerImage.fromRegistry('111122223333.dkr.ecr.eu-west-1.amazonaws.com/web:1'), true)));
      expect(findings[0].entry.data).toMatch(/from ECR in eu-west-1, and the stack's Region is only known at deploy time/);
    });
  });

  test('suppressed on the service', () => {
    const f = fixture(() => ecs.ContainerImage.fromRegistry('nginx:1.27'));
    EcsEssentialsSuppressions.add(f.stack.node.findChild('Web'), [{ id: 'ECSE-FD10', reason: 'a vendor image we may not mirror' }]);
    const findings = fd10(check(f));
    expect(findings).toHaveLength(1);
    expect(findings[0].entry.data).toMatch(/suppressed: a vendor image we may not mirror/);
  });
});
