import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_READERS } from '../../../electron/core/devices/node-hid.driver';

const RULES = readFileSync(resolve(__dirname, '../../../resources/udev/70-gp-reception-card-readers.rules'), 'utf8');
const rules = RULES.split('\n').filter((l) => l.trim() && !l.trim().startsWith('#'));
const hex4 = (n: number) => n.toString(16).padStart(4, '0');

describe('udev rule for card readers', () => {
  it('every default reader has a hidraw rule giving the session user access (uaccess, 0660), and nothing wider', () => {
    for (const r of DEFAULT_READERS) {
      const line = rules.find(
        (l) => l.includes('SUBSYSTEM=="hidraw"') && l.includes(`ATTRS{idVendor}=="${hex4(r.vendorId)}"`) && l.includes(`ATTRS{idProduct}=="${hex4(r.productId)}"`),
      );
      expect(line, `${hex4(r.vendorId)}:${hex4(r.productId)}`).toBeDefined();
      expect(line).toContain('TAG+="uaccess"');
      expect(line).toContain('MODE="0660"');
    }
    expect(RULES).not.toMatch(/MODE="0?66[0-7]?6"|MODE="0?777"/);
    expect(rules.every((l) => /ATTRS\{idVendor\}|ENV\{ID_VENDOR_ID\}/.test(l))).toBe(true); // no rule matches every device
  });

  it('keyboard-wedge defaults are hidden from libinput so card ids are not typed into the focused window', () => {
    for (const r of DEFAULT_READERS.filter((d) => d.format === 'keyboard-wedge')) {
      expect(rules.some((l) => l.includes(`ENV{ID_VENDOR_ID}=="${hex4(r.vendorId)}"`) && l.includes(`ENV{ID_MODEL_ID}=="${hex4(r.productId)}"`) && l.includes('ENV{LIBINPUT_IGNORE_DEVICE}="1"'))).toBe(true);
    }
  });
});
