import { test as base, expect, type Page } from '@playwright/test'
import pg from 'pg'
import { hashPassword } from '../lib/auth/password'

export const STAFF = { email: 'staff@hookline.test', password: 'hookline-staff-demo' }

/** Direct database access for fixtures that create their own data (never for assertions the UI can make). */
export const test = base.extend<{ db: pg.Client }>({
  // biome-ignore lint/correctness/noEmptyPattern: Playwright's fixture signature
  db: async ({}, use) => {
    const client = new pg.Client({ connectionString: process.env.E2E_DATABASE_URL })
    await client.connect()
    await use(client)
    await client.end()
  },
})
export { expect }

export async function createCustomerUser(db: pg.Client, password: string) {
  const email = `customer-${Date.now()}@example.com`
  await db.query(
    `INSERT INTO users (email, name, role, password_hash, updated_at) VALUES ($1, 'Ewa Kowalska', 'CUSTOMER', $2, now())`,
    [email, await hashPassword(password)],
  )
  return { email, password }
}

export async function signIn(page: Page, who: { email: string; password: string }, path = '/signin') {
  await page.goto(path)
  await page.getByLabel('E-mail').fill(who.email)
  await page.getByLabel('Hasło').fill(who.password)
  await page.getByRole('button', { name: 'Zaloguj się' }).click()
}

/** Adds products to the cart through the UI and returns their names as the shop shows them (Polish by default). */
export async function addToCart(page: Page, productNames: string[], quantity = 1) {
  for (const name of productNames) {
    await page.goto('/')
    await page.getByRole('link', { name }).click()
    await page.getByLabel('Ilość').fill(String(quantity))
    await page.getByRole('button', { name: 'Dodaj do koszyka' }).click()
    await expect(page.getByText('Dodano do koszyka.')).toBeVisible()
  }
}

export async function fillCheckout(
  page: Page,
  over: { email?: string; nip?: string; company?: string } = {},
) {
  await page.getByLabel('E-mail').fill(over.email ?? 'jan.kowalski@example.com')
  await page.getByLabel('Imię i nazwisko').fill('Jan Kowalski')
  if (over.company) await page.getByLabel('Nazwa firmy').fill(over.company)
  if (over.nip) await page.getByLabel('NIP').fill(over.nip)
  await page.getByLabel('Ulica i numer').fill('ul. Floriańska 3')
  await page.getByLabel('Kod pocztowy').fill('31-019')
  await page.getByLabel('Miejscowość').fill('Kraków')
  await page.getByLabel('Akceptuję regulamin').check()
}
