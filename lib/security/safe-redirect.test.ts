import { describe, expect, it } from 'vitest'
import { safeRedirectPath } from './safe-redirect'

const APP = 'https://shop.example.pl'
const go = (input: unknown) => safeRedirectPath(input, '/fallback', [APP])

describe('safe redirect: only same-site paths pass', () => {
  it.each([
    ['/', '/'],
    ['/account', '/account'],
    ['/orders/HL-2026-000001?t=abc&placed=1', '/orders/HL-2026-000001?t=abc&placed=1'],
    ['/products/oak-board#reviews', '/products/oak-board#reviews'],
    ['/admin/orders?page=2', '/admin/orders?page=2'],
    ['/search?q=%C5%BCuraw', '/search?q=%C5%BCuraw'],
    ['/search?q=oak%20board', '/search?q=oak%20board'],
    ['/a/../admin', '/admin'],
    [`${APP}/account`, '/account'],
    [`${APP}/admin?x=1`, '/admin?x=1'],
  ])('%s -> %s', (input, expected) => {
    expect(go(input)).toBe(expected)
  })

  it.each([
    // protocol-relative and backslash forms browsers read as another host
    ['//evil.example'],
    ['//evil.example/path'],
    ['/\\evil.example'],
    ['\\\\evil.example'],
    ['\\/evil.example'],
    ['/\\/evil.example'],
    ['/path\\..\\..\\evil'],
    // encoded slashes and backslashes
    ['/%2F%2Fevil.example'],
    ['%2F%2Fevil.example'],
    ['/%2f/evil.example'],
    ['/%5Cevil.example'],
    ['/%5cevil.example'],
    ['%5C%5Cevil.example'],
    ['/%252F%252Fevil'],
    // tab, newline and other control characters (browsers drop tabs and newlines)
    ['/\t/evil.example'],
    ['/\n/evil.example'],
    ['/\r\n/evil.example'],
    ['/%09/evil.example'],
    ['/%0A/evil.example'],
    ['/%0d%0aSet-Cookie:x=1'],
    ['/\0/evil'],
    [' //evil.example'],
    ['/ /evil'],
    // schemes
    ['javascript:alert(1)'],
    ['JaVaScRiPt:alert(1)'],
    ['java\tscript:alert(1)'],
    ['data:text/html,<script>alert(1)</script>'],
    ['vbscript:msgbox(1)'],
    ['/javascript:alert(1)'.replace('/', '')],
    // other hosts, also look-alike or with userinfo
    ['https://evil.example/'],
    ['http://shop.example.pl.evil.example/'],
    ['https://shop.example.pl@evil.example/'],
    ['https://user:pass@shop.example.pl/account'],
    ['//shop.example.pl@evil.example'],
    ['/@evil.example'.replace('/', '//')],
    ['http://shop.example.pl/'],
    ['https://shop.example.pl:8443/'],
    // unicode look-alikes of "/" and "\" and of the host
    ['/／evil.example'],
    ['／／evil.example'],
    ['/⁄evil.example'],
    ['/∕evil.example'],
    ['/＼evil.example'],
    ['https://shop.exаmple.pl/'],
    ['/%E2%88%95evil'],
    // not a path at all
    ['evil.example'],
    ['account'],
    [''],
    ['%'],
    ['/%E0%A4%A'],
    [null],
    [undefined],
    [42],
    [['/account']],
    [`/${'a'.repeat(2100)}`],
  ])('%j falls back', (input) => {
    expect(go(input)).toBe('/fallback')
  })

  it('without allowed origins, absolute URLs never pass', () => {
    expect(safeRedirectPath(`${APP}/account`, '/', [])).toBe('/')
  })
})
