/**
 * Problems with a rota form, by field ("lengthMinutes", "embargo.hours", "sequence.0.count"): from the contract's
 * own schemas checked before sending, or read back out of the core's refusal (the core words a schema failure as
 * zod's "✖ message → at path" lines), so each message can stand next to the field it is about.
 */
export type FieldErrors = Record<string, string>;

interface Issue {
  path: readonly PropertyKey[];
  message: string;
  code?: string;
  expected?: unknown;
}

/** A type failure means the box was empty or not a number: say that, not zod's "expected number, received NaN". */
function plain(issue: Issue): string {
  if (issue.code !== 'invalid_type') return issue.message;
  return issue.expected === 'number' ? 'Enter a whole number' : 'Fill this in';
}

/** First message per field; `strip` drops a leading path part (the template form's "template."). */
export function fieldErrors(issues: readonly Issue[], strip?: string): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of issues) {
    let parts = issue.path.map(String);
    if (strip && parts[0] === strip) parts = parts.slice(1);
    out[parts.join('.') || 'form'] ??= plain(issue);
  }
  return out;
}

/** "✖ A slot is at least 5 minutes long\n  → at lengthMinutes" → { lengthMinutes: "A slot is at least 5 minutes long" }. */
export function coreFieldErrors(message: string, strip?: string): FieldErrors {
  const issues: Issue[] = [];
  const lines = message.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /✖\s*(.+)$/.exec(lines[i]!);
    if (!m) continue;
    const at = /→ at (.+)$/.exec(lines[i + 1] ?? '');
    const path = at ? at[1]!.trim().replace(/\[(\d+)\]/g, '.$1').split('.').filter(Boolean) : [];
    issues.push({ path, message: m[1]!.trim() });
  }
  return fieldErrors(issues, strip);
}
