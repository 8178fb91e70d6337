// What the fleet console asks the centre for (the filters, hall, name and page it shows) and how
// it groups the page it gets.
import { describe, expect, it } from 'vitest'
import {
  FIRST_PAGE,
  fleetListPath,
  groupByHall,
} from '../../../../renderer/src/clerk/fleet/fleet-filters'

describe('fleet console list', () => {
  it('asks for the first page of everything, then what is chosen', () => {
    expect(fleetListPath(FIRST_PAGE)).toBe('/api/admin/terminals?limit=50')
    const path = fleetListPath({
      filters: new Set(['old-version', 'offline']),
      hall: '石桥村便民服务站',
      search: '  二号 ',
      offset: 100,
    })
    const q = new URL(path, 'http://x').searchParams
    expect(q.get('filter')).toBe('offline,old-version')
    expect(q.get('hall')).toBe('石桥村便民服务站')
    expect(q.get('q')).toBe('二号')
    expect([q.get('offset'), q.get('limit')]).toEqual(['100', '50'])
  })

  it('groups the page by hall in the centre’s order', () => {
    const t = (hall: string, name: string) => ({ hall, name }) as never
    const groups = groupByHall([t('东山', '一号'), t('东山', '二号'), t('石桥', '一号')])
    expect(groups.map((g) => [g.hall, g.terminals.length])).toEqual([
      ['东山', 2],
      ['石桥', 1],
    ])
  })
})
