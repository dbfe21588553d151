import { ExpectedResult, IApiCall, IntegTest, Match } from '@aws-cdk/integ-tests-alpha';
import { CfnResource, Duration, Fn, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { IConstruct } from 'constructs';

/**
 * Reusable assertions for the integ apps: each one is a check a maintainer gets by running
 * `integ-runner` against an account (docs/integ-tests.md), and each fails when the capability it names
 * does not work once deployed.
 *
 * The assertions find the deployed resources through CloudFormation (`DescribeStackResource` by logical
 * id) rather than through cross-stack references, so the stacks under test keep the templates a user
 * would deploy: no `Export`, no output added for the test.
 */

/**
 * The ELBv2 client by its SDK v3 package name: integ-tests-alpha derives the IAM action prefix from the
 * service name, and the v2 name `ElasticLoadBalancingV2` yields `elasticloadbalancingv2:*`, which IAM does
 * not know (cfn-lint W3037), so the call would be denied.
 */
const ELBV2 = '@aws-sdk/client-elastic-load-balancing-v2';

/** ECS replaces a task and waits for health checks within minutes; 20 bounds a stuck rollout well below integ-runner's own limits. */
export const SERVICE_STABLE_TIMEOUT = Duration.minutes(20);
/** A new ALB's DNS name needs a few minutes to resolve everywhere. */
export const HTTP_TIMEOUT = Duration.minutes(10);
/** One ECS/ELB/FIS read every 30 s stays far below their API rate limits. */
export const POLL_INTERVAL = Duration.seconds(30);

/**
 * An expected value matched exactly, numbers included.
 *
 * integ-tests-alpha 2.245's handler decodes `$ObjectLike`, `$ArrayWith`, `$StringLike` and
 * `$SerializedJson` but not the `$Exact` that `ExpectedResult.exact` writes, so that one never matches;
 * a plain JSON value falls through to an exact match, which is what this encodes. Numbers included,
 * which `stringLikeRegexp` cannot match.
 */
export class ExactValue extends ExpectedResult {
  public readonly result: string;

  constructor(value: string | number | boolean) {
    super();
    this.result = JSON.stringify(value);
  }
}

/** Options of {@link DeploymentAssertions.serviceSteady}. */
export interface ServiceSteadyOptions {
  /**
   * The number of tasks the service must run once its rollout completed. Leave it out when auto scaling
   * owns the desired count: the rollout state COMPLETED then stands for "running equals desired"
   * (ECS sets it when the deployment reached a steady state).
   *
   * @default - the rollout state only
   */
  readonly desiredCount?: number;
  /** @default SERVICE_STABLE_TIMEOUT */
  readonly totalTimeout?: Duration;
}

/** The parts of an `EssentialFargateService` / `EssentialEc2Service` the assertions read. */
export interface AssertableService {
  readonly cluster: ecs.ICluster;
  readonly service: ecs.BaseService;
}

/**
 * Assertions of one `IntegTest` over the stacks it deploys.
 *
 * Calls made through one instance run in the order they are made (each waits for the previous one),
 * so a later check (an HTTP call, a chaos experiment) never runs before the services are stable.
 */
export class DeploymentAssertions {
  private readonly physicalIds = new Map<string, string>();
  private last?: IApiCall;

  constructor(private readonly integ: IntegTest) {}

  /**
   * The physical id of a resource of a stack under test, read from CloudFormation when the
   * assertions run (`Ref` of the resource).
   */
  public physicalId(construct: IConstruct): string {
    const resource = construct instanceof CfnResource ? construct : construct.node.defaultChild;
    if (!(resource instanceof CfnResource)) {
      throw new Error(`${construct.node.path} has no CloudFormation resource to look up`);
    }
    const stack = Stack.of(resource);
    const logicalId = stack.resolve(resource.logicalId) as string;
    const key = `${stack.stackName}/${logicalId}`;
    const known = this.physicalIds.get(key);
    if (known) {
      return known;
    }
    const call = this.integ.assertions.awsApiCall('CloudFormation', 'describeStackResource', {
      StackName: stack.stackName,
      LogicalResourceId: logicalId,
    }, ['StackResourceDetail.PhysicalResourceId']);
    // The assertion stack is deployed after the stacks it reads, which no reference tells CDK. A construct
    // dependency across stacks becomes a stack dependency (Stack.addDependency is deprecated in newer
    // aws-cdk-lib, and its successor addStackDependency does not exist in 2.257).
    Stack.of(call).node.addDependency(stack);
    const id = call.getAttString('StackResourceDetail.PhysicalResourceId');
    this.physicalIds.set(key, id);
    return id;
  }

  /**
   * The service's primary deployment reaches rolloutState COMPLETED (ECS: the deployment reached a steady
   * state, all its tasks running and, behind a load balancer, healthy), then runs `desiredCount` tasks.
   * Fails when tasks do not start, crash, fail health checks or the circuit breaker rolls back.
   *
   * (integ-tests-alpha's `expect` between two attributes is not used for "running equals desired": the
   * output id it derives from token strings differs from one synth to the next.)
   */
  public serviceSteady(service: AssertableService, options: ServiceSteadyOptions = {}): IApiCall {
    const describe = this.describeService(service);
    const rollout = this.chain(describe
      .assertAtPath('services.0.deployments.0.rolloutState', new ExactValue('COMPLETED'))
      .waitForAssertions({ totalTimeout: options.totalTimeout ?? SERVICE_STABLE_TIMEOUT, interval: POLL_INTERVAL }));
    return options.desiredCount === undefined ? rollout : this.runningCount(service, options.desiredCount);
  }

  /**
   * The service runs exactly `count` tasks, waiting for ECS to replace stopped ones (after a chaos
   * experiment, for instance). Fails when the service does not recover.
   */
  public runningCount(service: AssertableService, count: number, totalTimeout: Duration = SERVICE_STABLE_TIMEOUT): IApiCall {
    return this.chain(this.describeService(service)
      .assertAtPath('services.0.runningCount', new ExactValue(count))
      .waitForAssertions({ totalTimeout, interval: POLL_INTERVAL }));
  }

  /**
   * The target group's first registered target turns healthy in the load balancer's eyes (health checks
   * pass from the ALB to the task). Works for internal load balancers too, which an HTTP call from
   * outside the VPC cannot reach.
   */
  public targetsHealthy(targetGroup: elbv2.ITargetGroup, totalTimeout: Duration = HTTP_TIMEOUT): IApiCall {
    const call = this.integ.assertions.awsApiCall(ELBV2, 'describeTargetHealth', {
      TargetGroupArn: this.physicalId(targetGroup),
    }, ['TargetHealthDescriptions.0.TargetHealth.State']);
    return this.chain(call
      .assertAtPath('TargetHealthDescriptions.0.TargetHealth.State', new ExactValue('healthy'))
      .waitForAssertions({ totalTimeout, interval: POLL_INTERVAL }));
  }

  /**
   * `http://<load balancer DNS name><path>` answers with `status` (and a body matching `bodyPattern`),
   * through the listener, the rules and the tasks, as a client would reach them.
   */
  public http(loadBalancer: elbv2.IApplicationLoadBalancer, path: string, expected: HttpExpectation = {}): IApiCall {
    const describe = this.integ.assertions.awsApiCall(ELBV2, 'describeLoadBalancers', {
      LoadBalancerArns: [this.physicalId(loadBalancer)],
    }, ['LoadBalancers.0.DNSName']);
    const dnsName = describe.getAttString('LoadBalancers.0.DNSName');
    const call = this.integ.assertions.httpApiCall(`http://${dnsName}${path}`);
    const pattern: Record<string, unknown> = { status: expected.status ?? 200 };
    if (expected.bodyPattern !== undefined) {
      pattern.body = Match.stringLikeRegexp(expected.bodyPattern);
    }
    return this.chain(call
      .expect(ExpectedResult.objectLike(pattern))
      .waitForAssertions({ totalTimeout: HTTP_TIMEOUT, interval: POLL_INTERVAL }));
  }

  /**
   * A read-only API call whose response must match at `path`; for resources that exist once the stack
   * is deployed (scheduled actions, experiment templates, capacity providers).
   */
  public apiAt(service: string, api: string, parameters: Record<string, unknown>, path: string, expected: ExpectedResult): IApiCall {
    return this.chain(this.integ.assertions.awsApiCall(service, api, parameters, [path]).assertAtPath(path, expected));
  }

  /** Run `call` after every call made so far through this instance. */
  public chain(call: IApiCall): IApiCall {
    if (this.last !== undefined) {
      this.last.next(call);
    }
    this.last = call;
    return call;
  }

  /** ECS `DescribeServices` for one service, its response limited to what the assertions read (custom resource data holds 4 KB). */
  private describeService(service: AssertableService): IApiCall {
    return this.integ.assertions.awsApiCall('ECS', 'describeServices', {
      cluster: this.physicalId(service.cluster),
      services: [this.physicalId(service.service)],
    }, ['services.0.runningCount', 'services.0.desiredCount', 'services.0.pendingCount']);
  }

}

/** What {@link DeploymentAssertions.http} expects of the response. */
export interface HttpExpectation {
  /** @default 200 */
  readonly status?: number;
  /**
   * A regular expression the body must match.
   *
   * @default - the body is not checked
   */
  readonly bodyPattern?: string;
}

/**
 * The ECS `ResourceId` Application Auto Scaling knows a service by (`service/<cluster>/<service>`),
 * cut from the service ARN (`arn:<partition>:ecs:<region>:<account>:service/<cluster>/<service>`).
 */
export function scalableResourceId(serviceArn: string): string {
  return Fn.select(5, Fn.split(':', serviceArn));
}
