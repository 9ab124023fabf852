import type { ReaderStatus } from '../../../../shared/contract';

/** The card reader's state in the core's words ("Card reader unplugged"), announced when it changes. */
export function ReaderStatusLine({ reader }: { reader: ReaderStatus }) {
  return (
    <p role="status" aria-label="Card reader" className={`reader reader--${reader.state}`}>
      {reader.message}
    </p>
  );
}
