import { contextBridge, ipcRenderer } from 'electron';
import { makeReceptionApi, type ReceptionApi } from '../../shared/contract';
import { PUSH_CHANNEL, type PushMessage } from '../../shared/contract/events';

/** The whole renderer surface: named verbs from the contract and one listener. No raw ipcRenderer. */
const on: ReceptionApi['on'] = (event, listener) => {
  const handler = (_e: unknown, m: PushMessage) => {
    if (m.event === event) listener(m.payload as Parameters<typeof listener>[0]);
  };
  ipcRenderer.on(PUSH_CHANNEL, handler);
  return () => void ipcRenderer.removeListener(PUSH_CHANNEL, handler);
};

contextBridge.exposeInMainWorld(
  'reception',
  makeReceptionApi((name, input) => ipcRenderer.invoke(name, input), on),
);
