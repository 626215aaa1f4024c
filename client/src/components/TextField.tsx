import type { HTMLInputTypeAttribute } from 'react';

/** A labelled, required input of a sign-in or account form. */
export function TextField({
  label,
  name,
  type,
  autoComplete,
  value,
  onChange,
  minLength,
}: {
  label: string;
  name: string;
  type: HTMLInputTypeAttribute;
  autoComplete: string;
  value: string;
  onChange: (value: string) => void;
  minLength?: number;
}) {
  return (
    <label>
      {label}
      <input
        name={name}
        type={type}
        autoComplete={autoComplete}
        required
        minLength={minLength}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    </label>
  );
}
