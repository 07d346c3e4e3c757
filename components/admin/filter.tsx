import type { ReactNode } from 'react'

/** A labelled select in an admin list's filter form (a plain GET form: filters live in the URL). */
export function FilterSelect({
  id,
  name,
  label,
  defaultValue,
  children,
}: {
  id: string
  name: string
  label: string
  defaultValue?: string
  children: ReactNode
}) {
  return (
    <div>
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        className="mt-1 rounded-md border border-stone-300 px-3 py-2 text-sm"
      >
        {children}
      </select>
    </div>
  )
}

export function FilterButton() {
  return (
    <button type="submit" className="rounded-md bg-stone-800 px-4 py-2 text-sm text-white">
      Filter
    </button>
  )
}
