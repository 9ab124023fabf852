import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The design handout beside the repo (../shared). Tests read it at run time; nothing is copied in. */
export const HANDOUT = resolve(__dirname, '../../../shared');

export function handoutPath(...parts: string[]): string {
  const p = join(HANDOUT, ...parts);
  if (!existsSync(p)) throw new Error(`Handout file missing: ${p}. The tests expect ../shared beside the repository.`);
  return p;
}

export function jsonFilesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? jsonFilesUnder(p) : name.endsWith('.json') ? [p] : [];
  });
}

export const readJson = (p: string): unknown => JSON.parse(readFileSync(p, 'utf8'));
