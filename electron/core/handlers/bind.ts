import { z } from 'zod';
import type { Contract, Verb, VerbOutput } from '../../../shared/contract/verb';
import { verbsOf } from '../../../shared/contract/verb';
import { AppFailure, err, ok, type Err, type Result } from '../../../shared/result';
import type { CallContext } from '../call-context';
import { checkInputShape } from './input.guard';

/** An implementation for every verb of the contract, typed from its schemas. */
export type Implementations<C extends Contract> = {
  [D in keyof C]: {
    [K in keyof C[D]]: (input: z.output<C[D][K]['input']>, ctx: CallContext) => Promise<VerbOutput<C[D][K]>> | VerbOutput<C[D][K]>;
  };
};

export type Dispatch = (verbName: string, rawInput: unknown, ctx: CallContext) => Promise<Result<unknown>>;

export interface DispatchLog {
  /** Unexpected failures only; gets the verb name and the error, never the input (it may hold patient details). */
  error(verbName: string, error: unknown): void;
}

/** Decides, from the verb's declared access and the caller, whether the call may run; an Err refuses it. */
export type AccessGuard = (verb: Verb, ctx: CallContext) => Err | null;

const allowAll: AccessGuard = () => null;

/** Messages may quote keys from the input (zod names unrecognised ones): keep them short whatever was sent. */
const clip = (text: string, max = 600): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The one handler table: check access → check the input is plain, bounded data → parse it → call → check
 * output → Result. Unknown verbs, callers without the right session or role, and bad input are refused
 * before any service runs.
 * Nothing throws across a transport.
 */
export function bind<C extends Contract>(contract: C, impls: Implementations<C>, log: DispatchLog, guard: AccessGuard = allowAll): Dispatch {
  const table = new Map<string, { verb: Verb; fn: (input: unknown, ctx: CallContext) => unknown }>();
  for (const [domain, verbs] of Object.entries(contract)) {
    for (const [key, verb] of Object.entries(verbs)) {
      const fn = (impls as Record<string, Record<string, (i: unknown, c: CallContext) => unknown>>)[domain]?.[key];
      if (!fn) throw new Error(`No implementation for ${verb.name}`);
      table.set(verb.name, { verb, fn });
    }
  }
  if (table.size !== verbsOf(contract).length) throw new Error('Duplicate verb names in the contract');

  return async (verbName, rawInput, ctx) => {
    const entry = table.get(verbName);
    if (!entry) return err('UNKNOWN_VERB', `"${clip(verbName, 80)}" is not something the desk can do.`);
    const refused = guard(entry.verb, ctx);
    if (refused) return refused;
    const shape = checkInputShape(rawInput);
    if (shape) return err('INVALID_INPUT', `The request was not valid: ${shape}.`);
    let parsed: ReturnType<Verb['input']['safeParse']>;
    try {
      parsed = entry.verb.input.safeParse(rawInput ?? {});
    } catch (e) {
      // A schema's own refinement threw on odd input: a bug to log, but still nothing was done.
      log.error(verbName, e);
      return err('INVALID_INPUT', 'The request could not be checked, so nothing was done.');
    }
    if (!parsed.success) return err('INVALID_INPUT', `The request was not valid: ${clip(z.prettifyError(parsed.error))}`);
    try {
      const value = await entry.fn(parsed.data, ctx);
      const out = entry.verb.output.safeParse(value);
      if (!out.success) {
        log.error(verbName, new Error(`output failed its schema at: ${out.error.issues.map((i) => i.path.join('.')).join(', ')}`));
        return err('INTERNAL', 'Something went wrong: the desk produced an answer it could not check.');
      }
      return ok(out.data);
    } catch (e) {
      if (e instanceof AppFailure) {
        return err(e.code, e.message, e.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: e.retryAfterSeconds });
      }
      log.error(verbName, e);
      return err('INTERNAL', 'Something went wrong. The problem has been logged; please try again.');
    }
  };
}
