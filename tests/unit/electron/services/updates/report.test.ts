// Where the kiosk's updater asks for its version: the centre it is enrolled with, not the
// address in its configuration file (a technician enrols against the address they type in).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { TerminalIdentity } from '../../../../../electron/services/terminal-identity'
import { enrolledFeedUrl } from '../../../../../electron/services/updates/report'

describe('the update feed address', () => {
  it('is the configured centre’s before enrolment and the enrolled centre’s after it', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'feed-')), 'terminal.json')
    const identity = await TerminalIdentity.open(file, {
      serverUrl: 'http://127.0.0.1:8443',
      hallName: '',
      terminalName: '',
    })
    const feed = enrolledFeedUrl(identity)
    expect(feed()).toBe('http://127.0.0.1:8443/api/updates/')
    await identity.save({
      terminalId: 't_1',
      credential: 'c'.repeat(32),
      serverUrl: 'https://centre.hall.example:9443',
    })
    expect(feed()).toBe('https://centre.hall.example:9443/api/updates/')
  })
})
