export * from './service-connect';
