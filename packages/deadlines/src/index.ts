export * from './rules';
export * from './escalation';
export { createJobLease, JOB_LEASES, type JobLease, type JobLeaseDocument } from './jobLease';
export * from './deadlineWatcher';
export { dueItems } from './dueItems';
