import jsQR from 'jsqr'
import { useEffect, useRef, useState, type ReactElement } from 'react'
import { useTranslation } from 'react-i18next'
import { parseEnrolQr, type EnrolQr } from '../../../../common/fleet/technician'
import { Screen } from '../../ui/Screen'

/** How often a frame of the camera is looked at for a QR code. */
const SCAN_MS = 250

/**
 * The fleet console's enrolment QR read by the kiosk's camera (jsqr on the camera's frames):
 * JSON `{v: 1, centre, code}` (common/fleet/technician.ts). Anything else is said to be not an
 * enrolment code and scanning goes on.
 */
export function ScanScreen({
  onFound,
  onCancel,
}: {
  onFound: (qr: EnrolQr) => void
  onCancel: () => void
}): ReactElement {
  const { t } = useTranslation()
  const video = useRef<HTMLVideoElement>(null)
  const [problem, setProblem] = useState<'not-enrol' | 'no-camera' | null>(null)
  const found = useRef(onFound)
  useEffect(() => {
    found.current = onFound
  })

  useEffect(() => {
    let stream: MediaStream | null = null
    let timer: ReturnType<typeof setInterval> | undefined
    let live = true
    const canvas = document.createElement('canvas')
    void navigator.mediaDevices
      .getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false })
      .then(async (s) => {
        if (!live) return s.getTracks().forEach((tr) => tr.stop())
        stream = s
        const v = video.current
        if (!v) return
        v.srcObject = s
        await v.play().catch(() => undefined)
        timer = setInterval(() => {
          if (!v.videoWidth) return
          canvas.width = v.videoWidth
          canvas.height = v.videoHeight
          const ctx = canvas.getContext('2d', { willReadFrequently: true })
          if (!ctx) return
          ctx.drawImage(v, 0, 0)
          const img = ctx.getImageData(0, 0, canvas.width, canvas.height)
          const code = jsQR(img.data, img.width, img.height, { inversionAttempts: 'dontInvert' })
          if (!code) return
          const qr = parseEnrolQr(code.data)
          if (qr) {
            clearInterval(timer)
            found.current(qr)
          } else setProblem('not-enrol')
        }, SCAN_MS)
      })
      .catch(() => setProblem('no-camera'))
    return () => {
      live = false
      clearInterval(timer)
      stream?.getTracks().forEach((tr) => tr.stop())
    }
  }, [])

  return (
    <Screen
      id="tech-scan"
      title={t('technician.scan.title')}
      spoken={t('technician.scan.spoken')}
      actions={
        <button type="button" className="secondary-button" onClick={onCancel}>
          {t('technician.scan.cancel')}
        </button>
      }
    >
      <div className="tech-scan">
        <video ref={video} className="tech-scan-video" muted playsInline aria-hidden="true" />
        <div>
          <p className="lead">{t('technician.scan.hint')}</p>
          {problem ? (
            <p className="tech-error" role="alert" data-testid="scan-problem">
              {problem === 'no-camera'
                ? t('technician.scan.noCamera')
                : t('technician.scan.notEnrol')}
            </p>
          ) : null}
        </div>
      </div>
    </Screen>
  )
}
