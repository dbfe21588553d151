export * from './rollout';
export * from './rollout-options';
