import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { describe, expect, it } from 'vitest';
import { prepareDataKey } from '../../../electron/core/security/data-key';
import { electronKeyVault, KeystoreUnavailableError, safeStorageVault } from '../../../electron/main/safe-storage.vault';
import { useTempDir } from '../../helpers/temp-dir';

const temp = useTempDir('reception-sealed-');

/**
 * No Electron binary here, so safeStorage is replaced by a stand-in that behaves as Chromium's OSCrypt does on Linux
 * with a secret store: a "v11" prefix, then AES-GCM under a key the OS keeps (here, one per fake "user profile").
 */
function fakeSafeStorage(o: { available?: boolean; backend?: ReturnType<SafeStorage['getSelectedStorageBackend']>; reEncrypt?: boolean } = {}) {
  const osSecret = randomBytes(32);
  const calls: string[] = [];
  const api = {
    isAsyncEncryptionAvailable: async () => o.available ?? true,
    getSelectedStorageBackend: () => o.backend ?? 'gnome_libsecret',
    encryptStringAsync: async (plain: string) => {
      calls.push('encrypt');
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', osSecret, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([Buffer.from('v11'), iv, body, c.getAuthTag()]);
    },
    decryptStringAsync: async (sealed: Buffer) => {
      calls.push('decrypt');
      const iv = sealed.subarray(3, 15);
      const tag = sealed.subarray(sealed.length - 16);
      const d = createDecipheriv('aes-256-gcm', osSecret, iv);
      d.setAuthTag(tag);
      const result = Buffer.concat([d.update(sealed.subarray(15, sealed.length - 16)), d.final()]).toString('utf8');
      return { result, shouldReEncrypt: o.reEncrypt ?? false };
    },
  };
  return { safeStorage: api as unknown as SafeStorage, calls, options: o };
}

describe('the key sealed by the OS keystore (Electron)', () => {
  it('keeps only sealed bytes on disk, through the async API, and unseals the same key on the next start', async () => {
    const dir = temp();
    const { safeStorage, calls } = fakeSafeStorage();
    const made = await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(safeStorage, dir, 'linux') });
    const sealed = readFileSync(join(dir, 'local-copy.key.sealed'));
    expect(sealed.subarray(0, 3).toString()).toBe('v11');
    expect(sealed.toString('latin1')).not.toContain(made.key.toString('hex'));
    const again = await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(safeStorage, dir, 'linux') });
    expect(again.key.equals(made.key)).toBe(true);
    expect(calls).toEqual(['encrypt', 'decrypt']);
  });

  it('seals the key again when the keystore asks (shouldReEncrypt), and the new sealing opens to the same key', async () => {
    const dir = temp();
    const fake = fakeSafeStorage();
    const made = await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(fake.safeStorage, dir, 'linux') });
    const before = readFileSync(join(dir, 'local-copy.key.sealed'));
    fake.options.reEncrypt = true;
    const again = await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(fake.safeStorage, dir, 'linux') });
    expect(again.key.equals(made.key)).toBe(true);
    expect(readFileSync(join(dir, 'local-copy.key.sealed')).equals(before)).toBe(false);
    expect(fake.calls).toEqual(['encrypt', 'decrypt', 'encrypt']);
    fake.options.reEncrypt = false;
    expect((await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(fake.safeStorage, dir, 'linux') })).key.equals(made.key)).toBe(true);
  });

  it("another user's keystore cannot unseal it", async () => {
    const dir = temp();
    await prepareDataKey({ dataDir: dir, vault: await safeStorageVault(fakeSafeStorage().safeStorage, dir, 'linux') });
    await expect(prepareDataKey({ dataDir: dir, vault: await safeStorageVault(fakeSafeStorage().safeStorage, dir, 'linux') })).rejects.toThrow();
  });

  it('refuses to start on Linux with no secret store, where Electron would use a hard-coded password', async () => {
    await expect(safeStorageVault(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, temp(), 'linux')).rejects.toThrow(KeystoreUnavailableError);
    await expect(safeStorageVault(fakeSafeStorage({ backend: 'basic_text' }).safeStorage, temp(), 'linux')).rejects.toThrow(/GNOME Keyring or KWallet/);
    await expect(safeStorageVault(fakeSafeStorage({ available: false }).safeStorage, temp(), 'win32')).rejects.toThrow(/keystore is not available/);
  });

  it('demo mode (synthetic patients only) on a PC with no keystore uses the private key file and says so; real data does not', async () => {
    const dir = temp();
    const warned: string[] = [];
    const noStore = fakeSafeStorage({ backend: 'basic_text' }).safeStorage;
    const vault = await electronKeyVault(noStore, dir, { demo: true, platform: 'linux', warn: (m) => void warned.push(m) });
    await prepareDataKey({ dataDir: dir, vault });
    expect(readFileSync(join(dir, 'local-copy.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(warned.join('\n')).toMatch(/No secret store.*Demo mode holds only synthetic patients.*local-copy\.key/s);
    await expect(electronKeyVault(noStore, temp(), { demo: false, platform: 'linux', warn: () => undefined })).rejects.toThrow(KeystoreUnavailableError);
  });
});
