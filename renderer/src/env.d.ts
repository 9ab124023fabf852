/// <reference types="vite/client" />

// The Electron preload exposes the contract's api as `window.reception`; in a plain browser it is absent
// and the renderer talks to the browser host over a WebSocket instead (see lib/api.ts).
interface Window {
  reception?: import('../../shared/contract').ReceptionApi;
}
