import { Stack } from 'aws-cdk-lib';
import { LogicalIds } from './cfn';
import { awsSidecarOfContainer } from '../sidecar-judgement';
import { renderPattern } from './text-pattern';

/**
 * What an AWS sidecar container is, or undefined for any other container (see `awsSidecarOfContainer`).
 * Images are read by their literal parts, so an image URI built from a region mapping is still recognised.
 */
export function awsSidecarOf(container: Record<string, any>, proxyContainerName: unknown, stack: Stack, ids: LogicalIds): string | undefined {
  return awsSidecarOfContainer(container, proxyContainerName, renderPattern(container.Image, stack, ids));
}
