import { sandboxURL } from '../playwright.config'
import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

test('a guest pays with BLIK through PayU: paid without a reload, invoice and email arrive; staff refund one unit and the corrective invoice appears', async ({
  page,
}) => {
  const email = `e2e-blik-${Date.now()}@example.com`
  await addToCart(page, ['Fartuch lniany'], 2)
  await page.goto('/checkout')
  await fillCheckout(page, { email })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  const heading = page.getByRole('heading', { name: /Zamówienie HL-/ })
  await expect(heading).toBeVisible()
  const number = (await heading.textContent())!.match(/HL-\d{4}-\d{6}/)![0]

  await page.getByLabel('BLIK').check()
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  // PayU's hosted page (the sandbox's), then back to the shop's return page
  await page.getByLabel('Kod BLIK / BLIK code').fill('777123')
  await page.getByRole('button', { name: 'Zapłać BLIKIEM / Pay with BLIK' }).click()
  await expect(page).toHaveURL(/\/return\?provider=payu/)
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 30_000 })

  // the payment-confirmed email, with the invoice PDF, in the sandbox inbox
  const subject = `Płatność za zamówienie ${number} potwierdzona`
  await expect(async () => {
    await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(email)}`)
    await expect(
      page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }),
    ).toBeVisible({
      timeout: 1000,
    })
  }).toPass({ timeout: 45_000 })
  await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).click()
  await expect(
    page.getByRole('region', { name: 'Attachments' }).getByRole('link', { name: /\.pdf$/ }),
  ).toHaveCount(1)

  // staff refund one of the two units through the same refund form
  await signIn(page, STAFF, '/signin?callbackUrl=/admin/orders')
  await page.getByLabel('Search by number or email').fill(number)
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByTestId('order-invoice')).toHaveCount(1)
  await expect(page.getByTestId('payment-attempt')).toContainText('payu')
  page.on('dialog', (d) => d.accept())
  await page.getByLabel(/Fartuch lniany|Linen apron/).fill('1')
  await page.getByLabel('Reason').fill('one apron came back')
  await page.getByRole('button', { name: 'Refund' }).click()
  await expect(async () => {
    await page.reload()
    await expect(page.getByTestId('order-invoice')).toHaveCount(2, { timeout: 1000 })
  }).toPass({ timeout: 45_000 })
  await expect(page.getByTestId('order-invoice').nth(1)).toContainText(/KOR\/\d{4}\/\d{6}.*Corrective/)
  await expect(page.getByTestId('refund-row')).toContainText('SUCCEEDED')
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: 'test-results/payu-admin-order.png', fullPage: true })
})
