import { z } from 'zod'
import { CategoryId } from '../domain/catalog'
import { Id, StaffRole } from './protocol'

/*
 * Staff management (`/api/admin/staff…`, admins only): accounts of every role, a clerk's
 * categories, disabling and re-enabling, password resets. A password the centre generates is
 * in the answer once and never again; the store keeps only its scrypt hash.
 */

/** Login names: lower-case letters, digits, dot, dash and underscore, as typed at the login. */
export const Username = z
  .string()
  .min(2)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9._-]*$/)

export const StaffView = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  role: StaffRole,
  categories: z.array(CategoryId),
  /** Epoch ms; null while the account may log in. */
  disabledAt: z.number().int().nullable(),
  createdAt: z.number().int(),
})
export type StaffView = z.infer<typeof StaffView>

export const StaffListResponse = z.object({ staff: z.array(StaffView) })

export const CreateStaffRequest = z.strictObject({
  username: Username,
  displayName: z.string().trim().min(1).max(40),
  role: StaffRole,
  categories: z.array(CategoryId).max(50).default([]),
})
export type CreateStaffRequest = z.input<typeof CreateStaffRequest>

/** A new account, or a reset: the generated password, shown to the admin once. */
export const StaffPasswordResponse = z.object({ staff: StaffView, password: z.string() })
export type StaffPasswordResponse = z.infer<typeof StaffPasswordResponse>

export const UpdateStaffRequest = z
  .strictObject({
    displayName: z.string().trim().min(1).max(40).optional(),
    role: StaffRole.optional(),
    categories: z.array(CategoryId).max(50).optional(),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' })
export type UpdateStaffRequest = z.input<typeof UpdateStaffRequest>

export const StaffResponse = z.object({ staff: StaffView })
