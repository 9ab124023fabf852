import { verbsOf } from '../../shared/contract/verb';
import { contract } from '../../shared/contract';
import { err, type Result } from '../../shared/result';
import type { Core } from '../core/core';
import { isTrustedSender } from './security.guards';

export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEventLike, input: unknown) => Promise<Result<unknown>>): void;
}
export interface IpcEventLike {
  senderFrame: { url: string } | null;
  sender: { mainFrame: unknown };
}

/**
 * One ipcMain.handle per contract verb. The sender is checked before anything else: a call from a
 * foreign frame or origin gets FORBIDDEN_SENDER and the core never sees it.
 */
export function registerIpc(ipcMain: IpcMainLike, core: Pick<Core, 'dispatch'>, appOrigin: string): string[] {
  const names = verbsOf(contract).map((v) => v.name);
  for (const name of names) {
    ipcMain.handle(name, async (event, input) => {
      const frame = event.senderFrame;
      if (!isTrustedSender(frame?.url, frame !== null && frame === event.sender.mainFrame, appOrigin)) {
        return err('FORBIDDEN_SENDER', 'This request did not come from the GP Reception window and was refused.');
      }
      return core.dispatch(name, input);
    });
  }
  return names;
}
