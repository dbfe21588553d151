export * from './service-connect-mode';
