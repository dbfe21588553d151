import { albMonthly, capacityShare, CostAssumptions, defaultAssumptions, fargateMonthly, fargateTaskHour, loadBalancerMonthly } from '../../src/cli/cost';
import { capacityMixOf, strategiesOf } from '../../src/cli/ecs-service';
import { fargateRates, PRICES, pricesFor, RegionPrices } from '../../src/cli/prices';
import { tasksOf } from '../../src/cli/report';
import { CfnTemplate, findEcsServices } from '../../src/cli/template';

const usEast1 = pricesFor('us-east-1') as RegionPrices;
const arm = fargateRates(usEast1, 'ARM64');
const x86 = fargateRates(usEast1, 'X86_64');
const defaults: CostAssumptions = defaultAssumptions();
const MIX = [
  { provider: 'FARGATE', base: 1, weight: 2 },
  { provider: 'FARGATE_SPOT', base: 0, weight: 1 },
];

describe('capacityShare', () => {
  test('no strategy: every task On-Demand', () => {
    expect(capacityShare([], 3)).toEqual({ onDemandTasks: 3, spotTasks: 0 });
  });

  test('base first, then weights: 2 tasks on FARGATE base 1 weight 2 + FARGATE_SPOT weight 1', () => {
    // base: 1 On-Demand; the other task splits 2:1 → On-Demand 1 + 2/3 = 1.667, Spot 1/3 = 0.333.
    const share = capacityShare(MIX, 2)!;
    expect(share.onDemandTasks).toBeCloseTo(5 / 3, 10);
    expect(share.spotTasks).toBeCloseTo(1 / 3, 10);
  });

  test('fewer tasks than the base: all on the base provider', () => {
    // base 2 On-Demand, 1 task → 1 On-Demand, nothing left for the weights.
    expect(capacityShare([{ provider: 'FARGATE', base: 2, weight: 1 }, { provider: 'FARGATE_SPOT', base: 0, weight: 3 }], 1))
      .toEqual({ onDemandTasks: 1, spotTasks: 0 });
  });

  test('Spot only', () => {
    expect(capacityShare([{ provider: 'FARGATE_SPOT', base: 0, weight: 1 }], 4)).toEqual({ onDemandTasks: 0, spotTasks: 4 });
  });

  test('EC2 and Managed Instances providers are not priced', () => {
    expect(capacityShare([{ provider: 'OnDemandProvider1234', base: 0, weight: 1 }], 2)).toBeUndefined();
  });
});

describe('Fargate arithmetic (us-east-1 price table)', () => {
  test('task-hour of 256 CPU / 512 MiB', () => {
    // ARM: 0.25 × 0.03238 + 0.5 × 0.00356 = 0.008095 + 0.00178 = 0.009875
    expect(fargateTaskHour(arm, 256, 512)).toBeCloseTo(0.009875, 10);
    // x86: 0.25 × 0.04048 + 0.5 × 0.004445 = 0.01012 + 0.0022225 = 0.0123425
    expect(fargateTaskHour(x86, 256, 512)).toBeCloseTo(0.0123425, 10);
  });

  test('2 ARM tasks, 2/3 On-Demand above a base of 1, Spot 70 % off', () => {
    // per task-month: 0.009875 × 730 = 7.20875
    // On-Demand 5/3 × 7.20875 = 12.0145833; Spot 1/3 × 7.20875 × (1 − 0.7) = 0.720875; total 12.7354583
    const cost = fargateMonthly(arm, 256, 512, capacityShare(MIX, 2)!, defaults);
    expect(cost.onDemand).toBeCloseTo(12.0145833, 6);
    expect(cost.spot).toBeCloseTo(0.720875, 6);
    expect(cost.total).toBeCloseTo(12.7354583, 6);
  });

  test('a Compute Savings Plans discount applies to the On-Demand share only', () => {
    // On-Demand 12.0145833 × (1 − 0.2) = 9.6116667; Spot unchanged 0.720875; total 10.3325417
    const cost = fargateMonthly(arm, 256, 512, capacityShare(MIX, 2)!, { ...defaults, savingsPlanDiscount: 0.2 });
    expect(cost.onDemand).toBeCloseTo(9.6116667, 6);
    expect(cost.spot).toBeCloseTo(0.720875, 6);
    expect(cost.total).toBeCloseTo(10.3325417, 6);
  });

  test('ecs-patterns defaults for the same service: 2 x86 tasks On-Demand', () => {
    // 2 × 0.0123425 × 730 = 18.02005
    expect(fargateMonthly(x86, 256, 512, { onDemandTasks: 2, spotTasks: 0 }, defaults).total).toBeCloseTo(18.02005, 6);
  });
});

describe('ALB arithmetic', () => {
  test('one ALB at 1 LCU: (0.0225 + 0.008) × 730 = 22.265', () => {
    expect(albMonthly(usEast1, defaults)).toBeCloseTo(22.265, 6);
  });

  test('one ALB at 2 LCU: (0.0225 + 2 × 0.008) × 730 = 28.105', () => {
    expect(albMonthly(usEast1, { ...defaults, albLcus: 2 })).toBeCloseTo(28.105, 6);
  });
});

describe('NLB arithmetic', () => {
  test('one NLB at 1 NLCU: (0.0225 + 0.006) × 730 = 20.805', () => {
    expect(loadBalancerMonthly(usEast1, 'network', defaults)).toBeCloseTo(20.805, 6);
  });
});

describe('price table', () => {
  test('has the seven Regions the report promises, each figure with a pricing page and a verified flag', () => {
    expect(PRICES.map((p) => p.region)).toEqual(expect.arrayContaining(
      ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-northeast-1', 'ap-northeast-2', 'ap-southeast-1']));
    for (const region of PRICES) {
      for (const [key, figure] of Object.entries(region)) {
        if (key === 'region' || key === 'name' || key === 'instanceHour') {
          continue;
        }
        expect(figure).toEqual(expect.objectContaining({ usd: expect.any(Number), source: expect.stringMatching(/^https:\/\/aws\.amazon\.com\//), verified: expect.any(Boolean) }));
      }
    }
  });

  test('a verified figure names the dated copy it was checked against', () => {
    expect(usEast1.natHour).toMatchObject({ usd: 0.045, verified: true, checkedAgainst: expect.stringMatching(/^https:/) });
    expect(pricesFor('eu-central-1')!.natHour.verified).toBe(false);
  });
});

describe('tasks priced', () => {
  test('the desired count', () => {
    expect(tasksOf(2, undefined)).toEqual({ tasks: 2, basis: 'desired count' });
    expect(tasksOf(2, { min: 1, max: 4 })).toEqual({ tasks: 2, basis: 'desired count' });
  });

  test('raised to the scaling minimum, lowered to the maximum', () => {
    expect(tasksOf(1, { min: 3, max: 6 }).tasks).toBe(3);
    expect(tasksOf(9, { min: 3, max: 6 }).tasks).toBe(6);
  });

  test('scaling minimum without a desired count; CloudFormation default 1 without either', () => {
    expect(tasksOf(undefined, { min: 0, max: 20 })).toEqual({ tasks: 0, basis: 'scaling minimum' });
    expect(tasksOf(undefined, undefined)).toEqual({ tasks: 1, basis: 'CloudFormation default 1' });
  });
});

describe('capacity mix in words agrees with the task split', () => {
  test('base 2 On-Demand with weight 0 and Spot weight 1: "base 2 On-Demand, then all Spot" and 2 tasks = 2 + 0', () => {
    const template: CfnTemplate = {
      Resources: {
        Svc: {
          Type: 'AWS::ECS::Service',
          Properties: { CapacityProviderStrategy: [{ CapacityProvider: 'FARGATE', Base: 2, Weight: 0 }, { CapacityProvider: 'FARGATE_SPOT', Weight: 1 }] },
        },
      },
    };
    const service = findEcsServices(template)[0];
    expect(capacityMixOf(template, service)).toBe('FARGATE base 2 weight 0 + FARGATE_SPOT weight 1 → base 2 On-Demand, then all Spot');
    expect(capacityShare(strategiesOf(service), 2)).toEqual({ onDemandTasks: 2, spotTasks: 0 });
    expect(capacityShare(strategiesOf(service), 3)).toEqual({ onDemandTasks: 2, spotTasks: 1 });
  });
});
