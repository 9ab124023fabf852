import { app } from './app';
import { book } from './appointments';
import { audit, auth, demo, staff } from './auth';
import { patients } from './patients';
import { crossOrg, ooh } from './ooh';
import { rx } from './prescriptions';
import { rota } from './rota';
import { sync } from './sync';
import { makeApi, type ApiOf, type Caller } from './verb';
import type { EventName, EventPayload } from './events';

/** The one contract: every verb the renderer may call. Preload, handlers and the renderer api derive from it. */
export const contract = { app, auth, demo, staff, audit, patients, book, sync, rota, rx, ooh, crossOrg } as const;
export type AppContract = typeof contract;

export type Unsubscribe = () => void;
/** What the renderer sees as `window.reception`: the verbs, plus a push-event listener. */
export type ReceptionApi = ApiOf<AppContract> & {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): Unsubscribe;
};

export const makeReceptionApi = (call: Caller, on: ReceptionApi['on']): ReceptionApi =>
  Object.assign(makeApi(contract, call), { on });

export * from './verb';
export * from './events';
export * from './patients';
export * from './app';
export * from './auth';
export * from './appointments';
export * from './sync';
export * from './rota';
export * from './prescriptions';
export * from './ooh';
