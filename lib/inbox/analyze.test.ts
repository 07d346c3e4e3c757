import fs from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzeMessage, isUsableAddress, parseDeliveryStatus } from './analyze'
import { sanitizeEmailHtml } from './sanitize'

const fixture = (name: string) => fs.readFileSync(path.join(import.meta.dirname, 'fixtures', name))
const limits = { maxMessageBytes: 1024 * 1024, maxAttachmentBytes: 1024 * 1024 }
const analyze = (name: string, l = limits) => analyzeMessage(fixture(name), l)

describe('analyzeMessage: a customer reply', () => {
  it('pulls out ids, recipients and the reply apart from the quoted history', async () => {
    const a = await analyze('customer-reply.eml')
    expect(a.quarantineReason).toBeNull()
    expect(a.classification).toEqual({ kind: 'MESSAGE' })
    expect(a.messageId).toBe('reply-1@mail.example.com')
    expect(a.fromAddress).toBe('anna@example.com')
    expect(a.fromName).toBe('Anna Nowak')
    expect(a.recipients).toEqual(['orders+hl-2026-000123@hookline.test'])
    expect(a.subject).toBe('Re: Zamówienie HL-2026-000123 przyjęte')
    expect(a.inReplyTo).toEqual(['hl-00000000-0000-0000-0000-000000000001@hookline.test'])
    expect(a.references).toEqual(['hl-00000000-0000-0000-0000-000000000001@hookline.test'])
    expect(a.replyText).toBe('Czy mogę zmienić adres dostawy na ul. Krótka 5?')
    expect(a.text).toContain('> Dziękujemy za zamówienie HL-2026-000123.')
  })

  it('sniffs attachment types from the bytes, not the declared type', async () => {
    const a = await analyze('attachment-pdf.eml')
    expect(a.quarantineReason).toBeNull()
    expect(a.attachments).toHaveLength(1)
    expect(a.attachments[0]).toMatchObject({
      filename: 'invoice.pdf',
      declaredType: 'text/html',
      contentType: 'application/pdf',
      size: 3009,
    })
  })
})

describe('analyzeMessage: bounces (RFC 3464)', () => {
  it('Postfix hard bounce: failed 5.1.1 is permanent, with the bounced Message-ID', async () => {
    const a = await analyze('bounce-postfix-failed.eml')
    expect(a.quarantineReason).toBeNull()
    expect(a.classification).toEqual({
      kind: 'BOUNCE',
      isPermanent: true,
      originalMessageId: 'hl-00000000-0000-0000-0000-000000000002@hookline.test',
      recipients: [
        {
          finalRecipient: 'gone@example.org',
          action: 'failed',
          status: '5.1.1',
          diagnosticCode:
            '550 5.1.1 <gone@example.org>: Recipient address rejected: User unknown in virtual mailbox table',
        },
      ],
    })
  })

  it('a delayed report is not permanent', async () => {
    const a = await analyze('bounce-delayed.eml')
    expect(a.classification).toMatchObject({
      kind: 'BOUNCE',
      isPermanent: false,
      recipients: [{ action: 'delayed', status: '4.4.7' }],
    })
  })

  it('Exchange report with two recipients, folded Diagnostic-Code and the original as message/rfc822', async () => {
    const a = await analyze('bounce-exchange-multi.eml')
    expect(a.classification).toEqual({
      kind: 'BOUNCE',
      isPermanent: true,
      originalMessageId: 'hl-00000000-0000-0000-0000-000000000002@hookline.test',
      recipients: [
        {
          finalRecipient: 'gone@example.org',
          action: 'failed',
          status: '5.2.2',
          diagnosticCode: '554 5.2.2 mailbox full; Action: none',
        },
        { finalRecipient: 'ok@example.org', action: 'delivered', status: '2.0.0', diagnosticCode: null },
      ],
    })
  })

  it('parseDeliveryStatus ignores the per-message block', () => {
    expect(
      parseDeliveryStatus(
        'Reporting-MTA: dns; a\n\nFinal-Recipient: rfc822; x@y.z\nAction: failed\nStatus: 5.0.0\n',
      ),
    ).toEqual([{ finalRecipient: 'x@y.z', action: 'failed', status: '5.0.0', diagnosticCode: null }])
  })
})

describe('analyzeMessage: auto-replies (RFC 3834)', () => {
  it.each([
    ['auto-reply-ooo.eml', ['Auto-Submitted: auto-replied']],
    ['auto-reply-precedence.eml', ['Precedence: bulk']],
    ['list-mail.eml', ['list-id header', 'list-unsubscribe header']],
    ['null-return-path.eml', ['null Return-Path']],
  ])('%s is an auto-reply', async (name, reasons) => {
    const a = await analyze(name)
    expect(a.quarantineReason).toBeNull()
    expect(a.classification).toEqual({ kind: 'AUTO_REPLY', reasons })
  })

  it('Auto-Submitted: no is a person writing', async () => {
    expect((await analyze('auto-submitted-no.eml')).classification).toEqual({ kind: 'MESSAGE' })
  })
})

describe('analyzeMessage: quarantine', () => {
  it.each([
    ['bad-empty-message-id.eml', 'empty Message-ID'],
    ['bad-charset-1252.eml', 'unknown charset "1252"'],
    ['bad-from-empty-local.eml', 'unusable From address "\\"\\"@x"'],
    ['bad-8bit-headers.eml', '8-bit bytes in the headers that are not UTF-8'],
    ['bad-broken-utf8.eml', 'broken charset: bytes that do not decode in the declared charset'],
    ['bad-winmail.eml', 'winmail.dat (TNEF) attachment'],
  ])('%s: %s', async (name, reason) => {
    expect((await analyze(name)).quarantineReason).toBe(reason)
  })

  it('an attachment over the cap', async () => {
    const a = await analyze('attachment-pdf.eml', { ...limits, maxAttachmentBytes: 1024 })
    expect(a.quarantineReason).toBe('attachment "invoice.pdf" of 3009 bytes is over the 1024-byte cap')
  })

  it('a message over the cap is not even parsed', async () => {
    const a = await analyze('customer-reply.eml', { ...limits, maxMessageBytes: 100 })
    expect(a.quarantineReason).toMatch(/^message of \d+ bytes is over the 100-byte cap$/)
    expect(a.messageId).toBeNull()
  })

  it('isUsableAddress', () => {
    expect(['a@b.c', '"a b"@c.d', 'x@localhost'].map(isUsableAddress)).toEqual([true, true, true])
    expect(['""@x', '@x', 'x@', '', 'a b@c'].map(isUsableAddress)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ])
  })
})

describe('sanitizeEmailHtml', () => {
  it('drops scripts, handlers and javascript: links and blocks remote images by default', async () => {
    const a = await analyze('html-with-remote-image.eml')
    const safe = sanitizeEmailHtml(a.html!)
    expect(safe.html).not.toMatch(/script|onclick|javascript:|tracker\.example\.net/)
    expect(safe.html).toContain('<b>photo</b>')
    expect(safe.blockedImages).toBe(1)
    const shown = sanitizeEmailHtml(a.html!, { allowRemoteImages: true })
    expect(shown.html).toContain('src="https://tracker.example.net/p.gif"')
    expect(shown.blockedImages).toBe(0)
  })
})
