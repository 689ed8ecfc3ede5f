import { element } from './common.js';

const form = document.getElementById('sign-in');
const message = document.getElementById('message');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  message.className = 'status';
  message.textContent = 'Signing in…';
  const response = await fetch('/ui/session', {
    method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ apiKey: document.getElementById('api-key').value }),
  });
  if (!response.ok) {
    message.className = 'error';
    message.textContent = response.status === 429 ? 'Too many attempts: wait a minute.' : 'That key was not accepted.';
    return;
  }
  const me = await response.json();
  const purpose = document.getElementById('purpose').value.trim();
  if (purpose) sessionStorage.setItem('purpose', purpose);
  message.replaceChildren(element('span', {}, `Signed in as ${me.name}.`));
  location.href = me.role === 'auditor' ? '/ui/auditor' : '/ui/child';
});
