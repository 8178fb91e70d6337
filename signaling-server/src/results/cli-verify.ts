import { existsSync } from 'node:fs'
import { payloadOf } from '../../../common/results/payload'
import {
  checkResultPayload,
  ResultKeyList,
  ResultStatus,
  resultTexts,
  type ResultCheck,
} from '../../../common/results/verify'
import { noticeHash, publicKeyList, registerStatus } from './service'
import { openSqliteResultStore } from './store'

/**
 * `npm run server -- verify <payload-or-URL>`: the verify page's check on the command line. The
 * keys come from this centre's results database, or with `--centre URL` from that centre's
 * public key list (never from the URL being checked: a forged code would bring its own keys).
 * One line per outcome; exit 0 only for a valid result.
 */
export async function verifyCommand(
  input: string,
  opts: {
    resultsDb: string
    centre?: string
    /** The printed notice's text (`--notice FILE`): must be the text the code was signed for. */
    noticeText?: string
  },
): Promise<{ code: 0 | 1; line: string }> {
  const payload = payloadOf(input) ?? input
  let check: ResultCheck
  let status: ResultStatus | null
  if (opts.centre) {
    const base = opts.centre.replace(/\/+$/, '')
    let keys: ResultKeyList
    try {
      const res = await fetch(`${base}/api/v1/result-keys`)
      keys = ResultKeyList.parse(await res.json())
    } catch {
      return { code: 1, line: `未核验 not checked: cannot read the key list of ${base}` }
    }
    check = await checkResultPayload(payload, keys)
    try {
      const res = await fetch(`${base}/api/v1/result-status/${encodeURIComponent(payload)}`)
      status = ResultStatus.parse(await res.json())
    } catch {
      status = null
    }
  } else {
    if (!existsSync(opts.resultsDb))
      return {
        code: 1,
        line: `未核验 not checked: no results database at ${opts.resultsDb} (give --results-db PATH or --centre URL)`,
      }
    const store = openSqliteResultStore(opts.resultsDb)
    try {
      check = await checkResultPayload(payload, publicKeyList(store, '', Date.now()))
      status = await registerStatus(store, payload, Date.now())
    } finally {
      store.close()
    }
  }
  const reason = (r: keyof typeof resultTexts.reasons) =>
    `${resultTexts.reasons[r].en} (${resultTexts.reasons[r]['zh-CN']})`
  if (check.outcome === 'invalid')
    return { code: 1, line: `无效 not valid: ${reason(check.reason)}` }
  if (check.outcome === 'unavailable')
    return { code: 1, line: '未核验 not checked: this Node has no WebCrypto Ed25519' }
  const f = check.fields
  const d = resultTexts.decisions[f.decision]
  const what = `${f.caseNumber} ${f.itemCode} ${d['zh-CN']}/${d.en} ${f.decisionDate} ${f.maskedName} (key ${f.kid})`
  const revoked =
    check.outcome === 'revoked' ? check : status?.outcome === 'revoked' ? status : null
  if (revoked)
    return {
      code: 1,
      line: `已撤销 revoked: ${what} since ${revoked.revokedAt}: ${reason(revoked.reason)}`,
    }
  if (status?.outcome === 'invalid')
    return { code: 1, line: `无效 not valid: ${what}: ${reason(status.reason)}` }
  if (opts.noticeText !== undefined && noticeHash(opts.noticeText) !== f.noticeHash)
    return {
      code: 1,
      line: `无效 not valid: ${what}: the notice text is not the one this code was signed for (通知书文字与二维码不符)`,
    }
  const matches = opts.noticeText === undefined ? '' : '; notice text matches (通知书文字相符)'
  if (!status)
    return {
      code: 0,
      line: `有效 valid: ${what}${matches}; revocation not checked (the centre did not answer)`,
    }
  return { code: 0, line: `有效 valid: ${what}${matches}` }
}
