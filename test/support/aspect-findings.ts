import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { EcsLeastPrivilegeChecks, EcsFastDeployChecks } from '../../src';

/**
 * Add the library's two Aspects to `app` and return every error and warning they report on `stack`, as
 * `path: message` lines: the library's own constructs must give an empty list.
 *
 * @param includeInfo also return info findings (e.g. ECSE-FD10 on an image from outside same-Region ECR)
 */
export function findingsOfLibraryAspects(app: App, stack: Stack, includeInfo: boolean = false): string[] {
  Aspects.of(app).add(new EcsLeastPrivilegeChecks());
  Aspects.of(app).add(new EcsFastDeployChecks());
  const annotations = Annotations.fromStack(stack);
  const ecse = Match.stringLikeRegexp('ECSE-');
  return [
    ...annotations.findError('*', ecse),
    ...annotations.findWarning('*', ecse),
    ...(includeInfo ? annotations.findInfo('*', ecse) : []),
  ].map((m) => `${m.id}: ${m.entry.data}`);
}
