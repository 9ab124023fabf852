import { z } from 'zod';
import { AppError } from '../result';

/**
 * Wire format of the browser host's WebSocket bridge (transport B). Electron's IPC carries the same
 * verb names and Result envelopes, so the two transports are interchangeable for the renderer.
 */
export const BRIDGE_PATH = '/bridge';
export const BRIDGE_PROTOCOL = 'reception.v1';
/** The per-launch token travels as a second subprotocol, `token.<hex>`, never in the URL. */
export const TOKEN_PROTOCOL_PREFIX = 'token.';

export const BridgeRequest = z.object({ id: z.number().int().nonnegative(), verb: z.string().max(64), input: z.unknown() }).strict();
export type BridgeRequest = z.infer<typeof BridgeRequest>;

export const ResultEnvelope = z.union([
  z.object({ ok: z.literal(true), value: z.unknown() }),
  z.object({ ok: z.literal(false), error: AppError }),
]);

export const BridgeReply = z.object({ id: z.number().int(), result: ResultEnvelope });
export const BridgePush = z.object({ event: z.string(), payload: z.unknown() });
export const BridgeServerMessage = z.union([BridgeReply, BridgePush]);
export type BridgeServerMessage = z.infer<typeof BridgeServerMessage>;
