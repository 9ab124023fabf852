/**
 * A small RFC 6902 JSON Patch for the four operations PDS accepts (add, remove, replace, test).
 * Our own ~100 lines rather than a dependency: the sandbox only needs these, and PDS-style error
 * wording ("index '3' is out of bounds") is easier to produce here.
 */
import type { JsonObject, JsonValue } from './fhir.types';

export type PatchOpName = 'add' | 'remove' | 'replace' | 'test';

export interface PatchOperation {
  op: PatchOpName;
  path: string;
  value?: JsonValue;
}

export class PatchError extends Error {}

/** RFC 6901 pointer -> reference tokens ("/name/0/given" -> ["name","0","given"]). */
export function parsePointer(path: string): string[] {
  if (path === '') return [];
  if (!path.startsWith('/')) throw new PatchError(`Invalid patch - path '${path}' must start with '/'`);
  return path
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

export function deepEqual(a: JsonValue | undefined, b: JsonValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => deepEqual(v, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && deepEqual(a[k], b[k]));
  }
  return false;
}

function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (token === '-' && allowEnd) return length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw new PatchError(`Invalid patch - '${token}' is not a list index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) throw new PatchError(`Invalid patch - index '${token}' is out of bounds`);
  return index;
}

/** Walk to the container holding the last token. */
function parentOf(doc: JsonValue, tokens: string[]): JsonValue {
  let node = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(node)) node = node[arrayIndex(token, node.length, false)]!;
    else if (isObject(node) && token in node) node = node[token]!;
    else throw new PatchError(`Invalid patch - can't find non-existent object '${token}'`);
  }
  return node;
}

function read(doc: JsonValue, tokens: string[]): JsonValue | undefined {
  if (tokens.length === 0) return doc;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1]!;
  if (Array.isArray(parent)) return parent[arrayIndex(last, parent.length, false)];
  return isObject(parent) ? parent[last] : undefined;
}

function applyOne(doc: JsonValue, op: PatchOperation): void {
  const tokens = parsePointer(op.path);
  if (tokens.length === 0) throw new PatchError('Invalid patch - the whole resource cannot be patched');
  const last = tokens[tokens.length - 1]!;
  const parent = parentOf(doc, tokens);
  const value = op.value === undefined ? null : structuredClone(op.value);
  switch (op.op) {
    case 'add':
      if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
      else if (isObject(parent)) parent[last] = value;
      else throw new PatchError(`Invalid patch - can't add to non-container '${last}'`);
      return;
    case 'replace':
      if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false)] = value;
      else if (isObject(parent) && last in parent) parent[last] = value;
      else throw new PatchError(`Invalid patch - can't replace non-existent object '${last}'`);
      return;
    case 'remove':
      if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
      else if (isObject(parent) && last in parent) delete parent[last];
      else throw new PatchError(`Invalid patch - can't remove non-existent object '${last}'`);
      return;
    case 'test':
      if (!deepEqual(read(doc, tokens), op.value)) throw new PatchError(`Invalid patch - test failed at path '${op.path}'`);
      return;
  }
}

/** Applies all operations to a copy; all-or-nothing (throws PatchError, leaving `doc` untouched). */
export function applyPatch(doc: JsonObject, operations: readonly PatchOperation[]): JsonObject {
  const copy = structuredClone(doc);
  for (const op of operations) applyOne(copy, op);
  return copy;
}

export function readPointer(doc: JsonValue, path: string): JsonValue | undefined {
  try {
    return read(doc, parsePointer(path));
  } catch {
    return undefined;
  }
}
