import { useEffect, useId, useRef, useState } from 'react';
import type { RoleChoice as RoleOption } from '../../../../shared/contract';

interface Props {
  roles: RoleOption[];
  busy: boolean;
  onChoose(roleProfileId: string): void;
}

/**
 * Several role profiles on one card: the holder picks the one this session runs under (it is what the
 * audit records and what the national service is told). The first is chosen already, so Enter continues.
 */
export function RoleChoice({ roles, busy, onChoose }: Props) {
  const [chosen, setChosen] = useState(roles[0]?.roleProfileId ?? '');
  const checkedRef = useRef<HTMLInputElement>(null);
  const id = useId();

  useEffect(() => {
    checkedRef.current?.focus();
  }, []);

  return (
    <form
      className="role-choice"
      onSubmit={(e) => {
        e.preventDefault();
        if (!busy && chosen) onChoose(chosen);
      }}
    >
      <fieldset role="radiogroup" aria-labelledby={`${id}-legend`} className="role-choice__group">
        <legend id={`${id}-legend`} className="field-label">
          Choose your role for this session
        </legend>
        {roles.map((r) => (
          <label key={r.roleProfileId} className="radio">
            <input
              ref={r.roleProfileId === chosen ? checkedRef : undefined}
              type="radio"
              name={`${id}-role`}
              value={r.roleProfileId}
              checked={r.roleProfileId === chosen}
              onChange={() => setChosen(r.roleProfileId)}
            />
            <span>
              {r.roleName} ({r.roleCode})
            </span>
          </label>
        ))}
      </fieldset>
      <button type="submit" className="button button--primary" disabled={busy}>
        Continue
      </button>
    </form>
  );
}
