import { App, Stack } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as route53 from 'aws-cdk-lib/aws-route53';

/** A stack in a concrete account and Region (2 AZs), as the environment tests need. */
export function newStack(): Stack {
  return new Stack(new App(), 'Test', { env: { account: '123456789012', region: 'us-east-1' } });
}

/** A public hosted zone of `example.com`, imported with a fake id. */
export function exampleZone(stack: Stack): route53.IHostedZone {
  return route53.HostedZone.fromHostedZoneAttributes(stack, 'Zone', { hostedZoneId: 'Z0123456789EXAMPLE', zoneName: 'example.com' });
}

export const image = ecs.ContainerImage.fromRegistry('public.ecr.aws/nginx/nginx:stable');
