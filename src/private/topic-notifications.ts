import { Annotations, ArnFormat, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as events from 'aws-cdk-lib/aws-events';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as sns from 'aws-cdk-lib/aws-sns';
import { IConstruct } from 'constructs';

/**
 * An EventBridge rule target that publishes to `topic`, with a topic-policy statement for this rule only
 * (`aws:SourceArn`) and, on a KMS-encrypted topic, the key-policy statement EventBridge needs.
 *
 * aws-events-targets' `SnsTopic` grants `events.amazonaws.com` `sns:Publish` (and the key) with no
 * condition: any rule of any account could publish to the topic. The CloudWatch Events guide ("Using
 * resource-based policies") scopes the target's resource policy with
 * `"ArnLike": { "AWS:SourceArn": "arn:aws:events:region:account-id:rule/rule-name" }`.
 */
export function notifyTopicTarget(topic: sns.ITopic, message?: events.RuleTargetInput): events.IRuleTarget {
  return {
    bind: (rule: events.IRule): events.RuleTargetConfig => {
      topic.addToResourcePolicy(new iam.PolicyStatement({
        principals: [new iam.ServicePrincipal('events.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [topic.topicArn],
        conditions: publishConditions(rule, topic),
      }));
      allowServiceToUseTopicKey(rule, topic, 'events.amazonaws.com', 'events', 'rule', ArnFormat.SLASH_RESOURCE_NAME);
      return { arn: topic.topicArn, input: message, targetResource: topic };
    },
  };
}

/**
 * The rule itself when it is in the topic's stack. A topic of another stack cannot name the rule: that stack
 * would reference this one while this one references the topic, a cycle between the stacks; the statement
 * then names this account's rules (`aws:SourceAccount`, `aws:SourceArn` like `rule/*`).
 */
function publishConditions(rule: events.IRule, topic: sns.ITopic): Record<string, unknown> {
  const stack = Stack.of(rule);
  if (Stack.of(topic) === stack) {
    return { ArnEquals: { 'aws:SourceArn': rule.ruleArn } };
  }
  return {
    StringEquals: { 'aws:SourceAccount': stack.account },
    ArnLike: { 'aws:SourceArn': stack.formatArn({ service: 'events', resource: 'rule', resourceName: '*', arnFormat: ArnFormat.SLASH_RESOURCE_NAME }) },
  };
}

/** An alarm action that publishes to `topic`, with the key-policy statement CloudWatch needs on an encrypted topic. */
export function notifyTopicAction(alarm: cloudwatch.Alarm, topic: sns.ITopic): cloudwatch.IAlarmAction {
  allowServiceToUseTopicKey(alarm, topic, 'cloudwatch.amazonaws.com', 'cloudwatch', 'alarm', ArnFormat.COLON_RESOURCE_NAME);
  return new cloudwatchActions.SnsAction(topic);
}

/**
 * A service that publishes to a KMS-encrypted topic needs `kms:GenerateDataKey*` and `kms:Decrypt` on its
 * key, or SNS rejects the publish and the alert never arrives. SNS guide, "Enable compatibility between
 * event sources from AWS services and encrypted topics": the key policy allows the service principal
 * (`cloudwatch.amazonaws.com` for alarms, `events.amazonaws.com` for EventBridge) "kms:GenerateDataKey*"
 * and "kms:Decrypt", and "add the aws:SourceAccount and aws:SourceArn conditions to the KMS resource
 * policy to further protect the KMS key from confused deputy attacks".
 * https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services
 *
 * `aws:SourceArn` names this account's and Region's rules (alarms), not the one rule: the rule names the
 * topic, the topic its key, and the key policy naming the rule would be a circular dependency.
 */
function allowServiceToUseTopicKey(source: IConstruct, topic: sns.ITopic, principal: string, service: string,
  resource: string, arnFormat: ArnFormat): void {
  const key = topic.masterKey;
  if (!key) {
    return;
  }
  const stack = Stack.of(source);
  const { statementAdded } = key.addToResourcePolicy(new iam.PolicyStatement({
    principals: [new iam.ServicePrincipal(principal)],
    actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
    resources: ['*'],
    conditions: {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: { 'aws:SourceArn': stack.formatArn({ service, resource, resourceName: '*', arnFormat }) },
    },
  }));
  if (!statementAdded) {
    Annotations.of(source).addWarningV2('cdk-ecs-essentials:notificationTopicKeyPolicy',
      `The notification topic's KMS key is imported, so its key policy cannot be edited here: it must allow ${principal} `
      + 'kms:Decrypt and kms:GenerateDataKey* (with aws:SourceAccount and aws:SourceArn), or SNS rejects every notification '
      + 'and no alert arrives (https://docs.aws.amazon.com/sns/latest/dg/sns-key-management.html#compatibility-with-aws-services)');
  }
}
