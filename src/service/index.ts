export * from './essential-service';
export * from './essential-service-common-props';
export * from './fast-deploy-options';
export * from './load-balancing';
export * from './shared-listener-options';
export * from './essential-fargate-service';
export * from './essential-ec2-service';
export * from './essential-managed-instances-service';
