// The result notice as the receipt printer prints it (result-layout.ts), read back by the
// ESC/POS parser the simulator uses: the signed text line by line within the paper's columns,
// one QR code of the verify address, and no control character from the text reaching the printer.
import { describe, expect, it } from 'vitest'
import { paperColumns } from '../../../../../../common/devices/printer'
import { parseEscPos } from '../../../../../../electron/services/devices/printer/escpos-parser'
import { textColumns } from '../../../../../../electron/services/devices/printer/escpos'
import { layoutResultNotice } from '../../../../../../electron/services/devices/printer/result-layout'

const notice = {
  caseNumber: '20261202-000042',
  noticeText:
    '结果通知书\n王*英：\n您申请的“高龄津贴申领”（受理编号 20261202-000042），经县民政局审查，决定：准予。\n决定日期：2026-12-02\n扫描二维码可核验本通知真伪。',
  qrText: 'HTTPS://ZWFW.EXAMPLE.GOV.CN/V/20261202-000042.CA-ELDERLY-ALLOWANCE.ABC',
  hallName: '石桥村便民服务站',
}

describe('result notice layout', () => {
  for (const paper of ['58mm', '80mm'] as const) {
    it(`prints the text and one QR code of the verify address (${paper})`, () => {
      const { bytes, preview } = layoutResultNotice(notice, { paper })
      const { receipts, errors } = parseEscPos(bytes)
      expect(errors).toEqual([])
      expect(receipts).toHaveLength(1)
      const [r] = receipts
      expect(r!.qrCodes).toEqual([notice.qrText])
      const flat = r!.text.replace(/\s+/g, '')
      for (const line of notice.noticeText.split('\n'))
        expect(flat).toContain(line.replace(/\s+/g, ''))
      // Every printed line fits the paper (the preview's [QR …] stands for the symbol).
      for (const l of preview.filter((p) => !p.startsWith('[QR ')))
        expect(textColumns(l), l).toBeLessThanOrEqual(paperColumns[paper])
    })
  }

  it('drops control characters from the text', () => {
    const { bytes } = layoutResultNotice(
      { ...notice, noticeText: '结果通知书\n王*英\u001b@\u001dV' },
      { paper: '58mm' },
    )
    const { receipts } = parseEscPos(bytes)
    expect(receipts).toHaveLength(1)
    expect(receipts[0]!.text).toContain('王*英@V')
  })
})
