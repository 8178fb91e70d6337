import { CentreInfo } from '../../../common/applications/api'
import { CentreInvalidResponseError } from './errors'
import { centreRequest, readBody, type CentreApiOptions } from './request'

export const CENTRE_INFO_PATH = '/api/v1/centre'

/** The centre's public address (where receipts' QR codes point); public, no credential. */
export async function fetchCentreInfo(
  opts: Omit<CentreApiOptions, 'credential'>,
): Promise<CentreInfo> {
  const res = await centreRequest(opts, CENTRE_INFO_PATH, { method: 'GET' })
  return readBody(
    res,
    (v) => CentreInfo.safeParse(v),
    () => new CentreInvalidResponseError(res.status, 'centre info'),
  )
}
