export * from './essential-service-monitoring';
