import type { TAddress } from '@/lib/validation/address'

export function AddressBlock({ name, address }: { name: string; address: TAddress }) {
  return (
    <address className="text-sm not-italic text-stone-700">
      {name}
      <br />
      {address.line1}
      {address.line2 ? `, ${address.line2}` : ''}
      <br />
      {address.postalCode} {address.city}, {address.country}
    </address>
  )
}
