/** Calendar rules: days, bank holidays, local closures and working-day turnaround times. Pure: data is passed in. */
export * from './bank-holidays';
export * from './days';
export * from './schemas';
export * from './working-days';
