import { App, Duration, Stack, Token } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import {
  EssentialFargateService, EssentialQueueWorker, EssentialScheduledJob, JobSchedule, ServiceConnectMode,
} from '../../src';

/**
 * "Unresolved tokens skip checks" (DESIGN.md): a token where the docs promise that must synthesize and
 * reach the template as the token, never fail with a message that names no prop (issue 27, "Tokens").
 */
const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/docker/library/busybox:stable');
const tokenNumber = () => Token.asNumber({ Ref: 'N' });

function stack(): Stack {
  return new Stack(new App(), 'Tokens');
}

describe('token props synthesize', () => {
  test('job retryAttempts and maxEventAge', () => {
    const s = stack();
    new EssentialScheduledJob(s, 'Job', {
      image,
      schedule: JobSchedule.rate(Duration.hours(1)),
      retryAttempts: tokenNumber(),
      maxEventAge: Duration.seconds(tokenNumber()),
    });
    Template.fromStack(s).hasResourceProperties('AWS::Scheduler::Schedule', {
      Target: { RetryPolicy: { MaximumRetryAttempts: { Ref: 'N' }, MaximumEventAgeInSeconds: { Ref: 'N' } } },
    });
  });

  test('Service Connect port', () => {
    const s = stack();
    new EssentialFargateService(s, 'Api', { image, serviceConnect: ServiceConnectMode.server({ port: tokenNumber() }) });
    Template.fromStack(s).hasResourceProperties('AWS::ECS::Service', {
      ServiceConnectConfiguration: { Services: [{ ClientAliases: [{ Port: { Ref: 'N' }, DnsName: 'api' }] }] },
    });
  });

  test('health-check timings as Duration.seconds(token)', () => {
    const s = stack();
    new EssentialFargateService(s, 'Web', {
      image,
      fastDeploy: { healthCheckInterval: Duration.seconds(tokenNumber()), healthCheckTimeout: Duration.seconds(tokenNumber()) },
    });
    Template.fromStack(s).hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
      HealthCheckIntervalSeconds: { Ref: 'N' },
      HealthCheckTimeoutSeconds: { Ref: 'N' },
    });
  });

  test('worker scaleToZeroAfter as Duration.minutes(token)', () => {
    const s = stack();
    new EssentialQueueWorker(s, 'Worker', {
      image,
      queue: new sqs.Queue(s, 'Q', { visibilityTimeout: Duration.minutes(5) }),
      queueScaling: { scaleToZeroAfter: Duration.minutes(tokenNumber()) },
    });
    Template.fromStack(s).hasResourceProperties('AWS::CloudWatch::Alarm', {
      EvaluationPeriods: { Ref: 'N' },
    });
  });
});
