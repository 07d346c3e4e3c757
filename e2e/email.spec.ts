import type { Page } from '@playwright/test'
import { sandboxURL } from '../playwright.config'
import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

const unique = (name: string) => `e2e-${name}-${Date.now()}@example.com`

async function openInbox(page: Page, to: string, subject: RegExp | string) {
  await expect(async () => {
    await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(to)}`)
    await expect(
      page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }),
    ).toBeVisible({
      timeout: 1000,
    })
  }).toPass({ timeout: 45_000 })
}

async function placeOrder(page: Page, email: string) {
  await addToCart(page, ['Herbata ziołowa „Łąka”'])
  await page.goto('/checkout')
  await fillCheckout(page, { email })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  return (await page.getByRole('heading', { level: 1 }).textContent())!.match(/HL-\d{4}-\d{6}/)![0]
}

test('a customer signs in with an email link read in the sandbox inbox; the link works once', async ({
  page,
}) => {
  const email = unique('link')
  await page.goto('/signin')
  await page.getByLabel('Wyślij link na adres').fill(email)
  await page.getByRole('button', { name: 'Wyślij link' }).click()
  await expect(page.getByText('Sprawdź skrzynkę')).toBeVisible()

  await openInbox(page, email, 'Twój link do logowania w Hookline Demo Shop')
  await page.getByRole('link', { name: 'Twój link do logowania w Hookline Demo Shop' }).click()
  await expect(page.getByTitle('HTML body of the email')).toBeVisible()
  const link = page
    .getByRole('region', { name: 'Links in this message' })
    .getByRole('link', { name: /callback\/email/ })
  const href = (await link.getAttribute('href'))!
  await link.click()

  await expect(page.getByRole('heading', { name: 'Twoje konto' })).toBeVisible()
  await expect(page.getByText(`Zalogowano jako ${email}`)).toBeVisible()

  // the same link a second time (another browser, or a forwarded email): refused
  await page.context().clearCookies()
  await page.goto(href)
  await expect(page).toHaveURL(/\/signin\?error=Verification/)
  await expect(page.getByText('Ten link do logowania wygasł albo został już użyty')).toBeVisible()
  await page.goto('/account')
  await expect(page).toHaveURL(/\/signin/)
})

test('a guest pays; the payment-confirmed email with the invoice PDF appears in the sandbox inbox, once', async ({
  page,
}) => {
  const email = unique('paid')
  const number = await placeOrder(page, email)
  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })

  const subject = `Płatność za zamówienie ${number} potwierdzona`
  await openInbox(page, email, subject)
  const messages = page.getByRole('table', { name: 'Messages' })
  await expect(messages.getByRole('link', { name: `Przyjęliśmy Twoje zamówienie ${number}` })).toHaveCount(1)
  await messages.getByRole('link', { name: subject }).click()
  await expect(page.getByRole('heading', { name: subject })).toBeVisible()
  await expect(page.getByTitle('HTML body of the email')).toBeVisible()
  const pdf = page.getByRole('region', { name: 'Attachments' }).getByRole('link', { name: /\.pdf$/ })
  await expect(pdf).toHaveCount(1)
  const download = await page.request.get(new URL((await pdf.getAttribute('href'))!, sandboxURL).toString())
  expect(download.headers()['content-type']).toBe('application/pdf')
  expect((await download.body()).subarray(0, 5).toString()).toBe('%PDF-')
  // the private order link in the email opens the order (no sign-in needed)
  const orderLink = page
    .getByRole('region', { name: 'Links in this message' })
    .getByRole('link', { name: new RegExp(`/orders/${number}\\?t=`) })
  await expect(orderLink).toHaveCount(1)

  // once: webhooks, retries and the worker settle, and there is still exactly one
  await page.waitForTimeout(2000)
  await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(email)}`)
  await expect(messages.getByRole('link', { name: subject })).toHaveCount(1)
})

test('staff see an order’s emails with their delivery status and can send one again', async ({
  page,
  browser,
}) => {
  const email = unique('staff-view')
  const number = await placeOrder(page, email)
  await openInbox(page, email, `Przyjęliśmy Twoje zamówienie ${number}`)

  const staff = await (await browser.newContext()).newPage()
  await signIn(staff, STAFF, '/signin?callbackUrl=/admin')
  await staff.getByLabel('Search by number or email').fill(email)
  await staff.getByRole('button', { name: 'Filter' }).click()
  await expect(staff.getByTestId('admin-order-row')).toHaveCount(1)
  await staff.getByRole('link', { name: number }).click()
  await expect(staff.getByRole('heading', { name: number })).toBeVisible()
  const row = staff.getByTestId('order-email').filter({ hasText: 'order-received' })
  await expect(async () => {
    await staff.reload()
    await expect(row).toHaveAttribute('data-status', 'DELIVERED', { timeout: 1000 })
  }).toPass({ timeout: 20_000 })
  staff.once('dialog', (d) => d.accept())
  await row.getByRole('button', { name: 'Resend' }).click()
  await expect(staff.getByText('Queued: a new copy goes out in a moment.')).toBeVisible()

  await expect(async () => {
    await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(email)}`)
    await expect(
      page
        .getByRole('table', { name: 'Messages' })
        .getByRole('link', { name: `Przyjęliśmy Twoje zamówienie ${number}` }),
    ).toHaveCount(2, { timeout: 1000 })
  }).toPass({ timeout: 30_000 })

  await staff.getByRole('link', { name: 'Emails' }).click()
  await expect(staff.getByRole('heading', { name: /Emails/ })).toBeVisible()
  await expect(staff.getByTestId('email-row').filter({ hasText: email }).first()).toBeVisible()
})
