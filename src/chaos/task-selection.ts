import { Token, Tokenization } from 'aws-cdk-lib';
import { PropsValidator, describe } from '../private/validation';

/**
 * Which tasks of the service an experiment faults (the FIS target `selectionMode`).
 *
 * FIS picks the tasks at random when the experiment starts. Start with `count(1)` and widen the
 * selection once the hypothesis holds.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-selection-mode
 */
export class TaskSelection {
  /**
   * Every running task of the service: the experiment tests a full outage.
   */
  public static all(): TaskSelection {
    return new TaskSelection('ALL', 'all');
  }

  /**
   * A fixed number of tasks, 1 or more (`COUNT(n)`).
   */
  public static count(tasks: number): TaskSelection {
    return new TaskSelection(`COUNT(${Tokenization.stringifyNumber(tasks)})`, 'count', tasks);
  }

  /**
   * A share of the running tasks, from 1 to 100 percent (`PERCENT(n)`), rounded down by FIS;
   * a share that selects no task makes the experiment fail.
   */
  public static percent(percent: number): TaskSelection {
    return new TaskSelection(`PERCENT(${Tokenization.stringifyNumber(percent)})`, 'percent', percent);
  }

  /**
   * The FIS `selectionMode` string, for example `COUNT(1)`.
   */
  public readonly mode: string;

  private readonly kind: string;
  private readonly value?: number;

  private constructor(mode: string, kind: string, value?: number) {
    this.mode = mode;
    this.kind = kind;
    this.value = value;
  }

  /**
   * True for `all()`.
   * @internal
   */
  public get _isAll(): boolean {
    return this.kind === 'all';
  }

  /**
   * Record problems with the selection on `v`.
   * @internal
   */
  public _validate(v: PropsValidator): void {
    const value = this.value;
    if (this.kind === 'all' || Token.isUnresolved(value)) {
      return;
    }
    if (this.kind === 'count') {
      v.check(typeof value === 'number' && Number.isInteger(value) && value >= 1,
        `'selection' TaskSelection.count() must be an integer of 1 or more, got ${describe(value)}`);
    } else {
      v.check(typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 100,
        `'selection' TaskSelection.percent() must be an integer from 1 to 100, got ${describe(value)}`);
    }
  }
}
