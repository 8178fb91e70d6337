import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createEnrolCode, createUser, redeemEnrolCode } from './auth'
import type { Store } from './store/types'

export const DEMO_HALL = '示范村便民服务站'

export interface DemoSeed {
  terminal: { terminalId: string; credential: string; hall: string; terminalName: string }
  users: {
    username: string
    password: string
    role: string
    displayName: string
    categories: string[]
  }[]
}

/**
 * Seeds an empty store with one enrolled simulated terminal, two clerks, a supervisor and an
 * admin (one account per staff console). The
 * demo passwords are fixed so a tester can type them; the terminal credential is written to a
 * file (mode 0600) that the kiosk in demo mode reads.
 */
export async function seedDemo(
  store: Store,
  terminalFile: string,
  now: number,
): Promise<DemoSeed | null> {
  if ((await store.countUsers()) > 0) return null
  const users = [
    {
      username: 'clerk1',
      password: 'demo-clerk1',
      role: 'clerk' as const,
      displayName: '王芳',
      categories: ['social-security', 'medical-insurance', 'elderly-care'],
    },
    {
      username: 'clerk2',
      password: 'demo-clerk2',
      role: 'clerk' as const,
      displayName: '李强',
      categories: ['civil-affairs', 'family', 'housing', 'social-security'],
    },
    {
      username: 'supervisor',
      password: 'demo-supervisor',
      role: 'supervisor' as const,
      displayName: '赵敏',
      categories: [],
    },
    {
      username: 'admin',
      password: 'demo-admin',
      role: 'admin' as const,
      displayName: '管理员',
      categories: [],
    },
    {
      username: 'technician',
      password: 'demo-technician',
      role: 'technician' as const,
      displayName: '周强',
      categories: [],
    },
  ]
  for (const u of users) await createUser(store, u, now)
  const { code } = await createEnrolCode(store, DEMO_HALL, 3600_000, now)
  const terminalName = '示范村一号机'
  const enrolled = await redeemEnrolCode(store, code, terminalName, now)
  if (!enrolled) throw new Error('demo enrolment failed')
  const terminal = { ...enrolled, terminalName }
  mkdirSync(dirname(terminalFile), { recursive: true })
  writeFileSync(terminalFile, JSON.stringify(terminal, null, 2) + '\n', { mode: 0o600 })
  return { terminal, users }
}
