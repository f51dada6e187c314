// The shop page and privacy center: one page, two views (#shop, #privacy), signed in as a demo shopper.
import { session, demoShoppers, signIn, ApiError } from './api.js';
import { $, el, announce } from './ui.js';
import { wireShop, loadCategories, refresh } from './shop.js';
import { wirePrivacy, loadPurposes, loadHistory, loadHeld } from './privacy.js';

// while the shop is open, recommendations follow consent changes and new activity on their own
const REFRESH_MS = 3000;
let timer = null;

function report(error) {
  if (error instanceof ApiError && error.status === 401) {
    session.clear();
    render();
    announce('Your sign-in ended. Sign in again to continue.');
    return;
  }
  announce(error instanceof ApiError ? `Something went wrong: ${error.message}` : 'Something went wrong. Try again.');
  console.error(error);
}

async function reloadPrivacy() {
  await Promise.all([loadPurposes(reloadPrivacy, report), loadHistory(report), loadHeld(reloadPrivacy, report)]);
}

function view() {
  return location.hash === '#privacy' ? 'privacy' : 'shop';
}

async function show() {
  const signedIn = Boolean(session.get());
  const name = view();
  for (const id of ['shop', 'privacy']) $(`#${id}`).hidden = !signedIn || id !== name;
  for (const link of document.querySelectorAll('#sections a')) {
    if (link.dataset.view === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  clearInterval(timer);
  if (!signedIn) return;
  document.title = `${name === 'shop' ? 'Shop' : 'Privacy center'} · Demo shop`;
  if (name === 'shop') {
    await refresh();
    clearInterval(timer); // a second show() may have started while this one waited
    timer = setInterval(() => refresh().catch(report), REFRESH_MS);
  } else {
    await reloadPrivacy();
  }
}

async function render() {
  const current = session.get();
  $('#sign-in').hidden = Boolean(current) || $('#shopper').options.length === 0;
  $('#signed-in').hidden = !current;
  $('#sections').hidden = !current;
  $('#welcome').hidden = Boolean(current);
  $('#who').textContent = current?.subject || '';
  if (current) await loadCategories();
  await show();
}

async function start() {
  wireShop(report);
  wirePrivacy(reloadPrivacy, report);
  const shoppers = await demoShoppers();
  if (shoppers) {
    $('#shopper').replaceChildren(...shoppers.map((shopper) => el('option', { value: shopper }, shopper)));
  } else {
    $('#no-demo').hidden = false;
  }
  $('#sign-in').addEventListener('submit', (event) => {
    event.preventDefault();
    signIn($('#shopper').value)
      .then(() => { location.hash = '#shop'; return render(); })
      .then(() => { announce(`Signed in as ${session.get().subject}.`); $('#main').focus(); })
      .catch(report);
  });
  $('#sign-out').addEventListener('click', () => {
    session.clear();
    sessionStorage.clear();
    render().then(() => { announce('Signed out.'); $('#shopper').focus(); }).catch(report);
  });
  window.addEventListener('hashchange', () => show().then(() => $('#main').focus()).catch(report));
  await render();
}

start().catch(report);
