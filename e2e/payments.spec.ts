import type { Page } from '@playwright/test'
import { addToCart, expect, fillCheckout, test } from './fixtures'

async function placeOrder(page: Page, email: string) {
  await addToCart(page, ['Herbata ziołowa „Łąka”'])
  await page.goto('/checkout')
  await fillCheckout(page, { email })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  return page.url().replace('&placed=1', '')
}

async function goToCheckout(page: Page) {
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await expect(page.getByLabel('Card number')).toBeVisible()
}

test('a guest pays with 4242 and the return page turns to paid without reloading', async ({ page }) => {
  const orderUrl = await placeOrder(page, 'e2e-pay@example.com')
  await goToCheckout(page)
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page).toHaveURL(/\/return\?session_id=cs_/)
  // the page never reloads: the status element flips in place when the webhook has been processed
  await page.evaluate(() => {
    ;(window as unknown as { marker: number }).marker = 42
  })
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })
  await expect(page.getByText('Płatność otrzymana. Dziękujemy!')).toBeVisible()
  expect(await page.evaluate(() => (window as unknown as { marker?: number }).marker)).toBe(42)
  await page.goto(orderUrl)
  await expect(page.getByText('Opłacone')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Zapłać teraz' })).toHaveCount(0)
})

test('a declined card leaves the order unpaid and payable', async ({ page }) => {
  const orderUrl = await placeOrder(page, 'e2e-declined@example.com')
  await goToCheckout(page)
  await page.getByLabel('Card number').fill('4000 0000 0000 0002')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByRole('alert')).toContainText('Your card was declined.')
  await page.goto(orderUrl)
  await expect(page.getByText('Oczekuje na płatność')).toBeVisible()
  // trying again reuses the same open session (no second checkout for one attempt)
  await goToCheckout(page)
  await page.getByLabel('Card number').fill('4242424242424242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })
})

test('a customer who closes the tab right after paying still ends up with a paid order', async ({
  page,
  browser,
}) => {
  const orderUrl = await placeOrder(page, 'e2e-closed-tab@example.com')
  await goToCheckout(page)
  // the browser never reaches the return page: the tab is gone as soon as the payment is made
  await page.route('**/return?**', (route) => route.abort())
  await page.getByLabel('Card number').fill('4242424242424242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await page.waitForTimeout(300)
  await page.close()
  const other = await browser.newContext()
  const later = await other.newPage()
  await expect(async () => {
    await later.goto(orderUrl)
    await expect(later.getByText('Opłacone')).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  await other.close()
})

test('the delayed method goes processing, then paid', async ({ page }) => {
  await placeOrder(page, 'e2e-delayed-ok@example.com')
  await goToCheckout(page)
  await page.getByRole('button', { name: 'Pay later (bank transfer, succeeds)' }).click()
  await expect(page).toHaveURL(/\/return\?/)
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAYMENT_PROCESSING', {
    timeout: 20_000,
  })
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })
})

test('the delayed method that fails returns the order to awaiting payment', async ({ page }) => {
  const orderUrl = await placeOrder(page, 'e2e-delayed-fail@example.com')
  await goToCheckout(page)
  await page.getByRole('button', { name: 'Pay later (bank transfer, fails)' }).click()
  await expect(page).toHaveURL(/\/return\?/)
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAYMENT_PROCESSING', {
    timeout: 20_000,
  })
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PENDING_PAYMENT', {
    timeout: 20_000,
  })
  await page.goto(orderUrl)
  await expect(page.getByRole('button', { name: 'Zapłać teraz' })).toBeVisible()
})

test('cancelling on the checkout page brings the customer back to the order', async ({ page }) => {
  await placeOrder(page, 'e2e-cancel@example.com')
  await goToCheckout(page)
  await page.getByRole('link', { name: 'Cancel and return' }).click()
  await expect(page.getByText('Płatność anulowana. Możesz spróbować ponownie.')).toBeVisible()
  await expect(page.getByRole('button', { name: 'Zapłać teraz' })).toBeVisible()
})
