import type { Request, Response } from 'express';
import type { z } from 'zod';
import type { Permission } from '../../auth/permissions.js';
import type { SessionUser } from '../../auth/sessionUser.js';
import type { ApiDependencies } from './apiDependencies.js';

/**
 * Who may call a route: anyone, anyone logged in, or a role holding a permission
 * (server/auth/permissions.ts). Which flights they then see is the data-access layer's job.
 */
export type RouteAccess = 'public' | 'signed-in' | { permission: Permission };

export type HttpMethod = 'get' | 'post' | 'patch' | 'put' | 'delete';

type AnySchema = z.ZodType;

/** The user as the handler sees it: present on every route that is not public. */
type UserFor<A extends RouteAccess> = A extends 'public' ? SessionUser | null : SessionUser;

export interface RouteContext<P, Q, B, U> {
  params: P;
  query: Q;
  body: B;
  user: U;
  deps: ApiDependencies;
  req: Request;
  res: Response;
}

/**
 * One REST route, declared once: the router mounts it (access check, then validation) and the
 * OpenAPI document is generated from the same object, so the two cannot drift apart.
 */
export interface RouteSpec<
  A extends RouteAccess = RouteAccess,
  P extends AnySchema = AnySchema,
  Q extends AnySchema = AnySchema,
  B extends AnySchema = AnySchema,
> {
  method: HttpMethod;
  /** Express path below /api, e.g. `/flights/:id`. */
  path: string;
  /** OpenAPI tag: the resource. */
  tag: string;
  summary: string;
  access: A;
  params?: P;
  query?: Q;
  body?: B;
  /** Status of a successful answer; 200 unless said. */
  successStatus?: number;
  /** Schema of the successful JSON answer, for the documentation. */
  response?: AnySchema;
  /** Media type of a successful answer that is not JSON (a stream or a page). */
  produces?: string;
  /**
   * Returns the JSON body, or undefined when it answered itself (streams, 204). Must validate
   * everything before writing anything, so a refused request leaves no partial data.
   */
  handle(
    context: RouteContext<z.output<P>, z.output<Q>, z.output<B>, UserFor<A>>,
  ): Promise<unknown>;
}

export type Route = RouteSpec<RouteAccess, AnySchema, AnySchema, AnySchema>;

/** Identity at run time; exists so TypeScript infers the handler's parameter types. */
export function defineRoute<
  A extends RouteAccess,
  P extends AnySchema = z.ZodObject<Record<string, never>>,
  Q extends AnySchema = z.ZodObject<Record<string, never>>,
  B extends AnySchema = z.ZodUndefined,
>(spec: RouteSpec<A, P, Q, B>): Route {
  return spec as unknown as Route;
}
