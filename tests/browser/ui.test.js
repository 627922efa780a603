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

	await check('search facets are shown and a click filters', async () => {
		await page.fill('#filter-type', '');
		await search(page, 'ho so');
		await page.waitForSelector('#facets [data-facet=type] a[data-value]', { timeout: 10000 });
		const value = await page.getAttribute('#facets [data-facet=type] a[data-value]', 'data-value');
		await page.click('#facets [data-facet=type] a[data-value]');
		await page.waitForFunction((v) => location.hash.includes('type=' + encodeURIComponent(v)), value, { timeout: 10000 });
		await page.waitForSelector(`.hit a.title[href="${recordHref}"]`, { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '03c-facets.png') });
		return (await page.inputValue('#filter-type')) === value;
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

	const fits = () => page.evaluate(() => document.documentElement.scrollWidth <= 1280);
	const go = async (hash, sel) => {
		await page.evaluate((h) => { location.hash = h; }, hash);
		await page.waitForSelector(sel, { timeout: 20000 });
	};

	await check('the dossier page lists its records in order, with status, retention and hold', async () => {
		await go('#/dossier/' + env('LT_DOSSIER_ID'), '#dossier-toc');
		const links = await page.$$eval('#dossier-toc tbody tr td a', (as) => as.map((a) => a.getAttribute('href')));
		const ordinals = await page.$$eval('#dossier-toc tbody tr td:first-child', (tds) => tds.map((td) => td.textContent));
		const status = await page.textContent('#dossier-status');
		const retention = await page.textContent('#dossier-retention');
		const holds = await page.textContent('#dossier-holds');
		await page.screenshot({ path: path.join(ART, '08-dossier.png'), fullPage: true });
		if (links.join(' ') !== '#/record/' + env('LT_FIRST_ID') + ' #/record/' + env('LT_SECOND_ID')) throw new Error('order: ' + links.join(' '));
		if (ordinals.join(',') !== '1,2') throw new Error('ordinals: ' + ordinals.join(','));
		if (status !== 'đang mở') throw new Error('status: ' + status);
		if (!retention.includes('20 năm')) throw new Error('retention: ' + retention);
		if (!holds.includes('Thanh tra tuyển dụng')) throw new Error('holds: ' + holds);
		return fits();
	});

	await check('an archivist edits a record\'s metadata; a bad date is refused and changes nothing', async () => {
		await go('#/record/' + env('LT_FIRST_ID'), '#record-editor');
		await page.click('#record-editor summary');
		await page.fill('#edit-issuedDate', '2024-02-31');
		await page.fill('#edit-subject', 'Không được lưu');
		await page.click('#edit-save');
		await page.waitForSelector('#record-edit .error', { timeout: 10000 });
		const refused = await page.textContent('#record-edit .error');
		await page.reload();
		await page.waitForSelector('#record-editor', { timeout: 20000 });
		const unchanged = await page.textContent('#record-title');
		await page.click('#record-editor summary');
		await page.fill('#edit-subject', 'Quyết định tuyển dụng (đã sửa trên giao diện)');
		await page.click('#edit-save');
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		const title = await page.textContent('#record-title');
		await page.screenshot({ path: path.join(ART, '08b-record-edit.png'), fullPage: true });
		if (!/2024-02-31|ngày/i.test(refused)) throw new Error('refusal: ' + refused);
		if (unchanged.includes('Không được lưu')) throw new Error('a refused edit was stored');
		if (title !== 'Quyết định tuyển dụng (đã sửa trên giao diện)') throw new Error('title: ' + title);
		return (await page.textContent('#edit-done')).includes('1');
	});

	await check('the dossier list links to the dossier', async () => {
		await go('#/dossiers', 'table.list');
		return (await page.$$(`a[href="#/dossier/${env('LT_DOSSIER_ID')}"]`)).length === 1;
	});

	await check('the catalog page shows Roman-numeral headings and entries', async () => {
		await go('#/catalog', '#catalog-table');
		const headings = await page.$$eval('#catalog-table tr.heading-row', (trs) => trs.map((tr) => tr.textContent));
		const body = await page.textContent('#catalog-table');
		await page.screenshot({ path: path.join(ART, '09-catalog.png'), fullPage: true });
		if (headings.join('|') !== 'I. TỔNG HỢP|II. TỔ CHỨC CÁN BỘ') throw new Error('headings: ' + headings.join('|'));
		return body.includes('02.TCCB') && body.includes('Hồ sơ tuyển dụng công chức') && fits();
	});

	await check('the compliance dashboard shows rules, findings by severity and export links', async () => {
		await go('#/compliance', '#compliance-summary');
		const rules = await page.$$('tr[data-rule]');
		const formats = await page.$$eval('.exports a', (as) => as.map((a) => a.dataset.format));
		const csv = await page.$eval('.exports a[data-format=csv]', (a) => a.href);
		const st = await page.evaluate((u) => fetch(u).then((r) => r.status + ' ' + r.headers.get('content-type')), csv);
		await page.screenshot({ path: path.join(ART, '10-compliance.png'), fullPage: true });
		if (rules.length < 10) throw new Error('only ' + rules.length + ' rules');
		if (formats.join(',') !== 'html,csv,xlsx') throw new Error('exports: ' + formats.join(','));
		if (!/^200 text\/csv/.test(st)) throw new Error('csv export: ' + st);
		return (await page.$$('#compliance-summary .stat')).length === 4 && fits();
	});

	await check('the compliance dashboard switches to English', async () => {
		await page.click('#lang-switch');
		await page.waitForFunction(() => { const h = document.querySelector('#app h1'); return h && h.textContent === 'Compliance check'; }, null, { timeout: 20000 });
		await page.waitForSelector('#compliance-summary', { timeout: 20000 });
		const labels = await page.$$eval('#compliance-summary .stat', (ss) => ss.map((x) => x.textContent));
		await page.screenshot({ path: path.join(ART, '10b-compliance-en.png') });
		await page.click('#lang-switch');
		await page.waitForFunction(() => { const h = document.querySelector('#app h1'); return h && h.textContent === 'Kiểm tra tuân thủ'; }, null, { timeout: 20000 });
		return labels.some((l) => l.includes('Warnings'));
	});

	await check('the statistics page draws its charts (inline SVG)', async () => {
		await go('#/stats', '#stats-charts');
		await page.waitForSelector('#stats-charts svg rect[data-value]', { state: 'attached', timeout: 10000 });
		const bars = await page.$$eval('#chart-volume rect[data-value]', (rs) => rs.map((r) => Number(r.getAttribute('data-value'))));
		const dig = await page.$$('#chart-digitisation rect[data-value]');
		await page.screenshot({ path: path.join(ART, '11-statistics.png'), fullPage: true });
		if (!bars.some((v) => v > 0)) throw new Error('no volume bars: ' + bars.join(','));
		return dig.length > 0 && fits();
	});

	await check('a batch import shows its progress and its report', async () => {
		await go('#/import', '#import-form');
		await page.setInputFiles('#import-file', env('LT_BATCH'));
		await page.click('#import-form button[type=submit]');
		await page.waitForSelector('#import-state[data-state=done]', { timeout: 60000 });
		const text = await page.textContent('#import-state');
		await page.screenshot({ path: path.join(ART, '12-import.png') });
		if (!/nhập 3,/.test(text)) throw new Error(text);
		return (await page.$eval('#import-progress', (p) => p.value)) === 100;
	});

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
	await check('an officer sees no compliance or import link', async () =>
		(await page.$eval('#nav-compliance', (a) => a.hidden)) && (await page.$eval('#nav-import', (a) => a.hidden)));

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
