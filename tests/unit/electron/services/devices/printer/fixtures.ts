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
