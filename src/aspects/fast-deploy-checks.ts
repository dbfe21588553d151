import { CfnResource, IAspect } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { FindingLevel, RuleLevelOverride } from './finding-level';
import { FAST_DEPLOY_FIX } from '../private/defaults';
import { LogicalIds } from './private/cfn';
import { FastDeployContext } from './private/service-model';
import { TemplateChecks } from './private/template-checks';
import { RuleDefinition, RulePack } from './rule-pack';
import { awslogsNonBlocking } from './rules/awslogs-non-blocking';
import { circuitBreakerRollback } from './rules/circuit-breaker-rollback';
import { containerStopTimeout } from './rules/container-stop-timeout';
import { deregistrationDelay } from './rules/deregistration-delay';
import { healthCheckInterval } from './rules/health-check-interval';
import { healthyThreshold } from './rules/healthy-threshold';
import { logRetention } from './rules/log-retention';
import { minHealthyPercent } from './rules/min-healthy-percent';

/**
 * Options of `FastDeployChecks`.
 */
export interface FastDeployChecksProps {
  /**
   * Apply the fast-deploy profile to the services in scope instead of only reporting.
   *
   * Each fix is a CloudFormation property override on the L1 (target group, task definition,
   * service, log group) and is listed as an info annotation. Add the Aspect with
   * `{ priority: AspectPriority.MUTATING }` so read-only Aspects (cdk-nag, EcsLeastPrivilegeChecks)
   * see the fixed template. Findings that are suppressed are not fixed.
   *
   * @default false
   */
  readonly fix?: boolean;

  /**
   * Per-rule levels, e.g. `{ ruleId: 'ECSE-FD5', level: FindingLevel.ERROR }`.
   *
   * @default - every rule reports warnings
   */
  readonly ruleLevels?: RuleLevelOverride[];
}

const SERVICE = 'AWS::ECS::Service';
const OR_FIX = ', or add FastDeployChecks({ fix: true })';

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
    fix: `handle SIGTERM in the app and set stopTimeout: Duration.seconds(2) on the container${OR_FIX}`,
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
    fix: `set minHealthyPercent: 100 with maxHealthyPercent: 200 on the service${OR_FIX}`,
  },
  {
    id: 'ECSE-FD7',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: awslogsNonBlocking,
    fix: `use LogDrivers.awsLogs({ mode: AwsLogDriverMode.NON_BLOCKING, maxBufferSize: Size.mebibytes(25), ... })${OR_FIX}`,
  },
  {
    id: 'ECSE-FD8',
    level: FindingLevel.WARNING,
    resourceType: SERVICE,
    check: logRetention,
    fix: `set logRetention on LogDrivers.awsLogs() or pass a LogGroup with a retention${OR_FIX}`,
  },
];

/**
 * Checks every ECS service in scope, and its target groups, task definition and log groups,
 * against the fast-deploy profile.
 *
 * Works on services built with this library, `aws-ecs` or `aws-ecs-patterns`. Rules (all warnings
 * by default, attached to the service's L1):
 *
 * - `ECSE-FD1` target group health check interval above 5 s (AWS default 30 s)
 * - `ECSE-FD2` healthy threshold above 2 (AWS default 5)
 * - `ECSE-FD3` deregistration delay above 5 s (AWS default 300 s)
 * - `ECSE-FD4` container stopTimeout unset or above 2 s (default 30 s)
 * - `ECSE-FD5` no deployment circuit breaker with rollback
 * - `ECSE-FD6` minimum healthy percent below 100 (aws-ecs renders 50)
 * - `ECSE-FD7` awslogs not in non-blocking mode
 * - `ECSE-FD8` awslogs log group without retention
 *
 * With `fix: true` it applies the profile through property overrides and reports each change as
 * info. Add it as a mutating Aspect:
 * `Aspects.of(app).add(new FastDeployChecks({ fix: true }), { priority: AspectPriority.MUTATING })`.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/developerguide/load-balancer-healthcheck.html
 */
export class FastDeployChecks implements IAspect {
  private readonly pack: RulePack<FastDeployContext>;
  private readonly ids = new LogicalIds();
  private readonly fix: boolean;
  private readonly checks: TemplateChecks;

  /**
   * @param props fix mode and rule levels; report-only warnings when omitted
   */
  constructor(props: FastDeployChecksProps = {}) {
    this.fix = props.fix ?? FAST_DEPLOY_FIX;
    this.pack = new RulePack('FastDeployChecks', RULES, { fix: this.fix, ruleLevels: props.ruleLevels });
    this.checks = new TemplateChecks((services, source, ids) => {
      const ctx = new FastDeployContext(ids, source);
      services.forEach((service) => this.pack.run(service, ctx));
    });
  }

  /**
   * Checks (and with `fix`, changes) `node` when it is an `AWS::ECS::Service`.
   *
   * Report-only checks run when synthesis renders the stack's template, so they see the service
   * as deployed; fixes are applied at once, while they can still change the template.
   *
   * @param node the construct visited by the Aspect
   */
  public visit(node: IConstruct): void {
    if (!CfnResource.isCfnResource(node) || !this.pack.inspects(node.cfnResourceType)) {
      return;
    }
    if (this.fix) {
      // Fixes are property overrides, so they must land before templates are rendered; one
      // context per service, so a fix to a shared target group or log group is seen by the next.
      this.pack.run(node, new FastDeployContext(this.ids));
    } else {
      this.checks.add(node);
    }
  }
}
