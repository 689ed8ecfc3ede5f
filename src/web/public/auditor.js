import { api, element, session } from './common.js';

const message = document.getElementById('message');
const charts = {};
const percent = (rate) => (rate === null ? '–' : `${Math.round(rate * 100)}%`);

/** Totals per agency over every rule: the rate is met / (met + breached), as the report's. */
function byAgency(rows) {
  const totals = new Map();
  for (const row of rows) {
    const total = totals.get(row.agencyId) || { agencyId: row.agencyId, checked: 0, met: 0, breached: 0, open: 0 };
    for (const key of ['checked', 'met', 'breached', 'open']) total[key] += row[key];
    totals.set(row.agencyId, total);
  }
  return [...totals.values()].map((total) => ({ ...total, rate: total.met + total.breached ? total.met / (total.met + total.breached) : null })).sort((a, b) => a.agencyId.localeCompare(b.agencyId));
}

function chart(id, config) {
  charts[id]?.destroy();
  charts[id] = new window.Chart(document.getElementById(id), { ...config, options: { animation: false, responsive: true, ...config.options } });
  window.ledgerCharts = charts; // for the browser tests: the numbers each chart was drawn from
}

function rowsOf(tableId, rows) {
  document.querySelector(`#${tableId} tbody`).replaceChildren(...rows.map((cells) => element('tr', {}, cells.map((cell) => element('td', {}, cell)))));
}

async function show(from, to) {
  message.className = 'status';
  message.textContent = 'Loading…';
  const report = await api(`/v1/compliance/report?from=${from}&to=${to}`);
  const agencies = byAgency(report.items);
  chart('by-agency', {
    type: 'bar',
    data: { labels: agencies.map((agency) => agency.agencyId), datasets: [{ label: 'Compliance rate (%)', data: agencies.map((agency) => (agency.rate === null ? null : Math.round(agency.rate * 100))), backgroundColor: '#1d4f91' }] },
    options: { scales: { y: { min: 0, max: 100 } } },
  });
  const rules = [...new Set(report.items.map((row) => row.rule))].sort();
  const sum = (rule, key) => report.items.filter((row) => row.rule === rule).reduce((total, row) => total + row[key], 0);
  chart('by-rule', {
    type: 'bar',
    data: { labels: rules, datasets: [
      { label: 'Met', data: rules.map((rule) => sum(rule, 'met')), backgroundColor: '#1e7b34' },
      { label: 'Breached', data: rules.map((rule) => sum(rule, 'breached')), backgroundColor: '#b3261e' },
    ] },
    options: { scales: { x: { stacked: true }, y: { stacked: true } } },
  });
  rowsOf('agency-table', agencies.map((agency) => [agency.agencyId, agency.checked, agency.met, agency.breached, agency.open, percent(agency.rate)]));
  rowsOf('report-table', report.items.map((row) => [row.rule, row.agencyId, row.checked, row.met, row.breached, row.open, percent(row.rate)]));
  const breached = await api('/v1/compliance/findings?status=breached&limit=200');
  document.querySelector('#breached tbody').replaceChildren(...breached.items.map((finding) => element('tr', {},
    element('td', {}, finding.dueAt), element('td', {}, finding.rule), element('td', {}, finding.agencyId), element('td', {}, finding.explanation),
    element('td', {}, ...finding.evidence.map((eventId, index) => element('a', { href: `/ui/child?child=${finding.childId}#event-${eventId}` }, `event ${index + 1} `))),
  )));
  message.textContent = `${report.items.length} rule and agency rows, ${breached.items.length} breached findings shown.`;
}

document.getElementById('period').addEventListener('submit', (event) => {
  event.preventDefault();
  show(document.getElementById('from').value, document.getElementById('to').value).catch((error) => { message.className = 'error'; message.textContent = error.message; });
});
document.getElementById('access-log-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const log = await api(`/v1/children/${document.getElementById('access-child').value.trim()}/access-log?limit=200`);
  rowsOf('access-log', log.items.map((entry) => [entry.at.replace('T', ' ').slice(0, 16), entry.principalId, entry.role, entry.agencyId || '', `${entry.action}${entry.detail?.export ? ` (${entry.detail.export})` : ''}`, entry.purpose || '']));
});

await session();
const today = new Date();
document.getElementById('to').value = today.toISOString().slice(0, 10);
document.getElementById('from').value = new Date(Date.UTC(today.getUTCFullYear() - 5, 0, 1)).toISOString().slice(0, 10);
await show(document.getElementById('from').value, document.getElementById('to').value);
