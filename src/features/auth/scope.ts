/**
 * What a caller may see. Admins: their whole organization. Supervisors: their units and every
 * unit below them. Staff: only their own employee. Store queries take a Scope and filter by it;
 * anything outside answers 404 (never 403 with a hint).
 */
import type { Auth } from './middleware.ts';

export interface Scope {
  orgId: number;
  /** undefined: every unit of the organization. Otherwise only these unit ids. */
  unitIds?: readonly number[];
  /** Staff: only this employee. */
  employeeId?: number;
}

export function scopeOf(auth: Auth): Scope {
  if (auth.role === 'admin') return { orgId: auth.orgId };
  if (auth.role === 'supervisor') return { orgId: auth.orgId, unitIds: auth.unitIds };
  return { orgId: auth.orgId, unitIds: [], employeeId: auth.employeeId ?? -1 };
}

export function unitInScope(scope: Scope, unitId: number): boolean {
  return scope.unitIds === undefined || scope.unitIds.includes(unitId);
}

/** The actor recorded in the audit log. */
export const actorOf = (auth: Auth) => ({ userId: auth.userId, orgId: auth.orgId });
