// Sample documents for tests and the PDF benchmark (fictitious parties; NIPs only have valid checksums).
import { buildCorrectiveDocument, buildInvoiceDocument, type TBuildInvoiceInput } from '../document.ts'
import type { TInvoiceLineInput } from '../vat.ts'

export const seller: TBuildInvoiceInput['seller'] = {
  name: 'Hookline Sp. z o.o.',
  nip: '7771234567',
  address: { line1: 'ul. Długa 5/7', postalCode: '00-238', city: 'Warszawa', country: 'PL' },
  bankAccount: 'PL61109010140000071219812874',
  email: 'faktury@hookline.example',
}

export const companyBuyer: TBuildInvoiceInput['buyer'] = {
  type: 'company',
  name: 'Zażółć gęślą jaźń Sp. z o.o.',
  nip: '9512345675',
  address: { line1: 'ul. Źródlana 3', line2: 'lok. 12', postalCode: '31-000', city: 'Kraków', country: 'PL' },
  email: 'ksiegowosc@zazolc.example',
}

export const personBuyer: TBuildInvoiceInput['buyer'] = {
  type: 'person',
  name: 'Łucja Śliwińska',
  address: { line1: 'ul. Ogrodowa 1', postalCode: '80-001', city: 'Gdańsk', country: 'PL' },
  email: 'lucja@example.com',
}

export const polishLines: TInvoiceLineInput[] = [
  { name: 'Kubek ceramiczny „Łódź”', quantity: 3, unit: 'szt.', unitGrossMinor: 1230, vatRate: '23' },
  { name: 'Książka „Pan Tadeusz”', quantity: 1, unit: 'szt.', unitGrossMinor: 4999, vatRate: '5' },
  { name: 'Miód gryczany, słoik 400 g', quantity: 2, unit: 'szt.', unitGrossMinor: 2499, vatRate: '8' },
  { name: 'Łabędź pluszowy – źdźbło żółci', quantity: 1, unit: 'szt.', unitGrossMinor: 8900, vatRate: '23' },
  { name: 'Gęś ozdobna, mosiądz', quantity: 4, unit: 'szt.', unitGrossMinor: 1575, vatRate: '23' },
]

export function sampleInvoice(overrides: Partial<TBuildInvoiceInput> = {}) {
  return buildInvoiceDocument({
    number: 'FV/2025/10/0042',
    issueDate: '2025-10-15',
    saleDate: '2025-10-14',
    placeOfIssue: 'Warszawa',
    seller,
    buyer: companyBuyer,
    lines: polishLines,
    payment: { status: 'paid', method: 'card', paidAt: '2025-10-14' },
    ...overrides,
  })
}

export function sampleCorrective() {
  return buildCorrectiveDocument(sampleInvoice(), {
    number: 'FK/2025/10/0003',
    issueDate: '2025-10-20',
    reason: 'Zwrot części towaru – reklamacja',
    refundAmountMinor: 5000,
  })
}
