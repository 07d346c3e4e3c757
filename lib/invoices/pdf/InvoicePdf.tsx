/** @jsxImportSource react */
import { Document, Page, StyleSheet, Text, View } from '@react-pdf/renderer'
import { amountInWords } from '../amount-in-words.ts'
import type { TAddress, TInvoiceDocument } from '../document.ts'
import { formatAmount, formatMoney } from '../money.ts'
import type { TInvoiceLine, TRateTotal, TTotals } from '../vat.ts'
import { FONT_FAMILY } from './fonts.ts'
import { LABELS, type TLabels } from './labels.ts'

// Layout only: every figure comes from the document, formatted from integer minor units (money.ts).

const styles = StyleSheet.create({
  page: { fontFamily: FONT_FAMILY, fontSize: 8.5, paddingTop: 32, paddingBottom: 44, paddingHorizontal: 32 },
  header: { flexDirection: 'row', justifyContent: 'space-between', marginBottom: 16 },
  title: { fontSize: 16, fontWeight: 'bold' },
  subtitle: { fontSize: 9, color: '#555' },
  number: { fontSize: 11, marginTop: 2 },
  dates: { alignItems: 'flex-end' },
  parties: { flexDirection: 'row', marginBottom: 14 },
  party: { flex: 1, paddingRight: 12 },
  label: { fontSize: 7.5, color: '#555', textTransform: 'uppercase', marginBottom: 2 },
  bold: { fontWeight: 'bold' },
  section: { marginBottom: 10 },
  sectionTitle: { fontSize: 9.5, fontWeight: 'bold', marginBottom: 4 },
  table: { borderTopWidth: 0.5, borderColor: '#999' },
  row: { flexDirection: 'row', borderBottomWidth: 0.5, borderColor: '#999' },
  headRow: { backgroundColor: '#eee' },
  cell: { paddingVertical: 3, paddingHorizontal: 3 },
  right: { textAlign: 'right' },
  totals: { alignSelf: 'flex-end', width: '50%', marginTop: 6 },
  totalLine: { flexDirection: 'row', justifyContent: 'space-between', paddingVertical: 2 },
  grand: { fontSize: 11, fontWeight: 'bold' },
  note: { fontSize: 7.5, color: '#444', marginTop: 3 },
  box: { borderWidth: 0.5, borderColor: '#999', padding: 6, marginBottom: 12 },
  footer: {
    position: 'absolute',
    bottom: 20,
    left: 32,
    right: 32,
    fontSize: 7,
    color: '#777',
    textAlign: 'right',
  },
})

type TColumn<T> = { title: string; width: string; right?: boolean; value: (row: T, index: number) => string }

function Table<T>({ columns, rows, footer }: { columns: TColumn<T>[]; rows: T[]; footer?: string[] }) {
  return (
    <View style={styles.table}>
      <View style={[styles.row, styles.headRow]} fixed>
        {columns.map((c) => (
          <Text
            key={c.title}
            style={[styles.cell, styles.bold, { width: c.width }, c.right ? styles.right : {}]}
          >
            {c.title}
          </Text>
        ))}
      </View>
      {rows.map((row, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows are a static snapshot, never reordered
        <View key={i} style={styles.row} wrap={false}>
          {columns.map((c) => (
            <Text key={c.title} style={[styles.cell, { width: c.width }, c.right ? styles.right : {}]}>
              {c.value(row, i)}
            </Text>
          ))}
        </View>
      ))}
      {footer && (
        <View style={styles.row} wrap={false}>
          {columns.map((c, i) => (
            <Text
              key={c.title}
              style={[styles.cell, styles.bold, { width: c.width }, c.right ? styles.right : {}]}
            >
              {footer[i] ?? ''}
            </Text>
          ))}
        </View>
      )}
    </View>
  )
}

function lineColumns(t: TLabels, locale: 'pl' | 'en'): TColumn<TInvoiceLine>[] {
  const amount = (m: number) => formatAmount(m, locale)
  const qty = new Intl.NumberFormat(locale === 'pl' ? 'pl-PL' : 'en-GB', { maximumFractionDigits: 0 })
  return [
    { title: t.columns.lp, width: '5%', value: (_, i) => String(i + 1) },
    { title: t.columns.name, width: '30%', value: (l) => l.name },
    { title: t.columns.quantity, width: '6%', right: true, value: (l) => qty.format(l.quantity) },
    { title: t.columns.unit, width: '6%', value: (l) => l.unit },
    { title: t.columns.unitGross, width: '11%', right: true, value: (l) => amount(l.unitGrossMinor) },
    { title: t.columns.rate, width: '8%', right: true, value: (l) => t.rate(l.vatRate) },
    { title: t.columns.net, width: '11%', right: true, value: (l) => amount(l.netMinor) },
    { title: t.columns.vat, width: '10%', right: true, value: (l) => amount(l.vatMinor) },
    { title: t.columns.gross, width: '13%', right: true, value: (l) => amount(l.grossMinor) },
  ]
}

function RateTable({
  t,
  locale,
  rateTotals,
  totals,
}: {
  t: TLabels
  locale: 'pl' | 'en'
  rateTotals: TRateTotal[]
  totals: TTotals
}) {
  const amount = (m: number) => formatAmount(m, locale)
  const columns: TColumn<TRateTotal>[] = [
    { title: t.columns.rate, width: '16%', value: (r) => t.rate(r.rate) },
    { title: t.columns.net, width: '28%', right: true, value: (r) => amount(r.netMinor) },
    { title: t.columns.vat, width: '28%', right: true, value: (r) => amount(r.vatMinor) },
    { title: t.columns.gross, width: '28%', right: true, value: (r) => amount(r.grossMinor) },
  ]
  const footer = [t.total, amount(totals.netMinor), amount(totals.vatMinor), amount(totals.grossMinor)]
  return (
    <View style={{ width: '70%', alignSelf: 'flex-end' }}>
      <Table columns={columns} rows={rateTotals} footer={footer} />
    </View>
  )
}

function addressLines(a: TAddress): string[] {
  return [
    a.line2 ? `${a.line1}, ${a.line2}` : a.line1,
    `${a.postalCode} ${a.city}${a.country === 'PL' ? '' : `, ${a.country}`}`,
  ]
}

function Party(props: {
  title: string
  name: string
  address?: TAddress
  nip?: string | null
  extra: string[]
  t: TLabels
}) {
  return (
    <View style={styles.party}>
      <Text style={styles.label}>{props.title}</Text>
      <Text style={styles.bold}>{props.name}</Text>
      {props.address && addressLines(props.address).map((l) => <Text key={l}>{l}</Text>)}
      {props.nip && (
        <Text>
          {props.t.nip}: {props.nip}
        </Text>
      )}
      {props.extra.map((l) => (
        <Text key={l}>{l}</Text>
      ))}
    </View>
  )
}

export function InvoicePdf({ doc }: { doc: TInvoiceDocument }) {
  const t = LABELS[doc.locale]
  const corrective = doc.kind === 'corrective' ? doc.corrected : null
  const money = (m: number) => formatMoney(m, doc.currency, doc.locale)
  const title = corrective ? t.correctiveTitle : t.invoiceTitle
  const subtitle = t.titleSubtitle && (corrective ? t.titleSubtitle.corrective : t.titleSubtitle.invoice)
  const allLines = [...doc.lines, ...(corrective?.linesBefore ?? []), ...(corrective?.linesAfter ?? [])]
  const columns = lineColumns(t, doc.locale)
  const p = doc.payment

  return (
    <Document title={`${title} ${doc.number}`} author={doc.seller.name} language={doc.locale}>
      <Page size="A4" style={styles.page}>
        <View style={styles.header}>
          <View>
            <Text style={styles.title}>{title}</Text>
            {subtitle && <Text style={styles.subtitle}>{subtitle}</Text>}
            <Text style={styles.number}>
              {t.number} {doc.number}
            </Text>
          </View>
          <View style={styles.dates}>
            <Text>
              {t.issueDate}: {doc.issueDate}
            </Text>
            <Text>
              {t.saleDate}: {doc.saleDate}
            </Text>
            {doc.placeOfIssue && (
              <Text>
                {t.placeOfIssue}: {doc.placeOfIssue}
              </Text>
            )}
          </View>
        </View>

        <View style={styles.parties}>
          <Party
            t={t}
            title={t.seller}
            name={doc.seller.name}
            address={doc.seller.address}
            nip={doc.seller.nip}
            extra={[
              ...(doc.seller.bankAccount ? [`${t.bankAccount}: ${doc.seller.bankAccount}`] : []),
              ...(doc.seller.email ? [`${t.email}: ${doc.seller.email}`] : []),
            ]}
          />
          <Party
            t={t}
            title={t.buyer}
            name={doc.buyer.name}
            address={doc.buyer.address}
            nip={doc.buyer.nip}
            extra={doc.buyer.email ? [`${t.email}: ${doc.buyer.email}`] : []}
          />
        </View>

        {corrective ? (
          <>
            <View style={styles.box}>
              <Text style={styles.bold}>
                {t.corrected.reference(corrective.number, corrective.issueDate)}
              </Text>
              {corrective.ksefNumber && (
                <Text>
                  {t.corrected.ksefNumber}: {corrective.ksefNumber}
                </Text>
              )}
              <Text>
                {t.corrected.reason}: {corrective.reason}
              </Text>
            </View>
            <View style={styles.section}>
              <Text style={styles.sectionTitle}>{t.corrected.before}</Text>
              <Table columns={columns} rows={corrective.linesBefore} />
            </View>
            <View style={styles.section}>
              <Text style={styles.sectionTitle}>{t.corrected.after}</Text>
              <Table columns={columns} rows={corrective.linesAfter} />
              <Text style={styles.note}>{t.amountsIn(doc.currency)}</Text>
            </View>
            <View style={styles.section} wrap={false}>
              <Text style={styles.sectionTitle}>{t.corrected.difference}</Text>
              <RateTable
                t={t}
                locale={doc.locale}
                rateTotals={corrective.diffRateTotals}
                totals={corrective.diffTotals}
              />
            </View>
            <View style={styles.totals} wrap={false}>
              <View style={styles.totalLine}>
                <Text style={styles.grand}>
                  {doc.totals.grossMinor < 0 ? t.corrected.toRefund : t.corrected.toPay}
                </Text>
                <Text style={styles.grand}>{money(Math.abs(doc.totals.grossMinor))}</Text>
              </View>
              <Text>
                {t.inWords}: {amountInWords(Math.abs(doc.totals.grossMinor), doc.currency, doc.locale)}
              </Text>
              {p.status === 'refunded' && <Text>{t.corrected.refunded(p.method, p.refundedAt)}</Text>}
              {p.status === 'refund-pending' && <Text>{t.corrected.refundPending(p.method)}</Text>}
            </View>
          </>
        ) : (
          <>
            <View style={styles.section}>
              <Table columns={columns} rows={doc.lines} />
              <Text style={styles.note}>{t.amountsIn(doc.currency)}</Text>
            </View>
            <View style={styles.section} wrap={false}>
              <Text style={[styles.sectionTitle, { alignSelf: 'flex-end', width: '70%' }]}>
                {t.vatSummary}
              </Text>
              <RateTable t={t} locale={doc.locale} rateTotals={doc.rateTotals} totals={doc.totals} />
            </View>
            <View style={styles.totals} wrap={false}>
              <View style={styles.totalLine}>
                <Text style={styles.grand}>{t.totalGross}</Text>
                <Text style={styles.grand}>{money(doc.totals.grossMinor)}</Text>
              </View>
              <Text>
                {t.inWords}: {amountInWords(doc.totals.grossMinor, doc.currency, doc.locale)}
              </Text>
              {p.status === 'paid' && <Text>{t.paid(p.method, p.paidAt)}</Text>}
              <View style={styles.totalLine}>
                <Text>{t.balanceDue}</Text>
                <Text>{money(0)}</Text>
              </View>
            </View>
          </>
        )}

        <View style={{ marginTop: 12 }}>
          <Text style={styles.note}>{t.methodNote[doc.method]}</Text>
          {allLines.some((l) => l.vatRate === 'zw') && doc.exemptionBasis && (
            <Text style={styles.note}>
              {t.exemptionBasis}: {doc.exemptionBasis}
            </Text>
          )}
          {doc.notes && (
            <Text style={styles.note}>
              {t.notes}: {doc.notes}
            </Text>
          )}
        </View>

        <Text
          style={styles.footer}
          fixed
          render={({ pageNumber, totalPages }) => `${doc.number} · ${t.page(pageNumber, totalPages)}`}
        />
      </Page>
    </Document>
  )
}
