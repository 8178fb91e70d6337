import { DEFAULT_RESULT_NOTICE, type MaterialInput, type ServiceItemInput } from '../schema'
import { choice, date, digits, group, hukouBook, longText, sexChoice, t, text } from './fields'

/**
 * SAMPLE CONTENT shared by more than one item or bundle of the sample catalog: departments,
 * laws, outputs, form sections and materials that the items would otherwise each spell out
 * again (and could then let drift apart).
 */

type Text = readonly [zh: string, en: string]
type Option = readonly [value: string, zh: string, en: string]
type Output = ServiceItemInput['output']

// --- Departments and legal bases ----------------------------------------------------------------

export const socialInsuranceCentre = t(
  '县社会保险事业服务中心',
  'County Social Insurance Service Centre',
)
export const hrssBureau = t(
  '县人力资源和社会保障局',
  'County Human Resources and Social Security Bureau',
)
export const civilAffairsViaTownship = t(
  '县民政局（乡镇人民政府受理）',
  'County Civil Affairs Bureau (received by the township)',
)

/** 《中华人民共和国社会保险法》, the article(s) named in both languages. */
export const socialInsuranceLaw = (zh: string, en: string) =>
  t(`《中华人民共和国社会保险法》${zh}`, `Social Insurance Law of the PRC, ${en}`)

/** 《社会救助暂行办法》, the articles named in both languages. */
export const socialAssistanceMeasures = (zh: string, en: string) =>
  t(`《社会救助暂行办法》${zh}`, `Interim Measures for Social Assistance, ${en}`)

export const unifiedPensionOpinion = t(
  '《国务院关于建立统一的城乡居民基本养老保险制度的意见》（国发〔2014〕8号）',
  'State Council Opinions on a Unified Basic Pension Insurance for Urban and Rural Residents (Guofa [2014] No. 8)',
)

// --- Outputs ------------------------------------------------------------------------------------

export const enrolmentReceipt: Output = {
  kind: 'receipt',
  name: t('参保登记回执', 'Enrolment receipt'),
  delivery: ['print-at-kiosk'],
}

export const socialSecurityCard: Output = {
  kind: 'card',
  name: t('第三代社会保障卡', 'Third-generation social security card'),
  delivery: ['pickup', 'mail'],
}

/** A benefit paid into the resident's bank account. */
export const paidBenefit = (zh: string, en: string): Output => ({
  kind: 'benefit',
  name: t(zh, en),
  delivery: ['bank-transfer'],
})

// --- Form fields and sections -------------------------------------------------------------------

/** Insured or assisted groups the forms ask about. */
export const generalResident: Option = ['general', '普通居民', 'General resident']
export const dibaoRecipient: Option = ['dibao', '低保对象', 'Minimum-living-allowance recipient']
export const tekunPerson: Option = ['tekun', '特困人员', 'Person in extreme hardship']

export const personName = () => text(['姓名', 'Name'], { maxLength: 20 })

/** An ID number typed on the keypad (someone else's: the resident's own comes from the card). */
export const typedIdNumber = (help?: Text) =>
  digits(['公民身份号码', 'ID number'], '^[1-9][0-9]{16}[0-9X]$', {
    maxLength: 18,
    ...(help ? { help } : {}),
  })

/**
 * How a card or certificate reaches the resident (collect at the village or by post) and the
 * postal address, spread into a section; `key` names the choice.
 */
export const pickupOrMail = (title: Text, key = 'delivery') => ({
  [key]: choice(title, [
    ['village', '到村便民服务站领取', 'Collect at the village service station'],
    ['mail', '邮寄到家', 'Post it to my home'],
  ]),
  mailAddress: longText(['邮寄地址', 'Postal address'], {
    optional: true,
    maxLength: 120,
    help: ['选择邮寄时填写', 'Only if you chose to have it posted'],
  }),
})

/** The newborn, as its medical birth certificate names it. */
export const newbornSection = () =>
  group(['新生儿', 'Newborn'], {
    name: personName(),
    gender: sexChoice(),
    birthDate: date(['出生日期', 'Date of birth']),
    certificateNumber: text(['出生医学证明编号', 'Birth certificate number'], {
      pattern: '^[A-Z][0-9]{9}$',
      help: [
        '在出生医学证明右上角，一个字母加9位数字',
        'Top right of the certificate: one letter and 9 digits',
      ],
    }),
  })

// --- Materials ----------------------------------------------------------------------------------

export const birthCertificate = (): MaterialInput => ({
  id: 'birth-certificate',
  name: t('《出生医学证明》', 'Medical birth certificate'),
  form: 'original',
  requirement: { kind: 'required' },
  capture: 'photo',
  photoHint: t(
    '请把出生医学证明正面平放在拍摄区',
    'Place the front of the certificate flat in the camera area',
  ),
})

export const parentsHukouBook = () =>
  hukouBook({
    description: t('父亲或母亲的户口簿', 'The father’s or mother’s household register'),
  })

// --- Reason codes (不予受理, 补正, 不予许可) -----------------------------------------------------

type Reason = readonly [code: string, zh: string, en: string]
const reasonList = (rs: readonly Reason[]) =>
  rs.map(([code, zh, en]) => ({ code, text: t(zh, en) }))

/**
 * The reasons every sample item offers, plus the item's own rejection reasons (不予许可 is where
 * items differ most). A real catalog writes each item's list from its 办事指南.
 */
export const caseReasons = (ownRejections: readonly Reason[] = []) => ({
  notAccepted: reasonList([
    [
      'not-in-scope',
      '申请事项不属于本机关职权范围',
      'The matter is not within this office’s remit',
    ],
    ['not-eligible-applicant', '申请人不具备申请资格', 'The applicant is not entitled to apply'],
    ['duplicate', '已有相同事项正在办理', 'The same matter is already being handled'],
  ]),
  supplement: reasonList([
    ['material-missing', '缺少所需材料', 'A required document is missing'],
    ['material-unclear', '材料照片不清晰，无法辨认', 'The document photo cannot be read'],
    ['material-expired', '材料已过有效期', 'The document has expired'],
    ['form-incomplete', '申请表填写不完整或有误', 'The form is incomplete or wrong'],
  ]),
  rejection: reasonList([
    ['conditions-not-met', '不符合申请条件', 'The conditions are not met'],
    ['false-statement', '提供的材料或信息不真实', 'The documents or information are not true'],
    ...ownRejections,
  ]),
})

// --- Result notice (结果通知书) -------------------------------------------------------------

/**
 * The notice every sample item's decision fills, with the item's own line after the decision
 * on an approval (what happens next). Short lines: it is printed on a 58 mm receipt.
 */
export const resultNotice = (approvedNext = '') => ({
  approved: approvedNext
    ? DEFAULT_RESULT_NOTICE.approved.replace('\n决定日期', `\n${approvedNext}\n决定日期`)
    : DEFAULT_RESULT_NOTICE.approved,
  rejected: DEFAULT_RESULT_NOTICE.rejected,
})
