import { describe, expect, it } from 'vitest'
import { clientAddress, UNKNOWN_CLIENT } from './client-address'

const h = (o: Record<string, string>) => new Headers(o)

describe('client address from the trusted proxy header only', () => {
  it('no trusted header configured: every client is one', () => {
    expect(clientAddress(h({ 'x-forwarded-for': '203.0.113.7' }), { hops: 1 })).toBe(UNKNOWN_CLIENT)
  })
  it('takes the entry the proxy appended, not what the client put in front', () => {
    const cfg = { header: 'x-forwarded-for', hops: 1 }
    expect(clientAddress(h({ 'x-forwarded-for': '1.1.1.1, 203.0.113.7' }), cfg)).toBe('203.0.113.7')
    expect(clientAddress(h({ 'x-forwarded-for': '203.0.113.7' }), cfg)).toBe('203.0.113.7')
    expect(
      clientAddress(h({ 'x-forwarded-for': '9.9.9.9, 203.0.113.7, 10.0.0.2' }), { ...cfg, hops: 2 }),
    ).toBe('203.0.113.7')
    expect(clientAddress(h({ 'x-real-ip': '203.0.113.7' }), cfg)).toBe(UNKNOWN_CLIENT)
  })
  it('normalises ports, mapped IPv4 and IPv6 (per /64)', () => {
    const cfg = { header: 'x-real-ip', hops: 1 }
    expect(clientAddress(h({ 'x-real-ip': '203.0.113.7:5123' }), cfg)).toBe('203.0.113.7')
    expect(clientAddress(h({ 'x-real-ip': '::ffff:203.0.113.7' }), cfg)).toBe('203.0.113.7')
    expect(clientAddress(h({ 'x-real-ip': '2001:db8:0:1:aaaa::1' }), cfg)).toBe('2001:db8:0:1::/64')
    expect(clientAddress(h({ 'x-real-ip': '[2001:db8:0:1::2]:443' }), cfg)).toBe('2001:db8:0:1::/64')
    expect(clientAddress(h({ 'x-real-ip': 'evil<script>' }), cfg)).toBe(UNKNOWN_CLIENT)
  })
})
