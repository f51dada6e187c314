// The shop: catalog by category, product detail (a view event), search (a search event), buying (a
// purchase event), recommendations and deals, each item saying why it is shown.
import { get, track, ApiError } from './api.js';
import { $, el, announce, price, day, mark, why } from './ui.js';

let current = null; // the product open in the detail panel

/** What the intake did with an event, in words (a dropped event was not kept at all). */
function outcome(answer, action) {
  const dropped = answer?.dropped?.[0];
  if (!dropped) return `${action}: recorded for your profile.`;
  if (dropped.reason === 'no-consent') return `${action}. Not kept: you have not allowed the purpose it needs.`;
  if (dropped.reason === 'no-match') return `${action}. Not kept: it matched nothing in the catalog.`;
  return `${action}. Not kept (${dropped.reason}).`;
}

function productCard(product, { reasons, extra } = {}) {
  const title = el('h4', {}, product.title);
  return el('li', { className: 'card' },
    title,
    el('p', { className: 'meta' }, price(product.price), ' · ', product.category),
    extra || '',
    reasons ? why(reasons) : '',
    el('div', { className: 'actions' },
      el('button', { type: 'button', className: 'secondary', onclick: () => open(product.id),
        'aria-label': `View ${product.title}` }, 'View'),
      el('button', { type: 'button', onclick: () => buy(product), 'aria-label': `Buy ${product.title}` }, 'Buy')));
}

function fill(list, items, render, empty) {
  list.replaceChildren(...(items.length ? items.map(render) : [el('li', { className: 'empty' }, empty)]));
}

export async function loadCategories() {
  const { products } = await get('/api/catalog/products?limit=1000');
  const categories = [...new Set(products.map((product) => product.category))].sort();
  const select = $('#category');
  select.replaceChildren(...categories.map((category) => el('option', { value: category }, category)));
  if (categories.length) await showCategory(categories[0]);
  else fill($('#products'), [], productCard, 'The catalog is empty.');
}

export async function showCategory(category) {
  const { products } = await get(`/api/catalog/products?category=${encodeURIComponent(category)}&limit=24`);
  $('#products-title').textContent = `Products in ${category}`;
  fill($('#products'), products, (product) => productCard(product), 'Nothing in this category.');
}

async function open(id) {
  const product = await get(`/api/catalog/products/${encodeURIComponent(id)}`);
  current = product;
  $('#detail-title').textContent = product.title;
  $('#detail-meta').textContent = `${price(product.price)} · ${product.category}`;
  const panel = $('#product-detail');
  panel.hidden = false;
  panel.focus();
  const answer = await track({ type: 'view', productId: product.id, category: product.category });
  announce(outcome(answer, `Viewed ${product.title}`));
}

async function buy(product) {
  const answer = await track({ type: 'purchase', productId: product.id, category: product.category,
    price: Number(product.price), quantity: 1 });
  announce(outcome(answer, `Bought ${product.title}`));
  await refresh();
}

async function search(query) {
  const [answer, found] = await Promise.all([
    track({ type: 'search', query }),
    get(`/api/search?q=${encodeURIComponent(query)}&limit=12`),
  ]);
  const section = $('#search-results');
  section.hidden = false;
  $('#results-title').textContent = `Search results for “${query}”`;
  mark($('#results-mark'), found.personalized, 'results');
  fill($('#results'), found.results, (item) => productCard(item, { reasons: item.reasons }), 'No product matches.');
  announce(outcome(answer, `${found.results.length} results for your search`));
}

/**
 * Recommendations and deals, each on its own: one may be unavailable for a moment (503, the consent view
 * catching up), which is said, not hidden, while the other is shown. A list the gateway kept from earlier
 * (recommendation-service down or busy) is marked as such.
 */
export async function refresh() {
  const [recs, deals] = await Promise.allSettled([
    get('/api/recommendations/me?limit=6'), get('/api/deals/me?limit=6')]);
  if (recs.status === 'fulfilled') {
    const list = recs.value;
    mark($('#recs-mark'), list.personalized, 'recommendations');
    if (list.stale) {
      $('#recs-mark').append(' Shown from earlier: recommendations cannot be worked out right now.');
    }
    fill($('#buy-again'), list.buyAgain, (item) => productCard(item, { reasons: item.reasons }),
      list.personalized ? 'Nothing to buy again yet.' : 'Buy again needs the purchases purpose.');
    fill($('#discover'), list.discover, (item) => productCard(item, { reasons: item.reasons }), 'Nothing to show yet.');
  } else {
    unavailable(recs.reason, '#recs-mark', 'recommendations');
  }
  if (deals.status === 'fulfilled') {
    mark($('#deals-mark'), deals.value.personalized, 'deals');
    fill($('#deals'), deals.value.deals, (deal) => dealCard(deal), 'No deals right now.');
  } else {
    unavailable(deals.reason, '#deals-mark', 'deals');
  }
}

/** A 503 is said where the list would be; any other failure goes on to the page's error report. */
function unavailable(error, target, what) {
  if (error instanceof ApiError && error.status === 503) {
    $(target).textContent = `Your consent is being updated; ${what} follow in a moment.`;
    return;
  }
  throw error;
}

function dealCard(deal) {
  const label = `${deal.percentOff}% off`;
  const until = deal.validUntil ? ` until ${day(deal.validUntil)}` : '';
  if (deal.product) {
    return productCard(deal.product, { reasons: deal.reasons, extra: el('p', { className: 'deal' }, label, until) });
  }
  return el('li', { className: 'card' },
    el('h4', {}, `${label} in ${deal.category}`),
    el('p', { className: 'deal' }, `Everything in ${deal.category}${until}`),
    why(deal.reasons),
    el('div', { className: 'actions' }, el('button', { type: 'button', className: 'secondary',
      onclick: () => { $('#category').value = deal.category; showCategory(deal.category); } },
    `Browse ${deal.category}`)));
}

export function wireShop(report) {
  $('#category').addEventListener('change', (event) => showCategory(event.target.value).catch(report));
  $('#search-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const query = $('#query').value.trim();
    if (query) search(query).catch(report);
  });
  $('#detail-buy').addEventListener('click', () => current && buy(current).catch(report));
  $('#detail-close').addEventListener('click', () => { $('#product-detail').hidden = true; $('#browse-title').focus(); });
  $('#refresh').addEventListener('click', () => refresh().then(() => announce('Recommendations refreshed.')).catch(report));
}
