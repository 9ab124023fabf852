import { FuseV1Options } from '@electron/fuses';
import Ajv from 'ajv';
import { PlatformPackager } from 'app-builder-lib';
import { load } from 'js-yaml';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * electron-builder.yml (issue 9). Packaging itself cannot run here (no Electron download), so the config is
 * checked instead: against electron-builder's own JSON schema, through electron-builder's own translation of
 * `electronFuses` into the fuse wire, and for the settings a practice deployment depends on.
 */
const root = resolve(__dirname, '../../..');
const builderLib = join(root, 'node_modules/app-builder-lib');

interface BuilderConfig {
  asarUnpack: string[];
  npmRebuild: boolean;
  electronFuses: Record<string, boolean>;
  extraResources: { from: string; to: string; filter: string[] }[];
  linux: { target: { target: string; arch: string[] }[] };
  deb: { depends: string[]; afterInstall: string; afterRemove: string };
  win: { target: { target: string; arch: string[] }[] };
  nsis: Record<string, unknown>;
  files: string[];
}

let raw: unknown;
let config: BuilderConfig;
beforeAll(() => {
  raw = load(readFileSync(join(root, 'electron-builder.yml'), 'utf8'));
  config = raw as BuilderConfig;
});

describe('electron-builder.yml', () => {
  it("is valid against electron-builder's own schema (app-builder-lib/scheme.json)", () => {
    const schema = JSON.parse(readFileSync(join(builderLib, 'scheme.json'), 'utf8')) as object;
    const version = (JSON.parse(readFileSync(join(builderLib, 'package.json'), 'utf8')) as { version: string }).version;
    expect(version).toMatch(/^26\./);
    // strict:false: the schema uses keywords ajv does not know (e.g. "tsType"); allErrors for a full report.
    const validate = new Ajv({ strict: false, allErrors: true }).compile(schema);
    const valid = validate(raw);
    expect(validate.errors ?? [], 'schema errors').toEqual([]);
    expect(valid).toBe(true);
    // The schema really checks: a misspelt key and a wrong type are refused.
    expect(validate({ ...(raw as object), nsiss: {} })).toBe(false);
    expect(validate({ ...(raw as object), nsis: { perMachine: 'yes' } })).toBe(false);
    expect(validate({ ...(raw as object), electronFuses: { runAsNodes: false } })).toBe(false);
  });

  it('sets every fuse @electron/fuses knows, to the checklist values, as electron-builder writes them into the wire', async () => {
    const fuses = config.electronFuses;
    expect(fuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
      loadBrowserProcessSpecificV8Snapshot: false,
    });
    // Every fuse of the installed @electron/fuses is decided here: a new one after an upgrade fails this test.
    const known = Object.keys(FuseV1Options).filter((k) => Number.isNaN(Number(k)));
    expect(known.map((k) => k[0]!.toLowerCase() + k.slice(1)).sort()).toEqual(Object.keys(fuses).sort());
    // electron-builder's own translation (PlatformPackager.generateFuseConfig) into fuse-wire positions.
    const generate = (PlatformPackager.prototype as unknown as { generateFuseConfig(f: object): Promise<Record<string, unknown>> }).generateFuseConfig;
    const wire = await generate.call({}, fuses);
    expect(wire[FuseV1Options.RunAsNode]).toBe(false);
    expect(wire[FuseV1Options.EnableCookieEncryption]).toBe(true);
    expect(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable]).toBe(false);
    expect(wire[FuseV1Options.EnableNodeCliInspectArguments]).toBe(false);
    expect(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation]).toBe(true);
    expect(wire[FuseV1Options.OnlyLoadAppFromAsar]).toBe(true);
    expect(wire[FuseV1Options.GrantFileProtocolExtraPrivileges]).toBe(false);
    expect(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]).toBe(false);
  });

  it('builds a per-machine NSIS installer for Windows, keeping the data on uninstall', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis).toMatchObject({ oneClick: false, perMachine: true, allowElevation: true, deleteAppDataOnUninstall: false });
  });

  it('builds an AppImage and a deb for Linux', () => {
    expect(config.linux.target.map((t) => t.target).sort()).toEqual(['AppImage', 'deb']);
  });

  it('rebuilds the native modules for Electron and unpacks them from the asar', () => {
    expect(config.npmRebuild).toBe(true);
    expect(config.asarUnpack).toEqual(expect.arrayContaining(['**/node_modules/better-sqlite3-multiple-ciphers/**', '**/node_modules/node-hid/**']));
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    // Every native dependency (one with a binding.gyp) is unpacked: a new one must be added to asarUnpack.
    const native = Object.keys(pkg.dependencies).filter((d) => existsSync(join(root, 'node_modules', d, 'binding.gyp')));
    expect(native.sort()).toEqual(['better-sqlite3-multiple-ciphers', 'node-hid']);
  });

  it("installs the card readers' udev rule from the deb, and keeps electron-builder's own post-install steps", () => {
    const rules = readdirSync(join(root, 'resources/udev')).filter((f) => f.endsWith('.rules'));
    expect(rules).toEqual(['70-gp-reception-card-readers.rules']);
    expect(config.extraResources).toContainEqual({ from: 'resources/udev', to: 'udev', filter: ['*.rules'] });
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libusb-1.0-0', 'libudev1']));
    // Setting `depends` replaces electron-builder's defaults (FpmTarget.getDefaultDepends('deb')): all of them are kept.
    expect(config.deb.depends).toEqual(expect.arrayContaining(['libgtk-3-0', 'libnotify4', 'libnss3', 'libxss1', 'libxtst6', 'xdg-utils', 'libatspi2.0-0', 'libuuid1', 'libsecret-1-0']));

    for (const [ours, theirs] of [
      [config.deb.afterInstall, 'after-install.tpl'],
      [config.deb.afterRemove, 'after-remove.tpl'],
    ] as const) {
      const script = readFileSync(join(root, ours), 'utf8');
      expect(statSync(join(root, ours)).mode & 0o111, `${ours} is executable`).not.toBe(0);
      // Ours replaces the template: every command of the template must still be in it, in order.
      const commands = (text: string) => text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
      const mine = commands(script);
      let at = 0;
      for (const line of commands(readFileSync(join(builderLib, 'templates/linux', theirs), 'utf8'))) {
        const found = mine.indexOf(line, at);
        expect(found, `${ours} lacks, or reorders, this line of electron-builder's ${theirs}: ${line}`).toBeGreaterThanOrEqual(0);
        at = found + 1;
      }
      // electron-builder fills in ${name} macros and refuses unknown ones: only its own may appear.
      const macros = new Set([...script.matchAll(/\$\{([a-zA-Z]+)\}/g)].map((m) => m[1]));
      expect([...macros].filter((m) => m !== 'executable' && m !== 'sanitizedProductName')).toEqual([]);
    }
    const install = readFileSync(join(root, config.deb.afterInstall), 'utf8');
    expect(install).toContain("'/opt/${sanitizedProductName}/resources/udev/70-gp-reception-card-readers.rules'");
    expect(install).toContain("UDEV_RULE_TARGET='/etc/udev/rules.d/70-gp-reception-card-readers.rules'");
    expect(install).toMatch(/udevadm control --reload/);
    expect(readFileSync(join(root, config.deb.afterRemove), 'utf8')).toMatch(/if \[ "\$1" = "purge" \]; then\n\s+rm -f "\$UDEV_RULE_TARGET"/);
  });

  it('packs only the built app, without source maps', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json', '!**/*.map']));
    expect(config.files.some((f) => /^(electron|renderer|shared|test)\//.test(f))).toBe(false);
  });
});
