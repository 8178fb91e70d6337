import type { ServiceItemInput } from '../schema'
import {
  applicantPrefill,
  applicantSection,
  bankCard,
  choice,
  choices,
  digits,
  form,
  group,
  hukouBook,
  idCardViaReader,
  idPhoto,
  list,
  longText,
  mailAddressPrefill,
  money,
  payoutSection,
  t,
  text,
  yesNo,
} from './fields'
import {
  civilAffairsViaTownship,
  paidBenefit,
  personName,
  pickupOrMail,
  socialAssistanceMeasures,
  typedIdNumber,
  caseReasons,
  resultNotice,
} from './shared'

// SAMPLE CONTENT: realistic but not an official catalog.

const relation = [
  ['spouse', '配偶', 'Spouse'],
  ['child', '子女', 'Child'],
  ['parent', '父母', 'Parent'],
  ['grandchild', '孙子女', 'Grandchild'],
  ['other', '其他', 'Other'],
] as const

/** Someone filling in for the resident (代办人), optional. */
const agentSection = () =>
  group(
    ['代办人（没有可不填）', 'Helper applying on your behalf (optional)'],
    {
      name: text(['代办人姓名', 'Helper’s name'], { optional: true, maxLength: 20 }),
      relation: choice(['与申请人关系', 'Relation to the applicant'], relation, { optional: true }),
      phone: digits(['代办人电话', 'Helper’s phone'], '^(1[3-9][0-9]{9})?$', {
        optional: true,
        maxLength: 11,
      }),
    },
    { optional: true },
  )

export const elderlyAllowance: ServiceItemInput = {
  code: 'CA-ELDERLY-ALLOWANCE',
  categoryId: 'elderly-care',
  name: t('高龄津贴申领', 'Old-age allowance for people aged 80 and over'),
  summary: t(
    '本县户籍、年满80周岁的老年人，申请按月领取高龄津贴。',
    'Residents registered in this county and aged 80 or over apply for a monthly allowance.',
  ),
  keywords: ['高龄', '津贴', '80岁', 'gljt'],
  popular: true,
  eligibility: { minAge: 80, hukou: { places: ['示例县'], name: t('示例县', 'Sample County') } },
  department: civilAffairsViaTownship,
  legalBasis: [
    t(
      '《中华人民共和国老年人权益保障法》第三十三条',
      'Law on the Protection of the Rights and Interests of the Elderly, Article 33',
    ),
    t(
      '《××省高龄老年人津贴发放管理办法》（示例）',
      'Provincial rules on the old-age allowance (sample)',
    ),
  ],
  conditions: [
    t('具有本县户籍', 'Household registered in this county'),
    t(
      '年满80周岁（从满80周岁的次月起发放）',
      'Aged 80 or over (paid from the month after the 80th birthday)',
    ),
  ],
  materials: [idCardViaReader(), hukouBook(), bankCard()],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 20 },
  reasons: caseReasons([['under-age', '未满80周岁', 'Under 80 years of age']]),
  resultNotice: resultNotice('津贴自决定的次月起按月发放到您登记的银行卡。'),
  commitment: {
    applies: true,
    title: t('高龄津贴申领承诺书', 'Old-age allowance commitment'),
    text: t(
      '本人承诺所填信息和提交的材料真实有效。领取津贴期间，如本人户籍迁出本县或去世，本人或家属在30日内告知村（居）委会，停发津贴，多领的津贴予以退还。容缺的材料，本人承诺在期限内补交，逾期未补交的，视为撤回申请。',
      'I promise that the information and documents are true. While I receive the allowance, if my household registration leaves the county or I die, I or my family will tell the village committee within 30 days; the allowance stops and any overpayment is returned. I will supply any deferred document within the deadline; otherwise the application is withdrawn.',
    ),
    consequences: t(
      '虚报冒领的，津贴予以追回，并依法处理。',
      'Allowances obtained by false statements are recovered and dealt with according to law.',
    ),
  },
  output: paidBenefit('按月发放的高龄津贴', 'Monthly old-age allowance'),
  form: form(
    {
      applicant: applicantSection(),
      living: group(['居住情况', 'Living situation'], {
        arrangement: choice(
          ['居住情况', 'Lives'],
          [
            ['alone', '独居', 'Alone'],
            ['spouse', '与配偶同住', 'With spouse'],
            ['children', '与子女同住', 'With children'],
            ['institution', '住在养老机构', 'In a care home'],
          ],
        ),
      }),
      payout: payoutSection(),
      agent: agentSection(),
    },
    applicantPrefill(),
  ),
}

export const elderCard: ServiceItemInput = {
  code: 'CA-ELDER-CARD',
  categoryId: 'elderly-care',
  name: t('老年人优待证办理', 'Senior citizen’s preferential-treatment card'),
  summary: t(
    '年满60周岁的老年人办理优待证，凭证享受乘车、游览等优待。',
    'People aged 60 or over get a card for discounts on buses, parks and other services.',
  ),
  keywords: ['优待证', '老年证', 'ldz'],
  popular: true,
  eligibility: { minAge: 60 },
  department: t('县卫生健康局（老龄办）', 'County Health Commission, office for ageing'),
  legalBasis: [
    t(
      '《中华人民共和国老年人权益保障法》第五十七条、第五十八条',
      'Law on the Protection of the Rights and Interests of the Elderly, Articles 57 and 58',
    ),
    t(
      '《××省老年人优待办法》（示例）',
      'Provincial rules on preferential treatment of the elderly (sample)',
    ),
  ],
  conditions: [t('年满60周岁', 'Aged 60 or over')],
  materials: [idCardViaReader(), idPhoto()],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 5 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: { applies: false },
  output: {
    kind: 'card',
    name: t('老年人优待证', 'Senior citizen’s card'),
    delivery: ['pickup', 'mail'],
  },
  form: form(
    {
      applicant: applicantSection(),
      delivery: group(['领证方式', 'Receiving the card'], {
        ...pickupOrMail(['领证方式', 'How to receive it'], 'method'),
      }),
    },
    [...applicantPrefill(), mailAddressPrefill('delivery.mailAddress')],
  ),
}

export const disabilitySubsidies: ServiceItemInput = {
  code: 'CA-DISABILITY-SUBSIDY',
  categoryId: 'civil-affairs',
  name: t(
    '困难残疾人生活补贴和重度残疾人护理补贴',
    'Living subsidy for disabled people in hardship and care subsidy for severe disability',
  ),
  summary: t(
    '低保家庭中的残疾人申请生活补贴；一、二级重度残疾人申请护理补贴。',
    'Disabled people in minimum-allowance households claim the living subsidy; people with grade 1 or 2 disabilities claim the care subsidy.',
  ),
  keywords: ['残疾', '两项补贴', '护理补贴', 'cjr'],
  popular: true,
  department: t(
    '县民政局、县残疾人联合会',
    'County Civil Affairs Bureau and Disabled Persons’ Federation',
  ),
  legalBasis: [
    t(
      '《国务院关于全面建立困难残疾人生活补贴和重度残疾人护理补贴制度的意见》（国发〔2015〕52号）',
      'State Council Opinions on the Living and Care Subsidies for Disabled People (Guofa [2015] No. 52)',
    ),
    t(
      '《中华人民共和国残疾人保障法》第四十八条',
      'Law on the Protection of Disabled Persons, Article 48',
    ),
  ],
  conditions: [
    t('持有第二代中华人民共和国残疾人证', 'Holds a second-generation disability certificate'),
    t(
      '生活补贴：低保家庭中的残疾人',
      'Living subsidy: a disabled member of a minimum-allowance household',
    ),
    t(
      '护理补贴：残疾等级为一级、二级且需要长期照护',
      'Care subsidy: grade 1 or 2 and in need of long-term care',
    ),
  ],
  materials: [
    idCardViaReader(),
    {
      id: 'disability-certificate',
      name: t('第二代中华人民共和国残疾人证', 'Second-generation disability certificate'),
      form: 'original',
      requirement: { kind: 'required' },
      capture: 'photo',
      pages: 2,
      photoHint: t('请先拍照片页，再拍等级页', 'Photograph the photo page, then the grade page'),
    },
    bankCard(),
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 20 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('两项补贴申请承诺书', 'Disability subsidies commitment'),
    text: t(
      '本人（监护人）承诺所填信息真实。享受补贴期间，家庭经济状况或残疾等级发生变化、本人死亡或户籍迁出的，在30日内告知村（居）委会。容缺材料在期限内补交。',
      'I (or my guardian) promise the information is true. If the household’s income or the disability grade changes, or I die or move away, the village committee will be told within 30 days. Deferred documents will be supplied within the deadline.',
    ),
  },
  output: paidBenefit('按月发放的补贴', 'Monthly subsidy'),
  form: form(
    {
      applicant: applicantSection(),
      disability: group(['残疾情况', 'Disability'], {
        subsidies: choices(
          ['申请的补贴', 'Subsidies applied for'],
          [
            ['living', '困难残疾人生活补贴', 'Living subsidy'],
            ['care', '重度残疾人护理补贴', 'Care subsidy'],
          ],
        ),
        category: choice(
          ['残疾类别', 'Type of disability'],
          [
            ['visual', '视力残疾', 'Visual'],
            ['hearing', '听力残疾', 'Hearing'],
            ['speech', '言语残疾', 'Speech'],
            ['physical', '肢体残疾', 'Physical'],
            ['intellectual', '智力残疾', 'Intellectual'],
            ['mental', '精神残疾', 'Mental'],
            ['multiple', '多重残疾', 'Multiple'],
          ],
        ),
        grade: choice(
          ['残疾等级', 'Grade'],
          [
            ['1', '一级', 'Grade 1'],
            ['2', '二级', 'Grade 2'],
            ['3', '三级', 'Grade 3'],
            ['4', '四级', 'Grade 4'],
          ],
        ),
        certificateNumber: digits(
          ['残疾人证号', 'Certificate number'],
          '^[1-9][0-9]{16}[0-9X][1-7][1-4]$',
          {
            maxLength: 20,
            help: [
              '身份证号后加两位数字（类别和等级）',
              'Your ID number followed by two digits (type and grade)',
            ],
          },
        ),
      }),
      payout: payoutSection(),
      agent: agentSection(),
    },
    applicantPrefill(),
  ),
}

const familyMembers = () =>
  list(['共同生活的家庭成员', 'Household members living with you'], {
    name: personName(),
    relation: choice(['与申请人关系', 'Relation to you'], relation),
    idNumber: typedIdNumber(),
    health: choice(
      ['健康状况', 'Health'],
      [
        ['healthy', '健康', 'Healthy'],
        ['chronic', '慢性病', 'Chronic illness'],
        ['serious', '重病', 'Serious illness'],
        ['disabled', '残疾', 'Disabled'],
      ],
    ),
  })

const incomeAuthorization = t(
  '本人及共同生活的家庭成员授权民政部门依法查询、核对家庭收入和财产状况（包括存款、房产、车辆、社会保险等）。',
  'I and the members of my household authorise the civil-affairs department to check our income and assets (savings, property, vehicles, social insurance) as the law provides.',
)

export const dibao: ServiceItemInput = {
  code: 'CA-DIBAO-APPLY',
  categoryId: 'civil-affairs',
  name: t('最低生活保障申请', 'Application for the minimum living allowance (dibao)'),
  summary: t(
    '家庭人均收入低于当地低保标准、财产符合规定的家庭申请最低生活保障。',
    'Households whose income per person is below the local minimum and whose assets meet the rules apply for the minimum living allowance.',
  ),
  keywords: ['低保', '救助', 'db'],
  popular: true,
  department: civilAffairsViaTownship,
  legalBasis: [
    socialAssistanceMeasures('第九条至第十三条', 'Articles 9 to 13'),
    t(
      '《最低生活保障审核确认办法》（民发〔2021〕57号）',
      'Measures for Reviewing the Minimum Living Allowance (Minfa [2021] No. 57)',
    ),
  ],
  conditions: [
    t(
      '共同生活的家庭成员人均收入低于当地最低生活保障标准',
      'Household income per person below the local minimum',
    ),
    t('家庭财产状况符合当地规定', 'Household assets within the local limits'),
    t(
      '以家庭为单位，由户主或家庭成员向户籍所在地乡镇申请',
      'One application per household, to the township of registration',
    ),
  ],
  materials: [
    idCardViaReader(),
    hukouBook(),
    {
      id: 'income-proof',
      name: t('家庭成员收入情况证明', 'Proof of household members’ income'),
      description: t(
        '务工收入、养老金等，没有的不用提供',
        'Wages, pensions and so on; skip if none',
      ),
      form: 'original-or-copy',
      requirement: { kind: 'deferrable', deadlineDays: 10 },
      capture: 'photo-or-counter',
      pages: 3,
    },
    {
      id: 'medical-records',
      name: t('重病或残疾证明', 'Proof of serious illness or disability'),
      description: t(
        '家庭成员患重病或残疾的提供',
        'If a household member is seriously ill or disabled',
      ),
      form: 'copy',
      requirement: { kind: 'optional' },
      capture: 'photo-or-counter',
      pages: 3,
    },
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: 30, promisedWorkingDays: 25 },
  reasons: caseReasons([
    [
      'income-above-line',
      '家庭收入高于当地低保标准',
      'Household income is above the local minimum-living line',
    ],
  ]),
  commitment: {
    applies: true,
    title: t(
      '家庭经济状况核对授权书和承诺书',
      'Authorisation to check household finances, and commitment',
    ),
    text: t(
      `${incomeAuthorization['zh-CN']}本人承诺所报家庭收入、财产和人口情况真实完整，容缺材料在期限内补交。`,
      `${incomeAuthorization.en} I promise the declared income, assets and household members are true and complete, and I will supply deferred documents within the deadline.`,
    ),
    consequences: t(
      '采取虚报、隐瞒、伪造等手段骗取最低生活保障的，停发并追回，依法处理。',
      'Obtaining the allowance by false or concealed information leads to it being stopped and recovered, and to legal action.',
    ),
  },
  output: {
    kind: 'decision',
    name: t('最低生活保障审核确认结果', 'Decision on the minimum living allowance'),
    delivery: ['print-at-kiosk', 'bank-transfer'],
  },
  form: form(
    {
      applicant: applicantSection([
        '申请人（户主或家庭成员）',
        'Applicant (head or member of household)',
      ]),
      family: group(['家庭情况', 'Household'], {
        members: familyMembers(),
        monthlyIncome: money(['家庭月总收入（元）', 'Household income per month (yuan)'], 100000),
        reasons: choices(
          ['困难原因', 'Causes of hardship'],
          [
            ['illness', '疾病', 'Illness'],
            ['disability', '残疾', 'Disability'],
            ['no-work', '缺乏劳动能力', 'Unable to work'],
            ['disaster', '灾害', 'Disaster'],
            ['education', '子女上学', 'Children’s schooling'],
            ['other', '其他', 'Other'],
          ],
        ),
        explanation: longText(['情况说明', 'Explanation'], { optional: true }),
      }),
      payout: payoutSection(),
    },
    applicantPrefill(),
  ),
}

export const temporaryAssistance: ServiceItemInput = {
  code: 'CA-TEMP-ASSIST',
  categoryId: 'civil-affairs',
  name: t('临时救助申请', 'Application for temporary assistance'),
  summary: t(
    '因火灾、交通事故、突发重病等导致基本生活暂时严重困难的家庭或个人申请临时救助。',
    'Households or people in sudden severe hardship after a fire, accident, sudden serious illness and the like apply for temporary assistance.',
  ),
  keywords: ['临时救助', '急难', 'lsjz'],
  department: t('乡镇人民政府', 'Township government'),
  legalBasis: [
    socialAssistanceMeasures('第四十七条至第五十条', 'Articles 47 to 50'),
    t(
      '《国务院关于全面建立临时救助制度的通知》（国发〔2014〕47号）',
      'State Council Notice on Temporary Assistance (Guofa [2014] No. 47)',
    ),
  ],
  conditions: [
    t(
      '因意外事件、突发重大疾病等原因，家庭基本生活暂时出现严重困难',
      'Basic living is temporarily in severe difficulty because of an accident, sudden serious illness or similar event',
    ),
  ],
  materials: [
    idCardViaReader(),
    {
      id: 'hardship-proof',
      name: t('困难情况证明', 'Proof of the hardship'),
      description: t(
        '如医疗费用票据、诊断证明、事故或火灾证明',
        'For example medical bills, a diagnosis, or an accident or fire report',
      ),
      form: 'original-or-copy',
      requirement: { kind: 'required' },
      capture: 'photo',
      pages: 5,
    },
    hukouBook({
      requirement: { kind: 'deferrable', deadlineDays: 7 },
      capture: 'photo-or-counter',
    }),
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 10 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('临时救助申请承诺书', 'Temporary assistance commitment'),
    text: t(
      `${incomeAuthorization['zh-CN']}本人承诺所述困难情况真实，容缺材料在期限内补交。`,
      `${incomeAuthorization.en} I promise the hardship described is true and I will supply deferred documents within the deadline.`,
    ),
  },
  output: paidBenefit('临时救助金', 'Temporary assistance payment'),
  form: form(
    {
      applicant: applicantSection(),
      hardship: group(['困难情况', 'Hardship'], {
        kind: choice(
          ['困难类型', 'What happened'],
          [
            ['illness', '突发重病', 'Sudden serious illness'],
            ['accident', '交通事故等意外', 'Accident'],
            ['fire', '火灾', 'Fire'],
            ['disaster', '自然灾害', 'Natural disaster'],
            ['other', '其他', 'Other'],
          ],
        ),
        description: longText(['情况说明', 'What happened, briefly']),
        amountRequested: money(['申请救助金额（元）', 'Amount requested (yuan)'], 50000, {
          optional: true,
        }),
      }),
      payout: payoutSection(),
    },
    applicantPrefill(),
  ),
}

export const extremeHardship: ServiceItemInput = {
  code: 'CA-TEKUN-SUPPORT',
  categoryId: 'civil-affairs',
  name: t('特困人员救助供养申请', 'Support for people in extreme hardship (tekun)'),
  summary: t(
    '无劳动能力、无生活来源、无法定赡养抚养扶养义务人的老年人、残疾人和未成年人申请救助供养。',
    'Elderly, disabled or underage people who cannot work, have no income and no one legally bound to support them apply for support.',
  ),
  keywords: ['特困', '五保', 'tk'],
  department: civilAffairsViaTownship,
  legalBasis: [
    socialAssistanceMeasures('第十四条至第二十条', 'Articles 14 to 20'),
    t(
      '《特困人员认定办法》（民发〔2021〕43号）',
      'Measures for Identifying People in Extreme Hardship (Minfa [2021] No. 43)',
    ),
  ],
  conditions: [
    t('无劳动能力、无生活来源', 'Unable to work and without income'),
    t(
      '无法定赡养、抚养、扶养义务人，或其义务人无履行能力',
      'No one legally bound to support them, or they cannot',
    ),
  ],
  materials: [
    idCardViaReader(),
    hukouBook(),
    idPhoto({ requirement: { kind: 'deferrable', deadlineDays: 15 } }),
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: 40, promisedWorkingDays: 30 },
  reasons: caseReasons(),
  resultNotice: resultNotice(),
  commitment: {
    applies: true,
    title: t('特困人员认定授权书和承诺书', 'Authorisation and commitment for tekun support'),
    text: t(
      `${incomeAuthorization['zh-CN']}本人承诺所填情况真实，容缺材料在期限内补交。`,
      `${incomeAuthorization.en} I promise the information is true and I will supply deferred documents within the deadline.`,
    ),
  },
  output: {
    kind: 'decision',
    name: t('特困人员认定结果', 'Decision on tekun support'),
    delivery: ['print-at-kiosk'],
  },
  form: form(
    {
      applicant: applicantSection(),
      support: group(['供养情况', 'Support'], {
        arrangement: choice(
          ['供养方式', 'Form of support'],
          [
            ['home', '分散供养（在家）', 'At home'],
            ['institution', '集中供养（敬老院）', 'In a care home'],
          ],
        ),
        selfCare: yesNo(['能够生活自理', 'Can look after themselves']),
      }),
      agent: agentSection(),
    },
    applicantPrefill(),
  ),
}
