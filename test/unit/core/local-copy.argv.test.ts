import { describe, expect, it } from 'vitest';
import { localCopyCommandFromArgv } from '../../../electron/core/security/local-copy.commands';

describe("the packaged app's local-copy switches", () => {
  it('reads --rotate-key, --backup=<folder>, --restore=<folder> and --verify-audit, and starts the desk otherwise', () => {
    expect(localCopyCommandFromArgv(['gp-reception', '--rotate-key'])).toEqual({ kind: 'rotate-key' });
    expect(localCopyCommandFromArgv(['gp-reception', '--verify-audit'])).toEqual({ kind: 'verify-audit' });
    expect(localCopyCommandFromArgv(['gp-reception', '--backup=D:\\Backups\\desk-1'])).toEqual({ kind: 'backup', to: 'D:\\Backups\\desk-1' });
    expect(localCopyCommandFromArgv(['gp-reception', '--restore=/media/usb/desk-1'])).toEqual({ kind: 'restore', from: '/media/usb/desk-1' });
    expect(localCopyCommandFromArgv(['gp-reception'])).toBeNull();
    expect(localCopyCommandFromArgv(['gp-reception', '--backup='])).toBeNull(); // no folder: start the desk, do not guess one
  });
});
