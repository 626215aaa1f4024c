import type { DemoLogin } from './seedDemo.js';

/** What each demo role is there to show. */
const WHAT_TO_SEE: Record<string, string> = {
  operator: 'Live: three drones, the fences, a predicted breach and a breach alert within a minute',
  engineer: 'Flights: landed flights are evaluated; open one to replay it and download its report',
  maker: "Flights: Hanbit Aero's own flights and reports, nobody else's",
  admin: 'Admin: ranges and fences, makers, vehicles, users, API keys',
};

/** The terminal's welcome to the demo: where to go, and who to sign in as. */
export function demoBanner(url: string, logins: DemoLogin[]): string {
  const emailWidth = Math.max(...logins.map((login) => login.email.length));
  const rows = logins.map(
    (login) =>
      `  ${login.role.padEnd(9)}${login.email.padEnd(emailWidth + 2)}${login.password}   ${WHAT_TO_SEE[login.role] ?? ''}`,
  );
  return [
    '',
    `Sortie demo: open ${url} and sign in as one of these (passwords are new at every demo start):`,
    ...rows,
    '',
  ].join('\n');
}
