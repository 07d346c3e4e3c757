import type { TAddress, TInvoiceDocument, TPaymentMethod } from '../document.ts'
import { lineChanged } from '../document.ts'
import { minorRatioToDecimal, minorToDecimal } from '../money.ts'
import type { TInvoiceLine, TRateTotal, TVatRate } from '../vat.ts'

// FA(3) e-invoice XML (KSeF), schema schemat_FA(3)_v1-0E.xsd in ./schema. Field choices, from the XSD's
// annotations:
// - The shop invoices from gross prices (art. 106e ust. 7-8), so lines carry P_9B (unit gross price) and
//   P_11A (gross value), not P_9A/P_11.
// - Per-rate sums: 23 -> P_13_1/P_14_1, 8 -> P_13_2/P_14_2, 5 -> P_13_3/P_14_3, 0 -> P_13_6_1 (0% domestic,
//   not intra-EU supply nor export), zw -> P_13_7, np -> P_13_8 (supply outside the country). P_13_9 is
//   only for services under art. 100 ust. 1 pkt 4 (P_12 "np II"), which the shop does not sell.
// - P_12 codes (TStawkaPodatku): "23", "8", "5", "0 KR", "zw", "np I".
// - P_6 (sale date) only when it differs from the issue date, as its annotation requires.
// - Adnotacje: no cash accounting (P_16=2), no self-billing (P_17=2), no reverse charge (P_18=2), no split
//   payment annotation (P_18A=2), exemption P_19 + P_19A (legal basis) when a line is zw else P_19N, no new
//   means of transport (P_22N), no simplified triangular procedure (P_23=2), no margin scheme (P_PMarzyN).
// - Corrective (KOR): P_13_x/P_14_x/P_15 are the differences; lines are shown "before" (StanPrzed=1) and
//   "after" as separate, separately numbered rows, for the lines whose data changed. The corrected invoice
//   is referenced by its KSeF number when it has one, else NrKSeFN=1 (issued outside KSeF).
// - Payment form (TFormaPlatnosci): 1 cash, 2 card, 3 voucher, 4 cheque, 5 credit, 6 transfer, 7 mobile.
// - Podmiot2 JST=2 and GV=2 (not a local-government unit, not a VAT group member); a private person has
//   BrakID=1 instead of a NIP.

export const FA3_NAMESPACE = 'http://crd.gov.pl/wzor/2025/06/25/13775/'

export type TFa3Options = {
  /** Naglowek/SystemInfo, default 'Hookline' */
  systemInfo?: string
  /** Naglowek/DataWytworzeniaFa, default now */
  createdAt?: Date
}

const RATE_FIELDS: Record<TVatRate, { net: string; vat?: string; code: string }> = {
  '23': { net: 'P_13_1', vat: 'P_14_1', code: '23' },
  '8': { net: 'P_13_2', vat: 'P_14_2', code: '8' },
  '5': { net: 'P_13_3', vat: 'P_14_3', code: '5' },
  '0': { net: 'P_13_6_1', code: '0 KR' },
  zw: { net: 'P_13_7', code: 'zw' },
  np: { net: 'P_13_8', code: 'np I' },
}

const PAYMENT_FORM: Record<TPaymentMethod, number> = {
  cash: 1,
  card: 2,
  voucher: 3,
  cheque: 4,
  credit: 5,
  transfer: 6,
  mobile: 7,
}

const CORRECTION_TYPE = { original: 1, correction: 2, other: 3 } as const

type TNode = { tag: string; attrs?: Record<string, string>; children: TNode[] | string }
type TMaybe = TNode | null | undefined | false | ''

function el(tag: string, content: string | number | TMaybe[], attrs?: Record<string, string>): TNode {
  const children = Array.isArray(content)
    ? content.filter((c): c is TNode => Boolean(c))
    : typeof content === 'number'
      ? String(content)
      : content
  return { tag, attrs, children }
}

/** Escapes text for XML and drops characters XML 1.0 cannot carry (control characters, lone surrogates). */
export function escapeXml(text: string): string {
  let out = ''
  for (const ch of text) {
    const cp = ch.codePointAt(0)!
    const allowed =
      cp === 0x9 ||
      cp === 0xa ||
      cp === 0xd ||
      (cp >= 0x20 && cp <= 0xd7ff) ||
      (cp >= 0xe000 && cp <= 0xfffd) ||
      cp >= 0x10000
    if (!allowed) continue
    if (ch === '&') out += '&amp;'
    else if (ch === '<') out += '&lt;'
    else if (ch === '>') out += '&gt;'
    else if (ch === '"') out += '&quot;'
    else if (ch === "'") out += '&apos;'
    else out += ch
  }
  return out
}

function render(node: TNode, depth: number): string {
  const pad = '  '.repeat(depth)
  const attrs = Object.entries(node.attrs ?? {})
    .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
    .join('')
  if (typeof node.children === 'string')
    return `${pad}<${node.tag}${attrs}>${escapeXml(node.children)}</${node.tag}>`
  if (node.children.length === 0) return `${pad}<${node.tag}${attrs}/>`
  const inner = node.children.map((c) => render(c, depth + 1)).join('\n')
  return `${pad}<${node.tag}${attrs}>\n${inner}\n${pad}</${node.tag}>`
}

function address(a: TAddress): TNode {
  return el('Adres', [
    el('KodKraju', a.country),
    el('AdresL1', a.line2 ? `${a.line1}, ${a.line2}` : a.line1),
    el('AdresL2', `${a.postalCode} ${a.city}`),
  ])
}

function contact(email: string | undefined): TMaybe {
  return email ? el('DaneKontaktowe', [el('Email', email)]) : null
}

function rateFields(rateTotals: readonly TRateTotal[]): TNode[] {
  return rateTotals.flatMap((t) => {
    const f = RATE_FIELDS[t.rate]
    const nodes = [el(f.net, minorToDecimal(t.netMinor))]
    if (f.vat) nodes.push(el(f.vat, minorToDecimal(t.vatMinor)))
    return nodes
  })
}

/** Unit gross price: exact in grosze, or gross / quantity to 8 places after a value correction. */
function unitGross(line: TInvoiceLine): string {
  if (line.quantity === 0 || line.grossMinor === line.quantity * line.unitGrossMinor) {
    return minorToDecimal(line.unitGrossMinor)
  }
  return minorRatioToDecimal(line.grossMinor, line.quantity)
}

function lineRow(line: TInvoiceLine, nr: number, before: boolean): TNode {
  return el('FaWiersz', [
    el('NrWierszaFa', nr),
    el('P_7', line.name),
    el('P_8A', line.unit),
    el('P_8B', line.quantity),
    el('P_9B', unitGross(line)),
    el('P_11A', minorToDecimal(line.grossMinor)),
    el('P_12', RATE_FIELDS[line.vatRate].code),
    before && el('StanPrzed', 1),
  ])
}

function lineRows(doc: TInvoiceDocument): TNode[] {
  if (doc.kind === 'invoice') return doc.lines.map((l, i) => lineRow(l, i + 1, false))
  const { linesBefore, linesAfter } = doc.corrected
  const rows: TNode[] = []
  linesBefore.forEach((b, i) => {
    const a = linesAfter[i]!
    if (!lineChanged(b, a)) return
    rows.push(lineRow(b, rows.length + 1, true), lineRow(a, rows.length + 2, false))
  })
  return rows
}

function payment(doc: TInvoiceDocument): TNode {
  const p = doc.payment
  const account = doc.seller.bankAccount?.replace(/ /g, '')
  return el('Platnosc', [
    p.status === 'paid' && el('Zaplacono', 1),
    p.status === 'paid' && el('DataZaplaty', p.paidAt),
    el('FormaPlatnosci', PAYMENT_FORM[p.method]),
    account && el('RachunekBankowy', [el('NrRB', account)]),
  ])
}

export function toFa3Xml(doc: TInvoiceDocument, opts: TFa3Options = {}): string {
  if (doc.currency !== 'PLN') {
    // A foreign-currency invoice needs the VAT in PLN (P_14_xW) at an exchange rate: not modelled yet.
    throw new Error(`FA(3) export supports PLN invoices only, got ${doc.currency}`)
  }
  const corrective = doc.kind === 'corrective' ? doc.corrected : null
  const allLines = [...doc.lines, ...(corrective?.linesBefore ?? []), ...(corrective?.linesAfter ?? [])]
  const exempt = allLines.some((l) => l.vatRate === 'zw')
  if (exempt && !doc.exemptionBasis) throw new Error('exemptionBasis is required for exempt (zw) lines')
  const buyer = doc.buyer

  const root = el(
    'Faktura',
    [
      el('Naglowek', [
        el('KodFormularza', 'FA', { kodSystemowy: 'FA (3)', wersjaSchemy: '1-0E' }),
        el('WariantFormularza', 3),
        el('DataWytworzeniaFa', (opts.createdAt ?? new Date()).toISOString()),
        el('SystemInfo', opts.systemInfo ?? 'Hookline'),
      ]),
      el('Podmiot1', [
        el('DaneIdentyfikacyjne', [el('NIP', doc.seller.nip), el('Nazwa', doc.seller.name)]),
        address(doc.seller.address),
        contact(doc.seller.email),
      ]),
      el('Podmiot2', [
        el('DaneIdentyfikacyjne', [
          buyer.nip ? el('NIP', buyer.nip) : el('BrakID', 1),
          el('Nazwa', buyer.name),
        ]),
        buyer.address && address(buyer.address),
        contact(buyer.email),
        el('JST', 2),
        el('GV', 2),
      ]),
      el('Fa', [
        el('KodWaluty', doc.currency),
        el('P_1', doc.issueDate),
        doc.placeOfIssue && el('P_1M', doc.placeOfIssue),
        el('P_2', doc.number),
        doc.saleDate !== doc.issueDate && el('P_6', doc.saleDate),
        ...rateFields(doc.rateTotals),
        el('P_15', minorToDecimal(doc.totals.grossMinor)),
        el('Adnotacje', [
          el('P_16', 2),
          el('P_17', 2),
          el('P_18', 2),
          el('P_18A', 2),
          el(
            'Zwolnienie',
            exempt ? [el('P_19', 1), el('P_19A', doc.exemptionBasis ?? '')] : [el('P_19N', 1)],
          ),
          el('NoweSrodkiTransportu', [el('P_22N', 1)]),
          el('P_23', 2),
          el('PMarzy', [el('P_PMarzyN', 1)]),
        ]),
        el('RodzajFaktury', corrective ? 'KOR' : 'VAT'),
        corrective && el('PrzyczynaKorekty', corrective.reason),
        corrective && el('TypKorekty', CORRECTION_TYPE[corrective.effect]),
        corrective &&
          el('DaneFaKorygowanej', [
            el('DataWystFaKorygowanej', corrective.issueDate),
            el('NrFaKorygowanej', corrective.number),
            ...(corrective.ksefNumber
              ? [el('NrKSeF', 1), el('NrKSeFFaKorygowanej', corrective.ksefNumber)]
              : [el('NrKSeFN', 1)]),
          ]),
        ...lineRows(doc),
        payment(doc),
      ]),
      doc.notes && el('Stopka', [el('Informacje', [el('StopkaFaktury', doc.notes)])]),
    ],
    { xmlns: FA3_NAMESPACE },
  )
  return `<?xml version="1.0" encoding="UTF-8"?>\n${render(root, 0)}\n`
}
