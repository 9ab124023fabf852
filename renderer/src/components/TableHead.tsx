import { VisuallyHidden } from './VisuallyHidden';

/**
 * A data table's header row: one column header per name, and, where the person may change rows, a last column
 * for the row's buttons, named "Actions" for screen readers only.
 */
export function TableHead({ columns, actions = false }: { columns: readonly string[]; actions?: boolean }) {
  return (
    <thead>
      <tr>
        {columns.map((c) => (
          <th key={c} scope="col">
            {c}
          </th>
        ))}
        {actions && (
          <th scope="col">
            <VisuallyHidden>Actions</VisuallyHidden>
          </th>
        )}
      </tr>
    </thead>
  );
}
