export * from './week-day';
export * from './scheduled-capacity';
export * from './service-scaling-options';
