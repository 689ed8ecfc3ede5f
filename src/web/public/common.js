// Shared by the pages: calls to the API with the session cookie and the reader's stated purpose.

export const purpose = () => sessionStorage.getItem('purpose') || 'Review of the record';

/** GET or POST to the API; throws an Error with the problem's title on a refusal. */
export async function api(path, options = {}) {
  const response = await fetch(path, {
    method: options.method || 'GET',
    credentials: 'same-origin',
    headers: { 'X-Purpose': purpose(), ...(options.body ? { 'Content-Type': 'application/json' } : {}), ...(options.headers || {}) },
    body: options.body ? JSON.stringify(options.body) : undefined,
  });
  if (response.status === 401) { location.href = '/ui'; throw new Error('Please sign in'); }
  if (!response.ok) {
    const problem = await response.json().catch(() => ({}));
    const error = new Error(problem.title || `The service answered ${response.status}`);
    error.status = response.status;
    error.code = problem.code;
    throw error;
  }
  return options.raw ? response : response.json();
}

/** Who is signed in; fills the header and offers sign-out. */
export async function session() {
  const me = await api('/ui/session/me');
  document.getElementById('who').textContent = `${me.name} (${me.role}${me.agencyId ? `, ${me.agencyId}` : ''})`;
  document.getElementById('sign-out').addEventListener('click', async () => {
    await fetch('/ui/session/end', { method: 'POST', credentials: 'same-origin' });
    sessionStorage.removeItem('purpose');
    location.href = '/ui';
  });
  for (const link of document.querySelectorAll('[data-role]')) link.hidden = !link.dataset.role.split(' ').includes(me.role);
  return me;
}

export function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value; else node.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) node.append(child instanceof Node ? child : document.createTextNode(String(child ?? '')));
  return node;
}

/** Saves a file fetched with the session (exports need the X-Purpose header, so not a plain link). */
export async function download(path, filename) {
  const response = await api(path, { raw: true });
  const url = URL.createObjectURL(await response.blob());
  const link = element('a', { href: url, download: filename });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
