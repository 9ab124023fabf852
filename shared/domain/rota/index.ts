/** Rotas: practice slot types, session templates, leave, and slot generation. Pure: data is passed in. */
export * from './clash';
export * from './embargo';
export * from './existing-book';
export * from './generate';
export * from './lay-out';
export * from './leave';
export * from './messages';
export * from './national-categories';
export * from './opening-hours';
export * from './pattern';
export * from './sessions';
export * from './slot-id';
export * from './slot-type';
export * from './summary';
export * from './template';
