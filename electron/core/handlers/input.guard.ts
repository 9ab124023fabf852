/**
 * A cheap structural check of a verb's raw input, run before zod. Every verb takes plain JSON-like data, and
 * no real desk request comes near these limits; what does is hostile or broken. It bounds the work a call can
 * make the core do (a 1 MB string, a 10,000-deep array), and refuses shapes zod would wave through: zod's
 * z.object accepts a Date or a Map as `{}`, and reads inherited properties of a class instance or an object
 * made with Object.create(proto).
 */

/** Deepest nesting a request may have (the deepest real one, a rota template, is 5). */
export const MAX_INPUT_DEPTH = 16;
/** Characters of all strings and keys together (the biggest real request is a few KB). */
export const MAX_INPUT_CHARS = 256 * 1024;
/** Values of all kinds together. */
export const MAX_INPUT_NODES = 20_000;

/** Keys no request needs, refused outright so they never reach code that might merge objects. */
const POISON_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** Why the input is refused (for the INVALID_INPUT message, without echoing any of it), or null when it may go on to zod. */
export function checkInputShape(raw: unknown): string | null {
  let chars = 0;
  let nodes = 0;
  // Iterative walk with an explicit stack: a hostile depth cannot overflow the call stack, and the depth cap also ends cycles.
  const stack: { value: unknown; depth: number }[] = [{ value: raw, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > MAX_INPUT_NODES) return 'it has too many values';
    if (depth > MAX_INPUT_DEPTH) return `it is nested more than ${MAX_INPUT_DEPTH} levels deep`;
    switch (typeof value) {
      case 'string':
        chars += value.length;
        if (chars > MAX_INPUT_CHARS) return 'it is too large';
        continue;
      case 'number':
        if (!Number.isFinite(value)) return 'it holds a number that is not finite';
        continue;
      case 'boolean':
      case 'undefined': // an optional field left undefined by the renderer
        continue;
      case 'object':
        break;
      default:
        return `it holds a ${typeof value}, which is not data`;
    }
    if (value === null) continue;
    if (Array.isArray(value)) {
      if (Object.getPrototypeOf(value) !== Array.prototype) return 'it holds an object that is not plain data';
      if (value.length > MAX_INPUT_NODES) return 'it has too many values';
      for (const item of value) stack.push({ value: item, depth: depth + 1 });
      continue;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return 'it holds an object that is not plain data';
    const keys = Reflect.ownKeys(value);
    if (keys.length > MAX_INPUT_NODES) return 'it has too many values';
    for (const key of keys) {
      if (typeof key === 'symbol') return 'it holds a symbol key';
      if (POISON_KEYS.has(key)) return `it holds the key "${key}"`;
      chars += key.length;
      if (chars > MAX_INPUT_CHARS) return 'it is too large';
      const d = Object.getOwnPropertyDescriptor(value, key);
      // Accessors run code when read; data never has them.
      if (!d || !('value' in d)) return 'it holds an accessor property';
      stack.push({ value: d.value, depth: depth + 1 });
    }
  }
  return null;
}
