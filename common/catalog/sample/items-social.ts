import type { ServiceItemInput } from '../schema'
import {
  applicantPrefill,
  applicantSection,
  bankCard,
  choice,
  date,
  digits,
  form,
  group,
  hukouBook,
  idCardViaReader,
  idPhoto,
  longText,
  mailAddressPrefill,
  payoutSection,
  t,
  yesNo,
} from './fields'
import {
  birthCertificate,
  dibaoRecipient,
  enrolmentReceipt,
  generalResident,
  hrssBureau,
  newbornSection,
  paidBenefit,
  parentsHukouBook,
  personName,
  pickupOrMail,
  socialInsuranceCentre,
  socialInsuranceLaw,
  socialSecurityCard,
  tekunPerson,
  typedIdNumber,
  unifiedPensionOpinion,
  caseReasons,
  resultNotice,
} from './shared'

// SAMPLE CONTENT: realistic but not an official catalog. Legal bases cite national law where it
// exists; provincial rules are marked (示例 / sample).

const truthful = t(
  '本人承诺以上填写的信息和提交的材料真实、准确、完整。',
  'I promise that the information I have given and the documents I have supplied are true, accurate and complete.',
)

export const pensionEnrol: ServiceItemInput = {
  code: 'SI-PENSION-ENROL',
  categoryId: 'social-security',
  name: t(
    '城乡居民基本养老保险参保登记',
    'Enrolment in the basic pension insurance for urban and rural residents',
  ),
  summary: t(
    '年满16周岁、未参加职工养老保险的城乡居民，在户籍地登记参加居民养老保险。',
    'Residents aged 16 or over without employee pension insurance enrol where their household is registered.',
  ),
  keywords: ['养老', '参保', 'cbylbx'],
  popular: true,
  department: socialInsuranceCentre,
  legalBasis: [
    socialInsuranceLaw('第二十条、第二十二条', 'Articles 20 and 22'),
    unifiedPensionOpinion,
  ],
  conditions: [
    t('年满16周岁（不含在校学生）', 'Aged 16 or over (students excluded)'),
    t(
      '未参加职工基本养老保险，非国家机关和事业单位工作人员',
      'Not covered by the employee basic pension insurance and not a civil servant or public-institution employee',
    ),
    t('在户籍所在地参保', 'Enrol in the place of household registration'),
  ],
  materials: [idCardViaReader(), hukouBook({ capture: 'photo-or-counter' })],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 0 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: { applies: false },
  output: enrolmentReceipt,
  form: form(
    {
      applicant: applicantSection(),
      contribution: group(['缴费信息', 'Contributions'], {
        grade: choice(
          ['缴费档次（元/年）', 'Contribution level (yuan per year)'],
          [
            ['200', '200 元', '200 yuan'],
            ['300', '300 元', '300 yuan'],
            ['500', '500 元', '500 yuan'],
            ['1000', '1000 元', '1000 yuan'],
            ['2000', '2000 元', '2000 yuan'],
            ['3000', '3000 元', '3000 yuan'],
          ],
          {
            help: [
              '档次越高，将来领取的养老金越多；以后可以每年调整',
              'A higher level gives a higher pension later; you can change it every year',
            ],
          },
        ),
        group: choice(
          ['参保身份', 'Insured group'],
          [
            generalResident,
            dibaoRecipient,
            tekunPerson,
            ['severe-disability', '重度残疾人', 'Person with a severe disability'],
          ],
          {
            help: [
              '低保对象、特困人员、重度残疾人由政府代缴部分或全部最低档次保费',
              'For these groups the government pays part or all of the lowest level',
            ],
          },
        ),
      }),
    },
    applicantPrefill(),
  ),
}

export const pensionClaim: ServiceItemInput = {
  code: 'SI-PENSION-CLAIM',
  categoryId: 'social-security',
  name: t(
    '城乡居民基本养老保险待遇申领',
    'Claiming the basic pension for urban and rural residents',
  ),
  summary: t(
    '参保人年满60周岁，申请按月领取城乡居民养老金。',
    'Insured residents aged 60 or over apply to receive their monthly pension.',
  ),
  keywords: ['养老金', '领取', 'ylj'],
  popular: true,
  eligibility: { minAge: 60 },
  department: socialInsuranceCentre,
  legalBasis: [socialInsuranceLaw('第二十一条', 'Article 21'), unifiedPensionOpinion],
  conditions: [
    t(
      '已参加城乡居民基本养老保险，年满60周岁',
      'Insured under the residents’ pension and aged 60 or over',
    ),
    t(
      '累计缴费满15年，或符合政策规定的补缴条件',
      'Paid for 15 years in total, or eligible to pay the missing years',
    ),
    t('未领取国家规定的其他基本养老保障待遇', 'Not receiving another statutory basic pension'),
  ],
  materials: [idCardViaReader(), bankCard({ requirement: { kind: 'required' } })],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 10 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('待遇领取承诺书', 'Pension claim commitment'),
    text: t(
      '本人承诺以上填写的信息真实，未领取其他基本养老保障待遇。领取待遇期间如本人死亡，由家属在30日内告知村（居）委会，多领取的养老金予以退还。',
      'I promise that this information is true and that I receive no other basic pension. Should I die while receiving the pension, my family will tell the village committee within 30 days and return any amount overpaid.',
    ),
  },
  output: paidBenefit('按月发放的养老金', 'Monthly pension'),
  form: form({ applicant: applicantSection(), payout: payoutSection() }, applicantPrefill()),
}

export const socialCardReissue: ServiceItemInput = {
  code: 'SI-CARD-REISSUE',
  categoryId: 'social-security',
  name: t('社会保障卡补换', 'Replacing a social security card'),
  summary: t(
    '社会保障卡遗失、损坏或信息变更时，申请补办或换发新卡。',
    'Apply for a new social security card when yours is lost, damaged or its details have changed.',
  ),
  keywords: ['社保卡', '补卡', '换卡', 'sbk'],
  popular: true,
  department: hrssBureau,
  legalBasis: [
    socialInsuranceLaw('第五十八条', 'Article 58'),
    t('《××省社会保障卡管理办法》（示例）', 'Provincial Social Security Card Regulations (sample)'),
  ],
  conditions: [
    t('已领取社会保障卡', 'You have been issued a social security card'),
    t(
      '遗失的卡片已经挂失（可在本机或拨打12333挂失）',
      'A lost card has been reported (here or on 12333)',
    ),
  ],
  materials: [
    idCardViaReader(),
    idPhoto(),
    {
      id: 'damaged-card',
      name: t('损坏的原社会保障卡', 'The damaged card'),
      description: t('卡片损坏时交回，遗失时不需要', 'Hand it in if damaged; not needed if lost'),
      form: 'original',
      requirement: { kind: 'optional' },
      capture: 'photo-or-counter',
    },
  ],
  fee: {
    kind: 'charged',
    items: [
      {
        name: t('补换卡工本费', 'Card replacement fee'),
        amountFen: 1500,
        basis: t(
          '《××省社会保障卡补换卡收费标准》（示例）',
          'Provincial fee schedule for replacement cards (sample)',
        ),
      },
    ],
  },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 15 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: { applies: false },
  output: socialSecurityCard,
  form: form(
    {
      applicant: applicantSection(),
      request: group(['补换信息', 'Replacement'], {
        reason: choice(
          ['补换原因', 'Reason'],
          [
            ['lost', '卡片遗失', 'Card lost'],
            ['damaged', '卡片损坏', 'Card damaged'],
            ['changed', '个人信息变更', 'Personal details changed'],
          ],
        ),
        reportedLost: yesNo(['已经挂失', 'Already reported lost'], { optional: true }),
        ...pickupOrMail(['领卡方式', 'How to receive the card']),
      }),
    },
    [...applicantPrefill(), mailAddressPrefill('request.mailAddress')],
  ),
}

export const socialCardApply: ServiceItemInput = {
  code: 'SI-CARD-APPLY',
  categoryId: 'social-security',
  name: t('社会保障卡申领', 'Applying for a social security card'),
  summary: t(
    '首次申领社会保障卡（含新生儿）。',
    'First application for a social security card (newborns included).',
  ),
  keywords: ['社保卡', '申领', '新生儿'],
  department: hrssBureau,
  legalBasis: [socialInsuranceLaw('第五十八条', 'Article 58')],
  conditions: [t('已参加社会保险且未领取过社会保障卡', 'Insured, and never issued a card before')],
  materials: [
    idCardViaReader(),
    idPhoto({ requirement: { kind: 'deferrable', deadlineDays: 30 } }),
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 20 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('申领承诺书', 'Application commitment'),
    text: t(
      '本人承诺所填信息真实；照片未能当场提供的，本人承诺在期限内补交，逾期未补交的视为撤回申请。',
      'I promise that the information is true; if the photo is not supplied now, I will supply it within the deadline, otherwise the application is withdrawn.',
    ),
  },
  output: socialSecurityCard,
  form: form({ applicant: applicantSection() }, applicantPrefill()),
}

export const medicalEnrol: ServiceItemInput = {
  code: 'MI-RESIDENT-ENROL',
  categoryId: 'medical-insurance',
  name: t(
    '城乡居民基本医疗保险参保登记',
    'Enrolment in the basic medical insurance for urban and rural residents',
  ),
  summary: t(
    '未参加职工医保的城乡居民（含新生儿）登记参加居民医保，按年缴费。',
    'Residents without employee medical insurance (newborns included) enrol and pay once a year.',
  ),
  keywords: ['医保', '合作医疗', 'yb'],
  popular: true,
  department: t('县医疗保障局', 'County Healthcare Security Bureau'),
  legalBasis: [
    socialInsuranceLaw('第二十五条', 'Article 25'),
    t(
      '《国务院关于整合城乡居民基本医疗保险制度的意见》（国发〔2016〕3号）',
      'State Council Opinions on Integrating the Basic Medical Insurance for Urban and Rural Residents (Guofa [2016] No. 3)',
    ),
  ],
  conditions: [
    t(
      '未参加职工基本医疗保险的城乡居民',
      'Residents not covered by the employee medical insurance',
    ),
    t(
      '新生儿可在出生后90日内参保，自出生之日起享受待遇',
      'Newborns enrolled within 90 days are covered from birth',
    ),
  ],
  materials: [idCardViaReader(), hukouBook({ capture: 'data-sharing', pages: 1 })],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 0 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: { applies: false },
  output: enrolmentReceipt,
  form: form(
    {
      applicant: applicantSection(['参保人', 'Insured person']),
      insured: group(['参保信息', 'Insurance'], {
        group: choice(
          ['人员类别', 'Category'],
          [
            generalResident,
            ['child', '学生儿童', 'Student or child'],
            dibaoRecipient,
            tekunPerson,
            ['poverty-relief', '脱贫人口', 'Person lifted out of poverty'],
          ],
          {
            help: [
              '特困人员、低保对象等由政府资助参保',
              'The government subsidises these groups’ contributions',
            ],
          },
        ),
      }),
    },
    applicantPrefill(),
  ),
}

export const birthHukou: ServiceItemInput = {
  code: 'PS-BIRTH-HUKOU',
  categoryId: 'family',
  name: t('出生登记（新生儿落户）', 'Birth registration in the household register'),
  summary: t(
    '为新生儿在父亲或母亲的户口上登记常住户口。',
    'Register a newborn in the household register of the father or mother.',
  ),
  keywords: ['落户', '上户口', '新生儿'],
  department: t(
    '县公安局户政（辖区派出所）',
    'County Public Security Bureau, household registration',
  ),
  legalBasis: [
    t(
      '《中华人民共和国户口登记条例》第七条',
      'Regulations on Household Registration of the PRC, Article 7',
    ),
  ],
  conditions: [
    t(
      '婴儿出生后一个月以内，由户主、亲属或监护人申报',
      'Reported within one month of birth by the head of household, a relative or a guardian',
    ),
  ],
  materials: [birthCertificate(), parentsHukouBook()],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 5 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('出生登记承诺书', 'Birth registration commitment'),
    text: truthful,
  },
  output: {
    kind: 'certificate',
    name: t('加注新生儿的居民户口簿', 'Household register with the newborn entered'),
    delivery: ['pickup'],
  },
  form: form(
    {
      applicant: applicantSection(['申报人', 'Person reporting']),
      child: newbornSection(),
    },
    applicantPrefill(),
  ),
}

export const birthRegistration: ServiceItemInput = {
  code: 'HW-BIRTH-REGISTER',
  categoryId: 'family',
  name: t('生育登记', 'Birth planning registration'),
  summary: t(
    '生育子女的家庭进行生育登记，享受孕产期保健等服务。',
    'Families expecting or having a child register to receive maternity and child-health services.',
  ),
  keywords: ['生育', '准生', 'sydj'],
  department: t('乡镇人民政府（卫生健康办）', 'Township government, health office'),
  legalBasis: [
    t(
      '《中华人民共和国人口与计划生育法》第二十一条',
      'Population and Family Planning Law of the PRC, Article 21',
    ),
    t(
      '《××省生育登记服务管理办法》（示例）',
      'Provincial rules on birth registration services (sample)',
    ),
  ],
  conditions: [
    t('夫妻一方户籍在本乡镇，或在本乡镇居住', 'One spouse is registered or lives in this township'),
  ],
  materials: [
    idCardViaReader(),
    {
      id: 'spouse-id',
      name: t('配偶居民身份证', 'Spouse’s resident ID card'),
      form: 'original',
      requirement: { kind: 'required' },
      capture: 'photo',
      pages: 2,
      photoHint: t('请先拍正面，再拍背面', 'Photograph the front, then the back'),
    },
    {
      id: 'marriage-certificate',
      name: t('结婚证', 'Marriage certificate'),
      description: t('已婚的提供', 'If married'),
      form: 'original',
      requirement: { kind: 'optional' },
      capture: 'photo-or-counter',
      pages: 2,
    },
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 0 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('生育登记承诺书', 'Birth registration commitment'),
    text: truthful,
  },
  output: {
    kind: 'receipt',
    name: t('生育服务登记回执', 'Birth registration receipt'),
    delivery: ['print-at-kiosk', 'electronic'],
  },
  form: form(
    {
      applicant: applicantSection(),
      spouse: group(['配偶', 'Spouse'], {
        name: personName(),
        idNumber: typedIdNumber(['18 位，最后一位可能是 X', '18 characters; the last may be X']),
      }),
      birth: group(['生育情况', 'The child'], {
        childOrder: choice(
          ['本次生育的是第几个孩子', 'Which child of the family is this'],
          [
            ['1', '第一个', 'First'],
            ['2', '第二个', 'Second'],
            ['3', '第三个及以上', 'Third or later'],
          ],
        ),
        expectedDate: date(['预产期或出生日期', 'Due date or date of birth']),
      }),
    },
    applicantPrefill(),
  ),
}

export const homestead: ServiceItemInput = {
  code: 'NR-HOMESTEAD-BUILD',
  categoryId: 'housing',
  name: t(
    '农村宅基地和建房（规划许可）申请',
    'Rural homestead and house-building (planning permit) application',
  ),
  summary: t(
    '农村村民申请使用宅基地建住宅，联办宅基地审批和乡村建设规划许可。',
    'Villagers apply to use a homestead plot and build a house; homestead approval and the village planning permit are handled together.',
  ),
  keywords: ['宅基地', '建房', '盖房', 'zjd'],
  department: t(
    '乡镇人民政府（农业农村、自然资源联审）',
    'Township government (agriculture and natural resources review jointly)',
  ),
  legalBasis: [
    t('《中华人民共和国土地管理法》第六十二条', 'Land Administration Law of the PRC, Article 62'),
    t(
      '《中华人民共和国城乡规划法》第四十一条',
      'Urban and Rural Planning Law of the PRC, Article 41',
    ),
    t(
      '《农业农村部 自然资源部关于规范农村宅基地审批管理的通知》（农经发〔2019〕6号）',
      'Notice of the Ministries of Agriculture and Natural Resources on Homestead Approval (Nongjingfa [2019] No. 6)',
    ),
  ],
  conditions: [
    t(
      '本集体经济组织成员，以户为单位申请',
      'A member of the village collective, applying per household',
    ),
    t(
      '一户只能拥有一处宅基地，面积不超过省规定的标准',
      'One homestead per household, within the provincial area limit',
    ),
    t(
      '出卖、出租、赠与住宅后，再申请宅基地的，不予批准',
      'No new plot after selling, renting out or giving away a house',
    ),
  ],
  materials: [
    idCardViaReader(),
    hukouBook(),
    {
      id: 'village-opinion',
      name: t(
        '村民小组会议和村级组织审查意见',
        'Opinion of the villagers’ group meeting and village committee',
      ),
      source: t('村民委员会出具', 'Issued by the village committee'),
      form: 'original',
      requirement: { kind: 'deferrable', deadlineDays: 30 },
      capture: 'photo-or-counter',
    },
    {
      id: 'house-design',
      name: t('农房设计图或选用的通用图', 'House design or the chosen standard design'),
      form: 'copy',
      requirement: { kind: 'optional' },
      capture: 'photo-or-counter',
      pages: 4,
    },
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: 20, promisedWorkingDays: 15 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('农村宅基地使用承诺书', 'Homestead use commitment'),
    text: t(
      '本人承诺：申请宅基地和建房符合“一户一宅”规定；按批准的位置、面积和层数建房；新房建成后按规定拆除旧房、退还原宅基地；容缺的村级审查意见在期限内补交。如有违反，愿意承担相应法律责任。',
      'I promise: the application complies with “one household, one homestead”; I will build at the approved location, area and height; when the new house is done I will demolish the old one and return its plot; I will supply the village opinion within the deadline. I accept legal responsibility for any breach.',
    ),
    consequences: t(
      '隐瞒情况或提供虚假材料的，批准文件将被撤销。',
      'Concealment or false documents lead to the approval being revoked.',
    ),
  },
  output: {
    kind: 'certificate',
    name: t(
      '农村宅基地批准书和乡村建设规划许可证',
      'Homestead approval and village planning permit',
    ),
    delivery: ['pickup'],
  },
  form: form(
    {
      applicant: applicantSection(['申请户主', 'Head of household']),
      household: group(['家庭情况', 'Household'], {
        members: digits(['家庭人口数', 'People in the household'], '^[1-9][0-9]?$', {
          maxLength: 2,
        }),
        reason: choice(
          ['申请理由', 'Reason'],
          [
            ['split', '分户新建', 'New house for a split household'],
            ['rebuild', '原址改、扩建', 'Rebuild or extend on the same plot'],
            ['relocate', '异址新建（拆旧建新）', 'New plot, old house demolished'],
            ['dilapidated', '危房改造', 'Dilapidated-house renovation'],
            ['disaster', '因灾重建', 'Rebuilding after a disaster'],
          ],
        ),
        hasHomestead: yesNo(['现在有宅基地', 'Currently holds a homestead']),
      }),
      site: group(['拟建房屋', 'Planned house'], {
        location: longText(['位置（四至）', 'Location (boundaries)'], { maxLength: 200 }),
        plotArea: digits(['宅基地面积（平方米）', 'Plot area (m²)'], '^[1-9][0-9]{0,3}$', {
          maxLength: 4,
        }),
        floors: choice(
          ['层数', 'Storeys'],
          [
            ['1', '一层', 'One'],
            ['2', '二层', 'Two'],
            ['3', '三层', 'Three'],
          ],
        ),
      }),
    },
    applicantPrefill(),
  ),
}
