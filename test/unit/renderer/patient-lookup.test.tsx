// @vitest-environment happy-dom
import { cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { err, ok } from '../../../shared/result';
import { deferred, installFakeApi, jane, janet, manyPatients, national, recordOf, tunney, type FakeHandlers } from './fake-api';

/** The journeys a receptionist makes with the lookup, driven by role and accessible name only. */

const searchBox = () => screen.getByRole('searchbox', { name: 'Search patients' });
const results = () => screen.getByRole('listbox', { name: 'Search results' });
const banner = () => screen.getByRole('region', { name: 'Patient banner' });

/** Renders the app as a signed-in receptionist (the fake core's default) and waits for the desk to open. */
async function setup(handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'patients:search': () => ok(national([jane, tunney])),
    'patients:open': (input) => {
      const { nhsNumber } = input as { nhsNumber: string };
      const p = [jane, tunney, janet].find((x) => x.nhsNumber === nhsNumber);
      return p ? ok(recordOf(p)) : err('NOT_FOUND', 'not found');
    },
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  await screen.findByRole('searchbox', { name: 'Search patients' });
  return { fake, user };
}

/** Stand-in layout sizes for happy-dom, which lays nothing out. Returns the undo. */
function fakeLayout(sizes: Partial<Record<'clientHeight' | 'offsetHeight', (el: HTMLElement) => number>>): () => void {
  const saved = Object.keys(sizes).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const);
  for (const [k, size] of Object.entries(sizes)) {
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return size(this);
      },
    });
  }
  return () => {
    for (const [k, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
  };
}

async function searchFor(user: ReturnType<typeof userEvent.setup>, text: string) {
  await user.clear(searchBox());
  await user.type(searchBox(), `${text}{Enter}`);
}

beforeEach(() => {
  // Only the clock is faked, so ages and "last updated" are stable; timers stay real for user-event.
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-12T11:00:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('patient lookup', () => {
  it('starts with the search box focused and shows who is at the desk', async () => {
    await setup();
    expect(document.activeElement).toBe(searchBox());
    expect(searchBox().getAttribute('placeholder')).toMatch(/NHS number, or surname \+ date of birth \(dd\/mm\/yyyy\), or postcode/);
    const header = screen.getByRole('banner');
    await within(header).findByText('Alex Morgan');
    expect(within(header).getByText('Receptionist')).toBeTruthy();
    expect(within(header).getByText(/Beech House Surgery/)).toBeTruthy();
    expect(screen.getByRole('status', { name: 'National service' }).textContent).toMatch(/Online/);
  });

  it('searches, moves through the results from the search box and opens a record with Enter', async () => {
    const { fake, user } = await setup();
    await searchFor(user, 'smith 22/10/2010');

    expect(fake.calls).toContainEqual({ verb: 'patients:search', input: { text: 'smith 22/10/2010', fuzzy: false } });
    const options = within(await screen.findByRole('listbox', { name: 'Search results' })).getAllByRole('option');
    expect(options.map((o) => o.textContent)).toHaveLength(2);
    // Best match first, as returned; the name and formatted NHS number are in the option's name.
    expect(options[0]!.textContent).toContain('SMITH, Jane (Miss)');
    screen.getByRole('option', { name: /SMITH, Jane \(Miss\).*943 476 5919/ });
    expect(options[0]!.textContent).toContain('22-Oct-2010 (15y)');
    expect(options[0]!.textContent).toContain('LS1 6AE');
    expect(options[1]!.textContent).toContain('Deceased');
    expect(screen.getByRole('status', { name: 'Search status' }).textContent).toBe('2 patients found. Best match first.');

    await user.keyboard('{ArrowDown}');
    expect(document.activeElement).toBe(results());
    await user.keyboard('{ArrowDown}');
    const tunneyOption = screen.getByRole('option', { name: /TUNNEY, Gene \(Mr\)/ });
    expect(results().getAttribute('aria-activedescendant')).toBe(tunneyOption.id);
    expect(tunneyOption.getAttribute('aria-selected')).toBe('true');

    await user.keyboard('{ArrowUp}{Enter}');
    expect(fake.calls).toContainEqual({ verb: 'patients:open', input: { nhsNumber: '9434765919' } });
    const heading = within(await screen.findByRole('region', { name: 'Patient banner' })).getByRole('heading', {
      name: 'SMITH, Jane (Miss)',
    });
    expect(document.activeElement).toBe(heading);
    const text = banner().textContent ?? '';
    expect(text).toContain('NHS number943 476 5919');
    expect(text).toContain('Born22-Oct-2010 (15y)');
    expect(text).toContain('GenderFemale');
    expect(text).toContain('Address1 Trevelyan Square, Boar Lane, Leeds, LS1 6AE');
    expect(text).toContain('Phone01632 960587');
    expect(text).toContain('Registered GP practiceBeech House Surgery (Y12345)');
    expect(screen.queryByRole('listbox')).toBeNull(); // the banner replaces the results
  });

  it('opens a record when a result is clicked', async () => {
    const { user } = await setup();
    await searchFor(user, 'smith 22/10/2010');
    await user.click(await screen.findByRole('option', { name: /TUNNEY/ }));
    expect(await screen.findByRole('heading', { name: 'TUNNEY, Gene (Mr)' })).toBeTruthy();
  });

  it('explains an invalid NHS number at once, keeps the text and sends nothing', async () => {
    const { fake, user } = await setup();
    await searchFor(user, '943 476 5918');
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toMatch(/943 476 5918 is not a valid NHS number/);
    expect((searchBox() as HTMLInputElement).value).toBe('943 476 5918');
    expect(searchBox().getAttribute('aria-invalid')).toBe('true');
    expect(fake.calls.filter((c) => c.verb === 'patients:search')).toHaveLength(0);

    // Fixing the text and searching again clears the message.
    await searchFor(user, '943 476 5919');
    await screen.findByRole('listbox', { name: 'Search results' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(searchBox().getAttribute('aria-invalid')).toBeNull();
  });

  it('shows a restricted record with its marker and no address, phone or GP practice', async () => {
    // Even if the core ever sent location fields for a restricted patient, they must not appear.
    const leaky = { ...janet, address: { lines: ['9 Secret Row'], postcode: 'LS9 9ZZ' }, gpOdsCode: 'B86001' };
    const { user } = await setup({
      'patients:search': () => ok(national([leaky])),
      'patients:open': () => ok({ ...recordOf(leaky), telecom: [{ system: 'phone', value: '07700 900123', use: 'mobile' }], gpName: 'Hidden Surgery' }),
    });
    await searchFor(user, 'smythe 01/01/1980');
    const option = await screen.findByRole('option', { name: /SMYTHE, Janet \(Mrs\)/ });
    expect(option.textContent).toContain('Restricted');
    expect(option.textContent).not.toContain('LS9 9ZZ');

    await user.keyboard('{ArrowDown}{Enter}');
    await screen.findByRole('heading', { name: 'SMYTHE, Janet (Mrs)' });
    const text = banner().textContent ?? '';
    expect(text).toContain('Restricted record');
    expect(text).toContain('address, phone and GP practice are hidden');
    for (const hidden of ['9 Secret Row', 'LS9 9ZZ', '07700 900123', 'Hidden Surgery', 'B86001']) expect(text).not.toContain(hidden);
    const labels = within(banner()).getAllByRole('term').map((t) => t.textContent);
    expect(labels).toEqual(['NHS number', 'Born', 'Gender']);
  });

  it('labels answers from the local copy with the UK time they were last updated and the notice', async () => {
    const { user } = await setup({
      'patients:search': () =>
        ok({
          source: 'local',
          updatedAt: '2026-03-12T09:30:00Z',
          notice: 'The national service is not answering, so these come from this desk’s copy.',
          results: [jane],
        }),
      'patients:open': () => ok(recordOf(jane, { source: 'local', fetchedAt: '2026-03-12T08:05:00Z' })),
    });
    await searchFor(user, 'smith 22/10/2010');
    await screen.findByRole('listbox', { name: 'Search results' });
    expect(screen.getByText('From local copy, last updated 09:30')).toBeTruthy();
    expect(screen.getByText(/national service is not answering/)).toBeTruthy();
    expect(screen.getByRole('status', { name: 'Search status' }).textContent).toMatch(/1 patient found in the local copy/);

    await user.keyboard('{ArrowDown}{Enter}');
    await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' });
    expect(within(banner()).getByText('From local copy, last updated 08:05')).toBeTruthy();
  });

  it('does not label national answers as local', async () => {
    const { user } = await setup();
    await searchFor(user, 'smith 22/10/2010');
    await screen.findByRole('listbox', { name: 'Search results' });
    expect(screen.queryByText(/From local copy/)).toBeNull();
  });

  it('steps back with Esc: record → the result that was opened → the search box', async () => {
    const { user } = await setup();
    await searchFor(user, 'smith 22/10/2010');
    await screen.findByRole('listbox', { name: 'Search results' });
    await user.keyboard('{ArrowDown}{ArrowDown}{Enter}');
    await screen.findByRole('heading', { name: 'TUNNEY, Gene (Mr)' });

    await user.keyboard('{Escape}');
    expect(screen.queryByRole('region', { name: 'Patient banner' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(results()));
    const opened = screen.getByRole('option', { name: /TUNNEY, Gene/ });
    expect(results().getAttribute('aria-activedescendant')).toBe(opened.id);

    await user.keyboard('{Escape}');
    await waitFor(() => expect(document.activeElement).toBe(searchBox()));
    expect((searchBox() as HTMLInputElement).value).toBe('smith 22/10/2010');
  });

  it('goes back with the "Back to results" button too', async () => {
    const { user } = await setup();
    await searchFor(user, 'smith 22/10/2010');
    await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
    await user.click(await screen.findByRole('button', { name: 'Back to results' }));
    await waitFor(() => expect(document.activeElement).toBe(results()));
    expect(results().getAttribute('aria-activedescendant')).toBe(screen.getByRole('option', { name: /SMITH, Jane/ }).id);
  });

  it('returns to the search box on Esc when there are no results', async () => {
    const { user } = await setup();
    await user.click(screen.getByRole('checkbox', { name: 'Sounds-like search' }));
    expect(document.activeElement).not.toBe(searchBox());
    await user.keyboard('{Escape}');
    expect(document.activeElement).toBe(searchBox());
  });

  it('says "Too many matches" in words that say what to add', async () => {
    const { user } = await setup({ 'patients:search': () => err('TOO_MANY_MATCHES', 'PDS returned TOO_MANY_MATCHES') });
    await searchFor(user, 'smith 22/10/2010');
    expect((await screen.findByRole('alert')).textContent).toBe('Too many matches: add a first name or postcode.');
    expect((searchBox() as HTMLInputElement).value).toBe('smith 22/10/2010');
  });

  it('tells the user how long to wait when the national service is busy', async () => {
    const { user } = await setup({
      'patients:search': () => err('SERVICE_BUSY', 'The national service is busy.', { retryAfterSeconds: 5 }),
    });
    await searchFor(user, 'smith 22/10/2010');
    expect((await screen.findByRole('alert')).textContent).toBe('The national service is busy: try again in 5 seconds.');
  });

  it('shows the core message when the service cannot be reached', async () => {
    const { user } = await setup({ 'patients:search': () => err('SERVICE_UNREACHABLE', 'Lost connection to the desk service. Trying to reconnect…') });
    await searchFor(user, 'smith 22/10/2010');
    expect((await screen.findByRole('alert')).textContent).toMatch(/Lost connection to the desk service/);
  });

  it('says so when nobody matches, naming what was searched for', async () => {
    const { user } = await setup({ 'patients:search': () => ok(national([])) });
    await searchFor(user, 'nobody 01/01/1990');
    await waitFor(() => expect(screen.getByRole('status', { name: 'Search status' }).textContent).toMatch(/^No patients match “nobody 01\/01\/1990”/));
    expect(screen.getByRole('status', { name: 'Search status' }).textContent).toMatch(/try Sounds-like search/);
    expect(screen.queryByRole('listbox')).toBeNull();
  });

  it('sends the sounds-like flag with the search', async () => {
    const { fake, user } = await setup();
    await user.click(screen.getByRole('checkbox', { name: 'Sounds-like search' }));
    await user.click(searchBox());
    await user.type(searchBox(), 'smyth jane 22/10/2010');
    await user.click(screen.getByRole('button', { name: 'Search' }));
    await screen.findByRole('listbox', { name: 'Search results' });
    expect(fake.calls).toContainEqual({ verb: 'patients:search', input: { text: 'smyth jane 22/10/2010', fuzzy: true } });
  });

  it('says why a record cannot be opened, in the core\'s words (withdrawn nationally is not "no patient")', async () => {
    const { user } = await setup({ 'patients:open': () => err('NOT_FOUND', 'This record has been withdrawn nationally and cannot be shown.') });
    await searchFor(user, 'smith 22/10/2010');
    await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
    expect((await screen.findByRole('alert')).textContent).toBe('This record has been withdrawn nationally and cannot be shown.');
  });

  it('shows "Opening record…" until the record arrives', async () => {
    const open = deferred();
    const { user } = await setup({ 'patients:open': open.handler });
    await searchFor(user, 'smith 22/10/2010');
    await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
    expect(await screen.findByText('Opening record…')).toBeTruthy();
    open.resolve(ok(recordOf(jane)));
    expect(await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' })).toBeTruthy();
    expect(screen.queryByText('Opening record…')).toBeNull();
  });

  it('shows a deceased patient with the date of death and the age they died at', async () => {
    const { user } = await setup();
    await searchFor(user, 'tunney 24/02/1936');
    await user.click(await screen.findByRole('option', { name: /TUNNEY/ }));
    await screen.findByRole('heading', { name: 'TUNNEY, Gene (Mr)' });
    const text = banner().textContent ?? '';
    expect(text).toContain('Deceased 07-Feb-2019');
    expect(text).toContain('Born24-Feb-1936 (82y)'); // not 90y, today's age
  });

  it('explains a superseded NHS number', async () => {
    const { user } = await setup({ 'patients:open': () => ok(recordOf(jane, { supersededNhsNumber: '9000000009' })) });
    await searchFor(user, '900 000 0009');
    await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
    await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' });
    expect(
      within(banner()).getByText('NHS number 900 000 0009 has been replaced by 943 476 5919; showing the current record.', { normalizer: (s) => s.replace(/\s+/g, ' ').trim() }),
    ).toBeTruthy();
  });

  it('shows "Not recorded" for the fields a minimal record lacks', async () => {
    const minimal = { ...jane, prefix: [], given: [], family: null, birthDate: null, gender: null, address: null, gpOdsCode: null };
    const { user } = await setup({
      'patients:search': () => ok(national([minimal])),
      'patients:open': () => ok({ ...recordOf(minimal), telecom: [], gpName: null }),
    });
    await searchFor(user, '943 476 5919');
    await user.click(await screen.findByRole('option', { name: /Name not recorded/ }));
    await screen.findByRole('heading', { name: 'Name not recorded' });
    const values = within(banner())
      .getAllByRole('definition')
      .map((d) => d.textContent);
    expect(values).toEqual(['943 476 5919', 'Not recorded', 'Not recorded', 'Not recorded', 'Not recorded', 'Not recorded']);
  });

  it('keeps the newest search when an older answer arrives late', async () => {
    const slow = deferred();
    let n = 0;
    const { user } = await setup({ 'patients:search': (input) => (n++ === 0 ? slow.handler(input) : ok(national([tunney]))) });
    await searchFor(user, 'smith 22/10/2010');
    await searchFor(user, 'tunney 24/02/1936');
    await screen.findByRole('option', { name: /TUNNEY/ });
    slow.resolve(ok(national([jane])));
    await new Promise((r) => setTimeout(r, 10));
    expect(screen.queryByRole('option', { name: /SMITH/ })).toBeNull();
    expect(screen.getByRole('option', { name: /TUNNEY/ })).toBeTruthy();
  });

  it('comes back to the search box with / (when not typing) and with Ctrl+K, selecting the text', async () => {
    const { user } = await setup();
    await searchFor(user, 'smith 22/10/2010');
    await user.click(await screen.findByRole('option', { name: /SMITH, Jane/ }));
    await screen.findByRole('heading', { name: 'SMITH, Jane (Miss)' });

    await user.keyboard('/');
    expect(document.activeElement).toBe(searchBox());
    const input = searchBox() as HTMLInputElement;
    expect(input.value).toBe('smith 22/10/2010'); // "/" was a shortcut, not typed
    expect([input.selectionStart, input.selectionEnd]).toEqual([0, input.value.length]);

    await user.click(screen.getByRole('button', { name: 'Back to results' }));
    await user.keyboard('{Control>}k{/Control}');
    expect(document.activeElement).toBe(searchBox());
  });

  it('virtualises a long list but keeps the keyboard working to the last result', async () => {
    // happy-dom does no layout: give the scrolling listbox the height a browser would (600px) and rows theirs.
    const restore = fakeLayout({ clientHeight: (el) => (el.getAttribute('role') === 'listbox' ? 600 : 0), offsetHeight: (el) => (el.getAttribute('role') === 'option' ? 56 : 0) });
    onTestFinished(restore);
    const many = manyPatients(200);
    const { user } = await setup({
      'patients:search': () => ok({ source: 'local', updatedAt: null, notice: null, results: many }),
      'patients:open': (input) => ok(recordOf(many.find((p) => p.nhsNumber === (input as { nhsNumber: string }).nhsNumber)!)),
    });
    await searchFor(user, 'LS1 6AE');
    await screen.findByRole('listbox', { name: 'Search results' });
    const rendered = within(results()).getAllByRole('option');
    expect(rendered.length).toBeLessThan(200);
    expect(rendered[0]!.getAttribute('aria-setsize')).toBe('200');

    await user.keyboard('{ArrowDown}{End}');
    const activeId = results().getAttribute('aria-activedescendant');
    const active = document.getElementById(activeId ?? '');
    expect(active?.textContent).toContain('SMITH199');
    expect(active?.getAttribute('aria-posinset')).toBe('200');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: /^SMITH199,/ })).toBeTruthy();
  });
});
