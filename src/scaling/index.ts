export * from './week-day';
export * from './scheduled-capacity';
export * from './scaling-options';
