import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

test('staff refund part of a paid order; it changes only when Stripe confirms, and the timeline shows why', async ({
  page,
}) => {
  await addToCart(page, ['Fartuch lniany'])
  await page.goto('/checkout')
  await fillCheckout(page, { email: 'e2e-refund@example.com' })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/HL-\d{4}-\d{6}/)![0]
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await page.getByLabel('Card number').fill('4242424242424242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })

  await signIn(page, STAFF, '/signin?callbackUrl=/admin/orders')
  await page.getByLabel('Search by number or email').fill(number)
  await page.getByRole('button', { name: 'Filter' }).click()
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByText('Paid', { exact: true }).first()).toBeVisible()
  await expect(page.getByTestId('payment-attempt')).toHaveCount(1)

  // more than was paid is refused with a reason
  page.on('dialog', (d) => d.accept())
  await page.getByLabel(/Amount/).fill('500')
  await page.getByLabel('Reason').fill('customer changed their mind')
  await page.getByRole('button', { name: 'Refund' }).click()
  await expect(page.getByText('At most PLN 129.00 is left to refund.')).toBeVisible()

  await page.getByLabel(/Amount/).fill('29.00')
  await page.getByLabel('Reason').fill('stain on the apron')
  await page.getByRole('button', { name: 'Refund' }).click()
  await expect(page.getByText('Refund requested. The order changes when Stripe confirms it.')).toBeVisible()
  await expect(async () => {
    await page.reload()
    await expect(page.getByText('Partially refunded').first()).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  await expect(page.getByTestId('refund-row')).toContainText('SUCCEEDED')
  await expect(page.getByTestId('timeline-item').filter({ hasText: 'charge.refunded' }).first()).toBeVisible()
  await expect(page.getByTestId('timeline-item').filter({ hasText: 'refunds.create' }).first()).toContainText(
    '/refund/1',
  )

  // every webhook is listed for staff, and can be reprocessed safely
  await page.goto('/admin/webhooks?provider=stripe')
  await expect(page.getByTestId('webhook-row').first()).toBeVisible()
  await page.getByRole('button', { name: 'Reprocess' }).first().click()
  await expect(page.getByText('Queued for processing.')).toBeVisible()
})
