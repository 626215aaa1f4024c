import type { Role } from '../store/models/user.js';

/** Who is making a request, as the routes and the data-access layer see them. */
export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** The maker organisation of a maker user; null for every other role. */
  makerId: string | null;
}
