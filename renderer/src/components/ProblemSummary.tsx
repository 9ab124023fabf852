import { useEffect, useRef } from 'react';

/**
 * What is wrong with the form, listed at its top and focused, so nobody presses Save again not knowing
 * why nothing happened. Each field also carries its own message.
 */
export function ProblemSummary({ errors }: { errors: Readonly<Record<string, string>> }) {
  const ref = useRef<HTMLDivElement>(null);
  const messages = [...new Set(Object.values(errors))];
  useEffect(() => {
    if (messages.length) ref.current?.focus();
  }, [errors]); // a new set of errors (a new object), not merely a re-render
  if (!messages.length) return null;
  return (
    <div ref={ref} tabIndex={-1} role="alert" className="notice notice--alert problem-summary">
      <p>Check the form:</p>
      <ul>
        {messages.map((m) => (
          <li key={m}>{m}</li>
        ))}
      </ul>
    </div>
  );
}
