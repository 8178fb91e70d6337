import { describe, expect, it } from 'vitest'
import {
  createOwnership,
  type LeaseBackend,
} from '../../../../signaling-server/src/cluster/ownership'

/** One Redis lease shared by several nodes, on a clock the test moves. */
function sharedLease() {
  let clock = 0
  let holder: { node: string; until: number } | null = null
  let fence = 0
  let down = false
  const live = () => (holder && holder.until > clock ? holder : null)
  const backend: LeaseBackend = {
    async acquire(node, ms) {
      if (down) throw new Error('redis down')
      if (live()) return null
      holder = { node, until: clock + ms }
      return ++fence
    },
    async renew(node, ms) {
      if (down) throw new Error('redis down')
      const h = live()
      if (h?.node !== node) return false
      h.until = clock + ms
      return true
    },
    async release(node) {
      if (live()?.node === node) holder = null
    },
  }
  return {
    backend,
    now: () => clock,
    advance: (ms: number) => (clock += ms),
    setDown: (v: boolean) => (down = v),
    /** Redis restarted empty: the lease and the fence counter are gone. */
    lose: () => {
      holder = null
      fence = 0
    },
  }
}

function node(lease: ReturnType<typeof sharedLease>, name: string) {
  const log: string[] = []
  const o = createOwnership({
    backend: lease.backend,
    node: name,
    now: lease.now,
    leaseMs: 5_000,
    stepDownMs: 3_000,
    onGain: (f) => log.push(`gain ${f}`),
    onLose: (r) => log.push(`lose ${r}`),
    onResume: () => log.push('resume'),
    onError: () => log.push('error'),
  })
  return { o, log }
}

describe('the counter’s lease', () => {
  it('has one owner at a time; another takes over only after the lease ran out', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    const b = node(lease, 'b')
    await a.o.tick()
    await b.o.tick()
    expect(a.o.state()).toMatchObject({ owner: true, fence: 1 })
    expect(b.o.state().owner).toBe(false)
    // a dies (no more ticks): b waits out the lease, then takes it with a higher fence
    lease.advance(4_000)
    await b.o.tick()
    expect(b.o.state().owner).toBe(false)
    lease.advance(1_001)
    await b.o.tick()
    expect(b.o.state()).toMatchObject({ owner: true, fence: 2 })
    expect(b.log).toEqual(['gain 2'])
  })

  it('keeps the lease while renewing; pauses before it could expire when Redis is away, and gives up once it may have', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    await a.o.tick()
    for (let i = 0; i < 10; i++) {
      lease.advance(1_000)
      await a.o.tick()
    }
    expect(a.o.state().owner).toBe(true)
    lease.setDown(true)
    lease.advance(1_000)
    await a.o.tick()
    lease.advance(1_000)
    await a.o.tick()
    expect(a.o.state().owner).toBe(true) // 2 s without a renewal: still inside the margin
    expect(a.o.serving()).toBe(true)
    lease.advance(1_500)
    await a.o.tick()
    // 3.5 s: it stopped acting, 1.5 s before anyone else could take the lease
    expect(a.o.state().owner).toBe(true)
    expect(a.o.serving()).toBe(false)
    lease.advance(1_600)
    await a.o.tick()
    // 5.1 s: the lease may have expired; it gives up (and will rebuild if it takes it again)
    expect(a.o.state().owner).toBe(false)
    expect(a.log).toContain('lose renew-late')
  })

  it('resumes with the same fence after a stall when the lease is still its own', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    const b = node(lease, 'b')
    await a.o.tick()
    // a's event loop stalls for 4 s: nobody could take the lease (5 s), so a pauses...
    lease.advance(4_000)
    expect(a.o.serving()).toBe(false)
    await b.o.tick()
    expect(b.o.state().owner).toBe(false)
    // ...and its next renewal succeeds: it serves again, no take-over, no rebuild
    await a.o.tick()
    expect(a.o.serving()).toBe(true)
    expect(a.o.state()).toMatchObject({ owner: true, fence: 1 })
    expect(a.log).toEqual(['gain 1', 'resume'])
  })

  it('gives up when the lease turns out to be another node’s, and hands it over on release', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    const b = node(lease, 'b')
    await a.o.tick()
    // a was paused past its lease; b took it meanwhile
    lease.advance(6_000)
    await b.o.tick()
    await a.o.tick()
    expect(a.o.serving()).toBe(false) // paused past its lease: acts on nothing
    await a.o.tick()
    expect(a.log).toEqual(['gain 1', 'lose renew-late'])
    await a.o.tick()
    expect(a.o.state().owner).toBe(false)
    expect(b.o.state().owner).toBe(true)
    await b.o.release()
    expect(b.log).toEqual(['gain 2', 'lose released'])
    await a.o.tick()
    expect(a.o.state()).toMatchObject({ owner: true, fence: 3 })
  })

  it('pauses the moment its connection drops: a Redis that restarted empty cannot give the lease to a second owner while the first still acts', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    const b = node(lease, 'b')
    await a.o.tick()
    lease.advance(500)
    // Redis is killed and back empty within a second: well inside a's 3 s margin
    a.o.suspect()
    lease.lose()
    expect(a.o.serving()).toBe(false)
    await b.o.tick()
    expect(b.o.serving()).toBe(true)
    await a.o.tick()
    expect(a.o.state().owner).toBe(false)
    expect(a.log).toEqual(['gain 1', 'lose renew-refused'])
  })

  it('resumes after a dropped connection once a renewal sent after the drop succeeds', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    await a.o.tick()
    a.o.suspect()
    expect(a.o.serving()).toBe(false)
    // a renewal that was already on its way when the connection dropped proves nothing
    const renew = lease.backend.renew
    lease.backend.renew = (n, ms) => {
      a.o.suspect()
      return renew(n, ms)
    }
    await a.o.tick()
    expect(a.o.serving()).toBe(false)
    lease.backend.renew = renew
    await a.o.tick()
    expect(a.o.serving()).toBe(true)
    expect(a.o.state()).toMatchObject({ owner: true, fence: 1 })
    expect(a.log).toEqual(['gain 1', 'resume'])
  })

  it('resigns when its writes were fenced, and may take the lease again later (unlike release)', async () => {
    const lease = sharedLease()
    const a = node(lease, 'a')
    await a.o.tick()
    await a.o.resign()
    expect(a.o.state().owner).toBe(false)
    await a.o.tick()
    expect(a.o.state()).toMatchObject({ owner: true, fence: 2 })
    expect(a.log).toEqual(['gain 1', 'lose fenced', 'gain 2'])
  })
})
