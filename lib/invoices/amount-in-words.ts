// Amount in words for invoices: "sto dwadzieścia trzy złote 45/100" / "one hundred twenty-three zlotys 45/100".
// Integer arithmetic only (BigInt), the fraction is always written as two digits over 100.

export type TWordsCurrency = 'PLN' | 'EUR'
export type TWordsLocale = 'pl' | 'en'

const PL_ONES = ['', 'jeden', 'dwa', 'trzy', 'cztery', 'pięć', 'sześć', 'siedem', 'osiem', 'dziewięć']
const PL_TEENS = [
  'dziesięć',
  'jedenaście',
  'dwanaście',
  'trzynaście',
  'czternaście',
  'piętnaście',
  'szesnaście',
  'siedemnaście',
  'osiemnaście',
  'dziewiętnaście',
]
const PL_TENS = [
  '',
  '',
  'dwadzieścia',
  'trzydzieści',
  'czterdzieści',
  'pięćdziesiąt',
  'sześćdziesiąt',
  'siedemdziesiąt',
  'osiemdziesiąt',
  'dziewięćdziesiąt',
]
const PL_HUNDREDS = [
  '',
  'sto',
  'dwieście',
  'trzysta',
  'czterysta',
  'pięćset',
  'sześćset',
  'siedemset',
  'osiemset',
  'dziewięćset',
]
type TForms = readonly [one: string, few: string, many: string]
const PL_SCALES: TForms[] = [
  ['tysiąc', 'tysiące', 'tysięcy'],
  ['milion', 'miliony', 'milionów'],
  ['miliard', 'miliardy', 'miliardów'],
  ['bilion', 'biliony', 'bilionów'],
]

/** Polish noun form after a number: 1 -> one, 2-4 (not 12-14) -> few, otherwise many (5-21, 25, 112...). */
export function plForm(n: bigint, forms: TForms): string {
  const abs = n < 0n ? -n : n
  if (abs === 1n) return forms[0]
  const last = abs % 10n
  const lastTwo = abs % 100n
  if (last >= 2n && last <= 4n && !(lastTwo >= 12n && lastTwo <= 14n)) return forms[1]
  return forms[2]
}

function plBelowThousand(n: number): string[] {
  const words: string[] = []
  const h = Math.floor(n / 100)
  const rest = n % 100
  if (h > 0) words.push(PL_HUNDREDS[h]!)
  if (rest >= 10 && rest < 20) words.push(PL_TEENS[rest - 10]!)
  else {
    const t = Math.floor(rest / 10)
    const o = rest % 10
    if (t > 0) words.push(PL_TENS[t]!)
    if (o > 0) words.push(PL_ONES[o]!)
  }
  return words
}

function groupsOf(n: bigint): number[] {
  const groups: number[] = []
  let rest = n
  while (rest > 0n) {
    groups.push(Number(rest % 1000n))
    rest /= 1000n
  }
  return groups
}

/** Non-negative integer in Polish words (masculine): 1000 -> "tysiąc", 2_500_000 -> "dwa miliony pięćset tysięcy". */
export function numberToWordsPl(n: bigint): string {
  if (n < 0n) return `minus ${numberToWordsPl(-n)}`
  if (n === 0n) return 'zero'
  const groups = groupsOf(n)
  if (groups.length > PL_SCALES.length + 1) throw new RangeError('number too large')
  const words: string[] = []
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!
    if (g === 0) continue
    if (i === 0) words.push(...plBelowThousand(g))
    else {
      // "tysiąc", "milion": no "jeden" before a single unit of a scale word.
      if (g !== 1) words.push(...plBelowThousand(g))
      words.push(plForm(BigInt(g), PL_SCALES[i - 1]!))
    }
  }
  return words.join(' ')
}

const EN_ONES = [
  '',
  'one',
  'two',
  'three',
  'four',
  'five',
  'six',
  'seven',
  'eight',
  'nine',
  'ten',
  'eleven',
  'twelve',
  'thirteen',
  'fourteen',
  'fifteen',
  'sixteen',
  'seventeen',
  'eighteen',
  'nineteen',
]
const EN_TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety']
const EN_SCALES = ['thousand', 'million', 'billion', 'trillion']

function enBelowThousand(n: number): string[] {
  const words: string[] = []
  const h = Math.floor(n / 100)
  const rest = n % 100
  if (h > 0) words.push(EN_ONES[h]!, 'hundred')
  if (rest > 0 && rest < 20) words.push(EN_ONES[rest]!)
  else if (rest >= 20) {
    const o = rest % 10
    words.push(o > 0 ? `${EN_TENS[Math.floor(rest / 10)]}-${EN_ONES[o]}` : EN_TENS[Math.floor(rest / 10)]!)
  }
  return words
}

/** Non-negative integer in English words: 123 -> "one hundred twenty-three". */
export function numberToWordsEn(n: bigint): string {
  if (n < 0n) return `minus ${numberToWordsEn(-n)}`
  if (n === 0n) return 'zero'
  const groups = groupsOf(n)
  if (groups.length > EN_SCALES.length + 1) throw new RangeError('number too large')
  const words: string[] = []
  for (let i = groups.length - 1; i >= 0; i--) {
    const g = groups[i]!
    if (g === 0) continue
    words.push(...enBelowThousand(g))
    if (i > 0) words.push(EN_SCALES[i - 1]!)
  }
  return words.join(' ')
}

const PL_CURRENCY: Record<TWordsCurrency, TForms> = {
  PLN: ['złoty', 'złote', 'złotych'],
  EUR: ['euro', 'euro', 'euro'],
}
const EN_CURRENCY: Record<TWordsCurrency, readonly [one: string, other: string]> = {
  PLN: ['zloty', 'zlotys'],
  EUR: ['euro', 'euros'],
}

/** Amount in minor units in words with the fraction as NN/100, e.g. 12345 PLN -> "sto dwadzieścia trzy złote 45/100". */
export function amountInWords(minor: number, currency: TWordsCurrency, locale: TWordsLocale): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError('amount must be a safe integer')
  const big = BigInt(minor)
  const abs = big < 0n ? -big : big
  const major = abs / 100n
  const fraction = `${(abs % 100n).toString().padStart(2, '0')}/100`
  const sign = big < 0n ? 'minus ' : ''
  if (locale === 'pl') {
    // euro is neuter: "jedno euro" (but "dwadzieścia jeden euro", compounds keep "jeden")
    const number = currency === 'EUR' && major === 1n ? 'jedno' : numberToWordsPl(major)
    return `${sign}${number} ${plForm(major, PL_CURRENCY[currency])} ${fraction}`
  }
  const [one, other] = EN_CURRENCY[currency]
  return `${sign}${numberToWordsEn(major)} ${major === 1n ? one : other} ${fraction}`
}
