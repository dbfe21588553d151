export * from './load-balancer-exposure';
export * from './fast-deploy-options';
export * from './shared-listener-options';
export * from './essential-service-base';
export * from './essential-fargate-service';
export * from './essential-ec2-service';
