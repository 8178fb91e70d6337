import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { ReceiptData, type ReceiptDataInput } from '../../../../../../common/devices/printer'

export const receiptFile = fileURLToPath(new URL('./fixtures/receipt.json', import.meta.url))

export function sampleInput(overrides: Partial<ReceiptDataInput> = {}): ReceiptDataInput {
  return { ...(JSON.parse(readFileSync(receiptFile, 'utf8')) as ReceiptDataInput), ...overrides }
}

export function sampleReceipt(overrides: Partial<ReceiptDataInput> = {}): ReceiptData {
  return ReceiptData.parse(sampleInput(overrides))
}

/** `1B 40 …` → bytes, for hand-checked tables. */
export function hex(s: string): Uint8Array {
  const clean = s.replace(/\s+/g, '')
  return Uint8Array.from(clean.match(/../g) ?? [], (h) => parseInt(h, 16))
}

export function toHex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).toUpperCase().padStart(2, '0')).join(' ')
}
