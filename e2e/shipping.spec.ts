import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { Page } from '@playwright/test'
import { sandboxURL } from '../playwright.config'
import { addToCart, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

// A customer picks a parcel locker and pays; staff create the shipment and download its label; the InPost sandbox
// moves the parcel to delivered; the customer sees each stage, and each shipment email arrives once.

const shots = path.join(process.cwd(), 'test-results', 'screenshots')
mkdirSync(shots, { recursive: true })

async function screenshots(page: Page, name: string) {
  await page.setViewportSize({ width: 1280, height: 900 })
  await page.screenshot({ path: path.join(shots, `${name}-desktop.png`), fullPage: true })
  await page.setViewportSize({ width: 390, height: 844 })
  await page.screenshot({ path: path.join(shots, `${name}-390.png`), fullPage: true })
  await page.setViewportSize({ width: 1280, height: 900 })
}

async function inboxCount(page: Page, to: string, subject: string) {
  await page.goto(`${sandboxURL}/inbox?to=${encodeURIComponent(to)}`)
  return page.getByRole('table', { name: 'Messages' }).getByRole('link', { name: subject }).count()
}

test('locker checkout, label, tracking to delivered, one email per stage', async ({ page, browser }) => {
  test.setTimeout(150_000)
  const email = `e2e-locker-${Date.now()}@example.com`
  await addToCart(page, ['Herbata ziołowa „Łąka”'])
  await page.goto('/checkout')
  await fillCheckout(page, { email })
  await page.getByLabel('Telefon').fill('600 100 200')

  // the delivery step: methods with prices, the locker picker served by our own /api/shipping/points
  const delivery = page.getByRole('group', { name: 'Dostawa' })
  await delivery.getByRole('radio', { name: /Paczkomat InPost/ }).check()
  await screenshots(page, 'checkout-delivery-step')
  await page.getByLabel('Znajdź paczkomat: miasto, kod pocztowy lub nazwa').fill('Kraków')
  await page.getByRole('button', { name: 'Szukaj' }).click()
  const lockers = page.getByRole('list', { name: 'Paczkomat' })
  await expect(lockers.getByRole('button')).toHaveCount(4)
  await screenshots(page, 'checkout-locker-picker')
  await lockers.getByRole('button', { name: /KRA010/ }).click()
  await expect(page.getByTestId('chosen-locker')).toContainText('Wybrany paczkomat: KRA010')
  await expect(page.getByTestId('chosen-locker')).toContainText('Warszawska 24, 31-153 Kraków')

  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/HL-\d{4}-\d{6}/)![0]
  const orderUrl = page.url().replace('&placed=1', '')
  await expect(page.getByRole('cell', { name: 'Dostawa: Paczkomat InPost' })).toBeVisible()
  await expect(page.getByText('Paczkomat: KRA010')).toBeVisible()

  await page.getByRole('button', { name: 'Zapłać teraz' }).click()
  await page.getByLabel('Card number').fill('4242 4242 4242 4242')
  await page.getByRole('button', { name: 'Pay', exact: true }).click()
  await expect(page.getByTestId('payment-status')).toHaveAttribute('data-status', 'PAID', { timeout: 20_000 })
  await page.goto(orderUrl)
  await expect(page.getByTestId('delivery-stage')).toHaveText('Czeka na spakowanie')

  // staff: create the shipment from the paid order and watch it go created -> confirmed
  const staff = await (await browser.newContext()).newPage()
  await signIn(staff, STAFF, '/signin?callbackUrl=/admin')
  await staff.getByLabel('Search by number or email').fill(email)
  await staff.getByRole('button', { name: 'Filter' }).click()
  await staff.getByRole('link', { name: number }).click()
  const panel = staff.getByRole('region', { name: 'Przesyłka' })
  await panel.getByLabel('Gabaryt').selectOption('small')
  await panel.getByLabel('Numer referencyjny (opcjonalnie)').fill('E2E')
  await panel.getByRole('button', { name: 'Utwórz przesyłkę' }).click()
  // the form gives way to the shipment, which shows each step as the job and the carrier move it
  await expect(panel.getByTestId('shipment')).toBeVisible()
  await expect(async () => {
    await staff.reload()
    await expect(panel.getByTestId('shipment-state')).toHaveText('CONFIRMED', { timeout: 1000 })
    await expect(panel.getByRole('link', { name: 'Etykieta A6' })).toBeVisible({ timeout: 1000 })
  }).toPass({ timeout: 30_000 })
  await expect(panel.getByTestId('shipment-step')).toContainText(['requested', 'created', 'confirmed'])
  const tracking = (await panel.getByTestId('shipment-tracking').textContent())!.trim()
  expect(tracking).toMatch(/^6\d{23}$/)
  await screenshots(staff, 'admin-order-shipment')

  const label = await staff.request.get(
    new URL(
      (await panel.getByRole('link', { name: 'Etykieta A6' }).getAttribute('href'))!,
      staff.url(),
    ).toString(),
  )
  expect(label.headers()['content-type']).toBe('application/pdf')
  const file = path.join(shots, '..', `label-${number}.pdf`)
  writeFileSync(file, await label.body())
  expect(execFileSync('pdftotext', [file, '-']).toString()).toContain(tracking)

  await staff.getByRole('link', { name: 'Shipments' }).click()
  await expect(staff.getByRole('heading', { name: 'Przesyłki' })).toBeVisible()
  await expect(staff.getByRole('cell', { name: tracking })).toBeVisible()
  await screenshots(staff, 'admin-shipments')
  await staff.getByRole('link', { name: 'Metody dostawy' }).click()
  await expect(staff.getByRole('heading', { name: 'Metody dostawy' })).toBeVisible()
  await screenshots(staff, 'admin-shipping-methods')

  // the sandbox moves the parcel; InPost's webhooks reach the app, which re-reads the shipment each time
  const remote = (await (await page.request.get(`${sandboxURL}/_sandbox/inpost/shipments`)).json()) as {
    data: { id: number; tracking_number: string }[]
  }
  const providerId = remote.data.find((s) => s.tracking_number === tracking)!.id
  const steps = [
    ['out_for_delivery', 'Wysłane', `Zamówienie ${number} zostało wysłane`],
    ['ready_to_pickup', 'Czeka na odbiór', `Zamówienie ${number} czeka na odbiór`],
    ['delivered', 'Doręczone', `Zamówienie ${number} zostało doręczone`],
  ] as const
  for (const [to, shown, subject] of steps) {
    const r = await page.request.post(`${sandboxURL}/_sandbox/inpost/shipments/${providerId}/advance`, {
      data: { to },
    })
    expect(r.status()).toBe(200)
    await expect(async () => {
      await page.goto(orderUrl)
      await expect(page.getByTestId('delivery-stage')).toHaveText(shown, { timeout: 1000 })
    }).toPass({ timeout: 30_000 })
    await expect(page.getByTestId('tracking-number')).toHaveText(tracking)
    await expect(async () => {
      expect(await inboxCount(page, email, subject)).toBe(1)
    }).toPass({ timeout: 30_000 })
  }
  // a late out_for_delivery after delivered changes nothing and sends nothing
  await page.request.post(`${sandboxURL}/_sandbox/inpost/shipments/${providerId}/webhook`, {
    data: { to: 'out_for_delivery' },
  })
  await expect(async () => {
    const d = (await (await page.request.get(`${sandboxURL}/_sandbox/inpost/webhooks`)).json()) as {
      data: { shipmentId: number; state: string }[]
    }
    expect(d.data.filter((x) => x.shipmentId === providerId).every((x) => x.state === 'delivered')).toBe(true)
  }).toPass({ timeout: 20_000 })
  await page.goto(orderUrl)
  await expect(page.getByTestId('delivery-stage')).toHaveText('Doręczone')
  for (const [, , subject] of steps) expect(await inboxCount(page, email, subject)).toBe(1)
  await page.goto(orderUrl)
  await screenshots(page, 'order-page-delivered')
})

test('a locker that disappeared before the order is placed: the customer is told and picks another', async ({
  page,
}) => {
  await addToCart(page, ['Herbata ziołowa „Łąka”'])
  await page.goto('/checkout')
  await fillCheckout(page, { email: `e2e-gone-${Date.now()}@example.com` })
  await page.getByLabel('Telefon').fill('600100200')
  await page
    .getByRole('group', { name: 'Dostawa' })
    .getByRole('radio', { name: /Paczkomat InPost/ })
    .check()
  await page.getByLabel('Znajdź paczkomat: miasto, kod pocztowy lub nazwa').fill('GDA05M')
  await page.getByRole('button', { name: 'Szukaj' }).click()
  await page
    .getByRole('list', { name: 'Paczkomat' })
    .getByRole('button', { name: /GDA05M/ })
    .click()
  // the locker is withdrawn while the customer is still on the page
  await page.request.post(`${sandboxURL}/_sandbox/inpost/points/GDA05M/remove`)
  try {
    await page.getByRole('button', { name: 'Zamawiam' }).click()
    await expect(page.getByText('Paczkomat GDA05M już nie istnieje. Wybierz inny.').first()).toBeVisible()
    await expect(page).toHaveURL(/\/checkout/)
    await page.getByRole('button', { name: 'Zmień' }).click()
    await page.getByLabel('Znajdź paczkomat: miasto, kod pocztowy lub nazwa').fill('Gdańsk')
    await page.getByRole('button', { name: 'Szukaj' }).click()
    const lockers = page.getByRole('list', { name: 'Paczkomat' })
    await expect(lockers.getByRole('button', { name: /GDA05M/ })).toHaveCount(0)
    await lockers.getByRole('button', { name: /GDA117/ }).click()
    await page.getByLabel('Akceptuję regulamin').check()
    await page.getByRole('button', { name: 'Zamawiam' }).click()
    await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
    await expect(page.getByText('Paczkomat: GDA117')).toBeVisible()
  } finally {
    await page.request.post(`${sandboxURL}/_sandbox/inpost/points/GDA05M/restore`)
  }
})
