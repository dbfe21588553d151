export * from './capacity-mix';
