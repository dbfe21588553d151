export * from './job-schedule';
export * from './essential-queue-worker';
export * from './essential-scheduled-job';
