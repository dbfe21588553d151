import { Aspects, Stack } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';

/**
 * Makes `change` in an Aspect that runs after the library's Aspects have visited everything already
 * in `stack`: a lower priority (runs later) on a construct added last (visited last).
 */
export function changeAfterTheChecksVisited(stack: Stack, change: () => void): void {
  const last = new Construct(stack, 'VisitedLast');
  Aspects.of(stack).add({
    visit(node: IConstruct) {
      if (node === last) {
        change();
      }
    },
  }, { priority: 1_000 });
}
