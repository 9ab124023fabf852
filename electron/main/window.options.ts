/**
 * The main window's locked-down options (Electron security checklist, RELIABILITY-SECURITY-PERFORMANCE A1).
 * Pure data so a test can assert every flag without an Electron binary.
 */
export function secureWindowOptions(preloadPath: string) {
  return {
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false, // shown on first paint, never as a blank frame
    title: 'GP Reception',
    backgroundColor: '#ffffff',
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false, // patient names must not go to a spelling service
      devTools: process.env.RECEPTION_DEVTOOLS === '1',
    },
  } as const;
}
