import { App, Stack, Token } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { EssentialFargateService, LoadBalancing, Rollout } from '../../src';

/**
 * Quotas an account can raise: past the default, synth warns (acknowledgeably) instead of failing (issue 27).
 */

const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');

function stack(): Stack {
  return new Stack(new App(), 'Quotas');
}

function warnings(s: Stack, id: string) {
  return Annotations.fromStack(s).findWarning('*', Match.stringLikeRegexp(`cdk-ecs-essentials:${id}`));
}

describe('quota warnings', () => {
  test('a rolling service whose peak target count exceeds ELB\'s 1,000 targets per target group is warned, with the arithmetic', () => {
    const s = stack();
    new EssentialFargateService(s, 'Web', { image, scaling: { maxCapacity: 600 } });
    const found = warnings(s, 'beyondTargetsPerTargetGroupQuota');
    expect(found).toHaveLength(1);
    expect(found[0].entry.data).toMatch(/holds 1200 targets \(600 tasks × maxHealthyPercent 200 %/);
    expect(found[0].entry.data).toMatch(/default quota of 1,000 targets per target group/);
  });

  test('500 tasks at 200 % stay within the quota; blue/green counts each target group on its own', () => {
    const s = stack();
    new EssentialFargateService(s, 'Rolling', { image, scaling: { maxCapacity: 500 } });
    new EssentialFargateService(s, 'BlueGreen', { image, scaling: { maxCapacity: 900 }, rollout: Rollout.blueGreen() });
    expect(warnings(s, 'beyondTargetsPerTargetGroupQuota')).toHaveLength(0);
    new EssentialFargateService(s, 'BigBlueGreen', { image, scaling: { maxCapacity: 1_001 }, rollout: Rollout.blueGreen() });
    const found = warnings(s, 'beyondTargetsPerTargetGroupQuota');
    expect(found).toHaveLength(1);
    expect(found[0].entry.data).toMatch(/1001 tasks in each of the blue and green target groups/);
  });

  test('a service without a load balancer has no target group to fill; a token count skips the check', () => {
    const s = stack();
    new EssentialFargateService(s, 'Internal', { image, desiredCount: 2_000, loadBalancing: LoadBalancing.none() });
    new EssentialFargateService(s, 'Token', { image, scaling: { maxCapacity: Token.asNumber({ Ref: 'Max' }) } });
    expect(warnings(s, 'beyondTargetsPerTargetGroupQuota')).toHaveLength(0);
  });
});
