export * from './capacity-mix';
export * from './image-pull-behavior';
export * from './essential-capacity';
export * from './essential-ec2-capacity';
export * from './essential-managed-instances-capacity';
