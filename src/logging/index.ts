export * from './service-logging';
export * from './firelens-destination';
