import fs from 'node:fs'
import type { Page } from '@playwright/test'
import { sandboxURL } from '../playwright.config'
import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

// The whole loop over real IMAP: the customer answers the order email in the sandbox inbox (APPENDed to the shop's
// mailbox), the worker reads it under IDLE and files it on the order and the customer card, staff answer from the
// admin, and the answer arrives in the sandbox inbox threaded on the customer's message.

const shots = process.env.E2E_SCREENSHOTS_DIR
async function shoot(page: Page, name: string) {
  if (!shots) return
  fs.mkdirSync(shots, { recursive: true })
  await page.screenshot({ path: `${shots}/${name}-desktop.png`, fullPage: true })
  const size = page.viewportSize()
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: `${shots}/${name}-390.png`, fullPage: true })
  if (size) await page.setViewportSize(size)
}

test('a customer replies to the order email; staff see it on the order and the customer card and answer in the same thread', async ({
  page,
  browser,
}) => {
  const email = `e2e-reply-${Date.now()}@example.com`
  await addToCart(page, ['Herbata ziołowa „Łąka”'])
  await page.goto('/checkout')
  await fillCheckout(page, { email })
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/HL-\d{4}-\d{6}/)![0]

  // 1. the customer answers the order confirmation from their mailbox (the sandbox inbox)
  const subject = `Przyjęliśmy Twoje zamówienie ${number}`
  await expect(async () => {
    await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(email)}`)
    await expect(
      page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }),
    ).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 45_000 })
  await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).click()
  const headers = page.getByRole('region', { name: 'Headers' })
  await expect(headers.getByText(`orders+${number}@hookline.test`)).toBeVisible()
  const orderMessageId = (await headers
    .locator('dt:text-is("Message-ID") + dd')
    .first()
    .textContent())!.trim()
  expect(orderMessageId).toMatch(/^<hl-[0-9a-f-]+@hookline\.test>$/)
  const question = `Czy mogę zmienić adres dostawy? (${Date.now()})`
  await page.getByLabel('Reply text').fill(question)
  await page.getByRole('button', { name: 'Reply as the customer' }).click()
  await expect(page.getByText('Reply delivered to the shop')).toBeVisible()

  // 2. it appears on the order and on the customer card
  const staff = await (await browser.newContext()).newPage()
  await signIn(staff, STAFF, '/signin?callbackUrl=/admin')
  await staff.getByLabel('Search by number or email').fill(email)
  await staff.getByRole('button', { name: 'Filter' }).click()
  await staff.getByRole('link', { name: number }).click()
  await expect(staff.getByRole('heading', { name: number })).toBeVisible()
  const correspondence = staff.getByRole('region', { name: 'Korespondencja' })
  await expect(async () => {
    await staff.reload()
    await expect(correspondence.getByTestId('thread-received')).toContainText(question, { timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(correspondence.getByTestId('thread-sent').first()).toContainText(subject)

  await staff.goto(`/admin/customers?q=${encodeURIComponent(email)}`)
  await expect(staff.getByTestId('customer-row')).toHaveCount(1)
  await shoot(staff, 'customers')
  await staff.getByRole('link', { name: 'Jan Kowalski' }).click()
  await expect(staff.getByRole('heading', { name: 'Jan Kowalski' })).toBeVisible()
  const thread = staff.getByRole('region', { name: `Zamówienie ${number}` })
  await expect(thread.getByTestId('thread-received')).toContainText(question)
  await expect(staff.getByTestId('customer-order')).toContainText(number)
  await shoot(staff, 'customer-card')

  await staff.goto('/admin/inbox?view=byOrder')
  await expect(staff.getByTestId('inbox-row').filter({ hasText: number })).toHaveCount(1)
  await shoot(staff, 'inbox')

  // 3. staff answer from the message
  await staff
    .getByTestId('inbox-row')
    .filter({ hasText: number })
    .getByRole('link', { name: `Re: ${subject}` })
    .click()
  await expect(staff.getByTestId('reply-text')).toHaveText(question)
  await shoot(staff, 'thread')
  const answer = `Tak, adres zmieniony (${Date.now()}).`
  await staff.getByLabel('Twoja odpowiedź').fill(answer)
  await staff.getByRole('button', { name: 'Wyślij odpowiedź' }).click()
  await expect(staff.getByText('Answer queued: it goes out in a moment.')).toBeVisible()

  // 4. the answer lands in the customer's mailbox, threaded on their reply and the order email
  const reSubject = `Re: ${subject}`
  await expect(async () => {
    await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(email)}`)
    await expect(
      page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: reSubject }),
    ).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: reSubject }).click()
  await expect(page.getByRole('region', { name: 'Text version' })).toContainText(answer)
  const h = page.getByRole('region', { name: 'Headers' })
  await expect(h.locator('dt:text-is("In-Reply-To") + dd')).toHaveText(
    /^<reply-[a-z0-9-]+@customer\.sandbox\.local>$/,
  )
  await expect(h.locator('dt:text-is("References") + dd')).toContainText(orderMessageId)
  await expect(h.locator('dt:text-is("Reply-To") + dd')).toHaveText(`orders+${number}@hookline.test`)
  await expect(h.locator('dt:text-is("Auto-Submitted")')).toHaveCount(0)
})
