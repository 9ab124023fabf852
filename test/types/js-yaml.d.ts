/**
 * js-yaml is installed only as a dependency of electron-builder (and swagger-parser), without types; the builder
 * config test needs just `load`. Declared here rather than adding @types/js-yaml to package.json.
 */
declare module 'js-yaml' {
  export function load(text: string, options?: { filename?: string; json?: boolean }): unknown;
}
