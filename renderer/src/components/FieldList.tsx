import type { ReactNode } from 'react';

/** Labelled values laid out in a row, as on the NHS patient banner. */
export function FieldList({ children }: { children: ReactNode }) {
  return <dl className="field-list">{children}</dl>;
}

export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}
