/**
 * How a technician sees a card: masked by default, with the project's one masking rule
 * (common/privacy/mask.ts): 110101********123X, 张*, 欧*明.
 */
import type { IdCard } from '../../../../common/devices/id-card'
import { maskIdNumber, maskName } from '../../../../common/privacy/mask'

/** English names: each word keeps its first letter. */
export function maskLatinName(name: string): string {
  return name.replace(/[A-Za-z]+/g, (w) => w[0] + '*'.repeat(w.length - 1))
}

export function maskCard(card: IdCard): IdCard {
  const out: IdCard = {
    ...card,
    name: maskName(card.name),
    idNumber: maskIdNumber(card.idNumber),
  }
  if (card.nameEn !== undefined) out.nameEn = maskLatinName(card.nameEn)
  if (card.passNumber !== undefined) {
    out.passNumber =
      card.passNumber.slice(0, 1) +
      '*'.repeat(Math.max(0, card.passNumber.length - 3)) +
      card.passNumber.slice(-2)
  }
  return out
}

const cardTypeNames: Record<IdCard['cardType'], string> = {
  resident: '居民身份证 / resident ID card',
  'foreign-permanent': '外国人永久居留身份证 / foreign permanent residence card (2017)',
  'foreign-permanent-2023':
    '外国人永久居留身份证（2023 版）/ foreign permanent residence card (2023)',
  'hk-mo-tw-residence': '港澳台居民居住证 / HK/Macao/Taiwan residence permit',
}

/** Human-readable lines, Chinese label first. */
export function cardLines(card: IdCard): string[] {
  const rows: [string, string | undefined][] = [
    ['证件类型 / card type', cardTypeNames[card.cardType]],
    ['姓名 / name', card.name],
    ['英文姓名 / English name', card.nameEn],
    ['性别 / gender', `${card.gender} (${card.genderCode})`],
    ['民族 / nation', card.nation && `${card.nation} (${card.nationCode})`],
    ['出生日期 / birth date', card.birthDate],
    ['住址 / address', card.address],
    ['证件号码 / number', card.idNumber],
    [
      '校验位 / check digit',
      card.idNumberValid === undefined
        ? undefined
        : card.idNumberValid
          ? '正确 / valid'
          : '错误 / INVALID',
    ],
    ['签发机关 / issuer', card.issuer],
    ['有效期限 / valid', `${card.validFrom} — ${card.validUntil}`],
    ['国籍 / nationality', card.nationality],
    ['通行证号码 / pass number', card.passNumber],
    ['签发次数 / issue count', card.issueCount],
  ]
  return rows.filter((r): r is [string, string] => r[1] !== undefined).map(([k, v]) => `${k}: ${v}`)
}
