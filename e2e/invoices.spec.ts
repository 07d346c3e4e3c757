import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

test('a paid order gets its invoice PDF for the customer; a refund gets a corrective invoice for staff', async ({
  page,
}) => {
  await addToCart(page, ['Fartuch lniany'])
  await page.goto('/checkout')
  await fillCheckout(page, {
    email: 'e2e-invoice@example.com',
    company: 'Zażółć Sp. z o.o.',
    nip: '9512345675',
  })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  const heading = page.getByRole('heading', { name: /Zamówienie HL-/ })
  await expect(heading).toBeVisible()
  const number = (await heading.textContent())!.match(/HL-\d{4}-\d{6}/)![0]
  const orderUrl = page.url().replace('&placed=1', '')
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await page.getByLabel('Card number').fill('4242424242424242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })

  // the worker issues the invoice and renders its PDF; the order page then offers it
  await page.goto(orderUrl)
  const download = page.getByRole('link', { name: 'Pobierz PDF' })
  await expect(async () => {
    await page.reload()
    await expect(download).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByTestId('customer-invoice')).toContainText(/Faktura VAT FV\/\d{4}\/\d{6}/)
  const href = (await download.getAttribute('href'))!
  const pdf = await page.request.get(href)
  expect(pdf.status()).toBe(200)
  expect(pdf.headers()['content-type']).toBe('application/pdf')
  expect(pdf.headers()['content-disposition']).toMatch(/^attachment; filename="FV-\d{4}-\d{6}\.pdf"$/)
  expect((await pdf.body()).subarray(0, 5).toString()).toBe('%PDF-')
  expect((await page.request.get(href.replace(/\?t=.*$/, ''))).status()).toBe(404)

  await signIn(page, STAFF, '/signin?callbackUrl=/admin/orders')
  await page.getByLabel('Search by number or email').fill(number)
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByTestId('order-invoice')).toHaveCount(1)
  page.on('dialog', (d) => d.accept())
  await page.getByLabel(/Amount/).fill('10.00')
  await page.getByLabel('Reason').fill('damaged seam')
  await page.getByRole('button', { name: 'Refund' }).click()
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('order-invoice')).toHaveCount(2, { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(page.getByTestId('order-invoice').nth(1)).toContainText(
    /KOR\/\d{4}\/\d{6}.*Corrective.*-PLN\s?10\.00/,
  )

  await page.getByRole('link', { name: 'Invoices', exact: true }).click()
  await page.getByLabel('Series').selectOption('KOR')
  await page.getByRole('button', { name: 'Filter' }).click()
  const row = page.getByTestId('admin-invoice-row').filter({ hasText: number })
  await expect(row).toHaveCount(1)
  const xml = await page.request.get((await row.getByRole('link', { name: 'XML' }).getAttribute('href'))!)
  expect(xml.status()).toBe(200)
  expect(await xml.text()).toContain('<RodzajFaktury>KOR</RodzajFaktury>')
})

test('staff edit the seller settings; a bad NIP is refused beside its field', async ({ page }) => {
  await signIn(page, STAFF, '/signin?callbackUrl=/admin/settings')
  await expect(page.getByRole('heading', { name: 'Seller settings' })).toBeVisible()
  const nip = page.getByLabel('NIP · 10 digits')
  await expect(nip).toHaveValue('5260250274')
  await nip.fill('5260250275')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText('not a valid NIP (10 digits with a valid check digit)')).toBeVisible()
  await expect(nip).toHaveAttribute('aria-invalid', 'true')
  await nip.fill('526-025-02-74')
  await page.getByRole('button', { name: 'Save settings' }).click()
  await expect(page.getByText(/^Settings saved\./)).toBeVisible()
  await expect(nip).toHaveValue('5260250274')
})
