// Simple line icons drawn for this app (no icon font to fetch, nothing external under the CSP).
import type { ReactElement } from 'react'

const paths: Record<string, ReactElement> = {
  shield: (
    <path d="M32 6 10 14v16c0 14 9.5 24 22 28 12.5-4 22-14 22-28V14L32 6Zm-10 26 7 7 14-14" />
  ),
  heart: (
    <path d="M32 54S8 40 8 23c0-7 5-13 12-13 5 0 9 3 12 7 3-4 7-7 12-7 7 0 12 6 12 13 0 17-24 31-24 31Z" />
  ),
  elder: (
    <path d="M30 12a6 6 0 1 1 0 .1M28 22l-6 14 8 4v16M28 22l8 10 8 2M40 34l6 22M22 36l-4 20" />
  ),
  hands: <path d="M8 36 20 24l10 6 8-4 18 10M8 36l14 14h14l16-10M26 44l8 2" />,
  baby: (
    <path d="M32 8a10 10 0 1 1 0 .1M20 56V40c0-7 5-12 12-12s12 5 12 12v16M26 18h.1M38 18h.1M28 24c2 2 6 2 8 0" />
  ),
  house: <path d="M8 30 32 10l24 20M14 26v28h36V26M26 54V38h12v16" />,
  video: <path d="M6 18h34v28H6zM40 28l16-10v28L40 36" />,
  speaker: <path d="M8 24h10l14-12v40L18 40H8zM42 22c4 4 4 16 0 20M48 16c8 8 8 24 0 32" />,
  search: <path d="M28 8a18 18 0 1 1 0 36 18 18 0 0 1 0-36ZM41 41l15 15" />,
  back: <path d="M40 12 20 32l20 20" />,
  forward: <path d="M24 12 44 32 24 52" />,
  card: <path d="M6 14h52v36H6zM14 26h14M14 36h20M40 24h10v14H40z" />,
  camera: <path d="M6 20h12l4-6h20l4 6h12v32H6zM32 26a9 9 0 1 1 0 18 9 9 0 0 1 0-18Z" />,
  text: <path d="M10 50 24 14l14 36M14 40h20M42 50l7-18 7 18M44 44h10" />,
  mute: <path d="M8 24h10l14-12v40L18 40H8zM42 24l14 16M56 24 42 40" />,
}

export function Icon({ name, title }: { name: string; title?: string }): ReactElement {
  return (
    <svg
      viewBox="0 0 64 64"
      fill="none"
      stroke="currentColor"
      strokeWidth={4}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden={title ? undefined : true}
      role={title ? 'img' : undefined}
    >
      {title ? <title>{title}</title> : null}
      {paths[name] ?? paths.shield}
    </svg>
  )
}
