import { fastDeployFindings } from '../../src/cli/findings';
import { CfnTemplate, findEcsServices } from '../../src/cli/template';

/** A blue/green service in the shape aws-ecs renders it: the blue group in LoadBalancers, the green one in AdvancedConfiguration. */
function blueGreen(green: Record<string, unknown>): CfnTemplate {
  const fast = {
    HealthCheckIntervalSeconds: 5,
    HealthyThresholdCount: 2,
    TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
  };
  return {
    Resources: {
      Blue: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: fast },
      Green: { Type: 'AWS::ElasticLoadBalancingV2::TargetGroup', Properties: green },
      Task: {
        Type: 'AWS::ECS::TaskDefinition',
        Properties: { ContainerDefinitions: [{ Name: 'web', StopTimeout: 2, LogConfiguration: { LogDriver: 'awslogs', Options: { mode: 'non-blocking' } } }] },
      },
      Service: {
        Type: 'AWS::ECS::Service',
        Properties: {
          TaskDefinition: { Ref: 'Task' },
          LoadBalancers: [{
            ContainerName: 'web',
            ContainerPort: 8080,
            TargetGroupArn: { Ref: 'Blue' },
            AdvancedConfiguration: { AlternateTargetGroupArn: { Ref: 'Green' }, ProductionListenerRule: 'rule', RoleArn: 'role' },
          }],
          DeploymentConfiguration: { Strategy: 'BLUE_GREEN', DeploymentCircuitBreaker: { Enable: true, Rollback: true } },
        },
      },
    },
  };
}

describe('report findings on blue/green services', () => {
  test('the green target group\'s health check and drain are judged like the blue one\'s, and named', () => {
    const template = blueGreen({});
    const [service] = findEcsServices(template);
    expect(service.alternateTargetGroupIds).toEqual(['Green']);
    const messages = fastDeployFindings(template, service).filter((f) => /^ECSE-FD[123]$/.test(f.ruleId)).map((f) => `${f.ruleId} ${f.message}`);
    expect(messages).toEqual([
      'ECSE-FD1 green target group: health check interval 30 s (wanted ≤ 5 s)',
      'ECSE-FD2 green target group: healthy threshold 5 (wanted ≤ 2)',
      'ECSE-FD3 green target group: deregistration delay 300 s (wanted ≤ 5 s)',
    ]);
  });

  test('a green target group with the fast-deploy timing gives no FD1–FD3 finding', () => {
    const template = blueGreen({
      HealthCheckIntervalSeconds: 5,
      HealthyThresholdCount: 2,
      TargetGroupAttributes: [{ Key: 'deregistration_delay.timeout_seconds', Value: '5' }],
    });
    const [service] = findEcsServices(template);
    expect(fastDeployFindings(template, service).filter((f) => /^ECSE-FD[123]$/.test(f.ruleId))).toEqual([]);
  });
});
