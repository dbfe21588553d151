export * from './service';
export * from './capacity';
export * from './service-connect';
export * from './scaling';
export * from './chaos';
export * from './aspects';
