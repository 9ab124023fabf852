/**
 * Save text as a file through the browser's own download (a Blob and a temporary `<a download>`).
 * Works under the app's CSP: a download is not a fetch, so `connect-src` does not apply, and the
 * blob: URL is only ever navigated to by the anchor, never loaded as a resource.
 */
export function downloadText(filename: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.hidden = true;
  document.body.append(a);
  try {
    a.click();
  } finally {
    a.remove();
    // Revoked later, not at once: some browsers read the blob after click() returns.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
