import { Token } from 'aws-cdk-lib';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import { CONDITION_VALUES_PER_RULE, HEADER_CONDITION_NAME, HEADER_CONDITION_NOT_HOST, HEADER_CONDITION_VALUE, LISTENER_RULE_PRIORITY } from './limits';
import { PropsValidator, listOf } from './validation';
import type { RolloutTestTrafficOptions } from '../deployment/rollout-options';

/** Priority of the test rule on the service's own ALB: evaluated before the production rule, which moves to 2. */
export const OWN_ALB_TEST_RULE_PRIORITY = 1;
/** Priority of the production rule on the service's own ALB when a test rule comes first. */
export const OWN_ALB_PRODUCTION_PRIORITY_WITH_TEST = 2;

// ALB http-header conditions: the header name, each value and the condition values per rule (./limits quotes ELB).
const MAX_HEADER_NAME = HEADER_CONDITION_NAME.max!;
const MAX_HEADER_VALUE = HEADER_CONDITION_VALUE.max!;
const MAX_CONDITION_VALUES = CONDITION_VALUES_PER_RULE.max!;
const TOKEN_CHARACTERS = new RegExp(HEADER_CONDITION_NAME.pattern!);

/** What the test rule's checks need to know about the service. */
export interface TestTrafficContext {
  /** The rollout as written in code, for messages. */
  readonly rollout: string;
  readonly hasLoadBalancer: boolean;
  /** True when the service publishes a Service Connect endpoint, whose clients' test requests ECS routes too. */
  readonly serviceConnectServer: boolean;
  /** The production rule's priority on a shared listener; undefined for the service's own ALB. */
  readonly sharedListenerPriority?: number;
  /** The production rule's condition values on a shared listener (paths and hosts), which the test rule repeats. */
  readonly sharedConditionValues?: number;
}

/** Record the problems of `rollout.testTraffic`. */
export function checkTestTraffic(v: PropsValidator, options: RolloutTestTrafficOptions, context: TestTrafficContext): void {
  if (!context.hasLoadBalancer && !context.serviceConnectServer) {
    v.fail('\'rollout.testTraffic\' needs a load balancer or a Service Connect server: ECS sends test traffic through an ALB listener rule ' +
      'or a Service Connect header rule; set \'loadBalancing\' to LoadBalancing.publicAlb(), internalAlb() or sharedListener(), or ' +
      `'serviceConnect' to ServiceConnectMode.server(), or leave 'testTraffic' out of ${context.rollout}, got LoadBalancing.none() and no Service Connect server`);
    return;
  }
  checkHeaderName(v, options.headerName);
  if (context.hasLoadBalancer) {
    checkHeaderValues(v, options.headerValues, context.sharedConditionValues ?? 0);
  }
  if (context.serviceConnectServer) {
    checkServiceConnectValue(v, options.headerValues);
  }
  checkPriority(v, options.priority, context.hasLoadBalancer ? context.sharedListenerPriority : undefined);
}

/**
 * The Service Connect test rule of a server's client alias: requests whose header has exactly the value
 * go to the new tasks during the test phase.
 *
 * @see https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-properties-ecs-service-serviceconnecttesttrafficrules.html
 */
export function serviceConnectTestTrafficRules(options: RolloutTestTrafficOptions): Record<string, unknown> {
  return { Header: { Name: options.headerName, Value: { Exact: options.headerValues[0] } } };
}

/** Service Connect matches one exact header value (ServiceConnectTestTrafficRulesHeaderValue.Exact). */
function checkServiceConnectValue(v: PropsValidator, values: string[]): void {
  if (Token.isUnresolved(values)) {
    return;
  }
  const wildcard = values.some((value) => !Token.isUnresolved(value) && /[*?]/.test(value));
  if (values.length !== 1 || wildcard) {
    v.fail('\'rollout.testTraffic.headerValues\' must be one value without wildcards on a Service Connect server: ECS routes ' +
      `Service Connect test requests on an exact header match, got ${values.length === 1 ? `'${values[0]}'` : `${values.length} values`}`);
  }
}

/** The listener condition of test requests. */
export function testTrafficCondition(options: RolloutTestTrafficOptions): elbv2.ListenerCondition {
  return elbv2.ListenerCondition.httpHeader(options.headerName, options.headerValues);
}

function checkHeaderName(v: PropsValidator, name: string): void {
  if (Token.isUnresolved(name)) {
    return;
  }
  if (name.length === 0 || name.length > MAX_HEADER_NAME || !TOKEN_CHARACTERS.test(name)) {
    v.fail(`'rollout.testTraffic.headerName' must be 1–${MAX_HEADER_NAME} characters of an HTTP header name (letters, digits and ` +
      `!#$%&'*+.^_\`|~-, no spaces or colons; ALB http-header condition), got '${name}'`);
  }
  if (name.toLowerCase() === 'host') {
    v.fail(`'rollout.testTraffic.headerName' cannot be the Host header (${HEADER_CONDITION_NOT_HOST.source}): ` +
      `route test traffic by another header, e.g. 'X-Test-Traffic', got '${name}'`);
  }
}

function checkHeaderValues(v: PropsValidator, values: string[], routeValues: number): void {
  if (Token.isUnresolved(values)) {
    return;
  }
  // On a shared listener the test rule repeats the production rule's paths and hosts.
  const max = MAX_CONDITION_VALUES - routeValues;
  if (values.length === 0 || values.length > max) {
    v.fail(`'rollout.testTraffic.headerValues' must hold 1 to ${max} values (ALB: at most ${MAX_CONDITION_VALUES} condition values per rule` +
      `${routeValues > 0 ? `, ${routeValues} of them taken by 'loadBalancing' pathPatterns and hostHeaders` : ''}), got ${values.length}`);
  }
  const tooLong = values.filter((value) => !Token.isUnresolved(value) && (value.length === 0 || value.length > MAX_HEADER_VALUE));
  if (tooLong.length > 0) {
    v.fail(`'rollout.testTraffic.headerValues' must be 1–${MAX_HEADER_VALUE} characters each (ALB http-header condition), got ` +
      `${listOf(tooLong.map((value) => `'${value.length > 20 ? `${value.slice(0, 20)}…` : value}' (${value.length})`))}`);
  }
}

function checkPriority(v: PropsValidator, priority: number | undefined, production: number | undefined): void {
  if (production === undefined) {
    if (priority !== undefined) {
      v.fail('\'rollout.testTraffic.priority\' is only for LoadBalancing.sharedListener(): on the service\'s own ALB the test rule ' +
        `takes priority ${OWN_ALB_TEST_RULE_PRIORITY} and the production rule ${OWN_ALB_PRODUCTION_PRIORITY_WITH_TEST}, got ${priority}`);
    }
    return;
  }
  if (priority === undefined) {
    v.fail('\'rollout.testTraffic.priority\' is required with LoadBalancing.sharedListener(): a free priority of the shared ' +
      `listener below the production rule's ${production}, so that test requests match first, got none`);
    return;
  }
  v.integerInRange('rollout.testTraffic.priority', priority, LISTENER_RULE_PRIORITY.min!, LISTENER_RULE_PRIORITY.max!);
  if (!Token.isUnresolved(priority) && !Token.isUnresolved(production) && priority >= production) {
    v.fail(`'rollout.testTraffic.priority' must be lower than the production rule's priority ${production} ('loadBalancing' priority), ` +
      `so that the listener evaluates the test rule first, got ${priority}`);
  }
}
