// The privacy center: purposes and their toggles, renewals, the decision history with receipts,
// what the profile holds (with expiry and a shorter retention), export and erasure.
import { get, put, post, del, session, ApiError } from './api.js';
import { $, el, announce, day, when } from './ui.js';

const RECEIPTS = 'demo-receipts';
const POLL_MS = 1000; // erasure status poll: often enough to feel live, cheap for the gateway

function receipts() { return JSON.parse(sessionStorage.getItem(RECEIPTS) || '{}'); }
function keepReceipt(decision) {
  const all = receipts();
  all[`${decision.purpose}:${decision.consentVersion}`] = decision.receipt;
  sessionStorage.setItem(RECEIPTS, JSON.stringify(all));
}

function stateText(consent) {
  switch (consent?.state) {
    case 'granted': return `Allowed until ${day(consent.expiresAt)}`;
    case 'denied': return 'Not allowed';
    case 'withdrawn': return `Withdrawn on ${day(consent.decidedAt)}`;
    case 'expired': return 'Your permission expired';
    default: return 'Not decided: not allowed';
  }
}

function needsRenewal(consent) {
  return consent && (consent.renewalRequired || consent.state === 'expired'
    || (consent.state === 'granted' && consent.decidedOnVersion !== undefined
      && consent.decidedOnVersion !== consent.currentPurposeVersion));
}

async function decide(purpose, granted, onChange) {
  const decision = await put(`/api/consents/me/${encodeURIComponent(purpose.purpose)}`, { granted });
  keepReceipt(decision);
  announce(granted ? `You allowed ${purpose.title}. A signed receipt was recorded.`
    : `You withdrew ${purpose.title}. Its data is being deleted.`);
  await onChange();
  // the list was drawn anew: keep a keyboard user on the switch they just used
  document.getElementById(`allow-${purpose.purpose}`)?.focus();
}

function purposeCard(purpose, consent, onChange, report) {
  const id = `allow-${purpose.purpose}`;
  const allowed = consent?.state === 'granted' && !needsRenewal(consent);
  const toggle = el('input', { type: 'checkbox', role: 'switch', id, checked: allowed,
    'aria-describedby': `${id}-state` });
  toggle.addEventListener('change', () => decide(purpose, toggle.checked, onChange).catch((error) => {
    toggle.checked = !toggle.checked;
    report(error);
  }));
  const renewal = needsRenewal(consent)
    ? el('div', { className: 'renewal', role: 'alert' },
      el('p', {}, `The notice for ${purpose.title} changed: you answered version ${consent.decidedOnVersion ?? '?'}, `
        + `it is now version ${purpose.version}. Read it again and decide.`),
      el('button', { type: 'button', onclick: () => decide(purpose, true, onChange).catch(report) },
        `Renew: allow ${purpose.title} (${purpose.purpose}) under version ${purpose.version}`))
    : '';
  return el('article', { className: 'purpose', 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, purpose.title),
    el('p', {}, purpose.notice),
    el('dl', { className: 'facts' },
      el('dt', {}, 'Notice version'), el('dd', {}, String(purpose.version)),
      el('dt', {}, 'Data used'), el('dd', {}, (purpose.dataCategories || []).join(', ')),
      el('dt', {}, 'Kept for'), el('dd', {}, `${purpose.retentionDays} days after last use`)),
    renewal,
    el('div', { className: 'switch' }, toggle, el('label', { for: id }, `Allow ${purpose.title} (${purpose.purpose})`)),
    el('p', { id: `${id}-state`, className: 'state' }, stateText(consent)));
}

export async function loadPurposes(onChange, report) {
  const [{ purposes }, { consents }] = await Promise.all([get('/api/purposes'), get('/api/consents/me')]);
  const byPurpose = Object.fromEntries(consents.map((consent) => [consent.purpose, consent]));
  $('#purposes').replaceChildren(...purposes.map((purpose) => purposeCard(purpose, byPurpose[purpose.purpose],
    onChange, report)));
}

export async function loadHistory(report) {
  const entries = [];
  let cursor = null;
  do { // every page: a shopper's history is short, and the table shows it whole
    const page = await get(`/api/consents/me/history?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    entries.push(...page.entries);
    cursor = page.nextCursor;
  } while (cursor);
  const known = receipts();
  const rows = entries.map((entry) => {
    const receipt = known[`${entry.purpose}:${entry.consentVersion}`];
    return el('tr', {},
      el('td', {}, when(entry.recordedAt)), el('td', {}, entry.purpose), el('td', {}, entry.decision),
      el('td', {}, String(entry.purposeVersion)),
      el('td', {}, receipt
        ? el('button', { type: 'button', className: 'secondary',
          'aria-label': `Verify the receipt of ${entry.decision} ${entry.purpose} on ${when(entry.recordedAt)}`,
          onclick: () => verify(receipt).catch(report) }, 'Verify')
        : el('span', {}, 'kept where it was issued')));
  });
  $('#history tbody').replaceChildren(...(rows.length ? rows
    : [el('tr', {}, el('td', { colspan: '5' }, 'No decisions yet.'))]));
}

async function verify(receipt) {
  const result = await post('/api/consents/receipts/verify', { receipt });
  const text = !result.valid
    ? `Receipt not valid: ${result.reason}.`
    : `Receipt valid: signed by the consent service and in the ledger${result.current
      ? ', and still your current decision.' : `; a later decision replaced it${result.supersededBy
        ? ` (${result.supersededBy.decision} on ${when(result.supersededBy.recordedAt)})` : ''}.`}`;
  $('#verify-result').textContent = text;
}

function heldGroup(group, onChange, report) {
  const id = `retention-${group.purpose}`;
  const input = el('input', { id, type: 'number', min: '1', max: String(group.retentionDays),
    value: String(group.retentionDays), inputmode: 'numeric', required: true });
  const form = el('form', { className: 'inline' },
    el('label', { for: id }, `Keep ${group.purpose} data for (days, at most ${group.retentionDays})`), input,
    el('button', { type: 'submit' }, 'Shorten'));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    put(`/api/profile/me/retention/${encodeURIComponent(group.purpose)}`, { days: Number(input.value) })
      .then(() => { announce(`${group.purpose} data is now kept ${input.value} days.`); return onChange(); })
      .catch(report);
  });
  const rows = group.data.map((datum) => el('tr', {},
    el('td', {}, datum.kind), el('td', {}, datum.item), el('td', {}, datum.source),
    el('td', {}, day(datum.firstSeen)), el('td', {}, day(datum.lastSeen)), el('td', {}, day(datum.expiresAt))));
  return el('article', { className: 'held', 'aria-labelledby': `${id}-title` },
    el('h3', { id: `${id}-title` }, `${group.purpose}: ${group.data.length} ${group.data.length === 1 ? 'item' : 'items'}`),
    el('p', {}, `Kept ${group.retentionDays} days after last seen`
      + (group.retentionChosen ? ` (your choice; the default is ${group.defaultRetentionDays})` : ' (the default)')),
    group.data.length
      ? el('div', { className: 'table-wrap', tabindex: '0', role: 'region', 'aria-label': `Data held for ${group.purpose}` },
        el('table', {},
        el('caption', { className: 'visually-hidden' }, `Data held for ${group.purpose}`),
        el('thead', {}, el('tr', {}, ['What', 'Item', 'From', 'First seen', 'Last seen', 'Deleted on']
          .map((name) => el('th', { scope: 'col' }, name)))),
        el('tbody', {}, rows)))
      : el('p', { className: 'empty' }, 'Nothing held for this purpose.'),
    form);
}

export async function loadHeld(onChange, report) {
  try {
    const { purposes } = await get('/api/profile/me');
    const total = purposes.reduce((sum, group) => sum + group.data.length, 0);
    $('#held').replaceChildren(
      el('p', { id: 'held-summary' }, total ? `${total} items held about you.` : 'We hold nothing about you.'),
      ...purposes.map((group) => heldGroup(group, onChange, report)));
  } catch (error) {
    if (error instanceof ApiError && error.status === 503) {
      $('#held').replaceChildren(el('p', {}, 'Your consent is being updated; this list follows in a moment.'));
      return;
    }
    throw error;
  }
}

async function download() {
  const data = await get('/api/me/data');
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  const link = el('a', { href: URL.createObjectURL(blob), download: `my-data-${session.get()?.subject}.json` });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
  announce('Your data was downloaded as a JSON file.');
}

// a service reports "done" (or "completed") once it has deleted the subject's data
const finished = (state) => state === 'done' || state === 'completed';

function serviceStates(services) {
  return Object.entries(services || {}).map(([name, value]) =>
    [name, typeof value === 'string' ? value : value?.status || 'pending']);
}

async function erase(onDone, report) {
  $('#erase-confirm').hidden = true;
  const { requestId } = await del('/api/me');
  sessionStorage.removeItem(RECEIPTS);
  $('#erasure').hidden = false;
  $('#erasure-state').textContent = 'Deletion requested; waiting for every service to confirm.';
  const poll = async () => {
    const status = await get(`/api/me/erasure/${encodeURIComponent(requestId)}`);
    const states = serviceStates(status.services);
    const done = states.filter(([, state]) => finished(state)).length;
    $('#erasure-progress').max = Math.max(states.length, 1);
    $('#erasure-progress').value = status.status === 'completed' ? Math.max(states.length, 1) : done;
    $('#erasure-services').replaceChildren(...states.map(([name, state]) =>
      el('li', {}, `${name}: ${finished(state) ? 'deleted' : 'still deleting'}`)));
    if (status.status === 'completed') {
      $('#erasure-state').textContent = 'Deletion completed: every service confirmed.';
      await onDone();
      return;
    }
    $('#erasure-state').textContent = `Deleting: ${done} of ${states.length} services confirmed.`;
    setTimeout(() => poll().catch(report), POLL_MS);
  };
  await poll();
}

export function wirePrivacy(onChange, report) {
  $('#refresh-held').addEventListener('click', () => loadHeld(onChange, report).catch(report));
  $('#verify-form').addEventListener('submit', (event) => {
    event.preventDefault();
    verify($('#receipt').value.trim()).catch(report);
  });
  $('#download').addEventListener('click', () => download().catch(report));
  $('#erase').addEventListener('click', () => { $('#erase-confirm').hidden = false; $('#erase-yes').focus(); });
  $('#erase-no').addEventListener('click', () => { $('#erase-confirm').hidden = true; $('#erase').focus(); });
  $('#erase-yes').addEventListener('click', () => erase(onChange, report).catch(report));
}
