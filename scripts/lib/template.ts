/**
 * Reading synthesized CloudFormation templates: the report CLI's reader (src/cli), so
 * that scripts, the benchmark and `cdk-ecs-essentials report` print numbers from the same code.
 */
export * from '../../src/cli/template';
