import type { RoleRule, UnaryHandler, UnaryMethod } from './types';

/**
 * Wraps a handler for the kit: the kit authenticates, checks the roles the RPC declares in its .proto, builds the
 * CallContext, honours the deadline and maps thrown errors to gRPC status codes. `roles`, when given, must equal
 * the .proto's (checked when the server is created).
 */
export const unary = <TRequest, TResponse>(
  handler: UnaryHandler<TRequest, TResponse>,
  options: { readonly roles?: RoleRule } = {},
): UnaryMethod<TRequest, TResponse> => {
  const roles = options.roles;
  if (Array.isArray(roles) && roles.length === 0) throw new Error('unary: roles must name at least one role');
  return { kind: 'unary', handler, ...(roles ? { roles } : {}) };
};
