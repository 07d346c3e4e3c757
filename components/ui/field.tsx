import type { InputHTMLAttributes } from 'react'

/** A labelled input with its error message wired to aria-describedby / aria-invalid. */
export function Field({
  label,
  name,
  errors,
  className = '',
  ...props
}: InputHTMLAttributes<HTMLInputElement> & { label: string; name: string; errors?: string[] }) {
  const id = props.id ?? `f-${name}`
  const errorId = `${id}-error`
  const hasError = !!errors?.length
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-stone-700">
        {label}
      </label>
      <input
        id={id}
        name={name}
        aria-invalid={hasError || undefined}
        aria-describedby={hasError ? errorId : undefined}
        className={`mt-1 block w-full rounded-md border bg-white px-3 py-2 text-sm shadow-sm ${hasError ? 'border-red-600' : 'border-stone-300'}`}
        {...props}
      />
      {hasError && (
        <p id={errorId} className="mt-1 text-sm text-red-700">
          {errors.join(' ')}
        </p>
      )}
    </div>
  )
}
