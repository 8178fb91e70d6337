import type { ReactElement } from 'react'
import {
  RatingLevel,
  ratingLevelText,
  ratingReasonText,
  type RatingReason,
} from '../../../common/applications/schema'
import { ChoiceTile } from './ChoiceTile'

type Lang = 'zh-CN' | 'en'

/** The two lowest levels: the resident is asked why (RatingReasonTiles). */
export const lowRatingLevels: ReadonlySet<RatingLevel> = new Set([
  'dissatisfied',
  'very-dissatisfied',
])

/**
 * 好差评's five national levels as large radio tiles, in their order: the application's rating
 * screen and the call's rating after video help.
 */
export function RatingLevelTiles(props: {
  level: RatingLevel | null
  onChoose: (level: RatingLevel) => void
  /** The id of the heading that names the group. */
  labelledBy: string
  lang: Lang
}): ReactElement {
  return (
    <div className="choice-tiles rating" role="radiogroup" aria-labelledby={props.labelledBy}>
      {RatingLevel.options.map((v) => (
        <ChoiceTile key={v} kind="radio" on={props.level === v} onChoose={() => props.onChoose(v)}>
          {ratingLevelText[v][props.lang]}
        </ChoiceTile>
      ))}
    </div>
  )
}

/** The reasons of a low rating as checkbox tiles, any number chosen (tap, no typing). */
export function RatingReasonTiles(props: {
  /** The reasons this rating offers (an application's or a call's). */
  options: readonly RatingReason[]
  chosen: readonly RatingReason[]
  onChange: (chosen: RatingReason[]) => void
  labelledBy: string
  lang: Lang
  /** The tiles' layout class: `choice-tiles`, plus `rating` where they sit like the levels. */
  className?: string
}): ReactElement {
  const { chosen, onChange } = props
  return (
    <div
      className={props.className ?? 'choice-tiles'}
      role="group"
      aria-labelledby={props.labelledBy}
    >
      {props.options.map((r) => {
        const on = chosen.includes(r)
        return (
          <ChoiceTile
            key={r}
            kind="checkbox"
            on={on}
            onChoose={() => onChange(on ? chosen.filter((x) => x !== r) : [...chosen, r])}
          >
            {ratingReasonText[r][props.lang]}
          </ChoiceTile>
        )
      })}
    </div>
  )
}
