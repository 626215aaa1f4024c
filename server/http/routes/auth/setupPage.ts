/** The first-admin page: a plain form; setup.js sends it as JSON (no inline script: CSP). */
export function setupPageHtml(adminExists: boolean): string {
  const body = adminExists
    ? '<p>Sortie already has an administrator. <a href="/">Log in</a>.</p>'
    : `<form id="setup">
<label>E-mail <input name="email" type="email" required autocomplete="username"></label>
<label>Name <input name="name" required></label>
<label>Password (at least 10 characters) <input name="password" type="password" minlength="10" required autocomplete="new-password"></label>
<button>Create the administrator</button>
</form><p id="result" role="status"></p>
<script src="/api/auth/setup.js"></script>`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Sortie setup</title>
<style>body{font:16px system-ui,sans-serif;max-width:28rem;margin:3rem auto}label{display:block;margin:.8rem 0}input{display:block;width:100%;padding:.3rem}</style>
</head><body><h1>Sortie: first administrator</h1>${body}</body></html>`;
}

export const SETUP_SCRIPT = `document.getElementById('setup').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const token = new URLSearchParams(location.search).get('token') || '';
  const response = await fetch('/api/auth/setup', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token, email: form.get('email'), name: form.get('name'), password: form.get('password') }),
  });
  const answer = await response.json().catch(() => ({}));
  document.getElementById('result').textContent = response.ok
    ? 'Done. You can log in now.'
    : (answer.error && answer.error.message) || 'Setup failed.';
  if (response.ok) setTimeout(() => location.assign('/'), 1500);
});
`;
