import 'server-only'
import type { Locale } from '@/lib/i18n/locales'
import { getLocale } from '@/lib/i18n/server'

// Strings for the security pages of the staff panel (audit log, staff accounts, 2FA, sign-in throttling).

const en = {
  signIn: {
    locked:
      'Too many failed sign-ins. Sign-in is locked for {time}; the account owner has been told by email.',
    slowDown: 'Too many failed sign-ins. Wait {time} before the next try.',
    lockedGeneric:
      'Too many failed sign-ins. Wait a while before the next try; locked accounts are told by email.',
    codeLabel: 'Code from your authenticator app (or a recovery code)',
    codeRequired: 'Password accepted. Enter the 6-digit code from your authenticator app.',
    codeInvalid: 'That code is not valid (or was already used). Try the current code.',
    continue: 'Continue',
    linkThrottled:
      'Too many sign-in links were asked for just now. Use a link already in your inbox (each works for 15 minutes), or ask again in {time}.',
    seconds: (n: number) => (n === 1 ? '1 second' : `${n} seconds`),
    minutes: (n: number) => (n === 1 ? '1 minute' : `${n} minutes`),
  },
  nav: { audit: 'Audit log', staff: 'Staff', security: 'My account' },
  roles: { OWNER: 'Owner', STAFF: 'Staff', ACCOUNTANT: 'Accountant', CUSTOMER: 'Customer' } as Record<
    string,
    string
  >,
  forbidden: {
    title: 'Not allowed',
    body: (role: string) =>
      `Your role (${role}) does not include this part of the panel. Ask the shop owner if you need it.`,
    back: 'Back to orders',
  },
  audit: {
    title: 'Audit log',
    intro:
      'Every staff action, who did it and when, with the data before and after. Entries cannot be changed or deleted: the database refuses it.',
    actor: 'Staff member',
    action: 'Action',
    from: 'From',
    to: 'To',
    all: 'All',
    filter: 'Filter',
    when: 'When',
    target: 'Record',
    changes: 'Before → after',
    empty: 'No audit entries match these filters.',
    previous: 'Previous',
    next: 'Next',
    page: (p: number, n: number) => `Page ${p} of ${n}`,
    before: 'before',
    after: 'after',
  },
  staff: {
    title: 'Staff accounts',
    intro: 'Who can sign in to the panel, and with which role. Owners manage settings, staff and roles.',
    email: 'Email',
    name: 'Name',
    role: 'Role',
    twoFactor: '2FA',
    status: 'Status',
    active: 'active',
    disabled: 'access revoked',
    locked: (until: string) => `sign-in locked until ${until}`,
    on: 'on',
    off: 'off',
    changeRole: 'Change role',
    save: 'Save',
    revoke: 'Revoke access',
    restore: 'Restore access',
    unlock: 'Unlock sign-in',
    addHeading: 'Add a staff member',
    password: 'First password (at least 12 characters)',
    add: 'Add',
    you: '(you)',
    requireHeading: 'Two-factor sign-in',
    requireLabel: 'Require an authenticator app (TOTP) for every staff account',
    requireHint:
      'Staff without one are asked to set it up at their next page view before they can use the panel.',
    saveRequire: 'Save policy',
  },
  me: {
    title: 'My account',
    passwordHeading: 'Change password',
    current: 'Current password',
    next: 'New password (at least 12 characters)',
    changePassword: 'Change password',
    passwordHint: 'Changing your password signs out every other session of this account.',
    totpHeading: 'Authenticator app (2FA)',
    totpOn: 'Two-factor sign-in is on.',
    totpOff: 'Two-factor sign-in is off.',
    totpRequired: 'The owner requires two-factor sign-in for every staff account. Set it up to continue.',
    start: 'Set up an authenticator app',
    scan: 'Scan this code with an authenticator app (or enter the key by hand), then type the 6-digit code it shows.',
    key: 'Key',
    code: '6-digit code',
    confirm: 'Turn on',
    disable: 'Turn off two-factor sign-in',
    codesHeading: 'Recovery codes',
    codesIntro:
      'Each code signs you in once if you lose your phone. They are shown only now: store them somewhere safe.',
    codesLeft: (n: number) => `${n} unused recovery code(s) left.`,
    newCodes: 'Make new recovery codes',
  },
}

type Dict = typeof en

const pl: Dict = {
  signIn: {
    locked:
      'Zbyt wiele nieudanych prób logowania. Logowanie jest zablokowane na {time}; właściciel konta dostał e-mail.',
    slowDown: 'Zbyt wiele nieudanych prób logowania. Odczekaj {time} przed kolejną próbą.',
    lockedGeneric:
      'Zbyt wiele nieudanych prób logowania. Odczekaj chwilę przed kolejną próbą; właściciel zablokowanego konta dostaje e-mail.',
    codeLabel: 'Kod z aplikacji uwierzytelniającej (lub kod zapasowy)',
    codeRequired: 'Hasło przyjęte. Wpisz 6-cyfrowy kod z aplikacji uwierzytelniającej.',
    codeInvalid: 'Ten kod jest nieprawidłowy (albo został już użyty). Wpisz bieżący kod.',
    continue: 'Dalej',
    linkThrottled:
      'Przed chwilą wysłaliśmy zbyt wiele linków do logowania. Użyj linku, który już jest w skrzynce (każdy działa 15 minut), albo spróbuj ponownie za {time}.',
    seconds: (n: number) =>
      n === 1
        ? '1 sekundę'
        : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)
          ? `${n} sekundy`
          : `${n} sekund`,
    minutes: (n: number) =>
      n === 1
        ? '1 minutę'
        : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 12 || n % 100 > 14)
          ? `${n} minuty`
          : `${n} minut`,
  },
  nav: { audit: 'Dziennik zdarzeń', staff: 'Zespół', security: 'Moje konto' },
  roles: { OWNER: 'Właściciel', STAFF: 'Obsługa', ACCOUNTANT: 'Księgowość', CUSTOMER: 'Klient' },
  forbidden: {
    title: 'Brak dostępu',
    body: (role: string) =>
      `Twoja rola (${role}) nie obejmuje tej części panelu. Jeśli jej potrzebujesz, poproś właściciela sklepu.`,
    back: 'Wróć do zamówień',
  },
  audit: {
    title: 'Dziennik zdarzeń',
    intro:
      'Każda czynność zespołu: kto, kiedy, co, z danymi przed i po zmianie. Wpisów nie da się zmienić ani usunąć: baza danych na to nie pozwala.',
    actor: 'Osoba',
    action: 'Czynność',
    from: 'Od',
    to: 'Do',
    all: 'Wszystkie',
    filter: 'Filtruj',
    when: 'Kiedy',
    target: 'Rekord',
    changes: 'Przed → po',
    empty: 'Brak wpisów dla tych filtrów.',
    previous: 'Poprzednia',
    next: 'Następna',
    page: (p: number, n: number) => `Strona ${p} z ${n}`,
    before: 'przed',
    after: 'po',
  },
  staff: {
    title: 'Konta zespołu',
    intro:
      'Kto może logować się do panelu i z jaką rolą. Właściciel zarządza ustawieniami, zespołem i rolami.',
    email: 'E-mail',
    name: 'Imię i nazwisko',
    role: 'Rola',
    twoFactor: '2FA',
    status: 'Stan',
    active: 'aktywne',
    disabled: 'dostęp odebrany',
    locked: (until: string) => `logowanie zablokowane do ${until}`,
    on: 'włączone',
    off: 'wyłączone',
    changeRole: 'Zmień rolę',
    save: 'Zapisz',
    revoke: 'Odbierz dostęp',
    restore: 'Przywróć dostęp',
    unlock: 'Odblokuj logowanie',
    addHeading: 'Dodaj osobę',
    password: 'Pierwsze hasło (co najmniej 12 znaków)',
    add: 'Dodaj',
    you: '(Ty)',
    requireHeading: 'Logowanie dwuskładnikowe',
    requireLabel: 'Wymagaj aplikacji uwierzytelniającej (TOTP) dla każdego konta zespołu',
    requireHint: 'Osoby bez niej zostaną poproszone o konfigurację przy następnym wejściu do panelu.',
    saveRequire: 'Zapisz zasadę',
  },
  me: {
    title: 'Moje konto',
    passwordHeading: 'Zmiana hasła',
    current: 'Obecne hasło',
    next: 'Nowe hasło (co najmniej 12 znaków)',
    changePassword: 'Zmień hasło',
    passwordHint: 'Zmiana hasła wylogowuje wszystkie inne sesje tego konta.',
    totpHeading: 'Aplikacja uwierzytelniająca (2FA)',
    totpOn: 'Logowanie dwuskładnikowe jest włączone.',
    totpOff: 'Logowanie dwuskładnikowe jest wyłączone.',
    totpRequired:
      'Właściciel wymaga logowania dwuskładnikowego dla każdego konta. Skonfiguruj je, aby kontynuować.',
    start: 'Skonfiguruj aplikację uwierzytelniającą',
    scan: 'Zeskanuj ten kod aplikacją uwierzytelniającą (albo wpisz klucz ręcznie), a potem wpisz pokazany 6-cyfrowy kod.',
    key: 'Klucz',
    code: 'Kod (6 cyfr)',
    confirm: 'Włącz',
    disable: 'Wyłącz logowanie dwuskładnikowe',
    codesHeading: 'Kody zapasowe',
    codesIntro:
      'Każdy kod pozwala zalogować się raz, gdy zgubisz telefon. Widać je tylko teraz: zapisz je w bezpiecznym miejscu.',
    codesLeft: (n: number) => `Pozostało nieużytych kodów zapasowych: ${n}.`,
    newCodes: 'Wygeneruj nowe kody zapasowe',
  },
}

export const securityDictionaries: Record<Locale, Dict> = { en, pl }

export async function getSecurityDictionary() {
  const locale = await getLocale()
  return { locale, t: securityDictionaries[locale] }
}

/** "45 seconds" / "15 minutes" in the locale, rounded up to whole minutes from two minutes on */
export function formatWait(t: Dict, seconds: number): string {
  return seconds < 120 ? t.signIn.seconds(Math.max(1, seconds)) : t.signIn.minutes(Math.ceil(seconds / 60))
}
