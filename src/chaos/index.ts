export * from './ecs-fault-options';
export * from './ecs-fault';
export * from './task-selection';
export * from './ecs-chaos-experiments';
