import type { SafeStorage } from 'electron';
import { FileKeyVault, keyFileVault, type KeyVault } from '../core/security/key-vault';

export class KeystoreUnavailableError extends Error {
  override name = 'KeystoreUnavailableError';
}

/**
 * The local copy's key sealed by the operating system's keystore through safeStorage's async API (DPAPI on Windows,
 * Keychain on macOS, libsecret/KWallet on Linux); only the sealed bytes touch the disk. On Linux with no secret store
 * Electron would fall back to a hard-coded password (`basic_text`), which protects nothing: refuse instead
 * (RELIABILITY-SECURITY-PERFORMANCE A5). Call after the app is ready.
 */
export async function safeStorageVault(safeStorage: SafeStorage, dataDir: string, platform = process.platform): Promise<FileKeyVault> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) {
    throw new KeystoreUnavailableError("This PC's keystore is not available, so the local copy of patient data cannot be protected. Ask IT to check the user profile's credential store.");
  }
  if (platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    throw new KeystoreUnavailableError('No secret store (GNOME Keyring or KWallet) is running, so the local copy of patient data cannot be protected. Ask IT to install and unlock one for this user.');
  }
  return new FileKeyVault(
    dataDir,
    'local-copy.key.sealed',
    {
      seal: async (key) => safeStorage.encryptStringAsync(key.toString('hex')),
      unseal: async (sealed) => {
        const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
        return { key: Buffer.from(result, 'hex'), reseal: shouldReEncrypt };
      },
    },
    "The local copy is encrypted; its key is sealed by this PC's keystore for this Windows/Linux user.",
  );
}

/**
 * The vault the packaged app uses. In demo mode (embedded sandbox, synthetic patients only) a PC with no keystore,
 * such as a developer's Linux box or a CI display server, falls back to the browser host's private key file and says
 * so; with real patient data it refuses.
 */
export async function electronKeyVault(safeStorage: SafeStorage, dataDir: string, o: { demo: boolean; platform?: NodeJS.Platform; warn?: (s: string) => void }): Promise<KeyVault> {
  try {
    return await safeStorageVault(safeStorage, dataDir, o.platform);
  } catch (e) {
    if (!(e instanceof KeystoreUnavailableError) || !o.demo) throw e;
    const vault = keyFileVault(dataDir);
    (o.warn ?? console.warn)(`${e.message} Demo mode holds only synthetic patients: ${vault.description}`);
    return vault;
  }
}
