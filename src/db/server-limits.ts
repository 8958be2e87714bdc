/** PostgreSQL's own upper bound for both parallel-worker settings (MAX_PARALLEL_WORKER_LIMIT). */
export const MAX_PARALLEL_WORKERS = 1024;
