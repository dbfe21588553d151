import { Token } from 'aws-cdk-lib';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import { ON_DEMAND_BASE, ON_DEMAND_WEIGHT, SPOT_WEIGHT } from '../private/defaults';
import { CAPACITY_PROVIDER_BASE, CAPACITY_PROVIDER_WEIGHT } from '../private/limits';
import { PropsValidator } from '../private/validation';

/**
 * Weights and base of a custom On-Demand/Spot mix.
 */
export interface CapacityMixOptions {
  /**
   * Tasks that always run On-Demand before the weights apply.
   *
   * Fargate never replaces an unavailable Spot task with an On-Demand one: the base is the floor
   * that stays up while Spot capacity is short.
   *
   * @default 1
   */
  readonly onDemandBase?: number;

  /**
   * Relative share of On-Demand tasks above the base (0–1000).
   *
   * @default 2
   */
  readonly onDemandWeight?: number;

  /**
   * Relative share of Spot tasks above the base (0–1000).
   *
   * @default 1
   */
  readonly spotWeight?: number;
}

/**
 * How a service's tasks are spread over On-Demand and Spot capacity.
 *
 * The playbook runs 2/3 of the tasks On-Demand and 1/3 on Spot, with one On-Demand task as a floor.
 * Spot tasks get a two-minute warning (SIGTERM) before they are stopped.
 *
 * @see https://docs.aws.amazon.com/AmazonECS/latest/bestpracticesguide/ec2-and-fargate-spot.html
 */
export class CapacityMix {
  /**
   * 2/3 On-Demand, 1/3 Spot: On-Demand base 1 weight 2, Spot weight 1. The default.
   *
   * @param options override the base (e.g. your minimum task count) or the weights
   */
  public static onDemandSpot(options: CapacityMixOptions = {}): CapacityMix {
    return new CapacityMix(
      options.onDemandBase ?? ON_DEMAND_BASE,
      options.onDemandWeight ?? ON_DEMAND_WEIGHT,
      options.spotWeight ?? SPOT_WEIGHT,
    );
  }

  /** Every task On-Demand: for workloads that cannot take a two-minute interruption. */
  public static onDemandOnly(): CapacityMix {
    return new CapacityMix(0, 1, 0);
  }

  /**
   * Every task on Spot: the cheapest, for interruptible work (queues, batch, test environments).
   *
   * There is no On-Demand fallback: while Spot capacity is short, tasks stay pending.
   */
  public static spotOnly(): CapacityMix {
    return new CapacityMix(0, 0, 1);
  }

  /** Any mix: On-Demand base and weight, Spot weight. */
  public static custom(options: CapacityMixOptions): CapacityMix {
    return new CapacityMix(options.onDemandBase ?? 0, options.onDemandWeight ?? 0, options.spotWeight ?? 0);
  }

  /** Tasks that always run On-Demand. */
  public readonly onDemandBase: number;
  /** Relative On-Demand share above the base. */
  public readonly onDemandWeight: number;
  /** Relative Spot share above the base. */
  public readonly spotWeight: number;

  private constructor(onDemandBase: number, onDemandWeight: number, spotWeight: number) {
    this.onDemandBase = onDemandBase;
    this.onDemandWeight = onDemandWeight;
    this.spotWeight = spotWeight;
  }

  /** True when some tasks may run on Spot. */
  public get usesSpot(): boolean {
    return this.spotWeight > 0;
  }

  /**
   * Problems with the weights and base; empty when valid.
   *
   * Checked by the constructs that take a mix, at construction time (factories cannot name the construct).
   *
   * @param prop the name of the prop that holds this mix, used in the messages (e.g. `'mix.spotWeight'`)
   *
   * @internal
   */
  public _validate(prop: string = 'capacity'): string[] {
    const v = new PropsValidator();
    v.integerInRange(`${prop}.onDemandBase`, this.onDemandBase, CAPACITY_PROVIDER_BASE.min!, CAPACITY_PROVIDER_BASE.max!);
    v.integerInRange(`${prop}.onDemandWeight`, this.onDemandWeight, CAPACITY_PROVIDER_WEIGHT.min!, CAPACITY_PROVIDER_WEIGHT.max!);
    v.integerInRange(`${prop}.spotWeight`, this.spotWeight, CAPACITY_PROVIDER_WEIGHT.min!, CAPACITY_PROVIDER_WEIGHT.max!);
    if (this.onDemandWeight === 0 && this.spotWeight === 0) {
      v.fail(`'${prop}' needs a weight above 0 on at least one of onDemandWeight or spotWeight, got onDemandWeight 0 and spotWeight 0`);
    }
    return v.problems;
  }

  /**
   * The capacity-provider strategy for the given provider names, providers with weight 0 and no base omitted.
   *
   * A weight or base that is a token may be above 0 at deploy time, so it is kept.
   *
   * @internal
   */
  public _toStrategies(onDemandProvider: string, spotProvider: string): ecs.CapacityProviderStrategy[] {
    const strategies: ecs.CapacityProviderStrategy[] = [];
    if (mayBeAboveZero(this.onDemandWeight) || mayBeAboveZero(this.onDemandBase)) {
      strategies.push({
        capacityProvider: onDemandProvider,
        weight: this.onDemandWeight,
        ...(mayBeAboveZero(this.onDemandBase) ? { base: this.onDemandBase } : {}),
      });
    }
    if (mayBeAboveZero(this.spotWeight)) {
      strategies.push({ capacityProvider: spotProvider, weight: this.spotWeight });
    }
    return strategies;
  }

  /**
   * The Fargate strategy: FARGATE for On-Demand, FARGATE_SPOT for Spot.
   *
   * @internal
   */
  public _toFargateStrategies(): ecs.CapacityProviderStrategy[] {
    return this._toStrategies('FARGATE', 'FARGATE_SPOT');
  }

  /**
   * A one-line description, e.g. `FARGATE base 1 weight 2 + FARGATE_SPOT weight 1 (2/3 On-Demand)`.
   *
   * @internal
   */
  public _describe(onDemandProvider: string = 'FARGATE', spotProvider: string = 'FARGATE_SPOT'): string {
    return this._toStrategies(onDemandProvider, spotProvider)
      .map((s) => `${s.capacityProvider}${s.base ? ` base ${s.base}` : ''} weight ${s.weight}`)
      .join(' + ');
  }
}

/** Token-encoded numbers are large negative values, so `> 0` alone would drop a deploy-time weight. */
function mayBeAboveZero(value: number): boolean {
  return Token.isUnresolved(value) || value > 0;
}
