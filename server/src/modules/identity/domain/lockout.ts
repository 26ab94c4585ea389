/** After this many consecutive failed logins the account is locked for LOCK_MINUTES. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;
/** Sessions expire after this many hours; they can be revoked earlier. */
export const SESSION_HOURS = 12;

export function isLocked(lockedUntil: Date | null, now: Date): boolean {
  return lockedUntil !== null && lockedUntil.getTime() > now.getTime();
}

/** The failure count and lock after one more failed attempt. */
export function afterFailure(failedLogins: number, now: Date): { failedLogins: number; lockedUntil: Date | null } {
  const failed = failedLogins + 1;
  if (failed >= MAX_FAILED_LOGINS) return { failedLogins: 0, lockedUntil: new Date(now.getTime() + LOCK_MINUTES * 60_000) };
  return { failedLogins: failed, lockedUntil: null };
}
