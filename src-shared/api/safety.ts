/** The contract's view of a contact's key: the safety number to compare and whether it is trusted. */
import { z } from 'zod';

export const safetyStatus = z.enum(['unknown', 'pinned', 'verified', 'changed']);

export const safetyInfo = z.object({
  user: z.string(),
  /** 60 digits, the same on both sides when nobody is in between; absent before a first chat. */
  safetyNumber: z.string().optional(),
  /** The same digits as 12 groups of 5. */
  groups: z.array(z.string()),
  /** pinned: seen before; verified: compared and marked; changed: a new key was refused. */
  status: safetyStatus,
  /** With `changed`: the number the new key gives, to compare before accepting it. */
  newSafetyNumber: z.string().optional(),
});
export type SafetyStatus = z.infer<typeof safetyStatus>;
export type SafetyInfoView = z.infer<typeof safetyInfo>;
