import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { PHOTO_CHUNK_CHARS } from '../../../../common/bridge/contract'
import { findEntry, type Material } from '../../../../common/catalog/schema'
import { toBase64 } from '../../platform/base64'
import { bridge } from '../../platform/bridge'
import { stopStream, trackStream } from '../../platform/wipe'
import { Screen } from '../../ui/Screen'
import { useKiosk } from '../store'
import { useLocalized } from '../text'
import { takeStill } from './still'

/** The document camera at the highest resolution it offers. */
async function openCamera(): Promise<MediaStream> {
  const stream = trackStream(
    await navigator.mediaDevices.getUserMedia({
      video: { width: { ideal: 4096 }, height: { ideal: 3072 } },
      audio: false,
    }),
  )
  const track = stream.getVideoTracks()[0]
  const caps = track?.getCapabilities?.()
  if (track && caps?.width?.max && caps.height?.max) {
    await track
      .applyConstraints({ width: { ideal: caps.width.max }, height: { ideal: caps.height.max } })
      .catch(() => undefined)
  }
  return stream
}

async function uploadPage(materialId: string, page: number, blob: Blob, w: number, h: number) {
  const b = bridge()
  if (!b) throw new Error('no bridge')
  const data = toBase64(new Uint8Array(await blob.arrayBuffer()))
  const pieces = Math.max(1, Math.ceil(data.length / PHOTO_CHUNK_CHARS))
  for (let i = 0; i < pieces; i++) {
    await b.request('materials:put-page', {
      materialId,
      page,
      chunk: i,
      last: i === pieces - 1,
      mediaType: 'image/jpeg',
      data: data.slice(i * PHOTO_CHUNK_CHARS, (i + 1) * PHOTO_CHUNK_CHARS),
      width: w,
      height: h,
    })
  }
}

/**
 * One material per screen: photograph each page (preview, retake), or 以后补交 where the item
 * allows it. Materials the department fetches itself are skipped.
 */
export default function MaterialsScreen(): ReactElement {
  const { t } = useTranslation()
  const l = useLocalized()
  const { catalog, code, materialIndex, materials, set } = useKiosk()
  const editing = useKiosk((st) => st.returnTo === 'review')
  // 补交 from the progress screen: the same camera, for one material of an existing case.
  const supply = useKiosk((st) => st.supply)
  const entryCode = supply ? supply.code : code
  const entry = catalog && entryCode ? findEntry(catalog, entryCode)?.entry : undefined
  const list: Material[] = entry ? entry.materials.filter((m) => m.capture !== 'data-sharing') : []
  const material = supply
    ? entry?.materials.find((m) => m.id === supply.materialId)
    : list[materialIndex]
  const [sendState, setSendState] = useState<'idle' | 'sending' | 'failed'>('idle')
  const video = useRef<HTMLVideoElement>(null)
  const streamRef = useRef<MediaStream | null>(null)
  const [cameraState, setCameraState] = useState<'off' | 'starting' | 'live' | 'failed'>('off')
  const [preview, setPreview] = useState<{ url: string; blob: Blob; w: number; h: number } | null>(
    null,
  )
  const [busy, setBusy] = useState(false)
  /**
   * The viewfinder is frozen on the tapped frame (the paused video) while that frame's JPEG, what
   * is kept and sent, is encoded in the background.
   */
  const [frozen, setFrozen] = useState(false)
  /** Counts captures, so a JPEG that arrives after a retake or reset is dropped. */
  const shot = useRef(0)
  const choice = material ? materials[material.id] : undefined
  const pagesDone = choice?.kind === 'photographed' ? choice.previews.length : 0

  useEffect(() => () => stopStream(streamRef.current), [])
  useEffect(() => {
    if (!material && entry && !supply) {
      set({ screen: entry.commitment.applies ? 'commitment' : 'review' })
    }
  }, [material, entry, set, supply])
  // The clerk asked for a photo of this material (co-service) and the resident agreed: the
  // camera opens at once instead of waiting for 打开摄像头拍照.
  const cameraFor = useKiosk((st) => st.cameraFor)
  useEffect(() => {
    if (!material || cameraFor !== material.id) return
    set({ cameraFor: null })
    if (cameraState === 'off' && pagesDone < material.pages) void startCamera()
    // Only when the request arrives.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [cameraFor, material?.id])
  if (!material) return <Screen id="materials" title="" />
  /** The next material, or back to the review where 修改 opened this one. */
  const afterThis = () =>
    editing ? { screen: 'review' as const, returnTo: null } : { materialIndex: materialIndex + 1 }

  async function startCamera() {
    setCameraState('starting')
    try {
      const stream = await openCamera()
      streamRef.current = stream
      if (video.current) {
        video.current.srcObject = stream
        await video.current.play().catch(() => undefined)
      }
      setCameraState('live')
    } catch {
      setCameraState('failed')
    }
  }

  /** Back to the live viewfinder (retake, next page, or a capture that failed). */
  function resume() {
    shot.current++
    setFrozen(false)
    void video.current?.play().catch(() => undefined)
  }

  function capture() {
    const v = video.current
    if (!v || !v.videoWidth || frozen) return
    // Pausing freezes the frame on screen at once; the still is that same frame, taken before
    // anything else runs and encoded off the main thread (copying a 4K frame here took 100–500
    // ms before the resident saw anything).
    v.pause()
    const id = ++shot.current
    setFrozen(true)
    takeStill(v).then(
      ({ blob, width, height }) => {
        if (id === shot.current)
          setPreview({ url: URL.createObjectURL(blob), blob, w: width, h: height })
      },
      () => {
        if (id === shot.current) resume()
      },
    )
  }

  async function keep() {
    if (!preview || !material) return
    setBusy(true)
    try {
      await uploadPage(material.id, pagesDone, preview.blob, preview.w, preview.h)
      const kept = choice?.kind === 'photographed' ? choice : { previews: [], blobs: [] }
      const previews = [...kept.previews, preview.url]
      const blobs = [...(kept.blobs ?? []), preview.blob]
      set({ materials: { ...materials, [material.id]: { kind: 'photographed', previews, blobs } } })
      setPreview(null)
      if (previews.length >= material.pages) {
        shot.current++
        setFrozen(false)
        stopStream(streamRef.current)
        streamRef.current = null
        setCameraState('off')
      } else resume()
    } finally {
      setBusy(false)
    }
  }

  async function later(kind: 'deferred' | 'not-captured') {
    if (!material) return
    await bridge()?.request('materials:drop', { materialId: material.id })
    stopStream(streamRef.current)
    setCameraState('off')
    set({
      materials: { ...materials, [material.id]: { kind, previews: [] } },
      ...afterThis(),
    })
  }

  async function retakeAll() {
    if (!material) return
    await bridge()?.request('materials:drop', { materialId: material.id })
    for (const u of choice?.previews ?? []) URL.revokeObjectURL(u)
    const { [material.id]: _, ...rest } = materials
    void _
    set({ materials: rest })
  }

  /** 补交: the photographed pages go into the kiosk's durable outbox, then to the centre. */
  async function send() {
    if (!supply || !material) return
    setSendState('sending')
    try {
      await bridge()?.request('supply:send', {
        caseNumber: supply.caseNumber,
        materialId: material.id,
        // The calls of this visit (help on the progress or camera screen) link to the case.
        visitId: useKiosk.getState().visitId,
      })
      for (const u of choice?.previews ?? []) URL.revokeObjectURL(u)
      const { [material.id]: _, ...rest } = materials
      void _
      set({ materials: rest, supply: { ...supply, sent: true } })
      setSendState('idle')
    } catch {
      setSendState('failed')
    }
  }
  const backToProgress = () => set({ supply: null, screen: 'progress', cases: null })

  if (supply?.sent)
    return (
      <Screen
        id="supply-sent"
        title={t('supply.title', { name: l(material.name) })}
        spoken={t('supply.sentSpoken')}
        actions={
          <button type="button" className="primary-button big" onClick={backToProgress}>
            {t('supply.back')}
          </button>
        }
      >
        <p className="lead" role="status">
          {t('supply.sent')}
        </p>
      </Screen>
    )

  const complete = choice?.kind === 'photographed' && pagesDone >= material.pages
  const deferrable = !supply && material.requirement.kind === 'deferrable'
  const counter = !supply && material.capture === 'photo-or-counter' && !deferrable
  const hint = l(material.photoHint) || t('materials.hint')
  return (
    <Screen
      id={supply ? 'supply' : 'materials'}
      title={
        supply
          ? t('supply.title', { name: l(material.name) })
          : t('materials.title', {
              n: materialIndex + 1,
              total: list.length,
              name: l(material.name),
            })
      }
      spoken={
        supply
          ? t('supply.spoken', { name: l(material.name) })
          : `${l(material.name)}。${complete ? t('materials.spokenDone') : hint}${deferrable && !complete ? '。' + t('materials.spokenLater', { count: material.requirement.kind === 'deferrable' ? material.requirement.deadlineDays : 0 }) : ''}`
      }
      actions={
        complete && supply ? (
          <>
            <button type="button" className="secondary-button" onClick={() => void retakeAll()}>
              {t('materials.retakeAll')}
            </button>
            <button
              type="button"
              className="primary-button big"
              disabled={sendState === 'sending'}
              onClick={() => void send()}
            >
              {sendState === 'sending' ? t('supply.sending') : t('supply.send')}
            </button>
          </>
        ) : complete ? (
          <>
            <button type="button" className="secondary-button" onClick={() => void retakeAll()}>
              {t('materials.retakeAll')}
            </button>
            <button type="button" className="primary-button big" onClick={() => set(afterThis())}>
              {editing ? t('review.backToReview') : t('kiosk.next')}
            </button>
          </>
        ) : preview || frozen ? (
          <>
            <button
              type="button"
              className="secondary-button"
              disabled={!preview}
              onClick={() => {
                if (preview) URL.revokeObjectURL(preview.url)
                setPreview(null)
                resume()
              }}
            >
              {t('materials.retake')}
            </button>
            <button
              type="button"
              className="primary-button big"
              disabled={busy || !preview}
              onClick={() => void keep()}
            >
              {t('materials.usePhoto')}
            </button>
          </>
        ) : (
          <>
            {deferrable ? (
              <button
                type="button"
                className="secondary-button"
                onClick={() => void later('deferred')}
              >
                {t('materials.later', {
                  count:
                    material.requirement.kind === 'deferrable'
                      ? material.requirement.deadlineDays
                      : 0,
                })}
              </button>
            ) : null}
            {counter ? (
              <button
                type="button"
                className="secondary-button"
                onClick={() => void later('not-captured')}
              >
                {t('materials.counter')}
              </button>
            ) : null}
            {cameraState === 'live' ? (
              <button type="button" className="primary-button big" onClick={() => void capture()}>
                {t('materials.shoot')}
              </button>
            ) : (
              <button
                type="button"
                className="primary-button big"
                disabled={cameraState === 'starting'}
                onClick={() => void startCamera()}
              >
                {t('materials.takePhoto')}
              </button>
            )}
          </>
        )
      }
    >
      {l(material.description) ? <p className="lead">{l(material.description)}</p> : null}
      {material.pages > 1 && !complete ? (
        <p className="note-big">
          {t('materials.page', { n: pagesDone + 1, total: material.pages })}
        </p>
      ) : null}
      {sendState === 'failed' ? (
        <p className="notice" role="alert">
          {t('supply.failed')}
        </p>
      ) : null}
      {cameraState === 'failed' ? (
        <p className="notice" role="alert">
          {t('materials.cameraFailed')}
        </p>
      ) : null}
      <div className="camera-area">
        {/* Frozen, the paused video is the photo until its JPEG replaces it. */}
        <div
          className="viewfinder"
          hidden={cameraState !== 'live' || preview !== null || complete}
          role={frozen ? 'img' : undefined}
          aria-label={frozen ? t('materials.previewAlt') : undefined}
        >
          <video ref={video} muted playsInline aria-label={hint} />
        </div>
        {preview ? (
          <img src={preview.url} alt={t('materials.previewAlt')} className="photo-preview" />
        ) : null}
        {cameraState !== 'live' && !preview && !complete ? (
          <p className="hint-box">{hint}</p>
        ) : null}
        {complete ? (
          <div className="thumbs">
            {choice.previews.map((u, i) => (
              <img key={u} src={u} alt={t('materials.pageAlt', { n: i + 1 })} />
            ))}
          </div>
        ) : null}
      </div>
    </Screen>
  )
}
