import type { z } from 'zod';
import type { Permission } from '../domain/roles';
import type { Result } from '../result';

/**
 * Who may call a verb, enforced by the core's handler table before any service runs:
 * `public` (no signed-in session needed: login, app info), `session` (any unlocked session), or a permission.
 */
export type Access = 'public' | 'session' | Permission;

/** One verb of the contract: its wire name (`domain:verb`), input and output schemas, and who may call it. */
export interface Verb<N extends string = string, I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly name: N;
  readonly input: I;
  readonly output: O;
  readonly access: Access;
}

export const verb = <N extends string, I extends z.ZodType, O extends z.ZodType>(
  name: N,
  input: I,
  output: O,
  access: Access = 'session',
): Verb<N, I, O> => ({ name, input, output, access });

export type Domain = Record<string, Verb>;
export type Contract = Record<string, Domain>;

export type VerbInput<V extends Verb> = z.input<V['input']>;
export type VerbOutput<V extends Verb> = z.output<V['output']>;

/** The renderer's typed api: `api.patients.search({text})` resolves to a Result, never throws. */
export type ApiOf<C extends Contract> = {
  [D in keyof C]: { [K in keyof C[D]]: (input: VerbInput<C[D][K]>) => Promise<Result<VerbOutput<C[D][K]>>> };
};

export type Caller = (verbName: string, input: unknown) => Promise<unknown>;

/** Every verb of a contract, flat. */
export function verbsOf(contract: Contract): Verb[] {
  return Object.values(contract).flatMap((domain) => Object.values(domain));
}

/**
 * Walk the contract and build `{domain: {verb(input)}}` over a transport's `call`.
 * Preload (IPC), the browser-host bridge (WebSocket) and tests all derive their api here.
 */
export function makeApi<C extends Contract>(contract: C, call: Caller): ApiOf<C> {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const [domainName, domain] of Object.entries(contract)) {
    const fns: Record<string, (input: unknown) => Promise<unknown>> = {};
    for (const [key, v] of Object.entries(domain)) fns[key] = (input: unknown) => call(v.name, input);
    api[domainName] = fns;
  }
  return api as ApiOf<C>;
}
