import {
  createHash,
  randomBytes,
  randomInt,
  randomUUID,
  scrypt,
  timingSafeEqual,
} from 'node:crypto'
import type { StaffRole } from '../../common/signaling'
import type { LoginThrottle } from './login-throttle'
import type { StaffStore, TerminalRecord, TerminalStore, UserRecord } from './store/types'

const SCRYPT = { N: 16_384, r: 8, p: 1, keyLen: 32 }
export const SESSION_TTL_MS = 12 * 60 * 60_000

function scryptAsync(password: string, salt: Buffer, N = SCRYPT.N): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, SCRYPT.keyLen, { N, r: SCRYPT.r, p: SCRYPT.p }, (err, key) =>
      err ? reject(err) : resolve(key),
    ),
  )
}

/** `scrypt$N$r$p$salt$hash` (base64url) so the parameters can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scryptAsync(password, salt)
  return [
    'scrypt',
    SCRYPT.N,
    SCRYPT.r,
    SCRYPT.p,
    salt.toString('base64url'),
    key.toString('base64url'),
  ].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, n, , , salt, hash] = stored.split('$')
  if (kind !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), Number(n))
  return key.length === expected.length && timingSafeEqual(key, expected)
}

/** High-entropy secrets (tokens, credentials, codes) are stored as SHA-256, never in clear. */
export function sha256(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url')
}

export function newSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url')
}

export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 20)}`
}

/** 12 random characters of `alphabet` in three groups of four, `ABCD-EFGH-JKLM`. */
export function newGroupedCode(alphabet: string): string {
  let s = ''
  for (let i = 0; i < 12; i++) s += alphabet[randomInt(alphabet.length)]
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

/** Enrolment code a technician types on a touchscreen: 12 unambiguous characters, 60 bits. */
export const newEnrolCode = (): string => newGroupedCode('ABCDEFGHJKLMNPQRSTUVWXYZ23456789')
export function normaliseEnrolCode(code: string): string {
  const s = code.toUpperCase().replace(/[^A-Z0-9]/g, '')
  return `${s.slice(0, 4)}-${s.slice(4, 8)}-${s.slice(8)}`
}

export function credentialMatches(credential: string, storedHash: string): boolean {
  const a = Buffer.from(sha256(credential))
  const b = Buffer.from(storedHash)
  return a.length === b.length && timingSafeEqual(a, b)
}

// A fixed hash for unknown usernames, so a login attempt costs the same either way.
let dummyHash: Promise<string> | null = null

export type LoginResult =
  | { kind: 'ok'; user: UserRecord; token: string; expiresAt: number }
  | { kind: 'bad_credentials' }
  /** The password was right, but an admin has disabled the account. */
  | { kind: 'disabled' }
  | { kind: 'locked_out'; retryAfterMs: number }
  | { kind: 'address_blocked'; retryAfterMs: number }

/**
 * Checks a staff login. Failures are throttled per (username, address) and per address
 * (`login-throttle.ts`), never per account alone, so nobody can lock a colleague out from
 * elsewhere. Known and unknown usernames take the same path: one scrypt, the same answers.
 */
export async function login(
  store: StaffStore,
  throttle: LoginThrottle,
  attempt: { username: string; password: string; address: string },
  now: () => number,
): Promise<LoginResult> {
  const { username, password, address } = attempt
  const wait = await throttle.check(username, address)
  if (wait.kind !== 'none') return wait
  const user = await store.getUserByUsername(username)
  dummyHash ??= hashPassword('not-a-password')
  const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyHash))
  if (!user || !ok) {
    const after = await throttle.failed(username, address)
    return after.kind === 'none' ? { kind: 'bad_credentials' } : after
  }
  await throttle.succeeded(username, address)
  if (user.disabledAt !== null) return { kind: 'disabled' }
  const token = newSecret()
  const expiresAt = now() + SESSION_TTL_MS
  await store.insertSession({
    tokenHash: sha256(token),
    userId: user.id,
    createdAt: now(),
    expiresAt,
  })
  return { kind: 'ok', user, token, expiresAt }
}

export async function userForToken(
  store: StaffStore,
  token: string,
  now: number,
): Promise<UserRecord | null> {
  const session = await store.getSession(sha256(token))
  if (!session || session.expiresAt <= now) return null
  const user = await store.getUser(session.userId)
  return user && user.disabledAt === null ? user : null
}

export async function createUser(
  store: StaffStore,
  input: {
    username: string
    displayName: string
    role: StaffRole
    categories: string[]
    password: string
  },
  now: number,
): Promise<UserRecord> {
  const user: UserRecord = {
    id: newId('u'),
    username: input.username,
    displayName: input.displayName,
    role: input.role,
    categories: input.categories,
    passwordHash: await hashPassword(input.password),
    createdAt: now,
    disabledAt: null,
  }
  await store.insertUser(user)
  return user
}

export async function createEnrolCode(
  store: TerminalStore,
  hall: string,
  ttlMs: number,
  now: number,
): Promise<{ code: string; expiresAt: number }> {
  const code = newEnrolCode()
  const expiresAt = now + ttlMs
  await store.createEnrolCode({
    codeHash: sha256(code),
    hall,
    createdAt: now,
    expiresAt,
    usedAt: null,
    terminalId: null,
  })
  return { code, expiresAt }
}

/**
 * Enrols a terminal with a one-time code: unknown, used or expired codes are refused; the
 * terminal joins the code's hall. The store's claim is atomic, so two kiosks racing for one
 * code cannot both win.
 */
export async function redeemEnrolCode(
  store: TerminalStore,
  code: string,
  terminalName: string,
  now: number,
): Promise<{ terminalId: string; credential: string; hall: string } | null> {
  const codeHash = sha256(normaliseEnrolCode(code))
  const found = await store.getEnrolCode(codeHash)
  if (!found || found.usedAt !== null || found.expiresAt <= now) return null
  const credential = newSecret()
  const terminal: TerminalRecord = {
    id: newId('t'),
    name: terminalName,
    hall: found.hall,
    credentialHash: sha256(credential),
    createdAt: now,
    revokedAt: null,
    lastSeenAt: null,
  }
  if (!(await store.claimEnrolCode(codeHash, now, terminal))) return null
  return { terminalId: terminal.id, credential, hall: terminal.hall }
}
