// A generated illustration instead of remote images: the shop works offline and ships no image bytes.
export function ProductArt({
  hue,
  label,
  className = '',
}: {
  hue: number
  label: string
  className?: string
}) {
  return (
    <svg viewBox="0 0 160 100" role="img" aria-label={label} className={className}>
      <rect width="160" height="100" fill={`hsl(${hue} 45% 88%)`} />
      <circle cx="58" cy="52" r="26" fill={`hsl(${hue} 50% 62%)`} />
      <rect x="82" y="30" width="44" height="44" rx="8" fill={`hsl(${(hue + 40) % 360} 45% 48%)`} />
    </svg>
  )
}
