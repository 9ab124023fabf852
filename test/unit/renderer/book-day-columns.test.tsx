// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { App } from '../../../renderer/src/app/App';
import { useBookStore } from '../../../renderer/src/stores/book.store';
import type { DayBook, SlotView } from '../../../shared/contract/appointments';
import { ok } from '../../../shared/result';
import { BOOK_DAY, dayBook, installFakeApi, slotOf, type FakeApi, type FakeHandlers } from './fake-api';

/** The day view with many clinicians (columns drawn only in view) and narrowed to one site. */

const grid = () => screen.getByRole('grid', { name: /Appointment book for/ });
const activeCell = () => {
  const id = grid().getAttribute('aria-activedescendant');
  return id ? document.getElementById(id) : null;
};
const headers = () => within(grid()).getAllByRole('columnheader');
const dayCalls = (fake: FakeApi) => fake.calls.filter((c) => c.verb === 'book:day').map((c) => c.input);

async function setup(handlers: FakeHandlers = {}) {
  const fake = installFakeApi({
    'book:day': () => ok(dayBook()),
    'book:waiting-room': () => ok([]),
    'book:find-free': () => ok([]),
    ...handlers,
  });
  const user = userEvent.setup();
  render(<App />);
  const nav = await screen.findByRole('navigation', { name: 'Desk' });
  await user.click(await within(nav).findByRole('button', { name: 'Appointments' }));
  await screen.findByRole('grid', { name: /Appointment book for/ });
  await waitFor(() => expect(document.activeElement).toBe(grid()));
  return { fake, user };
}

/** happy-dom lays nothing out: the grid gets a viewport (900 × 600) and rows a height, as Chromium would give. Returns the undo. */
function fakeLayout(): () => void {
  const size: Record<'clientWidth' | 'clientHeight' | 'offsetHeight', (el: HTMLElement) => number> = {
    clientWidth: (el) => (el.getAttribute('role') === 'grid' ? 900 : 0),
    clientHeight: (el) => (el.getAttribute('role') === 'grid' ? 600 : 0),
    offsetHeight: (el) => (el.getAttribute('role') === 'row' ? 76 : 0),
  };
  const saved = (Object.keys(size) as (keyof typeof size)[]).map((k) => [k, Object.getOwnPropertyDescriptor(HTMLElement.prototype, k)] as const);
  for (const [k] of saved) {
    Object.defineProperty(HTMLElement.prototype, k, {
      configurable: true,
      get(this: HTMLElement) {
        return size[k](this);
      },
    });
  }
  return () => {
    for (const [k, d] of saved) if (d) Object.defineProperty(HTMLElement.prototype, k, d);
  };
}

const hhmm = (min: number) => `${String(Math.floor(min / 60)).padStart(2, '0')}:${String(min % 60).padStart(2, '0')}`;

/** `n` GPs, Dr C0 … Dr C(n-1), each with `perDay` 10-minute slots from 08:00. */
function bigDay(n: number, perDay = 60): DayBook {
  const clinicians = Array.from({ length: n }, (_, i) => ({ id: `c${i}`, name: `Dr C${i}`, role: 'GP', siteIds: ['main'] }));
  const slots: SlotView[] = clinicians.flatMap((c) => Array.from({ length: perDay }, (_, j) => slotOf(`${c.id}-${j}`, c.id, 'gp10', hhmm(8 * 60 + j * 10), 10)));
  return dayBook({ clinicians, slots, appointments: [] });
}

/** Every drawn cell and header stands in its true column: Dr C7's are at aria-colindex 8, wherever the window is. */
function expectTruePositions() {
  for (const h of headers()) expect(h.textContent).toBe(`Dr C${Number(h.getAttribute('aria-colindex')) - 1} GP`);
  for (const cell of within(grid()).getAllByRole('gridcell')) {
    const col = Number(cell.getAttribute('aria-colindex'));
    expect(cell.getAttribute('aria-label')).toContain(`, Dr C${col - 1}, `);
    expect((cell as HTMLElement).style.gridColumn).toBe(String(col)); // drawn in its own CSS grid column, not the next free one
  }
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] });
  vi.setSystemTime(new Date('2026-03-12T08:30:00Z'));
});

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('appointment book: many clinicians', () => {
  it('draws only the clinicians in view, each at its true column, and says how many there are', async () => {
    onTestFinished(fakeLayout());
    await setup({ 'book:day': () => ok(bigDay(40)) });
    expect(grid().getAttribute('aria-colcount')).toBe('40');
    const shown = headers().map((h) => Number(h.getAttribute('aria-colindex')));
    // 900px of 12rem (192px) columns: the first five in view, two more either side at most.
    expect(shown.length).toBeGreaterThanOrEqual(5);
    expect(shown.length).toBeLessThan(12);
    expect(shown[0]).toBe(1);
    expectTruePositions();
    // Rows are still virtualised too: a window of rows × a window of columns.
    expect(within(grid()).getAllByRole('gridcell').length).toBeLessThan(40 * 12);
    expect(activeCell()?.getAttribute('aria-label')).toBe('08:30, Dr C0, Routine GP 10 min, free, now');
  });

  it('keeps the current cell in the DOM while the arrow keys cross every clinician, and back with Ctrl+Home', async () => {
    onTestFinished(fakeLayout());
    const { user } = await setup({ 'book:day': () => ok(bigDay(40)) });
    for (let col = 1; col < 40; col++) {
      await user.keyboard('{ArrowRight}');
      const cell = activeCell();
      expect(cell, `after ${col} × ArrowRight`).not.toBeNull();
      expect(cell!.getAttribute('aria-label')).toBe(`08:30, Dr C${col}, Routine GP 10 min, free, now`);
      expect(cell!.getAttribute('aria-colindex')).toBe(String(col + 1));
    }
    await user.keyboard('{ArrowRight}'); // no clinician further right: stays put
    expect(activeCell()?.getAttribute('aria-label')).toMatch(/^08:30, Dr C39,/);
    await user.keyboard('{End}');
    expect(activeCell()?.getAttribute('aria-label')).toBe('17:50, Dr C39, Routine GP 10 min, free');
    expectTruePositions();
    await user.keyboard('{Control>}{Home}{/Control}');
    expect(activeCell()?.getAttribute('aria-label')).toBe('08:00, Dr C0, Routine GP 10 min, free');
    expect(activeCell()?.getAttribute('aria-colindex')).toBe('1');
  });

  it('follows a sideways scroll: the clinicians scrolled to are drawn, headers and cells alike', async () => {
    onTestFinished(fakeLayout());
    await setup({ 'book:day': () => ok(bigDay(40)) });
    act(() => {
      grid().scrollLeft = 20 * 192; // Dr C20 at the left edge
      grid().dispatchEvent(new Event('scroll'));
    });
    await waitFor(() => expect(headers().some((h) => h.getAttribute('aria-colindex') === '21')).toBe(true));
    const shown = headers().map((h) => Number(h.getAttribute('aria-colindex')));
    expect(shown).toEqual(expect.arrayContaining([21, 22, 23, 24, 25]));
    // The cursor's column (Dr C0) stays drawn, out of view, so aria-activedescendant still names a cell.
    expect(shown).toContain(1);
    expect(activeCell()?.getAttribute('aria-label')).toMatch(/^08:30, Dr C0,/);
    expectTruePositions();
  });

  it('draws every clinician of a smaller practice', async () => {
    onTestFinished(fakeLayout());
    await setup({ 'book:day': () => ok(bigDay(8, 40)) });
    expect(headers().map((h) => h.getAttribute('aria-colindex'))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8']);
  });
});

describe('appointment book: the site picker', () => {
  const sites = [
    { id: 'main', name: 'Beech House' },
    { id: 'oak', name: 'Oak Lane' },
  ];
  const clinicians = [
    { id: 'patel', name: 'Dr Patel', role: 'GP', siteIds: ['main'] },
    { id: 'jones', name: 'Nurse Jones', role: 'Practice nurse', siteIds: ['oak'] },
  ];
  const slots = [slotOf('p1', 'patel', 'gp10', '09:00', 10), slotOf('j1', 'jones', 'nurse15', '09:00', 15, 'free', { siteId: 'oak' })];
  /** The core's answer: with a site, only its slots and the clinicians working there. */
  const bookFor = (input: unknown) => {
    const { day, siteId } = input as { day: string; siteId?: string };
    const here = slots.filter((s) => !siteId || s.siteId === siteId);
    return ok(dayBook({ day, sites, clinicians: clinicians.filter((c) => here.some((s) => s.clinicianId === c.id)), slots: here, appointments: [] }));
  };
  const dayRegion = (name: string) => screen.getByRole('region', { name });

  it('narrows the day to one site, keeps it while the day changes, and goes back to all sites', async () => {
    const { fake, user } = await setup({ 'book:day': bookFor });
    const site = within(dayRegion('Thursday 12 March 2026')).getByRole('combobox', { name: 'Site' });
    expect(within(site).getAllByRole('option').map((o) => o.textContent)).toEqual(['All sites', 'Beech House', 'Oak Lane']);
    expect(headers().map((h) => h.textContent)).toEqual(['Dr Patel GP', 'Nurse Jones Practice nurse']);

    await user.selectOptions(site, 'Oak Lane');
    expect(dayCalls(fake).at(-1)).toEqual({ day: BOOK_DAY, siteId: 'oak' });
    expect(await screen.findByRole('grid', { name: 'Appointment book for Thursday 12 March 2026, Oak Lane' })).toBeTruthy();
    expect(headers().map((h) => h.textContent)).toEqual(['Nurse Jones Practice nurse']);

    await user.click(screen.getByRole('button', { name: 'Next day' }));
    expect(await screen.findByRole('grid', { name: 'Appointment book for Friday 13 March 2026, Oak Lane' })).toBeTruthy();
    expect(dayCalls(fake).at(-1)).toEqual({ day: '2026-03-13', siteId: 'oak' });
    expect((within(dayRegion('Friday 13 March 2026')).getByRole('combobox', { name: 'Site' }) as HTMLSelectElement).value).toBe('oak');

    await user.selectOptions(within(dayRegion('Friday 13 March 2026')).getByRole('combobox', { name: 'Site' }), 'All sites');
    expect(await screen.findByRole('grid', { name: 'Appointment book for Friday 13 March 2026' })).toBeTruthy();
    expect(dayCalls(fake).at(-1)).toEqual({ day: '2026-03-13' }); // no siteId at all for every site
    expect(headers().map((h) => h.textContent)).toEqual(['Dr Patel GP', 'Nurse Jones Practice nurse']);
  });

  it('opening a day from the week at a slot of another site shows every site, so the cursor has its cell', async () => {
    const { fake, user } = await setup({ 'book:day': bookFor });
    await user.selectOptions(within(dayRegion('Thursday 12 March 2026')).getByRole('combobox', { name: 'Site' }), 'Oak Lane');
    await screen.findByRole('grid', { name: /, Oak Lane$/ });
    // As the week view does on Enter: Dr Patel's 09:00 (at Beech House) from the week's copy of the day.
    const week = bookFor({ day: BOOK_DAY });
    await act(async () => {
      useBookStore.setState({ weekBooks: week.ok ? [week.value] : null });
      await useBookStore.getState().openDayAt(BOOK_DAY, 'p1');
    });
    expect(dayCalls(fake).at(-1)).toEqual({ day: BOOK_DAY });
    expect((within(dayRegion('Thursday 12 March 2026')).getByRole('combobox', { name: 'Site' }) as HTMLSelectElement).value).toBe('');
    expect(grid().getAttribute('aria-label')).toBe('Appointment book for Thursday 12 March 2026');
    expect(activeCell()?.getAttribute('aria-label')).toMatch(/^09:00, Dr Patel,/);
  });
});

describe('appointment book: a day with nobody working', () => {
  it('keeps a focused grid on a weekend, so Alt+→ carries on to the next day and T comes back to today', async () => {
    const WEEKEND = new Set(['2026-03-14', '2026-03-15']);
    const { fake, user } = await setup({
      'book:day': (input) => {
        const day = (input as { day: string }).day;
        return ok(WEEKEND.has(day) ? dayBook({ day, clinicians: [], slots: [], appointments: [] }) : dayBook({ day }));
      },
    });
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}'); // Friday
    await waitFor(() => expect(grid().getAttribute('aria-label')).toMatch(/Friday 13 March/));
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}'); // Saturday: nobody working
    await waitFor(() => expect(grid().getAttribute('aria-label')).toMatch(/Saturday 14 March/));
    expect(within(grid()).getByRole('gridcell').textContent).toMatch(/No clinicians are working on Saturday 14 March/);
    expect(document.activeElement).toBe(grid());
    await user.keyboard('{Alt>}{ArrowRight}{/Alt}'); // Sunday, still from the keyboard
    await waitFor(() => expect(grid().getAttribute('aria-label')).toMatch(/Sunday 15 March/));
    await user.keyboard('t');
    await waitFor(() => expect(grid().getAttribute('aria-label')).toMatch(/Thursday 12 March/));
    expect(dayCalls(fake).map((i) => (i as { day: string }).day)).toEqual(expect.arrayContaining(['2026-03-13', '2026-03-14', '2026-03-15']));
  });
});
