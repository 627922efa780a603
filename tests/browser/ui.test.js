// tests/browser/ui.test.js — the luutru web UI in a real headless Chromium
// (Debian's /usr/bin/chromium) driven by playwright-core. Started by
// tests/integration/test_browser.sh, which runs the server and passes:
//   LUUTRU_URL, LT_ARCHIVIST / LT_ARCHIVIST_PW, LT_OFFICER / LT_OFFICER_PW,
//   LT_SECRET_ID, LT_SECRET_WORD, LT_SAMPLE (a scan), LT_ARTIFACTS (screenshots)
// Prints "ok - ..." / "not ok - ..." lines; exits non-zero when one failed.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');

const env = (k) => {
	if (!process.env[k]) throw new Error('missing environment variable ' + k);
	return process.env[k];
};
const URL = env('LUUTRU_URL');
const ART = env('LT_ARTIFACTS');
let failed = 0;
const ok = (name) => console.log('ok - browser: ' + name);
const notok = (name, why) => {
	failed++;
	console.log('not ok - browser: ' + name + (why ? ' (' + String(why).split('\n')[0] + ')' : ''));
};
async function check(name, fn) {
	try {
		const r = await fn();
		if (r === false) notok(name, 'condition false');
		else ok(name);
	} catch (e) {
		notok(name, e.message);
	}
}

async function login(page, user, pw) {
	await page.goto(URL + '/#/login');
	await page.waitForSelector('#login-form', { timeout: 10000 });
	await page.fill('#login', user);
	await page.fill('#password', pw);
	await page.click('#login-form button[type=submit]');
	await page.waitForSelector('#q', { timeout: 10000 });
}

async function search(page, q) {
	await page.fill('#q', q);
	await page.click('#search-form button[type=submit]');
	await page.waitForSelector('#total', { timeout: 15000 });
}

(async () => {
	fs.mkdirSync(ART, { recursive: true });
	const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'luutru-chromium-'));
	let ctx;
	try {
		ctx = await chromium.launchPersistentContext(profile, {
			executablePath: '/usr/bin/chromium',
			headless: true,
			viewport: { width: 1280, height: 800 },
			args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
				'--disable-background-networking', '--disable-component-update', '--disable-sync'],
		});
	} catch (e) {
		notok('chromium starts', e.message);
		process.exit(1);
	}
	ok('chromium starts (' + ctx.browser()?.version?.() + ')');
	const page = ctx.pages()[0] || (await ctx.newPage());
	const external = [];
	page.on('request', (r) => { if (!r.url().startsWith(URL) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url()); });
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	page.on('dialog', (d) => { pageErrors.push('dialog: ' + d.message()); d.dismiss(); });

	await check('login page is Vietnamese first', async () => {
		await page.goto(URL + '/');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '01-login.png') });
		return (await page.textContent('#login-form h1')).includes('Đăng nhập');
	});
	await check('a wrong password shows an error', async () => {
		await page.fill('#login', env('LT_ARCHIVIST'));
		await page.fill('#password', 'wrong-password');
		await page.click('#login-form button[type=submit]');
		await page.waitForSelector('#login-form .error', { timeout: 10000 });
	});
	await check('archivist logs in', () => login(page, env('LT_ARCHIVIST'), env('LT_ARCHIVIST_PW')));

	let recordHref = null;
	await check('upload a scan with progress, then OCR finishes', async () => {
		await page.click('#nav-upload');
		await page.waitForSelector('#upload-form');
		await page.setInputFiles('#file', env('LT_SAMPLE'));
		await page.fill('#f-subject', 'Công văn về việc lập hồ sơ (trình duyệt)');
		await page.fill('#f-typeName', 'Công văn');
		await page.click('#upload-submit');
		await page.waitForSelector('#upload-progress', { state: 'visible', timeout: 10000 });
		await page.waitForSelector('#job-status[data-state=done]', { timeout: 180000 });
		recordHref = await page.getAttribute('#open-record', 'href');
		await page.screenshot({ path: path.join(ART, '02-upload-done.png') });
		return (await page.$eval('#upload-progress', (p) => p.value)) === 100 && !!recordHref;
	});

	await check('search "ho so" without diacritics finds the upload, highlighted', async () => {
		await page.click('#nav a[href="#/search"]');
		await page.waitForSelector('#q');
		for (let i = 0; i < 30; i++) {
			await search(page, 'ho so');
			if (await page.$(`.hit a.title[href="${recordHref}"]`)) break;
			await page.waitForTimeout(1000);
			await page.evaluate(() => { location.hash = '#/search'; });
			await page.waitForSelector('#q');
		}
		await page.waitForSelector(`.hit a.title[href="${recordHref}"]`, { timeout: 2000 });
		const marks = await page.$$eval('.hit mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
		await page.screenshot({ path: path.join(ART, '03-search.png') });
		return marks.length > 0 && marks.some((m) => /^(hồ|ho)( (sơ|so))?$|^(sơ|so)$/.test(m));
	});

	await check('a type filter narrows the results', async () => {
		await page.fill('#filter-type', 'Quyết định');
		await search(page, 'ho so');
		const none = (await page.$$(`.hit a.title[href="${recordHref}"]`)).length === 0;
		await page.fill('#filter-type', 'Công văn');
		await page.click('#search-form button[type=submit]');
		await page.waitForSelector(`.hit a.title[href="${recordHref}"]`, { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '03b-filter.png') });
		return none && page.url().includes('type=');
	});

	await check('the record page shows metadata, the page image and the OCR text', async () => {
		await page.click(`.hit a.title[href="${recordHref}"]`);
		await page.waitForSelector('#record-title', { timeout: 10000 });
		const labels = await page.$$eval('table.meta th', (ths) => ths.map((t) => t.textContent));
		const text = await page.textContent('.page-text');
		await page.waitForFunction(() => { const i = document.querySelector('.pages img'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '04-record.png'), fullPage: true });
		if (!labels.includes('Trích yếu nội dung')) throw new Error('no Vietnamese labels: ' + labels.join(', '));
		if (!/hồ sơ/i.test(text)) throw new Error('OCR text lacks "hồ sơ": ' + text.slice(0, 80));
	});

	await check('the English switch translates the interface', async () => {
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.querySelector('#nav a[href="#/search"]').textContent === 'Search');
		// The record page re-renders after its data is fetched again.
		await page.waitForFunction(() => [...document.querySelectorAll('table.meta th')]
			.some((th) => th.textContent === 'Subject'), null, { timeout: 10000 }).catch(() => {});
		const labels = await page.$$eval('table.meta th', (ths) => ths.map((t) => t.textContent));
		await page.screenshot({ path: path.join(ART, '05-english.png') });
		await page.click('#lang-switch');
		return labels.includes('Subject');
	});

	await check('markup in metadata is shown as text, never run', async () => {
		await page.evaluate(() => { location.hash = '#/search'; });
		await search(page, 'xsscheck');
		await page.waitForSelector('.hit', { timeout: 5000 });
		const title = await page.textContent('.hit a.title');
		const injected = await page.evaluate(() => window.__xss === 1 || !!document.querySelector('.hit img'));
		return title.includes('<img') && !injected;
	});

	await check('the page fits 1280×800 without horizontal scrolling', async () =>
		(await page.evaluate(() => document.documentElement.scrollWidth)) <= 1280);

	await check('logout', async () => {
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
	});

	await check('a clearance-0 officer does not find the secret record', async () => {
		await login(page, env('LT_OFFICER'), env('LT_OFFICER_PW'));
		await search(page, env('LT_SECRET_WORD'));
		const hits = await page.$$('.hit');
		const total = await page.textContent('#total');
		await page.screenshot({ path: path.join(ART, '06-officer-search.png') });
		return hits.length === 0 && /Không tìm thấy/.test(total);
	});
	await check('a clearance-0 officer cannot open the secret record', async () => {
		await page.evaluate((id) => { location.hash = '#/record/' + id; }, env('LT_SECRET_ID'));
		await page.waitForSelector('.error', { timeout: 10000 });
		const shown = await page.$('#record-title');
		await page.screenshot({ path: path.join(ART, '07-officer-secret.png') });
		return !shown && /không tìm thấy/i.test(await page.textContent('.error'));
	});
	await check('an officer sees no upload link', async () =>
		await page.$eval('#nav-upload', (a) => a.hidden));

	await check('no request left the server (works offline, no CDN)', async () => {
		if (external.length) throw new Error(external.join(' '));
	});
	await check('no script errors', async () => {
		if (pageErrors.length) throw new Error(pageErrors.join(' | '));
	});

	await ctx.close();
	fs.rmSync(profile, { recursive: true, force: true });
	process.exit(failed ? 1 : 0);
})().catch((e) => {
	notok('unexpected error', e.stack || e.message);
	process.exit(1);
});
