import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

const warsawMonth = () =>
  new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Warsaw', year: 'numeric', month: '2-digit' }).format(
    new Date(),
  )

test('staff set the tax office, generate this month’s export and download its four files', async ({
  page,
}) => {
  // an invoice through the real flow: checkout, card payment in the sandbox, the worker issues it
  await addToCart(page, ['Fartuch lniany'])
  await page.goto('/checkout')
  await fillCheckout(page, {
    email: 'e2e-exports@example.com',
    company: 'Księgowość Testowa Sp. z o.o.',
    nip: '9512345675',
  })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  const orderUrl = page.url().replace('&placed=1', '')
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await page.getByLabel('Card number').fill('4242424242424242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })
  await page.goto(orderUrl)
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('customer-invoice')).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  const invoiceNumber = (await page.getByTestId('customer-invoice').textContent())!.match(
    /FV\/\d{4}\/\d{6}/,
  )![0]

  // not signed in as staff: no file, only the way to sign in
  const refused = await page.request.get('/admin/exports/files/00000000-0000-4000-8000-000000000000', {
    maxRedirects: 0,
  })
  expect(refused.status()).toBe(307)
  expect(refused.headers().location).toMatch(/\/signin/)

  await signIn(page, STAFF, '/signin?callbackUrl=/admin/settings')
  await page.getByLabel('Urząd skarbowy (KodUrzedu w JPK)').selectOption('1206')
  await page.getByRole('button', { name: 'Zapisz ustawienia księgowe' }).click()
  await expect(page.getByText('Zapisano ustawienia księgowe.')).toBeVisible()
  await page.getByRole('link', { name: 'Exports', exact: true }).click()
  await expect(page.getByRole('heading', { name: 'Eksporty księgowe' })).toBeVisible()
  const month = warsawMonth()
  // no month: refused beside the field
  await page.getByLabel('Miesiąc').fill('')
  await page.getByRole('button', { name: 'Wygeneruj eksport' }).click()
  await expect(page.getByLabel('Miesiąc')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('month must be YYYY-MM')).toBeVisible()
  await page.getByLabel('Miesiąc').fill(month)
  await page.getByRole('button', { name: 'Wygeneruj eksport' }).click()
  await expect(
    page.getByText(new RegExp(`Eksport za ${month} \\(wersja \\d+\\) jest przygotowywany\\.`)),
  ).toBeVisible()
  const version = Number(
    (await page.getByText(/jest przygotowywany/).textContent())!.match(/wersja (\d+)/)![1],
  )
  const card = page.getByTestId(`export-${month}-v${version}`)
  // the worker builds it; the page refreshes itself while it runs
  await expect(card.getByText('Gotowy')).toBeVisible({ timeout: 30_000 })
  const counts = (await card.getByText(/faktury: \d+, korekty: \d+/).textContent())!.match(
    /faktury: (\d+), korekty: (\d+)/,
  )!
  const documents = Number(counts[1]) + Number(counts[2])
  expect(documents).toBeGreaterThanOrEqual(1)

  const links = card.getByRole('link', { name: /^Pobierz / })
  await expect(links).toHaveCount(4)
  const files: Record<string, { name: string; body: Buffer; type: string }> = {}
  for (const link of await links.all()) {
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()])
    const path = await download.path()
    const { readFileSync } = await import('node:fs')
    const res = await page.request.get((await link.getAttribute('href'))!)
    expect(res.status()).toBe(200)
    files[download.suggestedFilename()] = {
      name: download.suggestedFilename(),
      body: readFileSync(path),
      type: res.headers()['content-type']!,
    }
  }
  expect(Object.keys(files).sort()).toEqual(
    [
      `JPK_V7M-${month}-v${version}.xml`,
      `optima-rejestr-vat-${month}-v${version}.xml`,
      `rejestr-sprzedazy-${month}-v${version}-kropka.csv`,
      `rejestr-sprzedazy-${month}-v${version}-przecinek.csv`,
    ].sort(),
  )
  const jpk = files[`JPK_V7M-${month}-v${version}.xml`]!.body.toString('utf8')
  expect(jpk).toContain('<KodUrzedu>1206</KodUrzedu>')
  expect(jpk).toContain(`<DowodSprzedazy>${invoiceNumber}</DowodSprzedazy>`)
  expect(jpk).toContain(`<LiczbaWierszySprzedazy>${documents}</LiczbaWierszySprzedazy>`)
  const csv = files[`rejestr-sprzedazy-${month}-v${version}-przecinek.csv`]!
  expect(csv.type).toBe('text/csv; charset=utf-8')
  expect([...csv.body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
  const lines = csv.body.toString('utf8').slice(1).split('\r\n').filter(Boolean)
  expect(lines).toHaveLength(documents + 1)
  expect(lines.find((l) => l.includes(invoiceNumber))).toMatch(/;9512345675;/)
  const optima = files[`optima-rejestr-vat-${month}-v${version}.xml`]!.body.toString('utf8')
  expect(optima).toContain(`<NUMER>${invoiceNumber}</NUMER>`)

  // generating again makes the next version; the first stays listed with its files
  await page.getByRole('button', { name: 'Wygeneruj eksport' }).click()
  const next = page.getByTestId(`export-${month}-v${version + 1}`)
  await expect(next.getByText('Gotowy')).toBeVisible({ timeout: 30_000 })
  await expect(
    next.getByText(
      `Następuje po wersji ${version} (wersja ${version}: dokumentów ${documents}, z numerem KSeF 0; teraz ${documents}, z numerem KSeF 0)`,
    ),
  ).toBeVisible()
  await expect(card.getByRole('link', { name: /^Pobierz / })).toHaveCount(4)

  await page.screenshot({ path: 'test-results/screenshots/admin-exports-desktop.png', fullPage: true })
  // the same page in English, at phone width
  await page.context().addCookies([{ name: 'hl_locale', value: 'en', url: page.url() }])
  await page.setViewportSize({ width: 390, height: 844 })
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Accounting exports' })).toBeVisible()
  await page.screenshot({ path: 'test-results/screenshots/admin-exports-390.png', fullPage: true })
})
