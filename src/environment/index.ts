export * from './environment-network';
export * from './environment-domain-options';
export * from './essential-environment';
