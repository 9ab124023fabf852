import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Mechanical process boundaries: a wrong import fails the build, not a code review. */
const ROOT = resolve(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    if (n === 'node_modules') return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(n) ? [p] : [];
  });
}

/** Every module specifier a file imports, found by the TypeScript parser (imports, re-exports, require, import()). */
function importsOf(file: string): string[] {
  return ts.preProcessFile(readFileSync(file, 'utf8'), true, true).importedFiles.map((f) => f.fileName);
}

function violations(dir: string, forbidden: (spec: string, file: string) => boolean): string[] {
  return sources(resolve(ROOT, dir)).flatMap((f) =>
    importsOf(f)
      .filter((s) => forbidden(s, f))
      .map((s) => `${relative(ROOT, f)} imports ${s}`),
  );
}

const isElectron = (s: string) => s === 'electron' || s.startsWith('electron/');
const isNode = (s: string) => s.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'http', 'net', 'better-sqlite3-multiple-ciphers', 'node-hid', 'ws', 'conf', 'electron-store'].includes(s);
const reaches = (file: string, spec: string, folder: string) =>
  spec.startsWith('.') && resolve(file, '..', spec).startsWith(resolve(ROOT, folder));

describe('process boundaries', () => {
  it("'electron' is imported only under electron/main and electron/preload", () => {
    const bad = ['electron/core', 'electron/host', 'electron/sandbox', 'shared', 'renderer'].flatMap((d) => violations(d, isElectron));
    expect(bad).toEqual([]);
  });

  it('the renderer imports no Node module and nothing from electron/', () => {
    expect(violations('renderer', (s, f) => isNode(s) || isElectron(s) || reaches(f, s, 'electron'))).toEqual([]);
  });

  it('shared/ stays pure: no Node, no Electron, no DOM-only or app-side imports', () => {
    expect(violations('shared', (s, f) => isNode(s) || isElectron(s) || reaches(f, s, 'electron') || reaches(f, s, 'renderer'))).toEqual([]);
  });

  it('the core never reaches into the Electron shell or the renderer', () => {
    expect(violations('electron/core', (s, f) => reaches(f, s, 'electron/main') || reaches(f, s, 'electron/preload') || reaches(f, s, 'renderer'))).toEqual([]);
  });

  it('SQL lives only in repos, migrations and the connection', () => {
    const sqlish = /\b(SELECT\s+[\w*]|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE\s+TABLE)\b/;
    const offenders = sources(resolve(ROOT, 'electron'))
      .filter((f) => !/electron\/core\/db\//.test(f) && !/electron\/sandbox\//.test(f))
      .filter((f) => sqlish.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('detects a violation when there is one (the checker itself works)', () => {
    expect(importsOf(resolve(ROOT, 'electron/main/index.ts'))).toContain('electron');
  });
});
