import { closeSync, existsSync, fsyncSync, openSync, renameSync, rmSync, statSync, writeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DbKey } from '../db/cipher';

/** `current` is the key in use; `next` exists only while a rotation is under way (see data-key.ts). */
export type KeySlot = 'current' | 'next';

/** Where the local copy's key is kept. Electron seals it with the OS keystore; the browser host keeps a private file. */
export interface KeyVault {
  /** One sentence for the person starting the desk: where the key is and who can read it. */
  readonly description: string;
  read(slot: KeySlot): Promise<DbKey | null>;
  write(slot: KeySlot, key: DbKey): Promise<void>;
  /** Make `next` the `current` key in one rename. */
  promote(): Promise<void>;
}

export interface Sealer {
  seal(key: DbKey): Promise<Buffer>;
  /** `reseal`: the keystore asks for the key to be sealed again (e.g. its own key was rotated). */
  unseal(sealed: Buffer): Promise<{ key: DbKey; reseal: boolean }>;
}

export class KeyFileError extends Error {
  override name = 'KeyFileError';
}

/** A key kept in a file in the data folder, written 0600 and refused if anyone else can read it (POSIX). */
export class FileKeyVault implements KeyVault {
  constructor(
    private readonly dir: string,
    private readonly fileName: string,
    private readonly sealer: Sealer,
    readonly description: string,
  ) {}

  path(slot: KeySlot): string {
    return join(this.dir, slot === 'current' ? this.fileName : `${this.fileName}.next`);
  }

  async read(slot: KeySlot): Promise<DbKey | null> {
    const file = this.path(slot);
    if (!existsSync(file)) return null;
    if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
      throw new KeyFileError(`The key file ${file} can be read by other users of this PC. Run: chmod 600 "${file}" (and consider rotating the key).`);
    }
    const { key, reseal } = await this.sealer.unseal(readFileSync(file));
    if (reseal) await this.write(slot, key);
    return key;
  }

  async write(slot: KeySlot, key: DbKey): Promise<void> {
    const file = this.path(slot);
    const temp = `${file}.tmp`;
    const sealed = await this.sealer.seal(key);
    rmSync(temp, { force: true });
    // Created private (mode applies before any byte is written) and flushed before the rename makes it the key.
    const fd = openSync(temp, 'wx', 0o600);
    try {
      writeSync(fd, sealed);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, file);
  }

  async promote(): Promise<void> {
    renameSync(this.path('next'), this.path('current'));
  }
}

/** The browser host's key: hex in `local-copy.key`, protected by file permissions only (it says so at start). */
export function keyFileVault(dataDir: string): FileKeyVault {
  const file = join(dataDir, 'local-copy.key');
  return new FileKeyVault(
    dataDir,
    'local-copy.key',
    {
      seal: async (key) => Buffer.from(`${key.toString('hex')}\n`, 'utf8'),
      unseal: async (text) => {
        const hex = text.toString('utf8').trim();
        if (!/^[0-9a-f]{64}$/.test(hex)) throw new KeyFileError(`The key file ${file} is damaged (expected 64 hex digits).`);
        return { key: Buffer.from(hex, 'hex'), reseal: false };
      },
    },
    `The local copy is encrypted; its key is in ${file}, readable only by this user (browser host: no OS keystore).`,
  );
}
