import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { IConstruct } from 'constructs';
import { AssembledService } from './assemble-service';
import { targetGroupsErrorRate } from '../../private/alarm-definitions';

/** The 5xx rate over every target group of a service (primary and alternate): `metricTargetErrorRate()`. */
export function serviceErrorRate(scope: IConstruct, parts: AssembledService, period: Duration | undefined): cloudwatch.MathExpression {
  const groups = [parts.targetGroup, parts.alternateTargetGroup].filter((g) => g !== undefined);
  if (groups.length === 0) {
    throw new Error(`${scope.constructor.name} '${scope.node.path}': metricTargetErrorRate() needs a load balancer: ` +
      'this service has \'loadBalancing: LoadBalancing.none()\' (use the ECS service metrics instead)');
  }
  return targetGroupsErrorRate(groups, 'Target 5xx rate (%)', period);
}
