import { join } from 'node:path';
import { APP_ENTRY } from './app-protocol';
import { guardContents, type GuardedContents } from './security.guards';
import { secureWindowOptions } from './window.options';

export interface WindowLike {
  webContents: GuardedContents & { send(channel: string, message: unknown): void };
  once(event: 'ready-to-show', l: () => void): unknown;
  show(): void;
  loadURL(url: string): Promise<void>;
}

export type WindowCtor<W extends WindowLike> = new (options: ReturnType<typeof secureWindowOptions>) => W;

/** Build the one desk window: locked options, guards on its contents, the built renderer over app:// (app-protocol.ts). */
export async function createMainWindow<W extends WindowLike>(Ctor: WindowCtor<W>, outDir: string): Promise<W> {
  const win = new Ctor(secureWindowOptions(join(outDir, 'preload/index.js')));
  guardContents(win.webContents);
  win.once('ready-to-show', () => win.show());
  await win.loadURL(APP_ENTRY);
  return win;
}
