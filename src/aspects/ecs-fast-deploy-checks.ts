import { AspectPriority, CfnResource, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FindingLevel, RuleLevelOverride } from './finding-level';
import { FAST_DEPLOY_FIX, FIX_EXPLICIT_VALUES, IMAGE_PULL_RULE_LEVEL } from '../private/defaults';
import { LogicalIds } from './private/cfn';
import { FastDeployContext, FastDeployOptions, ServiceUsage } from './private/service-model';
import { PackIdentity, addToScopeAndStages, markVisited, warnAboutUnvisitedStages } from './private/stage-coverage';
import { TemplateChecks } from './private/template-checks';
import { RuleDefinition, RulePack } from './rule-pack';
import { awslogsNonBlocking, awslogsNonBlockingStandalone } from './rules/awslogs-non-blocking';
import { circuitBreakerRollback } from './rules/circuit-breaker-rollback';
import { containerStopTimeout } from './rules/container-stop-timeout';
import { deregistrationDelay } from './rules/deregistration-delay';
import { healthCheckInterval } from './rules/health-check-interval';
import { healthyThreshold } from './rules/healthy-threshold';
import { imagePullSource, imagePullSourceStandalone } from './rules/image-pull-source';
import { logRetention, logRetentionStandalone } from './rules/log-retention';
import { minHealthyPercent } from './rules/min-healthy-percent';
import { rollbackOnFailure } from './rules/rollback-on-failure';

/**
 * Options of `EcsFastDeployChecks`.
 */
export interface EcsFastDeployChecksProps {
  /**
   * Apply the fast-deploy profile to the services in scope instead of only reporting.
   *
   * Each fix is a CloudFormation property override on the L1 (target group, task definition,
   * service, log group) and is listed as an info annotation. Add the Aspect with
   * `{ priority: AspectPriority.MUTATING }` so read-only Aspects (cdk-nag, EcsLeastPrivilegeChecks)
   * see the fixed template. Findings that are suppressed are not fixed, nor are values the author
   * set explicitly (see `fixExplicitValues`), AWS sidecars and non-essential containers, nor the
   * minimum healthy percent of an EC2 service whose new task cannot start beside the old one.
   *
   * @default false
   */
  readonly fix?: boolean;

  /**
   * Let fix mode also rewrite values the author set explicitly.
   *
   * By default fix mode only changes values left at the AWS or CDK default (no health check
   * interval, the ELB's 300 s deregistration delay, the 50 % aws-ecs renders for an unset
   * `minHealthyPercent` ...) and reports explicit ones (a 60 s interval, a 30 s deregistration delay,
   * `minHealthyPercent: 0` for a single-task database) with the reason it left them. With this set,
   * explicit values are rewritten too. Either way fix mode never raises the minimum healthy percent of
   * an EC2 service whose new task cannot start beside the old one, nor changes AWS sidecars
   * or non-essential containers.
   *
   * @default false
   */
  readonly fixExplicitValues?: boolean;

  /**
   * Per-rule levels, e.g. `{ ruleId: 'ECSE-FD5', level: FindingLevel.ERROR }`.
   *
   * @default - every rule reports warnings
   */
  readonly ruleLevels?: RuleLevelOverride[];
}

const SERVICE = 'AWS::ECS::Service';
const TASK_DEFINITION = 'AWS::ECS::TaskDefinition';
const PACK = 'EcsFastDeployChecks';
const OR_FIX = ', or add EcsFastDeployChecks({ fix: true })';

const FD7_FIX = 'use LogDrivers.awsLogs({ mode: AwsLogDriverMode.NON_BLOCKING, maxBufferSize: Size.mebibytes(25), ... }); ' +
  'with aws-ecs-patterns pass it as taskImageOptions.logDriver (scheduledFargateTaskImageOptions.logDriver for scheduled tasks), ' +
  'for the Service Connect proxy as serviceConnectConfiguration.logDriver; for a container a library adds, use the library\'s ' +
  `logging option or an escape hatch (addPropertyOverride on the task definition)${OR_FIX}`;
const FD10_FIX = 'pull from a private ECR repository in the stack\'s Region: an ECR pull through cache rule for the upstream ' +
  'registry (Docker Hub, ECR Public, GitHub Container Registry, Quay and others; https://docs.aws.amazon.com/AmazonECR/latest/userguide/pull-through-cache.html), ' +
  'ECR replication from the other Region (https://docs.aws.amazon.com/AmazonECR/latest/userguide/replication.html), or ' +
  'ContainerImage.fromAsset, which pushes to the stack\'s Region. Not changed by fix mode';
const FD8_FIX = 'set logRetention on LogDrivers.awsLogs() or pass a LogGroup with a retention (taskImageOptions.logDriver with ' +
  `aws-ecs-patterns)${OR_FIX}`;

const RULES: ReadonlyArray<RuleDefinition<FastDeployContext>> = [
  {
    id: 'ECSE-FD1',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: healthCheckInterval,
    fix: `check every 5 s so a new task gets traffic within seconds: targetGroup.configureHealthCheck({ interval: Duration.seconds(5), timeout: Duration.seconds(4) })${OR_FIX}`,
  },
  {
    id: 'ECSE-FD2',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: healthyThreshold,
    fix: `two successful checks are enough for an app that starts in under 10 s: targetGroup.configureHealthCheck({ healthyThresholdCount: 2 })${OR_FIX}`,
  },
  {
    id: 'ECSE-FD3',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: deregistrationDelay,
    fix: 'drain for 5 s when requests finish in under a second: targetGroup.setAttribute(\'deregistration_delay.timeout_seconds\', \'5\'); ' +
      `keep it longer (and suppress) for long-lived connections${OR_FIX}`,
  },
  {
    id: 'ECSE-FD4',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: containerStopTimeout,
    fix: 'handle SIGTERM in the app and set stopTimeout: Duration.seconds(2) on the container; for an image you do not build, ' +
      'use the stop timeout its vendor documents or suppress the rule on it. AWS sidecars (FireLens/Fluent Bit, Envoy, the X-Ray ' +
      `daemon, the CloudWatch agent) are not checked: keep their default so they can flush and drain${OR_FIX}`,
  },
  {
    id: 'ECSE-FD5',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: circuitBreakerRollback,
    fix: `set circuitBreaker: { enable: true, rollback: true } on the service${OR_FIX}`,
  },
  {
    id: 'ECSE-FD6',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: minHealthyPercent,
    fix: 'set minHealthyPercent: 100 with maxHealthyPercent: 200 on the service; on EC2 this needs room for a second copy of ' +
      'every task (no static host port, no distinctInstance placement, spare instance capacity), or deployments stall' +
      `${OR_FIX} (which skips such EC2 services)`,
  },
  {
    id: 'ECSE-FD7',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: awslogsNonBlocking,
    fix: FD7_FIX,
  },
  {
    id: 'ECSE-FD8',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: logRetention,
    fix: FD8_FIX,
  },
  {
    id: 'ECSE-FD9',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: rollbackOnFailure,
    fix: 'roll back on alarms: EssentialFargateService and the other services of this library do it by default (rollbackAlarms ' +
      'adds yours); on aws-ecs services set deploymentAlarms: { alarmNames: [alarm.alarmName], behavior: AlarmBehavior.ROLLBACK_ON_ALARM } ' +
      'with alarms on the target group\'s 5xx and unhealthy hosts, and circuitBreaker: { enable: true, rollback: true }. Not changed by fix mode',
  },
  {
    id: 'ECSE-FD10',
    level: IMAGE_PULL_RULE_LEVEL as FindingLevel,
    resourceType: SERVICE,
    check: imagePullSource,
    fix: FD10_FIX,
  },
  // Task definitions that no service runs (scheduled tasks, RunTask) get the log and image rules on their own.
  {
    id: 'ECSE-FD7',
    level: FindingLevel.WARNING,
    resourceType: TASK_DEFINITION,
    check: awslogsNonBlockingStandalone,
    fix: FD7_FIX,
  },
  {
    id: 'ECSE-FD8',
    level: FindingLevel.WARNING,
    resourceType: TASK_DEFINITION,
    check: logRetentionStandalone,
    fix: FD8_FIX,
  },
  {
    id: 'ECSE-FD10',
    level: IMAGE_PULL_RULE_LEVEL as FindingLevel,
    resourceType: TASK_DEFINITION,
    check: imagePullSourceStandalone,
    fix: FD10_FIX,
  },
];

/**
 * Checks every ECS service in scope, and its target groups, task definition and log groups,
 * against the fast-deploy profile.
 *
 * Works on services built with this library, `aws-ecs` or `aws-ecs-patterns`. Rules (warnings by
 * default, except the info-level FD10; attached to the service's L1):
 *
 * - `ECSE-FD1` target group health check interval above 5 s (AWS default 30 s)
 * - `ECSE-FD2` healthy threshold above 2 (AWS default 5)
 * - `ECSE-FD3` deregistration delay above 5 s (AWS default 300 s)
 * - `ECSE-FD4` container stopTimeout unset or above 2 s (default 30 s); AWS sidecars (FireLens log
 *   routers, Envoy, the X-Ray daemon, the CloudWatch agent) are not checked
 * - `ECSE-FD5` no deployment circuit breaker with rollback
 * - `ECSE-FD6` minimum healthy percent below 100 (aws-ecs renders 50)
 * - `ECSE-FD7` awslogs not in non-blocking mode, for containers and the Service Connect proxy
 * - `ECSE-FD8` awslogs log group without retention, for containers and the Service Connect proxy, and log
 *   groups created at run time without one (`awslogs-create-group`, FireLens CloudWatch `auto_create_group`)
 * - `ECSE-FD9` a load-balanced service that nothing rolls back: neither deployment alarms with rollback
 *   nor a circuit breaker with rollback, or a blue/green, canary or linear strategy without alarms
 *   (report only, never changed by fix mode)
 *
 * - `ECSE-FD10` (info by default) an application image pulled from outside Amazon ECR (Docker Hub,
 *   ECR Public, other registries) or from ECR in another Region: a Fargate task pulls every image in
 *   full at every start. AWS sidecars are not checked; raise it with
 *   `ruleLevels: [{ ruleId: 'ECSE-FD10', level: FindingLevel.WARNING }]` (report only)
 *
 * FD7, FD8 and FD10 also check task definitions that no service runs (scheduled tasks, RunTask), on the
 * task definition's L1.
 *
 * With `fix: true` it applies the profile through property overrides and reports each change, with
 * the old and the new value, as info. Fix mode only changes values left at the AWS or CDK default
 * (see `fixExplicitValues`), and never raises the minimum healthy percent of an EC2 service whose new
 * task cannot start beside the old one (static host port, `distinctInstance`, one instance): it
 * reports why instead. Add it as a mutating Aspect:
 * `Aspects.of(app).add(new EcsFastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING })`,
 * or, for apps with Stages and CDK Pipelines, `EcsFastDeployChecks.applyTo(app, { fix: true })`.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-healthcheck.html
 */
export class EcsFastDeployChecks implements IAspect {
  /**
   * Adds the checks to `scope` and to every Stage inside it, including Stages created later and those
   * CDK Pipelines synthesizes in `pipeline.addStage()`, which `Aspects.of(app).add()` never reaches.
   *
   * Call it before the pipeline adds its stages, e.g. right after `new App()`. With `fix: true` the
   * Aspect runs at `AspectPriority.MUTATING`, otherwise at `AspectPriority.READONLY`; each Stage gets it
   * just before it is synthesized, so fixes land in the Stage's templates.
   *
   * @param scope the app, or any construct whose stacks and Stages should be checked
   * @param props fix mode and rule levels; report-only warnings when omitted
   */
  public static applyTo(scope: IConstruct, props: EcsFastDeployChecksProps = {}): void {
    const checks = new EcsFastDeployChecks(props);
    addToScopeAndStages(scope, checks, checks.fix ? AspectPriority.MUTATING : AspectPriority.READONLY);
  }

  private readonly pack: RulePack<FastDeployContext>;
  private readonly ids = new LogicalIds();
  private readonly fix: boolean;
  private readonly options: FastDeployOptions;
  private readonly usage = new ServiceUsage();
  private readonly checks: TemplateChecks;
  private readonly identity: PackIdentity = {
    name: PACK,
    isPack: (a) => a instanceof EcsFastDeployChecks,
    inspects: (t) => this.pack.inspects(t),
  };

  /**
   * @param props fix mode and rule levels; report-only warnings when omitted
   */
  constructor(props: EcsFastDeployChecksProps = {}) {
    this.fix = props.fix ?? FAST_DEPLOY_FIX;
    this.options = { fixExplicitValues: props.fixExplicitValues ?? FIX_EXPLICIT_VALUES };
    this.pack = new RulePack(PACK, RULES, { fix: this.fix, ruleLevels: props.ruleLevels });
    this.checks = new TemplateChecks((nodes, source, ids) => {
      const ctx = new FastDeployContext(ids, source, this.options);
      nodes.forEach((node) => this.pack.run(node, ctx));
    });
  }

  /**
   * Checks (and with `fix`, changes) `node` when it is an `AWS::ECS::Service`, or an
   * `AWS::ECS::TaskDefinition` that no service of its stack runs.
   *
   * Report-only checks run when synthesis renders the stack's template, so they see the service
   * as deployed; fixes are applied at once, while they can still change the template.
   *
   * @param node the construct visited by the Aspect
   */
  public visit(node: IConstruct): void {
    markVisited(node, PACK);
    warnAboutUnvisitedStages(node, this.identity, this.fix);
    if (!CfnResource.isCfnResource(node) || !this.pack.inspects(node.cfnResourceType)) {
      return;
    }
    if (this.fix) {
      // Fixes are property overrides, so they must land before templates are rendered; one
      // context per service, so a fix to a shared target group or log group is seen by the next.
      this.pack.run(node, new FastDeployContext(this.ids, undefined, this.options, this.usage));
    } else {
      this.checks.add(node);
    }
  }
}
