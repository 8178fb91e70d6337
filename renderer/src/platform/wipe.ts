/**
 * Everything a resident may have left in the browser side of the kiosk, wiped: web storage,
 * IndexedDB, cookies, Cache Storage, and live camera/microphone tracks. The React state and the
 * main-process session are reset by the caller.
 */
const liveStreams = new Set<MediaStream>()

/** Camera and video-help code registers each stream it opens, so a reset can stop it. */
export function trackStream(stream: MediaStream): MediaStream {
  liveStreams.add(stream)
  return stream
}

export function stopStream(stream: MediaStream | null | undefined): void {
  if (!stream) return
  for (const t of stream.getTracks()) t.stop()
  liveStreams.delete(stream)
}

export async function wipeBrowserData(): Promise<void> {
  for (const s of [...liveStreams]) stopStream(s)
  try {
    localStorage.clear()
    sessionStorage.clear()
  } catch {
    // storage disabled: nothing to clear
  }
  for (const c of document.cookie.split(';')) {
    const name = c.split('=')[0]?.trim()
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`
  }
  try {
    const dbs = await indexedDB.databases()
    await Promise.all(
      dbs.map(
        (db) =>
          new Promise<void>((resolve) => {
            if (!db.name) return resolve()
            const req = indexedDB.deleteDatabase(db.name)
            req.onsuccess = req.onerror = req.onblocked = () => resolve()
          }),
      ),
    )
  } catch {
    // IndexedDB unavailable
  }
  try {
    for (const k of await caches.keys()) await caches.delete(k)
  } catch {
    // Cache Storage unavailable (not a secure context)
  }
}
