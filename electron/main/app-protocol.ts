import { SECURITY_HEADERS } from '../../shared/csp';
import { loadStatic } from '../host/static.files';

/**
 * The desk's UI is served from `app://desk/`, not `file://` (Electron security checklist item 18). A file://
 * page may read any file the user can, and file:// pages share one origin; app://desk is one origin holding
 * only the built renderer. It also lets the GrantFileProtocolExtraPrivileges fuse be turned off
 * (electron-builder.yml). Pure: no Electron import, so a test drives the handler with plain Requests.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY = `${APP_ORIGIN}/index.html`;

/**
 * For protocol.registerSchemesAsPrivileged, before the app is ready: `standard` gives the scheme an origin and
 * relative URLs (the renderer's module scripts), `secure` makes it count as a secure context like https.
 * Nothing else: no service workers, no CORS bypass, no fetch from other origins.
 */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

const notFound = () => new Response('Not found', { status: 404, headers: { 'Content-Type': 'text/plain', ...SECURITY_HEADERS } });

/** The protocol.handle handler: files of the built renderer only, with the same security headers as the browser host. */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    const file = await loadStatic(rendererDir, url.pathname);
    if (!file) return notFound();
    const body = request.method === 'HEAD' ? null : new Uint8Array(file.body);
    return new Response(body, { status: 200, headers: { 'Content-Type': file.type, ...SECURITY_HEADERS } });
  };
}
