export * from './finding-level';
export * from './suppressions';
export * from './ecs-least-privilege-checks';
export * from './ecs-fast-deploy-checks';
