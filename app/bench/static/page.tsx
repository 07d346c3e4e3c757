// The framework's floor for `npm run bench:storefront`: a static page from the same production build.
export const dynamic = 'force-static'

export default function StaticFloorPage() {
  return <p>static</p>
}
