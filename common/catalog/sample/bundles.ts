import type { ServiceBundleInput } from '../schema'
import {
  applicantPrefill,
  applicantSection,
  form,
  group,
  idCardViaReader,
  idPhoto,
  mailAddressPrefill,
  t,
  text,
} from './fields'
import { birthCertificate, newbornSection, parentsHukouBook, pickupOrMail } from './shared'

// SAMPLE CONTENT: realistic but not an official catalog.

/** 新生儿出生一件事: 落户 + 医保参保 + 社保卡申领, one form, one submission. */
export const newbornBundle: ServiceBundleInput = {
  code: 'OT-NEWBORN',
  categoryId: 'family',
  name: t('新生儿出生“一件事”', 'Newborn “one thing”: register, insure and card in one go'),
  summary: t(
    '一次申请，同时办理新生儿落户、城乡居民医保参保和社会保障卡申领。',
    'One application registers the baby in the household register, enrols it in residents’ medical insurance and applies for its social security card.',
  ),
  keywords: ['新生儿', '出生', '一件事', '落户', 'xse'],
  popular: true,
  department: t('乡镇便民服务中心综合窗口', 'Township service centre, general window'),
  conditions: [
    t('婴儿出生后一个月以内申请', 'Apply within one month of the birth'),
    t('父亲或母亲的户籍在本县', 'The father or mother is registered in this county'),
  ],
  materials: [
    idCardViaReader(),
    birthCertificate(),
    parentsHukouBook(),
    idPhoto({
      id: 'child-photo',
      name: t('新生儿照片', 'Photo of the baby'),
      description: t(
        '用于社会保障卡，可以以后补交',
        'For the social security card; may be supplied later',
      ),
      requirement: { kind: 'deferrable', deadlineDays: 30 },
      capture: 'photo-or-counter',
    }),
  ],
  fee: { kind: 'free' },
  timeLimits: { statutoryWorkingDays: null, promisedWorkingDays: 5 },
  commitment: {
    applies: true,
    title: t('新生儿出生一件事承诺书', 'Newborn one-thing commitment'),
    text: t(
      '本人承诺所填信息和提交材料真实有效，同意将本次申请信息共享给公安、医保、人社部门分别办理。新生儿照片未能当场提供的，本人承诺在30日内补交。',
      'I promise the information and documents are true, and agree that they are shared with the police, medical insurance and social security departments to handle each part. If the baby’s photo is not supplied now, I will supply it within 30 days.',
    ),
  },
  form: form(
    {
      applicant: applicantSection(['申报人（父亲或母亲）', 'Parent applying']),
      child: newbornSection(),
      // The other parent, for the birth registration (typed: the kiosk reads only one card).
      spouse: group(['配偶', 'Spouse'], {
        name: text(['配偶姓名', 'Spouse’s name'], { maxLength: 20 }),
      }),
      card: group(['社会保障卡', 'Social security card'], {
        ...pickupOrMail(['领卡方式', 'How to receive the card']),
      }),
    },
    [...applicantPrefill(), mailAddressPrefill('card.mailAddress')],
  ),
  fanOut: [
    {
      itemCode: 'PS-BIRTH-HUKOU',
      formPaths: ['applicant', 'child', 'spouse'],
      materialIds: ['id-card', 'birth-certificate', 'hukou-book'],
    },
    {
      itemCode: 'MI-RESIDENT-ENROL',
      formPaths: ['applicant', 'child.name', 'child.gender', 'child.birthDate'],
      materialIds: ['birth-certificate'],
    },
    {
      itemCode: 'SI-CARD-APPLY',
      formPaths: ['applicant', 'child.name', 'child.gender', 'child.birthDate', 'card'],
      materialIds: ['child-photo'],
    },
  ],
}
