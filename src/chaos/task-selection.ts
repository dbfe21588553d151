import { Annotations, Token, Tokenization } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { FIS_TARGET_PERCENT } from '../private/limits';
import { PropsValidator, describe } from '../private/validation';

/**
 * Which tasks of the service an experiment faults (the FIS target `selectionMode`).
 *
 * FIS picks the tasks at random when the experiment starts. Start with `count(1)` and widen the
 * selection once the hypothesis holds.
 *
 * @see https://docs.aws.amazon.com/fis/latest/userguide/targets.html#target-selection-mode
 */
export abstract class TaskSelection {
  /**
   * Every running task of the service: the experiment tests a full outage.
   */
  public static all(): TaskSelection {
    return new AllTasks();
  }

  /**
   * A fixed number of tasks, 1 or more (`COUNT(n)`).
   */
  public static count(tasks: number): TaskSelection {
    return new TaskCount(tasks);
  }

  /**
   * A share of the running tasks, from 1 to 100 percent (`PERCENT(n)`), rounded down by FIS;
   * a share that selects no task makes the experiment fail.
   */
  public static percent(percent: number): TaskSelection {
    return new TaskPercent(percent);
  }

  /**
   * Record problems with the selection on `v`.
   * @internal
   */
  public abstract _validate(v: PropsValidator): void;

  /**
   * The FIS `selectionMode` string, for example `COUNT(1)`; records the selection's warnings on `scope`.
   * @internal
   */
  public abstract _bind(scope: Construct): string;
}

/** `all()`: every running task. */
class AllTasks extends TaskSelection {
  public _validate(): void {}

  public _bind(scope: Construct): string {
    Annotations.of(scope).addWarningV2('cdk-ecs-essentials:chaosSelectsAllTasks',
      'TaskSelection.all() faults every task of the service at once: the experiments test a full outage. ' +
      'Start with TaskSelection.count(1) and widen the selection once the hypothesis holds.');
    return 'ALL';
  }
}

/** `count(n)`: a fixed number of tasks. */
class TaskCount extends TaskSelection {
  constructor(private readonly tasks: number) {
    super();
  }

  public _validate(v: PropsValidator): void {
    const value = this.tasks;
    if (Token.isUnresolved(value)) {
      return;
    }
    v.check(typeof value === 'number' && Number.isInteger(value) && value >= 1,
      `'selection' TaskSelection.count() must be an integer of 1 or more, got ${describe(value)}`);
  }

  public _bind(): string {
    return `COUNT(${Tokenization.stringifyNumber(this.tasks)})`;
  }
}

/** `percent(n)`: a share of the running tasks. */
class TaskPercent extends TaskSelection {
  constructor(private readonly percent: number) {
    super();
  }

  public _validate(v: PropsValidator): void {
    const value = this.percent;
    if (Token.isUnresolved(value)) {
      return;
    }
    v.check(typeof value === 'number' && Number.isInteger(value) && value >= FIS_TARGET_PERCENT.min! && value <= FIS_TARGET_PERCENT.max!,
      `'selection' TaskSelection.percent() must be an integer from ${FIS_TARGET_PERCENT.min} to ${FIS_TARGET_PERCENT.max}, got ${describe(value)}`);
  }

  public _bind(): string {
    return `PERCENT(${Tokenization.stringifyNumber(this.percent)})`;
  }
}
