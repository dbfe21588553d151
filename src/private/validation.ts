import { Duration, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';

/**
 * Collects every problem found in one set of props, so the user sees them all at once.
 *
 * Messages name the prop, the allowed values and what was received. Values that are unresolved
 * tokens are never checked: their value is only known at deploy time.
 */
export class PropsValidator {
  private readonly _problems: string[] = [];

  /** The problems recorded so far. */
  public get problems(): string[] {
    return [...this._problems];
  }

  /** Record problems found elsewhere (e.g. by an enum-like class's own `validate()`). */
  public addAll(messages: ReadonlyArray<string>): void {
    this._problems.push(...messages);
  }

  /** Record a problem unconditionally. */
  public fail(message: string): void {
    this._problems.push(message);
  }

  /** Record `message` when `ok` is false. */
  public check(ok: boolean, message: string): void {
    if (!ok) {
      this._problems.push(message);
    }
  }

  /** An integer in [min, max]; skipped when undefined or a token. */
  public integerInRange(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || Token.isUnresolved(value)) {
      return;
    }
    if (!Number.isInteger(value) || value < min || value > max) {
      this.fail(`'${prop}' must be an integer from ${min} to ${max}, got ${describe(value)}`);
    }
  }

  /** A number in [min, max] (fractions allowed); skipped when undefined or a token. */
  public numberInRange(prop: string, value: number | undefined, min: number, max: number): void {
    if (value === undefined || Token.isUnresolved(value)) {
      return;
    }
    if (!Number.isFinite(value) || value < min || value > max) {
      this.fail(`'${prop}' must be a number from ${min} to ${max}, got ${describe(value)}`);
    }
  }

  /**
   * A duration in whole seconds within [minSeconds, maxSeconds]; skipped when undefined or a token.
   *
   * @param source whose limit this is, when the message should say it (e.g. "this library's limit")
   */
  public durationInRange(prop: string, value: Duration | undefined, minSeconds: number, maxSeconds: number, source?: string): void {
    const seconds = secondsOf(value);
    if (seconds === undefined) {
      return;
    }
    if (!Number.isInteger(seconds) || seconds < minSeconds || seconds > maxSeconds) {
      this.fail(`'${prop}' must be a whole number of seconds from ${minSeconds} to ${maxSeconds}${source ? ` (${source})` : ''}, got ${seconds} s`);
    }
  }

  /** Throw one `Error` listing every problem, if there is any. */
  public throwIfInvalid(scope: IConstruct): void {
    if (this._problems.length === 0) {
      return;
    }
    const where = `${scope.constructor.name} '${scope.node.path}'`;
    if (this._problems.length === 1) {
      throw new Error(`${where}: ${this._problems[0]}`);
    }
    throw new Error(`${where}: ${this._problems.length} invalid props:\n  - ${this._problems.join('\n  - ')}`);
  }
}

/** The duration in seconds, or undefined when it is absent or unresolved. */
export function secondsOf(value: Duration | undefined): number | undefined {
  if (value === undefined || value.isUnresolved()) {
    return undefined;
  }
  return value.toSeconds({ integral: false });
}

/** True when the value is known at synth time (not undefined, not a token). */
export function isKnown<T>(value: T | undefined): value is T {
  return value !== undefined && !Token.isUnresolved(value);
}

/** Render a received value for an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') {
    return `'${value}'`;
  }
  return String(value);
}

/** "a, b or c" */
export function listOf(values: ReadonlyArray<unknown>): string {
  const items = values.map(String);
  if (items.length <= 1) {
    return items.join('');
  }
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}
