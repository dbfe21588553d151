export * from './service';
export * from './deployment';
export * from './capacity';
export * from './service-connect';
export * from './scaling';
export * from './chaos';
export * from './aspects';
export * from './workload';
