/**
 * The bill lines of scheduled jobs (EventBridge Scheduler schedules that run an ECS task): what one
 * run-hour costs at the task's size and capacity mix. How long and how often a job runs is not in the
 * template (a cron's run count is, its duration is not), so the line gives the hourly figure and says
 * why it has no monthly one.
 */
import { CostAssumptions, CostLine } from './cost';
import { shortPath } from './load-balancers';
import { RegionPrices, fargateRates } from './prices';
import { CfnTemplate, constructPath, logicalIdsOfType, numberProp, propertiesOf, refTarget } from './template';

/** One line per schedule with ECS parameters. */
export function jobLines(template: CfnTemplate, prices: RegionPrices, a: CostAssumptions): CostLine[] {
  return logicalIdsOfType(template, 'AWS::Scheduler::Schedule').flatMap((id) => {
    const schedule = propertiesOf(template, id);
    const ecs = schedule.Target?.EcsParameters;
    if (ecs === undefined) {
      return [];
    }
    const task = propertiesOf(template, refTarget(template, ecs.TaskDefinitionArn));
    const cpu = numberProp(task.Cpu);
    const memoryMiB = numberProp(task.Memory);
    const architecture = task.RuntimePlatform?.CpuArchitecture === 'ARM64' ? 'ARM64' : 'X86_64';
    const what = `${shortPath(constructPath(template, id))} (${schedule.ScheduleExpression ?? 'no expression'}` +
      `${schedule.ScheduleExpressionTimezone ? ` ${schedule.ScheduleExpressionTimezone}` : ''})`;
    if (cpu === undefined || memoryMiB === undefined) {
      return [{ item: 'scheduled job runs', what, quantity: '-', assumption: 'not priced: the task size is not in the template', verified: false }];
    }
    const rates = fargateRates(prices, architecture);
    const onDemandHour = cpu / 1024 * rates.vcpuHour + memoryMiB / 1024 * rates.gbHour;
    const spotShare = spotShareOf(ecs.CapacityProviderStrategy);
    const runHour = onDemandHour * (1 - spotShare * a.spotDiscount);
    return [{
      item: 'scheduled job runs',
      what,
      quantity: `$${runHour.toFixed(5)} per run-hour (${cpu}/${memoryMiB} ${architecture}, ${Math.round(spotShare * 100)} % Spot)`,
      assumption: 'not priced monthly: runs per month × hours per run × this figure; a run\'s duration is not in the template',
      verified: false,
    }];
  });
}

/** The Spot share of a capacity-provider strategy by weight (base counts for standalone tasks too, but one run has one task). */
function spotShareOf(strategy: Array<{ CapacityProvider?: string; Weight?: number; Base?: number }> | undefined): number {
  if (!Array.isArray(strategy) || strategy.length === 0) {
    return 0;
  }
  const base = strategy.find((s) => (numberProp(s.Base) ?? 0) > 0);
  if (base) {
    return base.CapacityProvider === 'FARGATE_SPOT' ? 1 : 0;
  }
  const total = strategy.reduce((sum, s) => sum + (numberProp(s.Weight) ?? 0), 0);
  const spot = strategy.filter((s) => s.CapacityProvider === 'FARGATE_SPOT').reduce((sum, s) => sum + (numberProp(s.Weight) ?? 0), 0);
  return total > 0 ? spot / total : 0;
}
