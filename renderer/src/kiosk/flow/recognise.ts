import { bridge } from '../../platform/bridge'
import type { Recognise, WarmRecogniser } from '../../ui/text-entry/HandwritingPad'

/** Handwriting is recognised in the kiosk's main process (bridge `text:recognise`), offline. */
export const recogniseOnKiosk: Recognise = async (req) => {
  const b = bridge()
  if (!b) throw new Error('no bridge')
  const res = await b.request('text:recognise', req)
  return res.candidates
}

/** The writing pad opened: the main process loads the model now (bridge `text:warm`). */
export const warmOnKiosk: WarmRecogniser = async () => {
  const b = bridge()
  if (!b) throw new Error('no bridge')
  return b.request('text:warm', undefined)
}
