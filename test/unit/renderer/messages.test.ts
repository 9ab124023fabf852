import { describe, expect, it } from 'vitest';
import { describeError } from '../../../renderer/src/lib/error-message';
import { formatUkDateTime, formatUkTime, formatUkTimestamp, localCopyLabel } from '../../../renderer/src/lib/uk-time';

describe('describeError', () => {
  it('gives TOO_MANY_MATCHES wording that says what to do, and NOT_FOUND the core\'s words for what is missing', () => {
    expect(describeError({ code: 'TOO_MANY_MATCHES', message: 'raw' })).toBe('Too many matches: add a first name or postcode.');
    // Not every missing thing is a patient: the core names it (a shift, a slot, a record withdrawn nationally).
    expect(describeError({ code: 'NOT_FOUND', message: 'That shift is no longer on the rota.' })).toBe('That shift is no longer on the rota.');
  });

  it('adds the wait to SERVICE_BUSY when the core knows it', () => {
    expect(describeError({ code: 'SERVICE_BUSY', message: 'The national service is busy.', retryAfterSeconds: 5 })).toBe(
      'The national service is busy: try again in 5 seconds.',
    );
    expect(describeError({ code: 'SERVICE_BUSY', message: 'Busy', retryAfterSeconds: 1 })).toBe('Busy: try again in 1 second.');
    expect(describeError({ code: 'SERVICE_BUSY', message: 'Busy.' })).toBe('Busy.');
  });

  it('passes other messages through', () => {
    expect(describeError({ code: 'SERVICE_UNREACHABLE', message: 'Lost connection to the desk service.' })).toBe('Lost connection to the desk service.');
  });
});

describe('UK clock', () => {
  it('shows 24-hour UK time in winter (GMT) and summer (BST) whatever the machine zone', () => {
    expect(formatUkTime('2026-01-15T17:05:00Z')).toBe('17:05');
    expect(formatUkTime('2026-07-15T17:05:00Z')).toBe('18:05');
    expect(formatUkTime('nonsense')).toBe('');
  });

  it('adds the date when the time is not from today, so an old copy does not look fresh', () => {
    const now = new Date('2026-03-12T11:00:00Z');
    expect(formatUkTimestamp('2026-03-12T09:30:00Z', now)).toBe('09:30');
    expect(formatUkTimestamp('2026-03-09T09:30:00Z', now)).toBe('09:30 on 09-Mar-2026');
    // 23:30 UTC on 30 June is 00:30 on 1 July in the UK
    expect(formatUkTimestamp('2026-06-30T23:30:00Z', new Date('2026-07-01T10:00:00Z'))).toBe('00:30');
    expect(localCopyLabel(null, now)).toBe('From local copy');
    expect(localCopyLabel('2026-03-12T09:30:00Z', now)).toBe('From local copy, last updated 09:30');
  });
});

describe('audit times', () => {
  it('shows day and UK time together, in winter and summer', () => {
    expect(formatUkDateTime('2026-01-15T17:05:00Z')).toBe('15-Jan-2026 17:05');
    expect(formatUkDateTime('2026-06-30T23:30:00Z')).toBe('01-Jul-2026 00:30'); // after midnight in the UK
    expect(formatUkDateTime('nonsense')).toBe('');
  });
});
