import { addToCart, createCustomerUser, expect, fillCheckout, STAFF, signIn, test } from './fixtures'

test('a guest browses, adds two products, checks out and sees the order page; staff find the order', async ({
  page,
  browser,
}) => {
  await page.goto('/')
  await expect(page.getByRole('heading', { name: 'Produkty' })).toBeVisible()
  await addToCart(page, ['Kubek ceramiczny „Żuraw”', 'Miód gryczany 400 g'])

  await page.goto('/cart')
  await expect(page.getByTestId('cart-line')).toHaveCount(2)
  await expect(page.getByTestId('cart-total')).toHaveText(/83,50\s?zł/)
  // the cart survives a reload (cookie, no client state)
  await page.reload()
  await expect(page.getByTestId('cart-line')).toHaveCount(2)

  await page.getByRole('link', { name: 'Przejdź do zamówienia' }).click()
  await fillCheckout(page, { email: 'e2e-guest@example.com' })
  await page.getByRole('button', { name: 'Zamawiam' }).click()

  await expect(page.getByRole('heading', { name: /Zamówienie HL-\d{4}-\d{6}/ })).toBeVisible()
  await expect(page.getByText('Dziękujemy! Zamówienie zostało złożone.')).toBeVisible()
  await expect(page.getByTestId('order-line')).toHaveCount(2)
  await expect(page.getByTestId('order-total')).toHaveText(/83,50\s?zł/)
  const number = (await page.getByRole('heading', { level: 1 }).textContent())!.match(/HL-\d{4}-\d{6}/)![0]

  // the private link works on its own (another browser, no cookies); without the token it does not
  const orderUrl = page.url().replace('&placed=1', '')
  const other = await browser.newContext()
  const guest = await other.newPage()
  await guest.goto(orderUrl)
  await expect(guest.getByRole('heading', { name: `Zamówienie ${number}` })).toBeVisible()
  await guest.goto(`/orders/${number}`)
  await expect(guest.getByText('Nie znaleziono zamówienia')).toBeVisible()
  await other.close()

  // the cart is empty after ordering
  await page.goto('/cart')
  await expect(page.getByText('Koszyk jest pusty.')).toBeVisible()

  // staff sign in and find the order by the customer's email
  await signIn(page, STAFF, '/signin?callbackUrl=/admin')
  await expect(page.getByRole('heading', { name: /Orders/ })).toBeVisible()
  await page.getByLabel('Search by number or email').fill('e2e-guest@example.com')
  await page.getByRole('button', { name: 'Filter' }).click()
  await expect(page.getByTestId('admin-order-row')).toHaveCount(1)
  await page.getByRole('link', { name: number }).click()
  await expect(page.getByRole('heading', { name: number })).toBeVisible()
  await expect(page.getByText('Awaiting payment').first()).toBeVisible()
  await expect(page.getByTestId('status-change')).toHaveCount(1)
  await expect(page.getByText('Miód gryczany', { exact: false })).toHaveCount(0) // admin shows English names
  await expect(page.getByRole('cell', { name: 'Buckwheat honey 400 g' })).toBeVisible()
})

test('checkout shows field errors beside the fields and keeps what was typed', async ({ page }) => {
  await addToCart(page, ['Zakwas żytni'])
  await page.goto('/checkout')
  await fillCheckout(page, { nip: '1234567890', company: 'Firma' })
  await page.getByLabel('Kod pocztowy').fill('31019')
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('alert').first()).toBeVisible()
  await expect(page.getByLabel('NIP')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByText('nieprawidłowy NIP (sprawdź cyfry)')).toBeVisible()
  await expect(page.getByLabel('Kod pocztowy')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('E-mail')).toHaveValue('jan.kowalski@example.com')
  // fixing the fields places the order
  await page.getByLabel('NIP').fill('526-025-02-74')
  await page.getByLabel('Kod pocztowy').fill('31-019')
  await page.getByLabel('Akceptuję regulamin').check()
  await page.getByRole('button', { name: 'Zamawiam' }).click()
  await expect(page.getByRole('heading', { name: /Zamówienie HL-/ })).toBeVisible()
})

test('the language switch sticks and formats money for the locale', async ({ page }) => {
  await page.goto('/')
  await page.getByRole('button', { name: /English/ }).click()
  await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible()
  await expect(page.getByText('PLN 49.00').first()).toBeVisible()
  await page.reload()
  await expect(page.getByRole('heading', { name: 'Products' })).toBeVisible()
  await page.getByRole('button', { name: /polski/ }).click()
  await expect(page.getByRole('heading', { name: 'Produkty' })).toBeVisible()
})

test('the admin panel refuses visitors and customers', async ({ page, db }) => {
  await page.goto('/admin/orders')
  await expect(page).toHaveURL(/\/signin/)
  const customer = await createCustomerUser(db, 'customer-pass-1')
  await signIn(page, customer, '/signin?callbackUrl=/admin/orders')
  await expect(page).toHaveURL(/\/signin/)
  await expect(page.getByText('Ta część jest tylko dla obsługi sklepu.')).toBeVisible()
  await page.goto('/admin/jobs')
  await expect(page).toHaveURL(/\/signin/)
  await expect(page.getByRole('heading', { name: /Dead jobs/ })).toHaveCount(0)
})
