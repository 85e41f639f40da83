import { PermissionDeniedError } from '@carebridge/decider';
import type { CallContext, OnDenied, Principal } from '@carebridge/grpc-kit';
import type { Audit } from '../application/audit';

const nobody = { subject: '', roles: [], division: '' };

/**
 * Every refusal becomes exactly one hotline.CaseAccessed{decision: refused}. The application audits the
 * refusals it decides (it knows the case or jurisdiction refused); the kit's onDenied hook audits the ones the
 * kit decides before any handler runs (no token, no hotline role for the RPC). The kit calls the hook for both,
 * so a handler's refusal is counted per principal and method and its hook call skipped.
 */
export const createRefusalAudit = (audit: Audit) => {
  const handled = new WeakMap<Principal, Map<string, number>>();

  const noteHandled = (ctx: CallContext, err: unknown): void => {
    if (!(err instanceof PermissionDeniedError)) return;
    const methods = handled.get(ctx.principal) ?? new Map<string, number>();
    methods.set(ctx.method, (methods.get(ctx.method) ?? 0) + 1);
    handled.set(ctx.principal, methods);
  };

  const onDenied: OnDenied = async (denied, method, reason) => {
    const methods = denied.principal ? handled.get(denied.principal) : undefined;
    const count = methods?.get(method) ?? 0;
    if (methods && count > 0) {
      if (count === 1) methods.delete(method);
      else methods.set(method, count - 1);
      return;
    }
    const rpc = method.slice(method.lastIndexOf('/') + 1);
    await audit({
      target: `rpc-${rpc}`,
      rpc,
      principal: denied.principal ?? nobody,
      decision: 'refused',
      reason: `${denied.code}: ${reason}`,
    });
  };

  return { noteHandled, onDenied };
};
export type RefusalAudit = ReturnType<typeof createRefusalAudit>;
