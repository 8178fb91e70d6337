import type { Redis } from 'ioredis'
import type { LeaseBackend } from './ownership'

/** The names the cluster uses in Redis, under one prefix (several centres may share a Redis). */
export function clusterKeys(prefix: string) {
  return {
    lease: `${prefix}counter:lease`,
    fence: `${prefix}counter:fence`,
    /** The owner's inbox: only the serving owner subscribes. */
    toOwner: `${prefix}counter:in`,
    /** Each node's inbox for the owner's answers. */
    toNode: (node: string) => `${prefix}node:${node}:in`,
    /** Each node's inbox for the owner's emits to its sockets (batched). */
    emits: (node: string) => `${prefix}node:${node}:emits`,
    /** Owner announcements to every node. */
    control: `${prefix}counter:control`,
    /** A node's heartbeat; gone when the node is. */
    alive: (node: string) => `${prefix}node:${node}:alive`,
    /** Terminals connected to a node (the technicians' "online now"). */
    terminals: (node: string) => `${prefix}node:${node}:terminals`,
    nodes: `${prefix}nodes`,
  }
}
export type ClusterKeys = ReturnType<typeof clusterKeys>

const ACQUIRE = `
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('INCR', KEYS[2])
end
return false`
const RENEW = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`
const RELEASE = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`

/** The counter's lease as three atomic scripts: take when free, renew or give up if held. */
export function redisLease(redis: Redis, keys: ClusterKeys): LeaseBackend {
  return {
    async acquire(node, ms) {
      const fence = (await redis.eval(ACQUIRE, 2, keys.lease, keys.fence, node, ms)) as
        number | null
      return typeof fence === 'number' ? fence : null
    },
    async renew(node, ms) {
      return (await redis.eval(RENEW, 1, keys.lease, node, ms)) === 1
    },
    async release(node) {
      await redis.eval(RELEASE, 1, keys.lease, node)
    },
  }
}
