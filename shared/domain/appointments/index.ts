/** The appointment book's pure rules: statuses, slots, find-a-slot, double-booking, auto-DNA and London time. */
export * from './appointment-status';
export * from './auto-dna';
export * from './double-booking';
export * from './london-time';
export * from './slot';
export * from './slot-finder';
