import type { WorkloadConfig, WorkloadResult } from './app-workload.js';

/** Messages between the bench (parent) and the workload process (child), over the IPC channel. */
export type ToWorkload = { readonly type: 'start'; readonly config: WorkloadConfig } | { readonly type: 'phase'; readonly phase: string } | { readonly type: 'stop' };

export type FromWorkload = { readonly type: 'ready' } | { readonly type: 'result'; readonly result: WorkloadResult } | { readonly type: 'failed'; readonly message: string };
