import { AspectPriority, CfnResource, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FindingLevel, RuleLevelOverride } from './finding-level';
import { ERRORS_AS_WARNINGS } from '../private/defaults';
import { LeastPrivilegeContext } from './private/iam-model';
import { PackIdentity, addToScopeAndStages, markVisited, warnAboutUnvisitedStages } from './private/stage-coverage';
import { TemplateChecks } from './private/template-checks';
import { RuleDefinition, RulePack } from './rule-pack';
import { executionRoleMinimal } from './rules/execution-role-minimal';
import { noBroadManagedPolicies } from './rules/no-broad-managed-policies';
import { noPartialWildcardActions } from './rules/no-partial-wildcard-actions';
import { noTaskExecutionManagedPolicy } from './rules/no-task-execution-managed-policy';
import { noWildcardActions, noWildcardActionsOnServiceConnectTls } from './rules/no-wildcard-actions';
import { noWildcardResources, noWildcardResourcesOnServiceConnectTls } from './rules/no-wildcard-resources';
import { rolesCheckable } from './rules/roles-checkable';
import { taskAndExecutionRolesDiffer } from './rules/task-and-execution-roles-differ';
import { taskRoleNoPrivilegeEscalation } from './rules/task-role-no-privilege-escalation';

/**
 * Options of `EcsLeastPrivilegeChecks`.
 */
export interface EcsLeastPrivilegeChecksProps {
  /**
   * Report findings of rules that are errors by default as warnings.
   *
   * Useful while an existing app is brought to least privilege; explicit `ruleLevels` win.
   *
   * @default false
   */
  readonly errorsAsWarnings?: boolean;

  /**
   * Per-rule levels, e.g. `{ ruleId: 'ECSE-IAM6', level: FindingLevel.WARNING }`.
   *
   * @default - each rule's own level: ERROR, except ECSE-IAM5, ECSE-IAM8 and ECSE-IAM9 (WARNING)
   */
  readonly ruleLevels?: RuleLevelOverride[];
}

const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const SERVICE = 'AWS::ECS::Service';
const PACK = 'EcsLeastPrivilegeChecks';

const SC_TLS_FIX = 'give the Service Connect TLS role only what ECS needs to issue the proxy certificates: attach the AWS ' +
  'managed policy AmazonECSInfrastructureRolePolicyForServiceConnectTransportLayerSecurity instead of wildcards ' +
  '(https://docs.aws.amazon.com/AmazonECS/latest/developerguide/service-connect-tls.html)';

const RULES: ReadonlyArray<RuleDefinition<LeastPrivilegeContext>> = [
  {
    id: 'ECSE-IAM1',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: taskAndExecutionRolesDiffer,
    fix: 'give the task definition its own execution role (aws-ecs creates one when executionRole is not set) ' +
      'and grant the application only what it calls on the task role',
  },
  {
    id: 'ECSE-IAM2',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: noWildcardActions,
    fix: 'grant the specific actions the task calls, e.g. with the grant methods of the L2 (bucket.grantRead(taskDefinition.taskRole))',
  },
  // Listed next to its sibling ECSE-IAM2.
  {
    id: 'ECSE-IAM9',
    level: FindingLevel.WARNING,
    resourceType: TASK_DEFINITION,
    check: noPartialWildcardActions,
    fix: "list the actions the task calls instead of a prefix ('s3:GetObject' rather than 's3:Get*'); the grant methods " +
      'of the L2s emit the narrowest set they can',
  },
  {
    id: 'ECSE-IAM3',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: noWildcardResources,
    fix: 'scope the statement to the ARNs of the resources the task uses; only actions without resource-level permissions ' +
      "(e.g. ecr:GetAuthorizationToken, the ssmmessages actions of ECS Exec) may use '*'",
  },
  {
    id: 'ECSE-IAM4',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: noBroadManagedPolicies,
    fix: 'remove the managed policy and grant the specific actions on the specific resources the task needs',
  },
  {
    id: 'ECSE-IAM5',
    level: FindingLevel.WARNING,
    resourceType: TASK_DEFINITION,
    check: noTaskExecutionManagedPolicy,
    fix: 'remove it and let aws-ecs grant the scoped equivalent: ContainerImage.fromEcrRepository()/fromAsset() grant the pull ' +
      "on the repository ARN (ecr:GetAuthorizationToken on '*'), the awslogs driver grants logs:CreateLogStream and " +
      'logs:PutLogEvents on its log group, Secret.fromSecretsManager() grants the read of that secret',
  },
  {
    id: 'ECSE-IAM6',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: executionRoleMinimal,
    fix: 'move the permission to the task role if the application needs it; the execution role only pulls images, ' +
      'writes logs and reads the secrets of the task definition',
  },
  {
    id: 'ECSE-IAM7',
    level: FindingLevel.ERROR,
    resourceType: TASK_DEFINITION,
    check: taskRoleNoPrivilegeEscalation,
    fix: 'never grant IAM administration to a task; scope iam:PassRole and sts:AssumeRole to the ARNs of the roles the ' +
      'task passes or assumes (role.grantPassRole(taskRole), role.grantAssumeRole(taskRole))',
  },
  {
    id: 'ECSE-IAM8',
    level: FindingLevel.WARNING,
    resourceType: TASK_DEFINITION,
    check: rolesCheckable,
    fix: 'define the role and its policies in the app, or review them (e.g. with IAM Access Analyzer) and suppress ' +
      'ECSE-IAM8 with the result of the review as reason',
  },
  // The Service Connect TLS role ECS assumes for the service's proxy certificates (on the service).
  {
    id: 'ECSE-IAM2',
    level: FindingLevel.ERROR,
    resourceType: SERVICE,
    check: noWildcardActionsOnServiceConnectTls,
    fix: SC_TLS_FIX,
  },
  {
    id: 'ECSE-IAM3',
    level: FindingLevel.ERROR,
    resourceType: SERVICE,
    check: noWildcardResourcesOnServiceConnectTls,
    fix: SC_TLS_FIX,
  },
];

/**
 * Checks the IAM roles of every ECS task definition in scope for least privilege.
 *
 * Works on the resolved CloudFormation of task definitions built with this library, `aws-ecs` or
 * `aws-ecs-patterns`: it follows `TaskRoleArn` / `ExecutionRoleArn` to the roles, their inline
 * policies and managed policy ARNs, and the `AWS::IAM::Policy` / `ManagedPolicy` / `RolePolicy`
 * resources attached to them. Findings are attached to the task definition's L1 with a stable
 * rule id and the fix:
 *
 * - `ECSE-IAM1` task role and execution role are the same role (error)
 * - `ECSE-IAM2` wildcard actions (`*`, `service:*`, `NotAction`) (error)
 * - `ECSE-IAM3` `Resource: '*'` for actions that support resource-level permissions (error)
 * - `ECSE-IAM4` AdministratorAccess, PowerUserAccess, IAMFullAccess, `*FullAccess` (error)
 * - `ECSE-IAM5` `AmazonECSTaskExecutionRolePolicy` instead of scoped grants (warning)
 * - `ECSE-IAM6` execution role allows more than image pull, logs and secrets (error)
 * - `ECSE-IAM7` task role gets `iam:*`, `iam:PassRole` on `*` or `sts:AssumeRole` on `*` (error)
 * - `ECSE-IAM8` permissions that cannot be read at synth time: imported roles, external
 *   policies, AWS managed policies whose statements are not known (warning)
 * - `ECSE-IAM9` partial wildcard actions such as `s3:Get*` (warning; info for the wildcards of
 *   aws-cdk-lib grant methods such as `bucket.grantRead()`)
 *
 * `ECSE-IAM2` and `ECSE-IAM3` also check the Service Connect TLS role of every service (findings on the service).
 *
 * Values only known at deploy time are reported, at most as warnings; a resource ARN whose literal
 * parts fix the service and the resource counts as scoped. The AWS managed policies that AWS or
 * aws-cdk-lib attach for a feature (AWSXRayDaemonWriteAccess, CloudWatchAgentServerPolicy ...) are
 * checked by their known statements. Findings on statements aws-cdk-lib generated name the feature
 * that added them; those it grants on '*' with no option to scope them are warnings at most. Suppress
 * findings with `EcsEssentialsSuppressions.add()`.
 *
 * Aspects added to the App never enter a Stage, and CDK Pipelines synthesizes each Stage in
 * `addStage()`: use `EcsLeastPrivilegeChecks.applyTo(app)` for apps with Stages. A Stage the checks
 * could not visit is reported as a warning (`cdk-ecs-essentials:stageNotChecked`).
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/security-iam-roles.html
 */
export class EcsLeastPrivilegeChecks implements IAspect {
  /**
   * Adds the checks to `scope` and to every Stage inside it, including Stages created later and those
   * CDK Pipelines synthesizes in `pipeline.addStage()`, which `Aspects.of(app).add()` never reaches.
   *
   * Call it before the pipeline adds its stages, e.g. right after `new App()`. Each Stage gets the
   * checks just before it is synthesized, at `AspectPriority.READONLY`, so they see what mutating
   * Aspects (EcsFastDeployChecks' fix mode) changed; findings land on the Stage's own resources.
   *
   * @param scope the app, or any construct whose stacks and Stages should be checked
   * @param props rule levels; every rule at its default level when omitted
   */
  public static applyTo(scope: IConstruct, props: EcsLeastPrivilegeChecksProps = {}): void {
    addToScopeAndStages(scope, new EcsLeastPrivilegeChecks(props), AspectPriority.READONLY);
  }

  private readonly pack: RulePack<LeastPrivilegeContext>;
  private readonly checks: TemplateChecks;
  private readonly identity: PackIdentity = {
    name: PACK,
    isPack: (a) => a instanceof EcsLeastPrivilegeChecks,
    inspects: (t) => this.pack.inspects(t),
  };

  /**
   * @param props rule levels; every rule at its default level when omitted
   */
  constructor(props: EcsLeastPrivilegeChecksProps = {}) {
    this.pack = new RulePack(PACK, RULES, {
      errorsAsWarnings: props.errorsAsWarnings ?? ERRORS_AS_WARNINGS,
      ruleLevels: props.ruleLevels,
    });
    this.checks = new TemplateChecks((taskDefinitions, source, ids) => {
      // One context per stack: the template it reads from is final.
      const ctx = new LeastPrivilegeContext(ids, source);
      taskDefinitions.forEach((taskDefinition) => this.pack.run(taskDefinition, ctx));
    });
  }

  /**
   * Checks `node` when it is an `AWS::ECS::TaskDefinition`.
   *
   * The check runs when synthesis renders the stack's template, so it sees the roles and policies
   * as deployed, including statements added after this Aspect visited the task definition.
   *
   * @param node the construct visited by the Aspect
   */
  public visit(node: IConstruct): void {
    markVisited(node, PACK);
    warnAboutUnvisitedStages(node, this.identity, false);
    if (CfnResource.isCfnResource(node) && this.pack.inspects(node.cfnResourceType)) {
      this.checks.add(node);
    }
  }
}
