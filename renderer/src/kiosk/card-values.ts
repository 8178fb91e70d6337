import type { IdCardValues } from '../../../common/catalog/form'
import type { IdCard } from '../../../common/devices/id-card'

/** The card's fields as the catalog's prefill mappings name them. */
export function cardValues(card: IdCard): IdCardValues {
  return {
    name: card.name,
    gender: card.gender === '男' ? 'male' : card.gender === '女' ? 'female' : undefined,
    nation: card.nation,
    birthDate: card.birthDate,
    address: card.address,
    idNumber: card.idNumber,
    issuer: card.issuer,
    validity: card.validUntil,
  } as IdCardValues
}
