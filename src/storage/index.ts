export * from './efs-mount-options';
