// Demo data for a fresh database: a dozen products across the VAT rates and one staff account.
// Runs only when the database has no products, so a second `npm start` keeps what is there.
//   tsx --import ./scripts/lib/node-server-only.mjs prisma/seed.ts
import { PrismaPg } from '@prisma/adapter-pg'
import { PrismaClient } from '../generated/prisma/client.ts'
import { hashPassword } from '../lib/auth/password.ts'
import { DEFAULT_SHIPPING_METHODS } from '../lib/shipping/default-methods.ts'

/** the owner (everything); a staff and an accountant account share the demo password */
export const DEMO_STAFF_EMAIL = 'staff@hookline.test'
export const DEMO_DESK_EMAIL = 'desk@hookline.test'
export const DEMO_ACCOUNTANT_EMAIL = 'accountant@hookline.test'
export const DEMO_STAFF_PASSWORD_DEFAULT = 'hookline-staff-demo'

type P = [
  slug: string,
  pl: string,
  en: string,
  priceMinor: number,
  vat: 'R23' | 'R8' | 'R5' | 'R0' | 'ZW' | 'NP',
  stock: number,
  hue: number,
]

const PRODUCTS: P[] = [
  ['ceramic-mug', 'Kubek ceramiczny „Żuraw”', 'Ceramic mug "Crane"', 4900, 'R23', 40, 190],
  ['linen-apron', 'Fartuch lniany', 'Linen apron', 12900, 'R23', 15, 30],
  ['oak-board', 'Deska dębowa do krojenia', 'Oak cutting board', 8999, 'R23', 25, 35],
  ['wool-scarf', 'Szalik z wełny merino', 'Merino wool scarf', 15900, 'R23', 12, 330],
  ['candle-set', 'Zestaw świec sojowych (3 szt.)', 'Soy candle set (3 pcs)', 5990, 'R23', 30, 50],
  ['buckwheat-honey', 'Miód gryczany 400 g', 'Buckwheat honey 400 g', 3450, 'R5', 50, 40],
  ['rye-sourdough', 'Zakwas żytni', 'Rye sourdough starter', 1500, 'R5', 60, 25],
  ['herbal-tea', 'Herbata ziołowa „Łąka”', 'Herbal tea "Meadow"', 2399, 'R8', 45, 100],
  ['plum-jam', 'Powidła śliwkowe 300 g', 'Plum jam 300 g', 2199, 'R5', 35, 290],
  ['cookbook', 'Książka „Kuchnia sąsiedzka”', 'Cookbook "Neighbourhood Kitchen"', 7900, 'R5', 20, 210],
  ['export-gift-box', 'Pudełko prezentowe (eksport)', 'Gift box (export)', 19900, 'R0', 8, 160],
  ['workshop-ticket', 'Bilet na warsztaty ceramiczne', 'Ceramics workshop ticket', 25000, 'ZW', 10, 260],
  ['gift-card', 'Karta podarunkowa 100 zł', 'Gift card PLN 100', 10000, 'NP', 100, 140],
]

export async function seedDemoShop(db: PrismaClient, staffPassword: string) {
  // shipping methods also reach databases seeded before they existed; staff's edits are kept
  for (const m of DEFAULT_SHIPPING_METHODS)
    await db.shippingMethod.upsert({
      where: { code: m.code },
      create: { ...m, parcelTemplates: [...m.parcelTemplates], carrierServiceIds: [...m.carrierServiceIds] },
      update: {},
    })
  if ((await db.product.count()) > 0) return { seeded: false }
  await db.product.createMany({
    data: PRODUCTS.map(([slug, namePl, nameEn, priceGrossMinor, vatRate, stock, imageHue], i) => ({
      slug,
      sku: `HL-${String(i + 1).padStart(3, '0')}`,
      namePl,
      nameEn,
      descriptionPl: `${namePl}. Wykonane w małej pracowni, pakowane bez plastiku.`,
      descriptionEn: `${nameEn}. Made in a small workshop, packed without plastic.`,
      priceGrossMinor,
      vatRate,
      stock,
      imageHue,
    })),
  })
  await db.shopSettings.upsert({
    where: { id: 1 },
    update: {},
    create: {
      id: 1,
      sellerName: 'Hookline Demo Sp. z o.o.',
      sellerNip: '5260250274',
      sellerAddress: { line1: 'ul. Floriańska 3', postalCode: '31-019', city: 'Kraków', country: 'PL' },
      sellerBankAccount: 'PL61 1090 1014 0000 0712 1981 2874',
      sellerEmail: 'faktury@hookline.test',
      placeOfIssue: 'Kraków',
      exemptionBasis: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT',
    },
  })
  const passwordHash = await hashPassword(staffPassword)
  const accounts = [
    [DEMO_STAFF_EMAIL, 'Demo Owner', 'OWNER'],
    [DEMO_DESK_EMAIL, 'Demo Staff', 'STAFF'],
    [DEMO_ACCOUNTANT_EMAIL, 'Demo Accountant', 'ACCOUNTANT'],
  ] as const
  for (const [email, name, role] of accounts)
    await db.user.upsert({ where: { email }, update: {}, create: { email, name, role, passwordHash } })
  return { seeded: true }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const url = process.env.DATABASE_URL
  if (!url) throw new Error('DATABASE_URL is required')
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) })
  const r = await seedDemoShop(db, process.env.SEED_STAFF_PASSWORD || DEMO_STAFF_PASSWORD_DEFAULT)
  console.info(r.seeded ? 'Seeded the demo shop.' : 'Database already has products; seed skipped.')
  await db.$disconnect()
}
