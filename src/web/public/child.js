import { api, download, element, session } from './common.js';
import { drawTimeline } from './timeline.js';

const message = document.getElementById('message');
const slider = document.getElementById('as-of');
const sliderDate = document.getElementById('as-of-date');
const state = { childId: null, items: [], ranges: [], flagged: new Set(), asOf: null, firstDay: null, me: null };
const DAY = 86_400_000;

const show = (text, kind = 'status') => { message.className = kind; message.textContent = text; };
const isoDay = (time) => new Date(time).toISOString().slice(0, 10);

async function chronology(childId, asOf) {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ limit: '1000', ...(asOf ? { asOf } : {}), ...(cursor ? { cursor } : {}) });
    const page = await api(`/v1/children/${childId}/chronology?${query}`);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return items;
}

/** Plans (from their start to their end, or still open) and episodes of involvement, as ranges on the lane of the agency that opened them. */
function rangesFrom(items) {
  const ended = new Map(items.filter((item) => item.type === 'PlanEnded').flatMap((item) => item.relatedEvents.map((planId) => [planId, item.occurredAt.slice(0, 10)])));
  const plans = items.filter((item) => item.type === 'PlanStarted').map((item) => ({ label: item.summary, agencyId: item.agencyId, from: item.occurredAt.slice(0, 10), to: ended.get(item.eventId) || null }));
  const closes = items.filter((item) => item.type === 'CaseClosed').map((item) => item.occurredAt.slice(0, 10)).sort();
  const episodes = items.filter((item) => item.type === 'ReferralDecisionMade' && /assessment|section/i.test(item.summary)).map((item) => {
    const from = item.occurredAt.slice(0, 10);
    return { label: 'Episode of involvement', agencyId: item.agencyId, from, to: closes.find((day) => day >= from) || null };
  });
  return [...plans, ...episodes];
}

function render() {
  const agencyFilter = document.getElementById('agency-filter').value;
  const typeFilter = document.getElementById('type-filter').value;
  const names = new Map(state.items.map((item) => [item.agencyId, item.agencyName || item.agencyId]));
  drawTimeline(document.getElementById('timeline'), state.items, rangesFrom(state.items), state.flagged, names);
  const rows = state.items.filter((item) => (!agencyFilter || item.agencyId === agencyFilter) && (!typeFilter || item.type === typeFilter)).map((item) => element('tr',
    { className: `${item.significance}${state.flagged.has(item.eventId) ? ' flagged' : ''}`, id: `event-${item.eventId}`, 'data-event': item.eventId },
    element('td', {}, item.occurredAt.slice(0, 10)),
    element('td', {}, names.get(item.agencyId)),
    element('td', {}, item.type),
    element('td', {}, item.summary, item.corrections?.length ? element('em', {}, ` (corrected ${item.corrections.length}×)`) : ''),
    element('td', {}, `${item.recordedAt.slice(0, 10)}${item.recordingLag !== null && item.recordingLag !== undefined ? ` (${item.recordingLag} working days)` : ''}`),
    element('td', {}, item.provenance),
  ));
  document.querySelector('#chronology tbody').replaceChildren(...rows);
}

function fillFilters() {
  const fill = (id, values, first) => {
    const select = document.getElementById(id);
    const current = select.value;
    select.replaceChildren(element('option', { value: '' }, first), ...values.map(([value, label]) => element('option', { value }, label)));
    select.value = values.some(([value]) => value === current) ? current : '';
  };
  fill('agency-filter', [...new Map(state.items.map((item) => [item.agencyId, item.agencyName || item.agencyId]))].sort(), 'All agencies');
  fill('type-filter', [...new Set(state.items.map((item) => item.type))].sort().map((type) => [type, type]), 'All events');
}

async function load(childId) {
  state.childId = childId;
  show('Loading the record…');
  const reader = state.me.role !== 'agency';
  try {
    const [items, integrity, findings, patterns] = await Promise.all([
      chronology(childId, null),
      reader ? api(`/v1/children/${childId}/integrity`) : null,
      reader ? api(`/v1/compliance/findings?childId=${childId}&status=breached&limit=1000`) : null,
      reader ? api(`/v1/children/${childId}/patterns`) : null,
    ]);
    state.items = items;
    state.flagged = new Set((findings?.items || []).flatMap((finding) => finding.evidence));
    const integrityLine = document.getElementById('integrity');
    integrityLine.className = integrity ? (integrity.valid ? 'ok' : 'error') : 'status';
    integrityLine.textContent = integrity
      ? (integrity.valid ? `Record intact: ${integrity.events} events, every hash verified.` : `Record altered at revision ${integrity.firstBrokenRevision}.`)
      : 'Integrity is checked by reviewers and auditors.';
    document.getElementById('patterns').replaceChildren(...(patterns?.patterns || []).map((pattern) => element('li', { className: 'error' }, `${pattern.pattern} (${pattern.findings.length} finding${pattern.findings.length === 1 ? '' : 's'})`)));
    const firstRecorded = Math.min(...items.map((item) => Date.parse(item.recordedAt)));
    state.firstDay = Date.parse(`${isoDay(firstRecorded)}T00:00:00Z`);
    slider.max = String(Math.ceil((Date.now() - state.firstDay) / DAY));
    slider.value = slider.max;
    sliderDate.value = 'today';
    state.asOf = null;
    document.getElementById('record').hidden = false; // first, so the timeline is drawn to the page's width
    fillFilters();
    render();
    show(`${items.length} events from ${new Set(items.map((item) => item.agencyId)).size} agencies.`);
    // Arrived from a finding's evidence (the auditor page): show that event's row.
    const linked = location.hash.startsWith('#event-') ? document.getElementById(location.hash.slice(1)) : null;
    if (linked) { linked.classList.add('flagged'); linked.setAttribute('tabindex', '-1'); linked.focus(); linked.scrollIntoView({ block: 'center' }); }
  } catch (error) {
    document.getElementById('record').hidden = true;
    show(error.status === 403 ? `You may not read this child's record: ${error.message}` : error.message, 'error');
  }
}

let pending;
slider.addEventListener('input', () => {
  const at = state.firstDay + Number(slider.value) * DAY;
  sliderDate.value = slider.value === slider.max ? 'today' : isoDay(at);
  clearTimeout(pending);
  pending = setTimeout(async () => {
    state.asOf = slider.value === slider.max ? null : isoDay(at);
    state.items = await chronology(state.childId, state.asOf);
    fillFilters();
    render();
    show(`${state.items.length} events known ${state.asOf ? `at the end of ${state.asOf}` : 'today'}.`);
  }, 250);
});

document.getElementById('filters').addEventListener('change', render);
document.getElementById('filters').addEventListener('submit', (event) => event.preventDefault());
for (const format of ['csv', 'pdf']) {
  document.getElementById(`export-${format}`).addEventListener('click', () =>
    download(`/v1/children/${state.childId}/chronology?format=${format}${state.asOf ? `&asOf=${state.asOf}` : ''}`, `chronology-${state.childId}${state.asOf ? `-as-of-${state.asOf}` : ''}.${format}`));
}
document.getElementById('find').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const { childId } = await api('/v1/children/search', { method: 'POST', body: { nhsNumber: document.getElementById('nhs-number').value.replace(/\s/g, '') } });
    history.replaceState(null, '', `/ui/child?child=${childId}`);
    await load(childId);
  } catch (error) {
    show(error.status === 404 ? 'No child is registered with this NHS number.' : error.message, 'error');
  }
});

state.me = await session();
const requested = new URLSearchParams(location.search).get('child');
if (requested) await load(requested);
