import { cookies } from 'next/headers'

// A second floor for `npm run bench:storefront`: the cheapest dynamic page (reads a cookie, renders a line), to
// separate the framework's per-request cost from the product list's own work.
export default async function DynamicFloorPage() {
  const jar = await cookies()
  return <p>dynamic {jar.size}</p>
}
