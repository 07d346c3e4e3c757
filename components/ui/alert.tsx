import type { ReactNode } from 'react'

export function Alert({
  kind = 'error',
  children,
}: {
  kind?: 'error' | 'info' | 'success'
  children: ReactNode
}) {
  const styles = {
    error: 'border-red-300 bg-red-50 text-red-800',
    info: 'border-sky-300 bg-sky-50 text-sky-900',
    success: 'border-emerald-300 bg-emerald-50 text-emerald-900',
  }[kind]
  return (
    <div
      role={kind === 'error' ? 'alert' : 'status'}
      className={`rounded-md border px-4 py-3 text-sm ${styles}`}
    >
      {children}
    </div>
  )
}
