// Small DOM helpers: elements are built with text content only, never from HTML strings.

export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export const $ = (selector) => document.querySelector(selector);

export function announce(message) {
  const status = $('#status');
  status.textContent = '';
  // a fresh text node, so that screen readers announce a repeated message too
  requestAnimationFrame(() => { status.textContent = message; });
}

const money = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
export const price = (value) => (value === undefined || value === null ? '' : money.format(Number(value)));

const dayFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
export const day = (iso) => (iso ? dayFormat.format(new Date(iso)) : '');
export const when = (iso) => (iso ? timeFormat.format(new Date(iso)) : '');

/** The "personalized" or "not personalized" mark above a list. */
export function mark(target, personalized, what) {
  target.replaceChildren(personalized
    ? el('span', { className: 'badge personal' }, `Personalized for you`)
    : el('span', { className: 'badge neutral' }, 'Not personalized'),
  ' ', personalized
    ? `These ${what} use data you allowed; each one says why.`
    : `The same ${what} everyone sees: nothing about you was used.`);
}

/** "Why am I seeing this?": the item's reasons, purpose and kind of data first. */
export function why(reasons) {
  const list = (reasons || []).map((reason) => el('li', {},
    reason.text || 'Popular in the shop',
    reason.purpose ? el('span', { className: 'reason-source' }, ` (purpose: ${reason.purpose}, data: ${reason.dataCategory})`) : ''));
  return el('details', { className: 'why' },
    el('summary', {}, 'Why am I seeing this?'),
    list.length ? el('ul', {}, list) : el('p', {}, 'Nothing about you was used for this item.'));
}
