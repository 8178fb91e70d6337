/**
 * An order-free digest of the sockets a node holds (count and two 32-bit XOR sums of FNV-1a
 * hashes of `ns:id`). A node sends it now and then instead of its whole roster, which at
 * thousands of kiosks was a megabyte for the owner to parse every few seconds; the owner keeps
 * the same digest of what it learnt from the node and asks for the roster only when they differ.
 * Adding and removing a socket are the same toggle, so either side updates it in O(1).
 */
export interface RosterDigest {
  c: number
  h: string
}

function fnv1a(s: string, basis: number): number {
  let h = basis
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

export function createDigest() {
  let count = 0
  let a = 0
  let b = 0
  const toggle = (ns: string, id: string, by: number): void => {
    const key = `${ns}:${id}`
    count += by
    a = (a ^ fnv1a(key, 0x811c9dc5)) >>> 0
    // A second, independent basis: a false match needs both sums to collide.
    b = (b ^ fnv1a(key, 0x050c5d1f)) >>> 0
  }
  return {
    add: (ns: string, id: string) => toggle(ns, id, 1),
    remove: (ns: string, id: string) => toggle(ns, id, -1),
    value: (): RosterDigest => ({
      c: count,
      h: a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0'),
    }),
  }
}

/** The digest of a list of sockets, as a node computes it from what it holds. */
export function digestOf(refs: Iterable<{ ns: string; id: string }>): RosterDigest {
  const d = createDigest()
  for (const r of refs) d.add(r.ns, r.id)
  return d.value()
}
