/** Repeat-prescription requests: the state model, item flags and the turnaround target. Pure: clock and calendar are passed in. */
export * from './request-state';
export * from './item-flags';
export * from './turnaround';
export * from './queue-order';
