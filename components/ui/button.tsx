import type { ButtonHTMLAttributes } from 'react'

const variants = {
  primary: 'bg-brand text-white hover:bg-brand-dark disabled:opacity-60',
  secondary: 'border border-stone-300 bg-white text-stone-800 hover:bg-stone-100 disabled:opacity-60',
  danger: 'bg-red-700 text-white hover:bg-red-800 disabled:opacity-60',
}

export function Button({
  variant = 'primary',
  className = '',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: keyof typeof variants }) {
  return (
    <button
      className={`inline-flex items-center justify-center rounded-md px-4 py-2 text-sm font-medium transition-colors ${variants[variant]} ${className}`}
      {...props}
    />
  )
}
