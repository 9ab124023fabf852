/**
 * PATCH /Patient/{id}: PDS's business rules around JSON Patch (PDS patch docs; NOTES 1.7), applied
 * to the stored FHIR record. Pure: takes the current record and request body, returns the new record
 * or the PDS error. Persisting and de-duplication live in pds.routes.ts.
 */
import { objectId } from './fhir.mapping';
import type { FhirPatient, JsonObject, JsonValue } from './fhir.types';
import { applyPatch, deepEqual, parsePointer, PatchError, readPointer, type PatchOperation } from './json-patch';
import { DIAGNOSTICS, pdsError, type PdsError } from './pds.errors';

const OPS: readonly string[] = ['add', 'remove', 'replace', 'test'];
const PATCHABLE = new Set([
  'name', 'gender', 'birthDate', 'multipleBirthInteger', 'deceasedDateTime', 'address', 'telecom', 'contact',
  'generalPractitioner', 'extension',
]);
/** Lists whose items carry an object `id` that updates must quote. */
const ID_LISTS = new Set(['name', 'address', 'telecom', 'contact', 'generalPractitioner']);
const NEVER_REMOVED = new Set(['birthDate', 'gender', 'deceasedDateTime']);

const invalidUpdate = (detail: string): PdsError => pdsError('INVALID_UPDATE', `Invalid update with error - ${detail}`);
const forbidden = (detail: string): PdsError => pdsError('FORBIDDEN_UPDATE', `Forbidden update with error - ${detail}`);

export type PatchResult = { ok: true; patient: FhirPatient } | { ok: false; error: PdsError };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the body is `{"patches":[{op, path, value?}…]}` and returns the operations. */
export function parsePatchBody(body: JsonValue): PatchOperation[] | PdsError {
  if (!isObject(body)) return invalidUpdate('request body must be a JSON object');
  const extra = Object.keys(body).filter((k) => k !== 'patches');
  if (extra.length > 0) return pdsError('ADDITIONAL_PROPERTIES', DIAGNOSTICS.additionalProperties(extra));
  const patches = body.patches;
  if (!Array.isArray(patches) || patches.length === 0) return pdsError('INVALID_UPDATE', DIAGNOSTICS.noPatches);
  const out: PatchOperation[] = [];
  for (const [i, item] of patches.entries()) {
    if (!isObject(item)) return invalidUpdate(`patch '${i}' must be an object`);
    const op = item.op;
    if (typeof op !== 'string' || !OPS.includes(op)) return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(String(op), `${i}/op`));
    const path = item.path;
    if (typeof path !== 'string' || !path.startsWith('/')) {
      return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(String(path), `${i}/path`));
    }
    const extraKeys = Object.keys(item).filter((k) => !['op', 'path', 'value'].includes(k));
    if (extraKeys.length > 0) return pdsError('ADDITIONAL_PROPERTIES', DIAGNOSTICS.additionalProperties(extraKeys));
    if (op !== 'remove' && !('value' in item)) return invalidUpdate(`'value' is required for '${op}' in patch '${i}'`);
    const operation: PatchOperation = { op: op as PatchOperation['op'], path };
    if (item.value !== undefined) operation.value = item.value;
    out.push(operation);
  }
  return out;
}

/** PDS rules about which paths may be touched and how list items are addressed. */
function checkRules(current: JsonObject, ops: readonly PatchOperation[]): PdsError | null {
  for (const [i, op] of ops.entries()) {
    const tokens = parsePointer(op.path);
    const [field, index, ...rest] = tokens;
    if (field === undefined || !PATCHABLE.has(field)) return invalidUpdate(`Update unsupported for resource - '${field ?? ''}'`);
    if (op.op === 'remove' && tokens.length === 1 && NEVER_REMOVED.has(field)) {
      return forbidden(`source not authorised to remove '${field}'`);
    }
    if (field === 'name' && op.op === 'add' && index === '-' && isObject(op.value) && op.value.use === 'usual') {
      return forbidden('multiple usual names cannot be added');
    }
    if (!ID_LISTS.has(field) || index === undefined || index === '-') continue;
    const root = `/${field}/${index}`;
    if (op.op === 'add' && rest.length === 0) return invalidUpdate(`use '/${field}/-' to add a new item to '/${field}'`);
    const item = readPointer(current, root);
    if (!isObject(item)) return invalidUpdate(`Invalid patch - index '${index}' is out of bounds`);
    const currentId = item.id;
    if (op.op === 'remove' && rest.length === 0) {
      const previous = ops[i - 1];
      const tested = previous?.op === 'test' && (previous.path === root || previous.path === `${root}/id`);
      if (!tested) {
        const instead = previous ? `'${previous.op} ${previous.path}'` : 'the first item';
        return invalidUpdate(`removal '${root}' is not immediately preceded by equivalent test - instead it is ${instead}`);
      }
      continue;
    }
    if (op.op === 'test') continue;
    // Changing (part of) an existing list item: the request must quote that item's object id.
    const quoted =
      rest.length === 0 && isObject(op.value)
        ? op.value.id
        : ops.find((o) => o.path === `${root}/id` && (o.op === 'test' || o.op === 'replace' || o.op === 'add'))?.value;
    if (quoted === undefined) return invalidUpdate(`no id or url found for path with root ${root}`);
    if (!deepEqual(quoted, currentId ?? null)) return invalidUpdate(`no '${field}' resources with object id '${String(quoted)}'`);
  }
  return null;
}

const GENDERS: readonly JsonValue[] = ['male', 'female', 'other', 'unknown'];
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\+00:00)?)?$/;

/** The patched record must still be a valid PDS Patient for the fields we know. */
function checkResult(p: JsonObject, today: string): PdsError | null {
  if (p.gender !== undefined && !GENDERS.includes(p.gender)) return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(String(p.gender), 'gender'));
  if (p.birthDate !== undefined && (typeof p.birthDate !== 'string' || !DATE.test(p.birthDate) || p.birthDate > today)) {
    return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(String(p.birthDate), 'birthDate'));
  }
  const deceased = p.deceasedDateTime;
  if (deceased !== undefined) {
    if (typeof deceased !== 'string' || !DATE_TIME.test(deceased) || deceased.slice(0, 10) > today) {
      return pdsError('INVALID_VALUE', DIAGNOSTICS.invalidField(String(deceased), 'deceasedDateTime'));
    }
    if (typeof p.birthDate === 'string' && deceased.slice(0, 10) < p.birthDate) {
      return invalidUpdate('deceasedDateTime is before birthDate');
    }
  }
  for (const field of ['name', 'address', 'telecom', 'contact', 'generalPractitioner', 'extension']) {
    const list = p[field];
    if (list !== undefined && (!Array.isArray(list) || !list.every(isObject))) return invalidUpdate(`'${field}' must be a list of objects`);
  }
  const names = (p.name ?? []) as JsonObject[];
  for (const n of names) {
    if (typeof n.family !== 'string' || !['usual', 'temp', 'nickname', 'old', 'maiden'].includes(String(n.use))) {
      return invalidUpdate("every name needs a 'use' and a 'family'");
    }
  }
  if (names.filter((n) => n.use === 'usual').length > 1) return forbidden('multiple usual names cannot be added');
  for (const a of (p.address ?? []) as JsonObject[]) {
    if (!['home', 'work', 'temp', 'billing'].includes(String(a.use))) return invalidUpdate("every address needs a valid 'use'");
  }
  for (const t of (p.telecom ?? []) as JsonObject[]) {
    if (!['phone', 'fax', 'email', 'other'].includes(String(t.system)) || typeof t.value !== 'string') {
      return invalidUpdate("every telecom needs a valid 'system' and a 'value'");
    }
  }
  if (Array.isArray(p.generalPractitioner) && p.generalPractitioner.length > 1) {
    return pdsError('TOO_MANY_VALUES_SUBMITTED', 'Invalid update with error - generalPractitioner holds at most one item');
  }
  return null;
}

/** New list items get a PDS-style object id; lists emptied by the patch are dropped (the spec allows no empty name list). */
function finish(p: JsonObject, nhsNumber: string, newVersion: string): void {
  for (const field of ID_LISTS) {
    const list = p[field];
    if (!Array.isArray(list)) continue;
    if (list.length === 0) {
      delete p[field];
      continue;
    }
    list.forEach((item, i) => {
      if (isObject(item) && item.id === undefined) item.id = objectId(nhsNumber, `${field}-v${newVersion}-${i}`);
    });
  }
  if (Array.isArray(p.extension) && p.extension.length === 0) delete p.extension;
}

export function patchPatient(current: FhirPatient, body: JsonValue, today = new Date().toISOString().slice(0, 10)): PatchResult {
  const ops = parsePatchBody(body);
  if (!Array.isArray(ops)) return { ok: false, error: ops };
  // FhirPatient is plain JSON; view it as such to patch it generically.
  const doc = JSON.parse(JSON.stringify(current)) as JsonObject;
  const ruleError = checkRules(doc, ops);
  if (ruleError) return { ok: false, error: ruleError };
  let patched: JsonObject;
  try {
    patched = applyPatch(doc, ops);
  } catch (e) {
    if (e instanceof PatchError) return { ok: false, error: invalidUpdate(e.message) };
    throw e;
  }
  const resultError = checkResult(patched, today);
  if (resultError) return { ok: false, error: resultError };
  const newVersion = String(Number(current.meta.versionId) + 1);
  finish(patched, current.id, newVersion);
  // Checked above field by field; identity and meta are outside PATCHABLE so cannot have changed.
  const patient = patched as unknown as FhirPatient;
  patient.meta = { ...current.meta, versionId: newVersion };
  return { ok: true, patient };
}
