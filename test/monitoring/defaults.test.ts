import { Duration } from 'aws-cdk-lib';
import * as defaults from '../../src/private/defaults';

// One pinning test per monitoring default: changing one is a decision, made here and in docs/monitoring.md.
describe('monitoring defaults', () => {
  test('the dashboard opens on the last 3 hours', () => {
    expect(defaults.MONITORING_DASHBOARD_INTERVAL.toHours()).toBe(3);
  });
  test('metrics are read at 1-minute periods', () => {
    expect(defaults.MONITORING_PERIOD.toSeconds()).toBe(Duration.minutes(1).toSeconds());
  });
  test('CPU alarm at 85 %', () => {
    expect(defaults.MONITORING_CPU_HIGH_PERCENT).toBe(85);
  });
  test('memory alarm at 90 %', () => {
    expect(defaults.MONITORING_MEMORY_HIGH_PERCENT).toBe(90);
  });
  test('utilization alarms need 5 breaching minutes', () => {
    expect(defaults.MONITORING_UTILIZATION_MINUTES).toBe(5);
  });
  test('tasks-below-desired alarm needs 10 breaching minutes', () => {
    expect(defaults.MONITORING_TASKS_BELOW_DESIRED_MINUTES).toBe(10);
  });
  test('dead-letter-queue alarm at 1 message', () => {
    expect(defaults.MONITORING_DLQ_MESSAGES).toBe(1);
  });
  test('the 5xx-rate and unhealthy-target alarms share the rollback alarms\' thresholds', () => {
    expect([defaults.ROLLBACK_ALARM_5XX_PERCENT, defaults.ROLLBACK_ALARM_MIN_REQUESTS, defaults.ROLLBACK_ALARM_UNHEALTHY_TARGETS,
      defaults.ROLLBACK_ALARM_EVALUATION_PERIODS, defaults.ROLLBACK_ALARM_PERIOD.toSeconds()]).toEqual([5, 10, 1, 2, 60]);
  });
});
