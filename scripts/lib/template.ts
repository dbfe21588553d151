/**
 * Reading synthesized CloudFormation templates: the report CLI's reader (src/monitoring/report), so
 * that scripts, the benchmark and `cdk-ecs-essentials report` print numbers from the same code.
 */
export * from '../../src/monitoring/report/template';
