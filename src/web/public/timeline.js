// The child's years at a glance: one lane per agency, a marker per event (coloured by significance,
// ringed when a breached finding names it), plans and episodes as ranges, and the concerns recorded
// so far as a rising line. Plain SVG: each marker carries its date, type and summary as a title.

const NS = 'http://www.w3.org/2000/svg';
const LANE = 44;
const LEFT = 230;
const TOP = 28;

function svg(tag, attributes = {}, text) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

/** Marker shapes by kind of event, so a lane reads at a glance; colour says its significance. */
const KINDS = [
  ['concern', /^(ConcernRaised|AllegationMade|DisclosureMade)/, 'circle'],
  ['referral or decision', /^(Referral|Decision|Strategy|Section47|Escalation|Disagreement)/, 'square'],
  ['plan or meeting', /^(Plan|Conference|CoreGroup|ChildProtection)/, 'diamond'],
  ['visit or appointment', /^(Visit|Appointment|Contact)/, 'triangle'],
];
export const kindOf = (type) => KINDS.find(([, pattern]) => pattern.test(type)) || ['other', null, 'circle'];

function shape(kind, cx, cy) {
  const r = 7;
  if (kind === 'square') return svg('rect', { x: cx - r, y: cy - r, width: 2 * r, height: 2 * r });
  if (kind === 'diamond') return svg('path', { d: `M ${cx} ${cy - r - 2} L ${cx + r + 2} ${cy} L ${cx} ${cy + r + 2} L ${cx - r - 2} ${cy} Z` });
  if (kind === 'triangle') return svg('path', { d: `M ${cx} ${cy - r - 1} L ${cx + r + 1} ${cy + r} L ${cx - r - 1} ${cy + r} Z` });
  return svg('circle', { cx, cy, r });
}

const day = (iso) => Date.parse(iso.length === 10 ? `${iso}T12:00:00Z` : iso);

/** Draws into `container`; `ranges` are {label, agencyId, from, to|null}; `flagged` a Set of event ids. */
export function drawTimeline(container, items, ranges, flagged, agencyNames) {
  container.replaceChildren();
  const agencies = [...new Set(items.map((item) => item.agencyId))].sort();
  const times = items.map((item) => day(item.occurredAt)).concat(ranges.flatMap((range) => [day(range.from), range.to ? day(range.to) : Date.now()]));
  const start = Math.min(...times);
  const end = Math.max(...times, start + 86_400_000);
  const width = Math.max(container.clientWidth || 1000, 900);
  const height = TOP + agencies.length * LANE + 30;
  const x = (time) => LEFT + ((time - start) / (end - start)) * (width - LEFT - 20);
  const root = svg('svg', { width, height, viewBox: `0 0 ${width} ${height}` });
  for (let year = new Date(start).getUTCFullYear(); year <= new Date(end).getUTCFullYear(); year++) {
    const at = x(Date.UTC(year, 0, 1));
    if (at < LEFT) continue;
    root.append(svg('line', { x1: at, x2: at, y1: TOP - 6, y2: height - 24, stroke: '#e2e2ea' }), svg('text', { x: at + 3, y: height - 8, class: 'axis' }, year));
  }
  agencies.forEach((agencyId, lane) => {
    const y = TOP + lane * LANE + LANE / 2;
    const mine = items.filter((item) => item.agencyId === agencyId);
    const group = svg('g', { class: 'lane', 'data-agency': agencyId, 'data-count': mine.length });
    const name = agencyNames.get(agencyId) || agencyId;
    group.append(svg('text', { x: 8, y: y + 4, class: 'lane-label' }, name.length > 28 ? `${name.slice(0, 27)}…` : name));
    group.append(svg('line', { x1: LEFT, x2: width - 20, y1: y, y2: y, stroke: '#d8d8e2' }));
    for (const range of ranges.filter((candidate) => candidate.agencyId === agencyId)) {
      const from = x(day(range.from));
      const to = x(range.to ? day(range.to) : end);
      const bar = svg('rect', { x: from, y: y - 12, width: Math.max(to - from, 3), height: 24, rx: 4, class: 'range' });
      bar.append(svg('title', {}, `${range.label}: ${range.from} to ${range.to || 'now'}`));
      group.append(bar);
    }
    for (const item of mine) {
      const [kind, , form] = kindOf(item.type);
      const marker = shape(form, x(day(item.occurredAt)), y);
      for (const [name, value] of Object.entries({ tabindex: 0, class: `marker ${item.significance}${flagged.has(item.eventId) ? ' flagged' : ''}`, 'data-event': item.eventId, 'data-type': item.type, 'data-kind': kind })) marker.setAttribute(name, String(value));
      marker.append(svg('title', {}, `${item.occurredAt.slice(0, 10)} · ${item.type} · ${item.summary}`));
      group.append(marker);
    }
    root.append(group);
  });
  // Concerns accumulating: a step line rising with each concern, drawn across the whole chart.
  const concerns = items.filter((item) => item.type === 'ConcernRaised').map((item) => day(item.occurredAt)).sort((a, b) => a - b);
  if (concerns.length) {
    const bottom = height - 26;
    const step = (height - TOP - 40) / concerns.length;
    let path = `M ${LEFT} ${bottom}`;
    concerns.forEach((time, index) => { path += ` H ${x(time)} V ${bottom - (index + 1) * step}`; });
    const line = svg('path', { d: `${path} H ${width - 20}`, class: 'cumulative', 'data-concerns': concerns.length });
    line.append(svg('title', {}, `${concerns.length} concerns recorded`));
    root.append(line);
  }
  container.append(root);
  container.setAttribute('aria-label', `Timeline of ${items.length} events across ${agencies.length} agencies`);
}
