import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { EcsLeastPrivilegeChecks, FastDeployChecks } from '../../src';

/**
 * Add the library's two Aspects to `app` and return every error and warning they report on `stack`, as
 * `path: message` lines: the library's own constructs must give an empty list.
 */
export function findingsOfLibraryAspects(app: App, stack: Stack): string[] {
  Aspects.of(app).add(new EcsLeastPrivilegeChecks());
  Aspects.of(app).add(new FastDeployChecks());
  const annotations = Annotations.fromStack(stack);
  return [
    ...annotations.findError('*', Match.stringLikeRegexp('ECSE-')),
    ...annotations.findWarning('*', Match.stringLikeRegexp('ECSE-')),
  ].map((m) => `${m.id}: ${m.entry.data}`);
}
