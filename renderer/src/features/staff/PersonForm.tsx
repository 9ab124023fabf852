import { useEffect, useId, useRef } from 'react';
import { ROLE_CODES, ROLES, type RoleCode } from '../../../../shared/domain/roles';
import { TextField } from '../../components/TextField';
import { useStaffStore, type PersonDraft } from '../../stores/staff.store';
import { FormFooter } from './FormFooter';
import { ProblemSummary } from '../../components/ProblemSummary';

/**
 * Add or edit a person: user id, name, and one or more role profiles. Everything typed lives in the
 * store, so a refusal, a lock or a trip to another view loses none of it.
 */
export function PersonForm({ person, onDone }: { person: PersonDraft; onDone(): void }) {
  const errors = useStaffStore((s) => s.personErrors);
  const coreError = useStaffStore((s) => s.personError);
  const saving = useStaffStore((s) => s.saving);
  const original = useStaffStore((s) => s.members?.find((m) => m.userId === person.userId)?.name ?? null);
  const { updatePerson, addRole, removeRole, updateRole, save, cancelPerson } = useStaffStore.getState();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const id = useId();

  // On opening (the view keys the form by whom it is for, so editing someone else opens it afresh).
  useEffect(() => {
    headingRef.current?.focus();
  }, []);

  const title = person.mode === 'new' ? 'Add a person' : `Edit ${original ?? person.name}`;

  return (
    <section className="panel" aria-labelledby={`${id}-heading`}>
      <h3 ref={headingRef} id={`${id}-heading`} tabIndex={-1} className="panel__heading">
        {title}
      </h3>
      <form
        noValidate
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          void save().then((saved) => saved && onDone());
        }}
      >
        <ProblemSummary errors={errors} />
        <TextField
          label="User id"
          hint="12 digits: the person’s Care Identity (SDS) user id"
          inputMode="numeric"
          value={person.userId}
          onValue={(userId) => updatePerson({ userId })}
          readOnly={person.mode === 'edit'}
          error={errors.userId}
        />
        <TextField label="Name" hint="As it should appear on screen and in the audit" value={person.name} onValue={(name) => updatePerson({ name })} error={errors.name} maxLength={80} />
        <label className="checkbox">
          <input type="checkbox" checked={person.active} onChange={(e) => updatePerson({ active: e.target.checked })} />
          Can sign in (active)
        </label>

        <fieldset className="form__group">
          <legend className="field-label">Role profiles</legend>
          {errors.roles && <p className="field-error">{errors.roles}</p>}
          {person.roles.map((r, i) => (
            <fieldset key={r.key} className="role-row">
              <legend>Role profile {i + 1}</legend>
              <TextField
                label="Role profile id"
                hint="12 digits"
                inputMode="numeric"
                value={r.roleProfileId}
                onValue={(roleProfileId) => updateRole(r.key, { roleProfileId })}
                error={errors[`roles.${i}.roleProfileId`]}
              />
              <div className="text-field">
                <label htmlFor={`${id}-role-${r.key}`} className="field-label">
                  Role
                </label>
                <select
                  id={`${id}-role-${r.key}`}
                  className="select"
                  value={r.roleCode}
                  onChange={(e) => updateRole(r.key, { roleCode: e.target.value as RoleCode })}
                >
                  {ROLE_CODES.map((code) => (
                    <option key={code} value={code}>
                      {ROLES[code].name} ({code})
                    </option>
                  ))}
                </select>
              </div>
              {person.roles.length > 1 && (
                <button type="button" className="button button--small" onClick={() => removeRole(r.key)}>
                  Remove role profile {i + 1}
                </button>
              )}
            </fieldset>
          ))}
          <button type="button" className="button button--small" onClick={addRole}>
            Add another role profile
          </button>
        </fieldset>

        <FormFooter
          submitLabel="Save"
          busy={saving}
          coreError={coreError}
          onCancel={() => {
            cancelPerson();
            onDone();
          }}
        />
      </form>
    </section>
  );
}
