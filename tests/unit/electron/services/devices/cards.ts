import type { IdCard } from '../../../../../common/devices/id-card'
import { demoCards } from '../../../../../electron/services/devices/id-reader/sim-cards'

/** Fictional cards of every type. ID numbers carry check digits computed by hand (GB 11643). */
export const residentCard: IdCard = {
  cardType: 'resident',
  name: '王小芳',
  gender: '女',
  genderCode: '2',
  nation: '汉',
  nationCode: '01',
  birthDate: '1949-12-31',
  address: '北京市朝阳区示范路1号院2号楼3单元401室',
  idNumber: '11010519491231002X',
  idNumberValid: true,
  issuer: '北京市公安局朝阳分局',
  validFrom: '2015-06-01',
  validUntil: '长期',
}

export const residentCard2: IdCard = {
  cardType: 'resident',
  name: '欧阳明',
  gender: '男',
  genderCode: '1',
  nation: '布依',
  nationCode: '09',
  birthDate: '1970-01-01',
  address: '贵州省黔南布依族苗族自治州示范县城关镇1号',
  idNumber: '522627197001010031',
  idNumberValid: true,
  issuer: '示范县公安局',
  validFrom: '2020-03-15',
  validUntil: '2040-03-15',
}

/** The simulator's permit, held by someone else (same number, other name, pass and count). */
export const hkPermit: IdCard = {
  ...demoCards['hk-mo-tw-residence'],
  name: '陈大文',
  gender: '男',
  genderCode: '1',
  passNumber: 'H12345678',
  issueCount: '01',
}

export const foreignCard: IdCard = {
  cardType: 'foreign-permanent',
  name: '史密斯',
  nameEn: 'SMITH, JOHN PAUL',
  gender: '男',
  genderCode: '1',
  birthDate: '1980-05-06',
  idNumber: 'USA110080050618',
  validFrom: '2017-07-01',
  validUntil: '2027-07-01',
  nationality: 'USA',
}

/** The simulator's 2023 card with the longest English name the card holds. */
export const foreignCard2023: IdCard = {
  ...demoCards['foreign-permanent-2023'],
  name: '安娜',
  nameEn: 'MARIA-ANNA KATHARINA VON BEISPIELHAUSEN-LONG',
}

export const allCards = [residentCard, residentCard2, hkPermit, foreignCard, foreignCard2023]
