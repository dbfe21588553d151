import { App, Aspects, CfnParameter, NestedStack, Stack, Stage } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as ecsPatterns from 'aws-cdk-lib/aws-ecs-patterns';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { EcsEssentialsSuppressions, EcsLeastPrivilegeChecks, EcsLeastPrivilegeChecksProps, FindingLevel } from '../../src';
import { changeAfterTheChecksVisited } from '../support/late-change';

interface Fixture {
  readonly app: App;
  readonly stack: Stack;
  readonly taskDefinition: ecs.FargateTaskDefinition;
}

/** A task definition with one container, its own task and execution roles, nothing else. */
function fixture(props: Partial<ecs.FargateTaskDefinitionProps> = {}): Fixture {
  const app = new App();
  const stack = new Stack(app, 'Stack');
  const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', props);
  taskDefinition.addContainer('app', {
    image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest'),
    logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
  });
  return { app, stack, taskDefinition };
}

function check(f: Fixture, props?: EcsLeastPrivilegeChecksProps): Annotations {
  Aspects.of(f.app).add(new EcsLeastPrivilegeChecks(props));
  return Annotations.fromStack(f.stack);
}

function rule(id: string, text = ''): Match {
  return Match.stringLikeRegexp(`\\[${id}\\].*${text}`);
}

function expectNoFindings(annotations: Annotations, id: string): void {
  expect(annotations.findError('*', rule(id))).toHaveLength(0);
  expect(annotations.findWarning('*', rule(id))).toHaveLength(0);
}

describe('EcsLeastPrivilegeChecks', () => {
  test('a default ApplicationLoadBalancedFargateService passes every rule', () => {
    // GIVEN
    const app = new App();
    const stack = new Stack(app, 'Stack');
    new ecsPatterns.ApplicationLoadBalancedFargateService(stack, 'Web', {
      taskImageOptions: { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') },
    });
    // WHEN
    Aspects.of(app).add(new EcsLeastPrivilegeChecks());
    const annotations = Annotations.fromStack(stack);
    // THEN
    expect(annotations.findError('*', Match.stringLikeRegexp('ECSE-IAM'))).toHaveLength(0);
    expect(annotations.findWarning('*', Match.stringLikeRegexp('ECSE-IAM'))).toHaveLength(0);
  });

  describe('ECSE-IAM1 task role and execution role differ', () => {
    test('compliant: separate roles', () => {
      expectNoFindings(check(fixture()), 'ECSE-IAM1');
    });

    test('non-compliant: one role for both', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const role = new iam.Role(stack, 'Shared', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      const f = { app, stack, taskDefinition: new ecs.FargateTaskDefinition(stack, 'TaskDef', { taskRole: role, executionRole: role }) };
      // WHEN
      const annotations = check(f);
      // THEN
      annotations.hasError('/Stack/TaskDef/Resource', rule('ECSE-IAM1', "Task role 'Shared' is also the execution role"));
    });

    test('suppressed: listed as info with the reason', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const role = new iam.Role(stack, 'Shared', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      new ecs.FargateTaskDefinition(stack, 'TaskDef', { taskRole: role, executionRole: role });
      EcsEssentialsSuppressions.add(stack, [{ id: 'ECSE-IAM1', reason: 'legacy batch job, split planned' }]);
      // WHEN
      const annotations = check({ app, stack } as Fixture);
      // THEN
      expectNoFindings(annotations, 'ECSE-IAM1');
      annotations.hasInfo('/Stack/TaskDef/Resource', rule('ECSE-IAM1', 'suppressed: legacy batch job, split planned'));
    });
  });

  describe('ECSE-IAM2 no wildcard actions', () => {
    const wildcard = (f: Fixture) => {
      const bucket = new s3.Bucket(f.stack, 'Bucket');
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: [bucket.bucketArn] }));
      return f;
    };

    test('compliant: specific actions from a grant', () => {
      const f = fixture();
      new s3.Bucket(f.stack, 'Bucket').grantRead(f.taskDefinition.taskRole);
      expectNoFindings(check(f), 'ECSE-IAM2');
    });

    test("non-compliant: 's3:*' on the task role", () => {
      check(wildcard(fixture())).hasError('/Stack/TaskDef/Resource',
        rule('ECSE-IAM2', "Task role 'TaskDef/TaskRole' allows wildcard action 's3:\\*' \\(policy 'TaskDef/TaskRole/DefaultPolicy'\\): grant the specific actions"));
    });

    test('non-compliant: NotAction in a customer managed policy of the app', () => {
      const f = fixture();
      f.taskDefinition.taskRole.addManagedPolicy(new iam.ManagedPolicy(f.stack, 'Broad', {
        statements: [new iam.PolicyStatement({ notActions: ['iam:*'], resources: ['*'] })],
      }));
      check(f).hasError('*', rule('ECSE-IAM2', "allows every action except 'iam:\\*' through NotAction \\(managed policy 'Broad'\\)"));
    });

    test('non-compliant: wildcard in an inline policy of the role', () => {
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const taskRole = new iam.Role(stack, 'Inline', {
        assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com'),
        inlinePolicies: { all: new iam.PolicyDocument({ statements: [new iam.PolicyStatement({ actions: ['*'], resources: ['arn:aws:s3:::b'] })] }) },
      });
      new ecs.FargateTaskDefinition(stack, 'TaskDef', { taskRole });
      check({ app, stack } as Fixture).hasError('*', rule('ECSE-IAM2', "allows wildcard action '\\*' \\(inline policy 'all' of the role\\)"));
    });

    test('suppressed on the policy construct', () => {
      const f = wildcard(fixture());
      EcsEssentialsSuppressions.add(f.taskDefinition.taskRole, [{ id: 'ECSE-IAM2', reason: 'bucket is a scratch area of this task' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM2');
      annotations.hasInfo('*', rule('ECSE-IAM2', 'suppressed: bucket is a scratch area'));
    });
  });

  describe('ECSE-IAM3 no Resource * for scoped actions', () => {
    const onEverything = (f: Fixture) => {
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject', 'ssm:CreateActivation'], resources: ['*'] }));
      return f;
    };

    test('compliant: ECR pull, ECS Exec and the FIS activation use * as AWS requires', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const repository = new ecr.Repository(stack, 'Repo');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
      taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromEcrRepository(repository) });
      taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({
        actions: ['ssmmessages:CreateControlChannel', 'ssmmessages:CreateDataChannel', 'ssmmessages:OpenControlChannel',
          'ssmmessages:OpenDataChannel', 'ssm:CreateActivation'],
        resources: ['*'],
      }));
      // WHEN
      const annotations = check({ app, stack, taskDefinition });
      // THEN
      expectNoFindings(annotations, 'ECSE-IAM3');
    });

    test('non-compliant: s3:GetObject on *', () => {
      check(onEverything(fixture())).hasError('*', rule('ECSE-IAM3', "allows 's3:GetObject' on Resource '\\*'"));
    });

    test('non-compliant: ssm:AddTagsToResource has resource-level permissions', () => {
      const f = fixture();
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['ssm:AddTagsToResource'], resources: ['*'] }));
      check(f).hasError('*', rule('ECSE-IAM3', "'ssm:AddTagsToResource' on Resource"));
    });

    test('compliant: ssm:AddTagsToResource with ssm:CreateActivation tags an activation at creation (activations have no ARN)', () => {
      const f = fixture();
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['ssm:CreateActivation', 'ssm:AddTagsToResource'], resources: ['*'] }));
      expectNoFindings(check(f), 'ECSE-IAM3');
    });

    test('unresolved: a resource from a parameter is reported as a warning, not passed', () => {
      const f = fixture();
      const arn = new CfnParameter(f.stack, 'BucketArn');
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: [arn.valueAsString] }));
      const annotations = check(f);
      annotations.hasWarning('*', rule('ECSE-IAM3', 'resource that cannot be resolved at synth time: \\{"Ref":"BucketArn"\\}'));
      expect(annotations.findError('*', rule('ECSE-IAM3'))).toHaveLength(0);
    });

    test('suppressed on the task definition', () => {
      const f = onEverything(fixture());
      EcsEssentialsSuppressions.add(f.taskDefinition, [{ id: 'ECSE-IAM3', reason: 'reads objects of any bucket by design' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM3');
      annotations.hasInfo('*', rule('ECSE-IAM3', 'suppressed'));
    });
  });

  describe('ECSE-IAM4 no broad AWS managed policies', () => {
    const broad = (f: Fixture, name: string) => {
      f.taskDefinition.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName(name));
      return f;
    };

    test('compliant: no managed policy', () => {
      expectNoFindings(check(fixture()), 'ECSE-IAM4');
    });

    test.each(['AdministratorAccess', 'PowerUserAccess', 'IAMFullAccess', 'AmazonS3FullAccess'])('non-compliant: %s', (name) => {
      check(broad(fixture(), name)).hasError('*', rule('ECSE-IAM4', `broad AWS managed policy '${name}'`));
    });

    test('suppressed', () => {
      const f = broad(fixture(), 'AmazonS3FullAccess');
      EcsEssentialsSuppressions.add(f.stack, [{ id: 'ECSE-IAM4', reason: 'sandbox account, deleted nightly' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM4');
      annotations.hasInfo('*', rule('ECSE-IAM4', 'suppressed'));
    });
  });

  describe('ECSE-IAM5 AmazonECSTaskExecutionRolePolicy', () => {
    const managed = (f: Fixture) => {
      f.taskDefinition.obtainExecutionRole().addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy'));
      return f;
    };

    test('compliant: scoped grants from aws-ecs', () => {
      expectNoFindings(check(fixture()), 'ECSE-IAM5');
    });

    test('non-compliant: warning with the scoped alternative', () => {
      const annotations = check(managed(fixture()));
      annotations.hasWarning('*', rule('ECSE-IAM5', 'fromEcrRepository'));
      expect(annotations.findError('*', rule('ECSE-IAM5'))).toHaveLength(0);
    });

    test('suppressed', () => {
      const f = managed(fixture());
      EcsEssentialsSuppressions.add(f.taskDefinition, [{ id: 'ECSE-IAM5', reason: 'role shared with a legacy pipeline' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM5');
      annotations.hasInfo('*', rule('ECSE-IAM5', 'suppressed'));
    });
  });

  describe('ECSE-IAM6 execution role only pulls, logs and reads secrets', () => {
    const extra = (f: Fixture) => {
      new s3.Bucket(f.stack, 'Bucket').grantRead(f.taskDefinition.obtainExecutionRole());
      return f;
    };

    test('compliant: image pull from ECR, logs and a secret', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const repository = new ecr.Repository(stack, 'Repo');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
      const secret = new secretsmanager.Secret(stack, 'Secret');
      taskDefinition.addContainer('app', {
        image: ecs.ContainerImage.fromEcrRepository(repository),
        logging: ecs.LogDrivers.awsLogs({ streamPrefix: 'app' }),
        secrets: { TOKEN: ecs.Secret.fromSecretsManager(secret) },
      });
      // WHEN
      const annotations = check({ app, stack, taskDefinition });
      // THEN
      expectNoFindings(annotations, 'ECSE-IAM6');
      expectNoFindings(annotations, 'ECSE-IAM3');
    });

    test('non-compliant: s3 reads on the execution role', () => {
      check(extra(fixture())).hasError('*', rule('ECSE-IAM6', "Execution role 'TaskDef/ExecutionRole' allows 's3:GetObject\\*'"));
    });

    test('suppressed', () => {
      const f = extra(fixture());
      EcsEssentialsSuppressions.add(f.taskDefinition, [{ id: 'ECSE-IAM6', reason: 'env file is read by the agent from S3' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM6');
      annotations.hasInfo('*', rule('ECSE-IAM6', 'suppressed'));
    });
  });

  describe('ECSE-IAM7 task role cannot escalate', () => {
    const escalate = (f: Fixture) => {
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['iam:PassRole', 'sts:AssumeRole'], resources: ['*'] }));
      return f;
    };

    test('compliant: PassRole on one role', () => {
      const f = fixture();
      new iam.Role(f.stack, 'Managed', { assumedBy: new iam.ServicePrincipal('ssm.amazonaws.com') }).grantPassRole(f.taskDefinition.taskRole);
      expectNoFindings(check(f), 'ECSE-IAM7');
    });

    test('non-compliant: PassRole and AssumeRole on *', () => {
      const annotations = check(escalate(fixture()));
      annotations.hasError('*', rule('ECSE-IAM7', "allows 'iam:PassRole' on every role"));
      annotations.hasError('*', rule('ECSE-IAM7', "allows 'sts:AssumeRole' on every role"));
    });

    test("non-compliant: 'iam:*' even on one resource", () => {
      const f = fixture();
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['iam:*'], resources: ['arn:aws:iam::123456789012:role/x'] }));
      check(f).hasError('*', rule('ECSE-IAM7', "allows 'iam:\\*' over IAM"));
    });

    test('suppressed', () => {
      const f = escalate(fixture());
      EcsEssentialsSuppressions.add(f.app, [{ id: 'ECSE-IAM7', reason: 'deployment runner task by design' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM7');
      annotations.hasInfo('*', rule('ECSE-IAM7', 'suppressed'));
    });
  });

  describe('ECSE-IAM8 permissions that cannot be read', () => {
    const imported = () => {
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const taskRole = iam.Role.fromRoleArn(stack, 'Imported', 'arn:aws:iam::123456789012:role/platform/app-role');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { taskRole });
      return { app, stack, taskDefinition };
    };

    test('compliant: roles defined in the app', () => {
      expectNoFindings(check(fixture()), 'ECSE-IAM8');
    });

    test('non-compliant: an imported task role is reported, its statements in the app are still checked', () => {
      // GIVEN
      const f = imported();
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['arn:aws:s3:::b'] }));
      // WHEN
      const annotations = check(f);
      // THEN
      annotations.hasWarning('*', rule('ECSE-IAM8', "Task role 'arn:aws:iam::123456789012:role/platform/app-role' could not be fully checked"));
      annotations.hasError('*', rule('ECSE-IAM2', "allows wildcard action 's3:\\*'"));
    });

    test('non-compliant: an AWS managed policy that cannot be inspected', () => {
      const f = fixture();
      f.taskDefinition.taskRole.addManagedPolicy(iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore'));
      check(f).hasWarning('*', rule('ECSE-IAM8', "AWS managed policy 'AmazonSSMManagedInstanceCore'"));
    });

    test('suppressed', () => {
      const f = imported();
      EcsEssentialsSuppressions.add(f.taskDefinition, [{ id: 'ECSE-IAM8', reason: 'role owned by the platform team, reviewed 2024-05' }]);
      const annotations = check(f);
      expectNoFindings(annotations, 'ECSE-IAM8');
      annotations.hasInfo('*', rule('ECSE-IAM8', 'suppressed: role owned by the platform team'));
    });
  });

  describe('what it reads: the template as synthesized', () => {
    test('non-compliant: a statement added by an Aspect that runs after it is still found', () => {
      // GIVEN a user Aspect that grants s3:GetObject on '*' later than the checks run
      const f = fixture();
      changeAfterTheChecksVisited(f.stack, () =>
        f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] })));
      // WHEN / THEN
      expect(check(f).findError('*', rule('ECSE-IAM3', "'s3:GetObject'"))).toHaveLength(1);
    });

    test('non-compliant: a task role defined in another stack is followed through the export', () => {
      // GIVEN the role and its policy in one stack, the task definition in another
      const app = new App();
      const roles = new Stack(app, 'Roles');
      const role = new iam.Role(roles, 'AppRole', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
      role.addToPolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      const stack = new Stack(app, 'Stack');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef', { taskRole: role });
      taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
      // WHEN
      const annotations = check({ app, stack, taskDefinition });
      // THEN the statement is read, and nothing is reported as unreadable
      expect(annotations.findError('*', rule('ECSE-IAM3', "Task role 'AppRole'.*'s3:GetObject'"))).toHaveLength(1);
      expectNoFindings(annotations, 'ECSE-IAM8');
    });

    test('non-compliant: a task definition in a stack of a Stage is checked and reported', () => {
      // GIVEN the stack in a Stage (a nested cloud assembly, synthesized on its own), the Aspect on the Stage
      const app = new App();
      const stage = new Stage(app, 'Prod');
      Aspects.of(stage).add(new EcsLeastPrivilegeChecks());
      const stack = new Stack(stage, 'Stack');
      const taskDefinition = new ecs.FargateTaskDefinition(stack, 'TaskDef');
      taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
      taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:GetObject'], resources: ['*'] }));
      // WHEN
      const annotations = Annotations.fromStack(stack);
      // THEN
      expect(annotations.findError('*', rule('ECSE-IAM3', "'s3:GetObject'"))).toHaveLength(1);
    });

    test('non-compliant: a task definition in a nested stack is checked and reported', () => {
      // GIVEN
      const app = new App();
      const stack = new Stack(app, 'Stack');
      const nested = new NestedStack(stack, 'Nested');
      const taskDefinition = new ecs.FargateTaskDefinition(nested, 'TaskDef');
      taskDefinition.addContainer('app', { image: ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:latest') });
      taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      // WHEN
      const annotations = check({ app, stack, taskDefinition });
      // THEN each finding is reported once
      expect(annotations.findError('*', rule('ECSE-IAM2', "'s3:\\*'"))).toHaveLength(1);
    });
  });

  describe('levels', () => {
    const wildcard = () => {
      const f = fixture();
      f.taskDefinition.addToTaskRolePolicy(new iam.PolicyStatement({ actions: ['s3:*'], resources: ['*'] }));
      return f;
    };

    test('errorsAsWarnings reports error rules as warnings', () => {
      const annotations = check(wildcard(), { errorsAsWarnings: true });
      expect(annotations.findError('*', Match.stringLikeRegexp('ECSE-IAM'))).toHaveLength(0);
      annotations.hasWarning('*', rule('ECSE-IAM2'));
      annotations.hasWarning('*', rule('ECSE-IAM3'));
    });

    test('ruleLevels override one rule and win over errorsAsWarnings', () => {
      const annotations = check(wildcard(), {
        errorsAsWarnings: true,
        ruleLevels: [{ ruleId: 'ECSE-IAM2', level: FindingLevel.ERROR }, { ruleId: 'ECSE-IAM3', level: FindingLevel.INFO }],
      });
      annotations.hasError('*', rule('ECSE-IAM2'));
      annotations.hasInfo('*', rule('ECSE-IAM3'));
    });

    test('warnings carry the rule id so they can be acknowledged', () => {
      const f = fixture();
      f.taskDefinition.obtainExecutionRole().addManagedPolicy(
        iam.ManagedPolicy.fromAwsManagedPolicyName('service-role/AmazonECSTaskExecutionRolePolicy'));
      check(f).hasWarning('*', Match.stringLikeRegexp('\\[ack: ECSE-IAM5\\]'));
    });

    test('fails when ruleLevels names a rule of another pack', () => {
      expect(() => new EcsLeastPrivilegeChecks({ ruleLevels: [{ ruleId: 'ECSE-FD1', level: FindingLevel.ERROR }] }))
        .toThrow(/'ruleLevels\[0\]\.ruleId' must be one of ECSE-IAM1, .* or ECSE-IAM8, got 'ECSE-FD1'/);
    });
  });
});
