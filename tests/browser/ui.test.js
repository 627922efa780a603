// tests/browser/ui.test.js — the luutru web UI in a real headless Chromium
// (Debian's /usr/bin/chromium) driven by playwright-core. Started by
// tests/integration/test_browser.sh, which runs the server and passes:
//   LUUTRU_URL, LT_ARCHIVIST / LT_ARCHIVIST_PW, LT_OFFICER / LT_OFFICER_PW,
//   LT_SECRET_ID, LT_SECRET_WORD, LT_SAMPLE (a scan), LT_ARTIFACTS (screenshots),
//   LT_DATA (the server's data directory: no message may show it)
// Every page is also checked at 375 px (no sideways scrolling), with axe-core
// (0 serious or critical violations) and screenshotted at 1280 and 375 px.
// Prints "ok - ..." / "not ok - ..." lines; exits non-zero when one failed.
'use strict';

const fs = require('fs');
const os = require('os');
const path = require('path');
const { chromium } = require('playwright-core');
const AXE = fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

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
		await failShot(name);
	}
}
let failPage = null;
let failures = 0;
async function failShot(name) { // what the page showed when a check failed
	if (failPage) await failPage.screenshot({ path: path.join(ART, 'failed-' + (++failures) + '.png'), fullPage: true }).catch(() => {});
	if (failPage) console.log('# ' + name + ': the page showed ' + failPage.url() + ' — tests/artifacts/browser/failed-' + failures + '.png');
}

async function login(page, user, pw) {
	await page.goto(URL + '/#/login');
	await page.waitForSelector('#login-form', { timeout: 10000 });
	await page.fill('#login', user);
	await page.fill('#password', pw);
	await page.click('#login-form button[type=submit]');
	await page.waitForSelector('#q', { timeout: 10000 });
}

/* axe-core in the page (evaluated through the DevTools protocol, so the
 * server's CSP stays on): the serious and critical violations, as text. */
async function axeSerious(page, context) {
	if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(AXE);
	const res = await page.evaluate((ctx) => window.axe.run(ctx || document, { resultTypes: ['violations'] }), context || null);
	return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
		.map((v) => v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', '));
}

/* Controls without a name a screen reader can say. */
function unlabelled(page) {
	return page.evaluate(() => [...document.querySelectorAll('input, select, textarea')]
		.filter((c) => c.type !== 'hidden' && !c.closest('[hidden]'))
		.filter((c) => !(c.labels && c.labels.length) && !c.getAttribute('aria-label') && !c.getAttribute('aria-labelledby'))
		.map((c) => c.id || c.name || c.outerHTML.slice(0, 60)));
}

/* Follow a menu link: open its group (a disclosure button) first, when
 * it is in one (search is not). */
async function navTo(page, sel) {
	const list = await page.$eval(sel, (a) => { const l = a.closest('.nav-list'); return l ? l.id : ''; });
	const btn = '#nav button[aria-controls="' + list + '"]';
	if (list && (await page.getAttribute(btn, 'aria-expanded')) !== 'true') await page.click(btn);
	await page.click(sel);
}

const overflow = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

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
	failPage = page;
	const external = [];
	page.on('request', (r) => { if (!r.url().startsWith(URL) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) external.push(r.url()); });
	const pageErrors = [];
	page.on('pageerror', (e) => pageErrors.push(e.message));
	page.on('dialog', (d) => { pageErrors.push('dialog: ' + d.message()); d.dismiss(); });
	const cspErrors = [];
	const notFound = [];
	const watch = (p) => {
		p.on('console', (m) => { if (/Content Security Policy|Refused to (apply|load|execute)/i.test(m.text())) cspErrors.push(p.url() + ': ' + m.text()); });
		p.on('response', (r) => { if (r.status() === 404 && r.url().startsWith(URL) && !r.url().includes('/api/')) notFound.push(r.url()); });
	};
	watch(page);
	ctx.on('page', watch);

	await check('login page is Vietnamese first', async () => {
		await page.goto(URL + '/');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '01-login.png') });
		return (await page.textContent('#login-form h1')).includes('Đăng nhập');
	});
	await check('the login page: axe finds nothing serious, every control labelled, fits 375 px', async () => {
		const v = await axeSerious(page);
		if (v.length) throw new Error(v.join(' | '));
		const u = await unlabelled(page);
		if (u.length) throw new Error('unlabelled: ' + u.join(', '));
		await page.setViewportSize({ width: 375, height: 740 });
		await page.screenshot({ path: path.join(ART, '01-login-375.png'), fullPage: true });
		const o = await overflow(page);
		await page.setViewportSize({ width: 1280, height: 800 });
		if (o > 0) throw new Error('scrolls sideways by ' + o + ' px');
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
		await navTo(page, '#nav-upload');
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
		await navTo(page, '#nav a[href="#/search"]');
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

	/* ---- Vietnamese conventions (issue 22 part 3) ---- */
	const vnTime = (iso) => {
		// the expected text computed apart from the UI: Intl with the IANA zone
		const d = new Date(/Z|[+-]\d\d:?\d\d$/.test(iso) ? iso.replace(' ', 'T') : iso.replace(' ', 'T') + 'Z');
		const f = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
		const p = Object.fromEntries(f.formatToParts(d).map((x) => [x.type, x.value]));
		return p.day + '/' + p.month + '/' + p.year + ' ' + p.hour + ':' + p.minute;
	};
	await check('the record page writes dates dd/mm/yyyy, times in Vietnam time, statuses and codes by name', async () => {
		await go('#/record/' + env('LT_FIRST_ID'), '#record-title');
		const api = await page.evaluate((id) => fetch('/api/v1/records/' + id, { headers: { 'Accept-Language': 'vi' } }).then((r) => r.json()), env('LT_FIRST_ID'));
		const cells = await page.$$eval('table.meta tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent])));
		const issued = api.fields.find((f) => f.tag === 'issuedDate'); // ISO in the API
		const [y, m, d] = issued.value.split('-');
		if (cells[issued.labelVi] !== d + '/' + m + '/' + y) throw new Error('issued date: ' + cells[issued.labelVi]);
		if (Object.values(cells).some((v) => /\d{4}-\d{2}-\d{2}/.test(v))) throw new Error('an ISO date is shown: ' + JSON.stringify(cells));
		if (cells['Ngày nhập'] !== vnTime(api.createdAt)) throw new Error('created ' + cells['Ngày nhập'] + ' ≠ ' + vnTime(api.createdAt) + ' (' + api.createdAt + ')');
		if (cells['Trạng thái'] === api.status || cells['Trạng thái'] !== 'đang lưu giữ') throw new Error('status: ' + cells['Trạng thái']);
		const type = api.fields.find((f) => f.tag === 'typeName'); // stored as its code, "02"
		if (!type || !/^\d+$/.test(type.value) || cells[type.labelVi] !== type.display || /\d/.test(cells[type.labelVi])) throw new Error('type: ' + (type && type.value + ' → ' + cells[type.labelVi]));
		await page.click('#lang-switch');
		await page.waitForFunction(() => [...document.querySelectorAll('table.meta th')].some((th) => th.textContent === 'Status'), null, { timeout: 10000 });
		const en = await page.$$eval('table.meta tr', (trs) => Object.fromEntries(trs.map((tr) => [tr.querySelector('th').textContent, tr.querySelector('td').textContent])));
		await page.click('#lang-switch');
		await page.waitForFunction(() => [...document.querySelectorAll('table.meta th')].some((th) => th.textContent === 'Trạng thái'), null, { timeout: 10000 });
		if (en.Status !== 'kept' || en.Ingested !== vnTime(api.createdAt)) throw new Error('English: ' + en.Status + ', ' + en.Ingested);
	});
	await check('the dossier\'s table of contents names the document types (not their codes), dates dd/mm/yyyy', async () => {
		await go('#/dossier/' + env('LT_DOSSIER_ID'), '#dossier-toc');
		const texts = await page.$$eval('#dossier-toc tbody tr td a', (as) => as.map((a) => a.textContent));
		const dates = await page.$$eval('#dossier-toc tbody tr td:nth-child(3)', (tds) => tds.map((td) => td.textContent));
		const held = await page.textContent('#dossier-holds');
		if (!texts[0].startsWith('Quyết định — ') || !texts[1].startsWith('Thông báo — ')) throw new Error(texts.join(' | '));
		if (dates.join(',') !== '10/06/2024,02/08/2024') throw new Error(dates.join(','));
		if (!/\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}/.test(held) || /\d{4}-\d{2}-\d{2}/.test(held)) throw new Error('hold: ' + held);
	});

	/* ---- printouts under the CSP (part 2) ---- */
	const printouts = async () => {
		const regs = await page.evaluate(() => fetch('/api/v1/registers').then((r) => r.json()));
		const list = [
			['toc', '/api/v1/dossiers/' + env('LT_DOSSIER_ID') + '/toc?format=html', 'form'],
			['catalog', '/api/v1/catalogs/2024?department=&format=html', 'form'],
			['compliance', '/api/v1/compliance?format=html', 'report'],
			['statistics', '/api/v1/statistics?format=html', 'report'],
		];
		if (regs.registers && regs.registers.length) list.push(['register', '/api/v1/registers/' + encodeURIComponent(regs.registers[0].code) + '/2024?format=html', 'form']);
		return list;
	};
	await check('every HTML printout keeps its layout under the CSP: no CSP error, borders, A4 print CSS, the form header', async () => {
		const tab = await ctx.newPage();
		const bad = [];
		for (const [name, url, kind] of await printouts()) {
			const before = cspErrors.length;
			const res = await tab.goto(URL + url);
			if (res.status() !== 200) { bad.push(name + ': HTTP ' + res.status()); continue; }
			const look = await tab.evaluate(() => {
				const cell = document.querySelector('table.grid td, table.grid th') || document.querySelector('td, th');
				const cs = cell ? getComputedStyle(cell) : null;
				const rules = [...document.styleSheets].flatMap((sh) => [...sh.cssRules]);
				const pages = rules.filter((r) => r.type === CSSRule.PAGE_RULE).map((r) => r.style.getPropertyValue('size') + ' ' + r.style.getPropertyValue('margin-left'));
				const qh = document.querySelector('.qh');
				return { border: cs ? cs.borderTopWidth + ' ' + cs.borderTopStyle : 'no cell', pages, body: document.body.className,
					qh: qh ? getComputedStyle(qh).fontWeight : null, font: getComputedStyle(document.body).fontFamily,
					inlineStyles: document.querySelectorAll('[style]').length };
			});
			await tab.screenshot({ path: path.join(ART, '20-print-' + name + '.png'), fullPage: true });
			if (cspErrors.length > before) bad.push(name + ': ' + cspErrors.slice(before).join(' '));
			if (!/^1px solid/.test(look.border)) bad.push(name + ' borders: ' + look.border);
			if (!look.pages.some((p) => /^a4/i.test(p))) bad.push(name + ' @page: ' + look.pages.join(','));
			if (kind === 'form' && look.qh !== '700') bad.push(name + ' header not bold: ' + look.qh);
			if (!/Times New Roman|Liberation Serif/.test(look.font)) bad.push(name + ' font: ' + look.font);
			if (look.inlineStyles) bad.push(name + ': ' + look.inlineStyles + ' style attributes');
			const v = await axeSerious(tab);
			if (v.length) bad.push(name + ' axe: ' + v.join(' | '));
		}
		await tab.close();
		if (bad.length) throw new Error(bad.join(' || '));
	});
	await check('the table of contents printout: bordered grid, A4 portrait margins of NĐ 30', async () => {
		const tab = await ctx.newPage();
		await tab.goto(URL + '/api/v1/dossiers/' + env('LT_DOSSIER_ID') + '/toc?format=html');
		const r = await tab.evaluate(() => {
			const td = document.querySelector('table.grid td');
			const page = [...document.styleSheets].flatMap((sh) => [...sh.cssRules]).find((x) => x.type === CSSRule.PAGE_RULE && !x.selectorText);
			return { td: getComputedStyle(td).borderLeftWidth + ' ' + getComputedStyle(td).borderLeftStyle, size: page.style.getPropertyValue('size'),
				left: page.style.getPropertyValue('margin-left'), right: page.style.getPropertyValue('margin-right'), cols: document.querySelectorAll('table.grid col[width]').length };
		});
		await tab.close();
		if (r.td !== '1px solid' || !/^a4( portrait)?$/i.test(r.size) || r.left !== '3cm' || r.right !== '1.5cm' || r.cols !== 7) throw new Error(JSON.stringify(r));
	});

	/* ---- a failed upload looks failed, and shows no server path (part 5) ---- */
	await check('a failed upload: the bar is not full, it shows an error, no server path on screen or in the JSON', async () => {
		await go('#/upload', '#upload-form');
		await page.setInputFiles('#file', { name: 'hong.png', mimeType: 'image/png', buffer: Buffer.from('\x89PNG\r\n\x1a\nnot really a PNG', 'binary') });
		const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/records') && r.request().method() === 'POST');
		await page.click('#upload-submit');
		const body = await (await answer).text();
		await page.waitForSelector('#upload-status .error', { timeout: 10000 });
		const shown = await page.textContent('#upload-status .error');
		const bar = await page.$eval('#upload-progress', (p) => ({ value: p.value, state: p.dataset.state, hidden: p.hidden, failed: p.classList.contains('failed') }));
		await page.screenshot({ path: path.join(ART, '13-upload-failed.png') });
		const dataDir = env('LT_DATA');
		if (body.includes(dataDir) || /\/blobs\/|\/tmp\//.test(body)) throw new Error('JSON body shows a path: ' + body);
		if (shown.includes(dataDir) || /\/blobs\/|\/tmp\//.test(shown)) throw new Error('screen shows a path: ' + shown);
		if (!shown.includes('hong.png') || !/không thành công/.test(shown)) throw new Error('message: ' + shown);
		if (bar.value === 100 || bar.state !== 'failed' || !bar.failed) throw new Error('bar: ' + JSON.stringify(bar));
	});

	await check('a failed batch import: the bar is not full and marked failed, the error names the file only', async () => {
		await go('#/import', '#import-form');
		await page.setInputFiles('#import-file', { name: 'hong.zip', mimeType: 'application/zip', buffer: Buffer.from('not an archive') });
		await page.click('#import-form button[type=submit]');
		await page.waitForSelector('#import-state[data-state=failed]', { state: 'attached', timeout: 30000 });
		const shown = await page.textContent('#import-status');
		await page.screenshot({ path: path.join(ART, '14-import-failed.png') });
		const bar = await page.$eval('#import-progress', (p) => ({ value: p.value, state: p.dataset.state }));
		if (bar.value === 100 || bar.state !== 'failed') throw new Error('bar: ' + JSON.stringify(bar));
		if (!shown.includes('hong.zip') || shown.includes(env('LT_DATA')) || /\/blobs\/|\/tmp\//.test(shown)) throw new Error(shown);
	});

	/* ---- every page: axe, labels, 375 px, screenshots (parts 3, 4, 6) ---- */
	// the batch import above is work of the registry: its detail page
	const workId = await page.evaluate(async () => (await api('GET', '/work?kind=import&limit=1')).work[0].id);
	const pages = [
		['search', '#/search?q=' + encodeURIComponent('ho so'), '#total'],
		['record', '#/record/' + env('LT_FIRST_ID'), '#record-title'],
		['upload', '#/upload', '#upload-form'],
		['import', '#/import', '#import-form'],
		['dossiers', '#/dossiers', 'table.list'],
		['dossier', '#/dossier/' + env('LT_DOSSIER_ID'), '#dossier-toc'],
		['catalog', '#/catalog', '#catalog-table'],
		['compliance', '#/compliance', '#compliance-summary'],
		['stats', '#/stats', '#stats-charts'],
		['registers', '#/registers?code=DI&year=2024', '#register-form'],
		['retention', '#/retention', '#disposition-candidates'],
		// issue 22 (admin.js): as the archivist, #/users is the refusal
		// (the administrator's view is checked below, signed in as one)
		['users', '#/users', '#users-page'],
		['ocr-review', '#/ocr-review?threshold=100', '#ocr-list'],
		['ocr-page', '#/ocr-review/' + env('LT_SCAN_ID') + '/1?threshold=100', '#ocr-text'],
		['work', '#/work', '#work-list'],
		['work item', '#/work/' + workId, '#work-detail'],
		['holds', '#/holds', '#hp-place'],
		['transfers', '#/transfers', '#transfer-candidates'],
		['tasks', '#/tasks', '#tasks-overdue'],
		['packages', '#/packages', '#package-validate'],
	];
	await check('the page list above covers every page of the UI (its route table) and every menu link', async () => {
		await go('#/search', '#q');
		const routes = await page.evaluate(() => PAGES.map((p) => p.path));
		const links = await page.$$eval('#nav a', (as) => as.map((a) => a.getAttribute('href').slice(1).split('?')[0]));
		const tested = pages.map(([, hash]) => hash.slice(1).split('?')[0]);
		const covered = (r) => tested.some((h) => (r.endsWith('/') ? h.startsWith(r) && h.length > r.length : h === r));
		const missing = routes.filter((r) => !covered(r)).concat(links.filter((l) => !tested.includes(l)));
		if (routes.length < 10 || missing.length) throw new Error('not in the page list: ' + missing.join(', '));
	});
	let n = 30;
	for (const [name, hash, sel] of pages) {
		await check('page ' + name + ': axe finds nothing serious or critical, every control labelled', async () => {
			await page.setViewportSize({ width: 1280, height: 800 });
			await go(hash, sel);
			await page.screenshot({ path: path.join(ART, n + '-' + name + '-1280.png'), fullPage: true });
			const v = await axeSerious(page);
			const u = await unlabelled(page);
			if (v.length) throw new Error(v.join(' | '));
			if (u.length) throw new Error('unlabelled: ' + u.join(', '));
		});
		await check('page ' + name + ' at 375 px: no sideways scrolling, the menu collapses behind its button', async () => {
			await page.setViewportSize({ width: 375, height: 740 });
			await go(hash, sel);
			await page.waitForTimeout(100); // one layout pass after the resize
			const o = await overflow(page);
			const menu = await page.isVisible('#menu-toggle');
			const navShown = await page.isVisible('#nav a[href="#/dossiers"]');
			await page.screenshot({ path: path.join(ART, n + '-' + name + '-375.png'), fullPage: true });
			if (o > 0) throw new Error('scrolls sideways by ' + o + ' px: ' + await page.evaluate(() => [...document.querySelectorAll('#app *')]
				.filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1).slice(0, 3).map((e) => e.tagName + '.' + e.className + '#' + e.id).join(', ')));
			if (!menu || navShown) throw new Error('menu button ' + menu + ', nav shown ' + navShown);
			const v = await axeSerious(page);
			if (v.length) throw new Error(v.join(' | '));
		});
		n++;
	}
	await check('at 375 px the menu button opens the navigation, and a link closes it', async () => {
		await go('#/search', '#q');
		await page.click('#menu-toggle');
		await page.waitForSelector('#nav-search', { state: 'visible', timeout: 5000 });
		await page.waitForSelector('#nav button[aria-controls="navg-find-list"]', { state: 'visible', timeout: 5000 });
		const expanded = await page.getAttribute('#menu-toggle', 'aria-expanded');
		await page.screenshot({ path: path.join(ART, '40-menu-375.png') });
		const o = await overflow(page);
		await navTo(page, '#nav a[href="#/dossiers"]');
		await page.waitForSelector('table.list', { timeout: 10000 });
		const after = await page.isVisible('#nav a[href="#/dossiers"]');
		if (expanded !== 'true' || o > 0 || after) throw new Error('expanded ' + expanded + ', overflow ' + o + ', still open ' + after);
	});
	await check('at 375 px the facets are in a drawer: closed, opened by its button, a value filters', async () => {
		await go('#/search?q=' + encodeURIComponent('ho so'), '#total');
		await page.waitForSelector('#facets-open', { state: 'visible', timeout: 10000 });
		const closed = !(await page.isVisible('#facets [data-facet=type] a[data-value]'));
		await page.click('#facets-open');
		await page.waitForSelector('#facets [data-facet=type] a[data-value]', { state: 'visible', timeout: 5000 });
		const box = await page.$eval('#facets', (f) => { const r = f.getBoundingClientRect(); return { left: r.left, right: r.right, focus: document.activeElement.id }; });
		await page.screenshot({ path: path.join(ART, '41-facets-drawer-375.png') });
		await page.keyboard.press('Escape');
		const shut = !(await page.isVisible('#facets [data-facet=type] a[data-value]'));
		const back = await page.evaluate(() => document.activeElement.id);
		await page.click('#facets-open');
		const value = await page.getAttribute('#facets [data-facet=type] a[data-value]', 'data-value');
		await page.click('#facets [data-facet=type] a[data-value]');
		await page.waitForFunction((v) => location.hash.includes('type=' + encodeURIComponent(v)), value, { timeout: 10000 });
		await page.setViewportSize({ width: 1280, height: 800 });
		if (!closed || !shut || box.left < 0 || box.right > 375 || box.focus !== 'facets-close' || back !== 'facets-open') throw new Error(JSON.stringify({ closed, shut, box, back }));
	});

	/* ---- the keyboard alone: search → record → file (part 4) ---- */
	await check('keyboard only: search, open a hit, open its file; the focus is visible', async () => {
		await page.goto(URL + '/#/search');
		await page.waitForSelector('#q');
		const focused = () => page.evaluate(() => { const a = document.activeElement; return a ? a.id || a.getAttribute('href') || a.tagName : ''; });
		const tabTo = async (test, max) => {
			for (let i = 0; i < (max || 80); i++) {
				if (await page.evaluate(test)) return true;
				await page.keyboard.press('Tab');
			}
			throw new Error('not reached by Tab; focus on ' + await focused());
		};
		await tabTo(() => document.activeElement && document.activeElement.id === 'q');
		for (const ch of 'ho so') await page.keyboard.press(ch === ' ' ? 'Space' : ch);
		await page.keyboard.press('Enter');
		await page.waitForSelector('#total', { timeout: 15000 });
		await tabTo(new Function('return document.activeElement && document.activeElement.matches(\'.hit a.title[href="' + recordHref + '"]\')'));
		const ring = await page.evaluate(() => { const s = getComputedStyle(document.activeElement); return s.outlineStyle + ' ' + s.outlineWidth; });
		await page.screenshot({ path: path.join(ART, '42-keyboard-focus.png') });
		await page.keyboard.press('Enter');
		await page.waitForSelector('#record-title', { timeout: 10000 });
		await tabTo(() => document.activeElement && /\/files\//.test(document.activeElement.getAttribute('href') || ''));
		const opened = ctx.waitForEvent('page', { timeout: 10000 });
		await page.keyboard.press('Enter');
		const tab = await opened;
		await tab.waitForLoadState();
		const fileUrl = tab.url();
		await tab.close();
		if (!/^solid [2-9]/.test(ring)) throw new Error('focus ring: ' + ring);
		if (!/\/api\/v1\/records\/\d+\/files\/[0-9a-f]{64}/.test(fileUrl)) throw new Error('opened ' + fileUrl);
	});

	await check('no 404 for /favicon.ico (served, an icon)', async () => {
		const r = await page.evaluate(() => fetch('/favicon.ico').then((x) => x.status + ' ' + x.headers.get('content-type')));
		if (!/^200 image\//.test(r)) throw new Error(r);
		if (notFound.length) throw new Error('404: ' + notFound.join(' '));
	});
	await check('no Content-Security-Policy errors on any page', async () => {
		if (cspErrors.length) throw new Error(cspErrors.join(' | '));
	});

	/* ---- issue 18: records law through the pages (each step checked on
	 * the page and through the API) ---- */
	const api = (p) => page.evaluate((u) => fetch('/api/v1' + u, { headers: { 'Accept-Language': 'vi' } })
		.then((r) => r.json().then((j) => (r.ok ? j : { status: r.status, error: j.error }))), p);
	const fetchText = (href) => page.evaluate((u) => fetch(u).then((r) => r.text().then((b) => ({
		status: r.status, type: r.headers.get('content-type') || '', body: b }))), href);
	const clear = (sel) => page.evaluate((s) => document.querySelectorAll(s).forEach((e) => e.remove()), sel);
	const today = new Date().toISOString().slice(0, 10);
	const META = env('LT_META_ID');
	const EVENT = env('LT_EVENT_ID');

	await check('dossier: a record is filed from the dossier page; an unknown one is refused', async () => {
		await go('#/dossier/' + META, '#dossier-file-form');
		await page.fill('#df-record', '999999');
		await page.click('#dossier-file-form-submit');
		await page.waitForSelector('#dossier-file-form .error', { timeout: 10000 });
		await page.fill('#df-record', env('LT_FILE_ID'));
		await page.click('#dossier-file-form-submit');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		const links = await page.$$eval('#dossier-toc tbody tr td a', (as) => as.map((a) => a.getAttribute('href')));
		const d = await api('/dossiers/' + META);
		if (!links.includes('#/record/' + env('LT_FILE_ID'))) throw new Error('toc: ' + links.join(' '));
		return d.docTotal === 2 && d.records.includes(Number(env('LT_FILE_ID')));
	});

	await check('dossier: closing without the backup regime is refused with the lower layer\'s message, the field marked', async () => {
		await go('#/dossier/' + META, '#dossier-meta-form');
		await page.click('#dossier-close');
		await page.waitForSelector('#dossier-close-error', { timeout: 10000 });
		const text = await page.textContent('#dossier-close-error');
		const marked = await page.$eval('#dm-riskRecovery', (e) => e.classList.contains('invalid') && e.getAttribute('aria-invalid') === 'true');
		const others = await page.$$eval('#dossier-meta-form .invalid', (es) => es.map((e) => e.id));
		await page.screenshot({ path: path.join(ART, '13-dossier-close-refused.png'), fullPage: true });
		const d = await api('/dossiers/' + META);
		if (!/riskRecovery/.test(text) || !/TT 05\/2025/.test(text)) throw new Error('message: ' + text);
		if (!marked) throw new Error('riskRecovery not marked: ' + others.join(','));
		if (others.includes('dm-title')) throw new Error('unnamed fields marked: ' + others.join(','));
		return d.status === 'open' && fits();
	});

	await check('dossier: a bad TT 05 value is refused whole; the metadata is then saved from the form', async () => {
		await page.fill('#dm-numberOfPaper', 'mười hai');
		await page.selectOption('#dm-confidenceLevel', '02');
		await page.click('#dossier-meta-save');
		await page.waitForSelector('#dossier-meta-msg .error', { timeout: 10000 });
		const refused = await page.textContent('#dossier-meta-msg .error');
		const marked = await page.$eval('#dm-numberOfPaper', (e) => e.classList.contains('invalid'));
		let d = await api('/dossiers/' + META);
		if (!/numberOfPaper/.test(refused) || !marked) throw new Error('refusal: ' + refused);
		if (d.confidenceLevel !== null) throw new Error('half written: confidenceLevel ' + d.confidenceLevel);
		await page.fill('#dm-numberOfPaper', '12');
		await page.selectOption('#dm-riskRecovery', '1');
		await page.selectOption('#dm-format', '01');
		await page.fill('#dm-creator', 'Nguyễn Thị Lan');
		await page.fill('#dm-paperFileCode', 'HS.2024.01.TH');
		await page.fill('#dm-keyword', 'tổng kết');
		// the save's answer first: an earlier message may still be on the page
		await Promise.all([page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/dossiers/'), { timeout: 20000 }),
			page.click('#dossier-meta-save')]);
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		d = await api('/dossiers/' + META);
		const shown = await page.inputValue('#dm-confidenceLevel');
		if (shown !== '02' || (await page.inputValue('#dm-creator')) !== 'Nguyễn Thị Lan') throw new Error('form after save: ' + shown);
		const want = { numberOfPaper: 12, riskRecovery: 1, format: '01', confidenceLevel: '02', creator: 'Nguyễn Thị Lan', paperFileCode: 'HS.2024.01.TH', keyword: 'tổng kết' };
		for (const k in want) if (String(d[k]) !== String(want[k])) throw new Error(k + ' = ' + d[k]);
		return true;
	});

	await check('dossier: close refused by rule 37 (backup status) until it is set, then closed and read-only', async () => {
		await page.click('#dossier-close');
		await page.waitForSelector('#dossier-close-error', { timeout: 10000 });
		const text = await page.textContent('#dossier-close-error');
		const marked = await page.$eval('#dm-riskRecoveryStatus', (e) => e.classList.contains('invalid'));
		if (!/quy tắc 37/.test(text) || !marked) throw new Error('refusal: ' + text);
		await page.selectOption('#dm-riskRecoveryStatus', '01');
		await clear('#dossier-done');
		await page.click('#dossier-meta-save');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		await page.click('#dossier-close');
		await page.waitForFunction(() => { const s = document.querySelector('#dossier-status'); return s && s.textContent === 'đã đóng'; }, null, { timeout: 10000 });
		await page.waitForSelector('#dossier-meta tr[data-field=riskRecovery]', { timeout: 10000 });
		const row = await page.textContent('#dossier-meta tr[data-field=riskRecovery]');
		const form = await page.$('#dossier-meta-form');
		const d = await api('/dossiers/' + META);
		await page.screenshot({ path: path.join(ART, '14-dossier-closed.png'), fullPage: true });
		if (form || !row.includes('Có')) throw new Error('read-only view: ' + row);
		return d.status === 'closed' && d.riskRecoveryStatus === '01';
	});

	await check('dossier: the metadata panel follows the English switch', async () => {
		await page.click('#lang-switch');
		await page.waitForFunction(() => { const h = document.querySelector('#dossier-meta h2'); return h && h.textContent === 'Dossier metadata (TT 05/2025)'; }, null, { timeout: 20000 });
		const label = await page.textContent('#dossier-meta tr[data-field=riskRecovery] th');
		await page.click('#lang-switch');
		await page.waitForFunction(() => { const h = document.querySelector('#dossier-meta h2'); return h && h.textContent === 'Thông tin hồ sơ (TT 05/2025)'; }, null, { timeout: 20000 });
		return label !== 'Chế độ dự phòng' && label.length > 0;
	});

	await check('deposit: a future date is refused; the closed dossier is deposited on the date entered, with its paperwork', async () => {
		await page.waitForSelector('#deposit-form', { timeout: 10000 });
		await page.fill('#dep-date', '2099-01-01');
		await page.click('#deposit-form-submit');
		await page.waitForSelector('#deposit-form .error', { timeout: 10000 });
		const refused = await page.textContent('#deposit-form .error');
		let d = await api('/dossiers/' + META);
		if (d.status !== 'closed' || !/2099/.test(refused)) throw new Error('future date: ' + refused + ' / ' + d.status);
		await page.fill('#dep-date', '28/12/2024');
		await page.fill('#dep-receiverPerson', 'Trần Văn Bình');
		await page.click('#deposit-form-submit');
		await page.waitForSelector('#dossier-deposit .deposit-papers', { timeout: 10000 });
		d = await api('/dossiers/' + META);
		const flash = await page.textContent('#dossier-done');
		const list = await page.getAttribute('#dossier-deposit li[data-form=list] a[data-format=html]', 'href');
		const handover = await page.getAttribute('#dossier-deposit li[data-form=handover] a[data-format=html]', 'href');
		const pdf = await page.getAttribute('#dossier-deposit li[data-form=handover] a[data-format=pdf]', 'href');
		const [l, h, p] = [await fetchText(list), await fetchText(handover), await fetchText(pdf)];
		const deps = await api('/deposits');
		await page.screenshot({ path: path.join(ART, '15-deposit.png'), fullPage: true });
		if (d.status !== 'archived' || !String(d.archivedAt).startsWith('2024-12-28')) throw new Error('dossier: ' + d.status + ' ' + d.archivedAt);
		if (!flash.includes('28/12/2024')) throw new Error('flash: ' + flash);
		if (l.status !== 200 || !/text\/html/.test(l.type) || !l.body.includes(d.fileCode)) throw new Error('list: ' + l.status);
		if (h.status !== 200 || !h.body.includes('Trần Văn Bình')) throw new Error('handover: ' + h.status);
		if (p.status !== 200 || !/application\/pdf/.test(p.type)) throw new Error('pdf: ' + p.status + ' ' + p.type);
		return deps.deposits.some((x) => x.id === d.depositId && x.date === '2024-12-28');
	});

	await check('register: the record page refuses an outgoing register for an incoming letter, then gives its arrival number', async () => {
		await go('#/record/' + env('LT_IN_ID'), '#record-register-box');
		await page.click('#record-register-box summary');
		const preselected = await page.inputValue('#reg-code');
		await page.selectOption('#reg-code', 'DI');
		await page.fill('#reg-date', '2024-03-03');
		await page.click('#register-assign-submit');
		await page.waitForSelector('#register-assign .error', { timeout: 10000 });
		const refused = await page.textContent('#register-assign .error');
		await page.selectOption('#reg-code', 'DEN');
		await page.click('#register-assign-submit');
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		const flash = await page.textContent('#edit-done');
		const rows = await page.$$eval('table.meta tr', (trs) => trs.map((tr) => tr.textContent));
		const r = await api('/records/' + env('LT_IN_ID'));
		const f = (tag) => (r.fields.find((x) => x.tag === tag) || {}).value;
		await page.screenshot({ path: path.join(ART, '16-register-assign.png'), fullPage: true });
		if (preselected !== 'DEN') throw new Error('preselected ' + preselected);
		if (!/Đ15/.test(refused)) throw new Error('refusal: ' + refused);
		if (!flash.includes('DEN') || !flash.includes('1')) throw new Error('flash: ' + flash);
		if (!rows.some((x) => x.startsWith('Số đến') && x.endsWith('1'))) throw new Error('no arrival number shown');
		return f('arrivalNumber') === '1' && f('codeNumber') === '15' && f('codeNotation') === 'VP-HC';
	});

	await check('register: outgoing numbers from the record page and the register page; a void needs a reason and shows in place', async () => {
		await go('#/record/' + env('LT_OUT1_ID'), '#record-register-box');
		await page.click('#record-register-box summary');
		await page.fill('#reg-date', '2024-03-05');
		await page.click('#register-assign-submit');
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		await go('#/registers?code=DI&year=2024', '#register-entries');
		await page.fill('#ra-record', env('LT_OUT2_ID'));
		await page.fill('#ra-date', '06/03/2024');
		await page.click('#register-assign-submit');
		await page.waitForSelector('#register-done', { timeout: 10000 });
		await page.waitForSelector('#register-entries tr[data-number="2"]', { timeout: 10000 });
		await page.fill('#rv-number', '1');
		await page.click('#register-void-submit');
		await page.waitForSelector('#register-void .error', { timeout: 10000 });
		let reg = await api('/registers/DI/2024');
		if (reg.rows.some((row) => /^Số bị hủy/.test(row[row.length - 1]))) throw new Error('voided without a reason');
		await page.fill('#rv-reason', 'Ban hành nhầm, thu hồi số');
		await clear('#register-done');
		await page.click('#register-void-submit');
		await page.waitForSelector('#register-done', { timeout: 10000 });
		const cls = await page.getAttribute('#register-entries tr[data-number="1"]', 'class');
		const text = await page.textContent('#register-entries tr[data-number="1"]');
		reg = await api('/registers/DI/2024');
		const print = await fetchText(await page.getAttribute('.exports a[data-format=html]', 'href'));
		const pdf = await fetchText(await page.getAttribute('.exports a[data-format=pdf]', 'href'));
		await page.screenshot({ path: path.join(ART, '17-register.png'), fullPage: true });
		if (cls !== 'voided' || !text.includes('Ban hành nhầm')) throw new Error('row 1: ' + cls + ' ' + text);
		if (reg.rows.length !== 2 || !/^Số bị hủy: Ban hành nhầm/.test(reg.rows[0][reg.rows[0].length - 1])) throw new Error('api: ' + JSON.stringify(reg.rows));
		if (print.status !== 200 || !print.body.includes('Ban hành nhầm')) throw new Error('printout: ' + print.status);
		return pdf.status === 200 && /application\/pdf/.test(pdf.type) && fits();
	});

	await check('retention: the event date entered on the dossier page fixes the expiry; the dossier becomes a destruction candidate', async () => {
		await go('#/retention', '#disposition-candidates');
		const before = await page.$(`#disposition-candidates tr[data-dossier="${EVENT}"]`);
		await go('#/dossier/' + EVENT, '#retention-event-form');
		await page.fill('#ev-date', '2099-01-01');
		await page.click('#retention-event-form-submit');
		await page.waitForSelector('#retention-event-form .error', { timeout: 10000 });
		let d = await api('/dossiers/' + EVENT);
		if (d.retentionEventDate !== null) throw new Error('a refused date was stored');
		await page.fill('#ev-date', '30/06/2016');
		await page.fill('#ev-note', 'Chấm dứt hợp đồng số 12/HĐ');
		await page.click('#retention-event-form-submit');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		const flash = await page.textContent('#dossier-done');
		const shown = await page.textContent('#retention-event-date');
		d = await api('/dossiers/' + EVENT);
		await page.screenshot({ path: path.join(ART, '18-retention-event.png'), fullPage: true });
		await go('#/retention', '#disposition-candidates');
		const after = await page.$(`#disposition-candidates tr[data-dossier="${EVENT}"]`);
		const cands = await api('/disposition/candidates');
		if (before || !after) throw new Error('candidate before/after: ' + !!before + '/' + !!after);
		if (!flash.includes('2021') || shown !== '30/06/2016') throw new Error('page: ' + flash + ' / ' + shown);
		return d.retentionEventDate === '2016-06-30' && d.expiryYear === 2021 && cands.dossiers.includes(Number(EVENT));
	});

	await check('destruction: a proposed list is cancelled with a reason; the dossier stays a candidate', async () => {
		await page.fill('#dp-explanation', 'Hết thời hạn bảo quản');
		await page.click('#dispose-propose-submit');
		await page.waitForSelector('#disposition-batch', { timeout: 10000 });
		const batch = await page.getAttribute('#disposition-batch', 'data-batch');
		const approve = await page.$('#dispose-approve');
		await page.click('#dispose-cancel-submit');
		await page.waitForSelector('#dispose-cancel .error', { timeout: 10000 });
		await page.fill('#dc-reason', 'Hội đồng đề nghị giữ lại');
		await clear('#retention-done');
		await page.click('#dispose-cancel-submit');
		await page.waitForSelector('#retention-done', { timeout: 10000 });
		const flash = await page.textContent('#retention-done');
		const cands = await api('/disposition/candidates');
		const forms = await page.$$('#disposition-batch form');
		const shown = await page.getAttribute('#disposition-batch', 'data-state');
		if (approve) throw new Error('an archivist is offered the approval');
		if (!flash.includes('#' + batch)) throw new Error('flash: ' + flash);
		if (shown !== 'cancelled' || forms.length) throw new Error('a cancelled list shows ' + shown + ' with ' + forms.length + ' forms');
		return cands.dossiers.includes(Number(EVENT));
	});

	await check('destruction: proposed, approved by another person with the appraisal opinion, destroyed with the hand-over', async () => {
		await go('#/retention', '#disposition-candidates');
		await page.click('#dispose-propose-submit');
		await page.waitForSelector('#disposition-batch', { timeout: 10000 });
		const batch = await page.getAttribute('#disposition-batch', 'data-batch');
		await page.click('#logout');
		await login(page, env('LT_APPROVER'), env('LT_APPROVER_PW'));
		await go('#/retention?batch=' + batch, '#dispose-approve');
		const execute = await page.$('#dispose-execute');
		await page.fill('#da-decisionNo', '45/QĐ-UBND');
		await page.fill('#da-decisionDate', today);
		await page.fill('#da-minutes', 'Biên bản họp Hội đồng xác định giá trị tài liệu ngày ' + today);
		await page.fill('#da-appraisal', 'Sở Nội vụ, Công văn số 88/SNV-CCVTLT');
		await clear('#retention-done');
		await page.click('#dispose-approve-submit');
		await page.waitForSelector('#retention-done', { timeout: 10000 });
		await page.click('#logout');
		await login(page, env('LT_ARCHIVIST'), env('LT_ARCHIVIST_PW'));
		await go('#/retention?batch=' + batch, '#dispose-execute');
		await page.fill('#dx-handover', 'Bàn giao cho Công ty Môi trường huyện ngày ' + today);
		await clear('#retention-done');
		await page.click('#dispose-execute-submit');
		await page.waitForSelector('#retention-done', { timeout: 10000 });
		const flash = await page.textContent('#retention-done');
		const report = await fetchText(await page.getAttribute('#disposition-batch .exports a[data-format=html]', 'href'));
		const d = await api('/dossiers/' + EVENT);
		await page.screenshot({ path: path.join(ART, '19-destroyed.png'), fullPage: true });
		if (execute) throw new Error('an approver is offered the destruction');
		if (!/Đã hủy/.test(flash)) throw new Error('flash: ' + flash);
		if (report.status !== 200 || !report.body.includes('88/SNV-CCVTLT') || !report.body.includes('Công ty Môi trường huyện')) throw new Error('report: ' + report.status);
		return d.status === 'destroyed';
	});

	await check('destruction: afterwards the list shows its state, its dossier and the record, and offers no approval, destruction or cancellation', async () => {
		const id = (await api('/disposition?state=executed')).lists[0].id;
		await go('#/retention?batch=' + id, '#disposition-state');
		const state = await page.getAttribute('#disposition-state .badge', 'data-state');
		const label = await page.textContent('#disposition-state');
		const forms = await page.$$('#disposition-batch form');
		const dossier = await page.$(`#disposition-dossiers tr[data-dossier="${EVENT}"]`);
		const pdf = await page.$('#disposition-batch .exports a[data-format=pdf]');
		const listed = await page.getAttribute(`#disposition-lists tr[data-batch="${id}"] .badge`, 'data-state');
		const handover = await page.textContent('#disposition-info');
		await page.screenshot({ path: path.join(ART, '19b-destroyed-list.png'), fullPage: true });
		if (forms.length) throw new Error(forms.length + ' forms offered after destruction');
		if (!dossier || !pdf) throw new Error('dossier row / record link: ' + !!dossier + '/' + !!pdf);
		if (!handover.includes('Công ty Môi trường huyện')) throw new Error('hand-over not shown: ' + handover);
		return state === 'executed' && label.includes('đã hủy tài liệu') && listed === 'executed';
	});

	await check('deposit: closed dossiers chosen on the retention page are deposited together on the date entered', async () => {
		const id = env('LT_CLOSED_ID');
		await go('#/retention', '#deposit-many');
		await page.waitForSelector(`#deposit-many tr[data-dossier="${id}"]`, { timeout: 10000 });
		await page.click('#deposit-many-form-submit');
		await page.waitForSelector('#deposit-many-form .error', { timeout: 10000 });
		await page.check('#depc-' + id);
		await page.fill('#dm2-date', '2016-02-01');
		await page.fill('#dm2-giver', 'Phòng TCCB');
		await clear('#retention-done');
		await page.click('#deposit-many-form-submit');
		await page.waitForSelector('#retention-done', { timeout: 10000 });
		const d = await api('/dossiers/' + id);
		const row = await page.$(`#deposits tr[data-deposit="${d.depositId}"]`);
		const rowText = row ? await row.textContent() : '';
		const still = await page.$(`#deposit-many tr[data-dossier="${id}"]`);
		await page.screenshot({ path: path.join(ART, '21-deposit-many.png'), fullPage: true });
		if (!rowText.includes('01/02/2016') || !rowText.includes('Phòng TCCB')) throw new Error('deposit row: ' + rowText);
		return !still && d.status === 'archived' && String(d.archivedAt).startsWith('2016-02-01');
	});

	await check('catalog: free-text retention refused; a row, a sub-heading added and a row amended with reasons; the history shows them', async () => {
		await go('#/catalog?year=2024', '#catalog-add');
		await page.fill('#ch-title', 'Văn bản nội bộ');
		await page.fill('#ch-parent', 'TH');
		await page.fill('#ch-reason', 'Tách nhóm văn bản nội bộ');
		await page.click('#catalog-heading-submit');
		await page.waitForSelector('#catalog-done', { timeout: 10000 });
		await page.fill('#ca-heading', 'TH');
		await page.fill('#ca-subheading', 'Văn bản nội bộ');
		await page.fill('#ca-title', 'Hồ sơ hội nghị tổng kết năm');
		await page.fill('#ca-retention', 'abc');
		await page.fill('#ca-keeper', 'Văn phòng');
		await page.fill('#ca-reason', 'Phát sinh trong năm');
		await page.click('#catalog-add-submit');
		await page.waitForSelector('#catalog-add .error', { timeout: 10000 });
		const refused = await page.textContent('#catalog-add .error');
		const marked = await page.$eval('#ca-retention', (e) => e.classList.contains('invalid'));
		let c = await api('/catalogs/2024');
		const count = (cat) => cat.headings.reduce((a, h) => a + h.entries.length, 0);
		const n0 = count(c);
		await page.fill('#ca-retention', 'Vĩnh viễn');
		await clear('#catalog-done');
		await page.click('#catalog-add-submit');
		await page.waitForSelector('#catalog-done', { timeout: 10000 });
		await page.fill('#cm-notation', '02.TCCB');
		await page.fill('#cm-keeper', 'Phòng Nội vụ');
		await page.fill('#cm-reason', 'Đổi tên phòng');
		await clear('#catalog-done');
		await page.click('#catalog-amend-row-submit');
		await page.waitForSelector('#catalog-done', { timeout: 10000 });
		const table = await page.textContent('#catalog-table');
		const sub = await page.$$eval('#catalog-table tr.subheading-row', (trs) => trs.map((tr) => tr.textContent));
		const history = await page.$$eval('#catalog-history tbody tr', (trs) => trs.map((tr) => tr.textContent));
		c = await api('/catalogs/2024');
		const h = await api('/catalogs/2024/history');
		await page.screenshot({ path: path.join(ART, '20-catalog-amend.png'), fullPage: true });
		if (!/Vĩnh viễn/.test(refused) || !marked) throw new Error('refusal: ' + refused);
		if (count(c) !== n0 + 1 || !table.includes('Hồ sơ hội nghị tổng kết năm') || !table.includes('Phòng Nội vụ')) throw new Error('table');
		if (history.length < 3 || !history.some((x) => x.includes('Đổi tên phòng'))) throw new Error('history: ' + history.join(' | '));
		if (sub.join('|') !== '1. Văn bản nội bộ' || !table.includes('Hồ sơ hội nghị tổng kết năm')) throw new Error('sub-headings: ' + sub.join('|'));
		const e = c.headings.flatMap((x) => x.entries).find((x) => x.notation === '02.TCCB');
		const th = c.headings.find((x) => x.title === 'TỔNG HỢP');
		return e.keeper === 'Phòng Nội vụ' && th.subheadings.some((x) => x.title === 'Văn bản nội bộ') &&
			['add_entry', 'amend_entry', 'add_heading'].every((a) => h.changes.some((x) => x.action === a));
	});

	/* ---- issue 22: the archivist's year, the steps the UI lacked (each
	 * done through the pages, then checked through the API) ---- */
	// go() to a page whose selector the page before also had could act on
	// the old page while the new one loads: empty the view first (and
	// route again when the address does not change)
	const fresh = async (hash, sel) => {
		await page.evaluate((h) => { document.getElementById('app').replaceChildren(); if (location.hash === h) route(); else location.hash = h; }, hash);
		await page.waitForSelector(sel, { timeout: 20000 });
	};
	const p2 = (n) => String(n).padStart(2, '0');
	const inMonth = new Date(Date.now() + 30 * 86400000);
	const dueTyped = p2(inMonth.getUTCDate()) + '/' + p2(inMonth.getUTCMonth() + 1) + '/' + inMonth.getUTCFullYear();
	const CLOSED = env('LT_CLOSED_ID');

	await check('catalog import: a bad line is refused whole and shown beside the message; the good file imports the 2025 catalog', async () => {
		await fresh('#/catalog', '#catalog-import');
		await page.fill('#ci-year', '2025');
		await page.setInputFiles('#ci-file', env('LT_PLAN25_BAD'));
		await page.click('#catalog-import-submit');
		await page.waitForSelector('#catalog-import .error', { timeout: 10000 });
		const refused = await page.textContent('#catalog-import .error');
		const line = await page.textContent('#catalog-import-line');
		const before = await api('/catalogs');
		await page.screenshot({ path: path.join(ART, '22-catalog-import-refused.png'), fullPage: true });
		if (!/dòng 3/.test(refused) || !line.includes('khá lâu') || !line.includes('Dòng 3')) throw new Error('refusal: ' + refused + ' / ' + line);
		if (before.catalogs.some((c) => c.year === 2025)) throw new Error('half imported');
		await page.setInputFiles('#ci-file', env('LT_PLAN25'));
		await page.click('#catalog-import-submit');
		await page.waitForSelector('#catalog-table tr[data-notation="03.TCCB"]', { timeout: 10000 });
		const flash = await page.textContent('#catalog-done');
		const c = await api('/catalogs/2025');
		const n = c.headings.reduce((a, h) => a + h.entries.length, 0);
		if (!flash.includes('3') || !(await page.evaluate(() => location.hash)).includes('year=2025')) throw new Error('flash: ' + flash);
		return n === 3 && c.final && c.final.finalized === false && (await page.textContent('#catalog-final-state')).includes('dự thảo');
	});

	await check('catalog finalise: refused without the approving head (the field marked), then recorded with the declared footer', async () => {
		await page.click('#catalog-finalize-submit');
		await page.waitForSelector('#catalog-finalize .error', { timeout: 10000 });
		const refused = await page.textContent('#catalog-finalize .error');
		const marked = await page.$eval('#fin-approvedBy', (e) => e.classList.contains('invalid'));
		if (!/approvedBy/.test(refused) || !marked) throw new Error('refusal: ' + refused + ' marked ' + marked);
		if ((await api('/catalogs/2025')).final.finalized) throw new Error('finalised without a head');
		await page.fill('#fin-approvedBy', 'Nguyễn Văn An, Chủ tịch UBND huyện');
		await page.fill('#fin-issued', '15/01/2025');
		await page.fill('#fin-total', '3');
		await page.fill('#fin-permanent', '1');
		await page.fill('#fin-fixedTerm', '2');
		await page.click('#catalog-finalize-submit');
		await page.waitForSelector('#catalog-final[data-finalized="1"]', { timeout: 10000 });
		const shown = await page.textContent('#catalog-final-state');
		const form = await page.$('#catalog-finalize');
		const f = (await api('/catalogs/2025')).final;
		await page.screenshot({ path: path.join(ART, '23-catalog-finalised.png'), fullPage: true });
		if (form || !shown.includes('15/01/2025') || !shown.includes('Nguyễn Văn An')) throw new Error('shown: ' + shown);
		return f.finalized && f.issued === '2025-01-15' && f.approvedBy.startsWith('Nguyễn Văn An') && f.footer.total === 3 && f.finalizedBy === env('LT_ARCHIVIST');
	});

	let opened = null;
	await check('dossier open: from the catalog row (the row then links to it), from the dossiers page (an unknown notation refused), a TTHC case', async () => {
		await page.click('#catalog-table tr[data-notation="01.TH"] button.open-dossier');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		opened = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop());
		const d1 = await api('/dossiers/' + opened);
		if (d1.notation !== '01.TH' || d1.year !== 2025 || d1.status !== 'open') throw new Error('dossier: ' + JSON.stringify([d1.notation, d1.year, d1.status]));
		await fresh('#/catalog?year=2025', '#catalog-table');
		const link = await page.getAttribute('#catalog-table tr[data-notation="01.TH"] a.row-dossier', 'href');
		if (link !== '#/dossier/' + d1.id) throw new Error('row link: ' + link);
		await fresh('#/dossiers?year=2025', '#dossier-open');
		await page.fill('#do-entry', '99.XX');
		await page.click('#dossier-open-submit');
		await page.waitForSelector('#dossier-open .error', { timeout: 10000 });
		await page.fill('#do-entry', '02.TH');
		await page.click('#dossier-open-submit');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		const d2 = await api('/dossiers/' + decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop()));
		await fresh('#/dossiers', '#dossier-open-tthc');
		await page.fill('#dt-tthc', 'H26-2025-0007');
		await page.fill('#dt-procedure', '1.004227');
		await page.fill('#dt-received', '02/03/2025');
		await page.check('#dt-resultOnPaper');
		await page.click('#dossier-open-tthc-submit');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		const d3 = await api('/dossiers/' + decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop()));
		await page.screenshot({ path: path.join(ART, '24-dossier-opened-tthc.png'), fullPage: true });
		if (d2.notation !== '02.TH' || d2.status !== 'open') throw new Error('02.TH: ' + d2.notation);
		return d3.kind === 'tthc' && d3.procedureCode === '1.004227' && d3.receivedDate === '2025-03-02' && Number(d3.resultOnPaper) === 1;
	});

	await check('links: a reply linked from the record page, shown on both records', async () => {
		await fresh('#/record/' + env('LT_OUT2_ID'), '#link-add');
		await page.selectOption('#ln-kind', 'reply_to');
		await page.fill('#ln-to', '999999');
		await page.click('#link-add-submit');
		await page.waitForSelector('#link-add .error', { timeout: 10000 });
		await page.fill('#ln-to', env('LT_IN_ID'));
		await page.fill('#ln-note', 'Trả lời công văn số 15/VP-HC');
		await page.click('#link-add-submit');
		await page.waitForSelector('#links', { timeout: 10000 });
		const shown = await page.textContent('#links');
		const l = await api('/records/' + env('LT_OUT2_ID') + '/links');
		const back = await api('/records/' + env('LT_IN_ID') + '/links');
		if (!shown.includes('trả lời') || !shown.includes('15/VP-HC')) throw new Error('shown: ' + shown);
		return l.links.some((x) => x.kind === 'reply_to' && x.record.id === Number(env('LT_IN_ID'))) && back.links.some((x) => x.record.id === Number(env('LT_OUT2_ID')));
	});

	await check('tasks: an incoming letter assigned, updated, finished with its reply; the tracking list shows it', async () => {
		const IN = env('LT_IN_ID');
		await fresh('#/record/' + IN, '#task-assign');
		await page.fill('#ta-leadUnit', 'Phòng Nội vụ');
		await page.fill('#ta-coopUnits', 'Văn phòng, Phòng Tài chính');
		await page.fill('#ta-assignee', 'canbo');
		await page.fill('#ta-dueDate', dueTyped);
		await page.click('#task-assign-submit');
		await page.waitForSelector('#tasks li', { timeout: 10000 });
		let tasks = (await api('/tasks?record=' + IN)).tasks;
		const k = tasks[tasks.length - 1];
		if (!k || k.lead !== 'Phòng Nội vụ' || k.coop.length !== 2 || k.due !== dueTyped.split('/').reverse().join('-')) throw new Error('task: ' + JSON.stringify(k));
		await page.fill(`#tu${k.id}-progress`, '50');
		await page.selectOption(`#tu${k.id}-status`, 'in_progress');
		await clear('#edit-done');
		await page.click(`#task-update-${k.id}-submit`);
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		let t1 = (await api('/tasks?record=' + IN)).tasks.find((x) => x.id === k.id);
		if (t1.progress !== 50 || t1.status !== 'in_progress') throw new Error('update: ' + JSON.stringify(t1));
		await page.fill(`#tu${k.id}-progress`, '100');
		await page.selectOption(`#tu${k.id}-status`, 'done');
		await page.fill(`#tu${k.id}-result`, 'Đã trả lời bằng công văn đi');
		await page.fill(`#tu${k.id}-replyRecord`, env('LT_OUT2_ID'));
		await clear('#edit-done');
		await page.click(`#task-update-${k.id}-submit`);
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		const left = await page.$(`#task-update-${k.id}`);
		t1 = (await api('/tasks?record=' + IN)).tasks.find((x) => x.id === k.id);
		await fresh('#/tasks', `#tasks-list tr[data-task="${k.id}"]`);
		const status = await page.getAttribute(`#tasks-list tr[data-task="${k.id}"] [data-status]`, 'data-status');
		const row = await page.textContent(`#tasks-list tr[data-task="${k.id}"]`);
		await page.screenshot({ path: path.join(ART, '25-tasks.png'), fullPage: true });
		if (left) throw new Error('a finished task still offers an update');
		if (status !== 'done' || !row.includes('Phòng Nội vụ') || !row.includes(dueTyped)) throw new Error('row: ' + status + ' ' + row);
		return t1.status === 'done' && t1.reply === Number(env('LT_OUT2_ID')) && t1.result === 'Đã trả lời bằng công văn đi';
	});

	let pkgFile = null;
	await check('package: a dossier exported from its page downloads a BagIt zip; the packages page validates it; a scan is refused', async () => {
		await fresh('#/dossier/' + env('LT_DOSSIER_ID'), '#dossier-package-form');
		const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.click('#dossier-package-form-submit')]);
		pkgFile = path.join(ART, 'package-' + env('LT_DOSSIER_ID') + '.zip');
		await dl.saveAs(pkgFile);
		const head = fs.readFileSync(pkgFile).slice(0, 2).toString();
		if (head !== 'PK') throw new Error('not a zip: ' + head);
		await fresh('#/packages', '#package-validate');
		await page.setInputFiles('#package-file', pkgFile);
		await page.click('#package-validate-submit');
		await page.waitForSelector('#package-valid', { timeout: 20000 });
		const valid = await page.textContent('#package-valid');
		await page.setInputFiles('#package-file', env('LT_SAMPLE'));
		await page.click('#package-validate-submit');
		await page.waitForSelector('#package-status .error', { timeout: 20000 });
		const bar = await page.$eval('#package-progress', (p) => p.dataset.state);
		await page.screenshot({ path: path.join(ART, '26-package.png'), fullPage: true });
		if (bar !== 'failed') throw new Error('bar: ' + bar);
		const m = /: 1 hồ sơ, (\d+) tệp dữ liệu/.exec(valid); // its two records' files, the METS and contents are in the payload
		if (!m || Number(m[1]) < 4) throw new Error('shown: ' + valid);
	});

	await check('package: dossiers named on the packages page are exported as tar', async () => {
		const code = (await api('/dossiers/' + env('LT_META_ID'))).fileCode;
		await fresh('#/packages', '#package-export');
		await page.fill('#pe-dossiers', code);
		await page.selectOption('#pe-format', 'tar');
		const [dl] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.click('#package-export-submit')]);
		const file = path.join(ART, 'package-meta.tar');
		await dl.saveAs(file);
		const ustar = fs.readFileSync(file).slice(257, 262).toString();
		fs.rmSync(file, { force: true });
		return ustar === 'ustar' && /\.tar$/.test(dl.suggestedFilename());
	});

	let holdId = 0;
	await check('holds: placed on a due permanent dossier from its page, it holds the transfer back; a record held on the holds page, shown and released on its page', async () => {
		await fresh('#/transfers', '#transfer-candidates');
		if (!(await page.$(`#transfer-candidates tr[data-dossier="${CLOSED}"]`))) throw new Error('the 2015 permanent dossier is not due');
		await fresh('#/dossier/' + CLOSED, '#dh-place');
		await page.click('#dh-place-submit');
		await page.waitForSelector('#dh-place .error', { timeout: 10000 });
		await page.fill('#dh-reason', 'Thanh tra công vụ năm 2026');
		await page.click('#dh-place-submit');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		const listed = await page.textContent('#dossier-holds');
		const h = (await api('/holds')).holds.find((x) => x.kind === 'dossier' && x.object === Number(CLOSED) && x.active);
		if (!h || !listed.includes('Thanh tra công vụ năm 2026')) throw new Error('hold: ' + JSON.stringify(h) + ' ' + listed);
		holdId = h.id;
		await fresh('#/transfers', '#transfer-held');
		const cand = await page.$(`#transfer-candidates tr[data-dossier="${CLOSED}"]`);
		const heldRow = await page.textContent(`#transfer-held tr[data-dossier="${CLOSED}"]`);
		if (cand || !heldRow.includes('#' + h.id)) throw new Error('transfers page: candidate ' + !!cand + ', held row ' + heldRow);
		await fresh('#/holds', '#hp-place');
		await page.selectOption('#hp-kind', 'record');
		await page.fill('#hp-object', env('LT_FILE_ID'));
		await page.fill('#hp-reason', 'Khiếu nại đang giải quyết');
		await page.click('#hp-place-submit');
		await page.waitForSelector('#holds-done', { timeout: 10000 });
		const rh = (await api('/holds')).holds.find((x) => x.kind === 'record' && x.object === Number(env('LT_FILE_ID')) && x.active);
		if (!rh) throw new Error('no record hold');
		await page.click(`#hl-release-${rh.id}-submit`);
		await page.waitForSelector(`#hl-release-${rh.id} .error`, { timeout: 10000 });
		await fresh('#/record/' + env('LT_FILE_ID'), `#record-holds [data-hold="${rh.id}"]`);
		await page.fill(`#rhr${rh.id}-reason`, 'Đã giải quyết xong khiếu nại');
		await page.click(`#rh-release-${rh.id}-submit`);
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		await page.waitForSelector('#record-hold-box', { timeout: 10000 });
		if (await page.$(`#record-holds [data-hold="${rh.id}"]`)) throw new Error('the released hold is still on the record page');
		await fresh('#/holds', '#hp-place');
		await page.check('#holds-all');
		await page.waitForSelector(`#holds-list tr.released[data-hold="${rh.id}"]`, { timeout: 10000 });
		await page.screenshot({ path: path.join(ART, '27-holds.png'), fullPage: true });
		const all = (await api('/holds?all=1')).holds.find((x) => x.id === rh.id);
		return all && !all.active && all.releasedBy === env('LT_ARCHIVIST');
	});

	await check('transfer: the hold released from the dossier page; the permanent dossier transferred, its package and paperwork downloaded', async () => {
		await fresh('#/dossier/' + CLOSED, `#dh-release-${holdId}`);
		await page.fill(`#dhr${holdId}-reason`, 'Kết thúc thanh tra');
		await page.click(`#dh-release-${holdId}-submit`);
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		await fresh('#/transfers', `#transfer-candidates tr[data-dossier="${CLOSED}"]`);
		await page.fill('#tr-receiver', 'Lưu trữ lịch sử tỉnh');
		await page.click('#transfer-run-submit');
		await page.waitForSelector('#transfer-done', { timeout: 30000 });
		const flash = await page.textContent('#transfer-done');
		const made = (await api('/transfers')).transfers[0];
		const id = made.id;
		const row = `#transfer-list tr.current[data-transfer="${id}"]`;
		const listed = await page.textContent(row);
		const list = await fetchText(await page.getAttribute(row + ' li[data-file=list] a', 'href'));
		const handover = await fetchText(await page.getAttribute(row + ' li[data-file=handover] a', 'href'));
		const pkg = await page.evaluate((u) => fetch(u).then((r) => r.arrayBuffer().then((b) => ({ status: r.status, head: String.fromCharCode(...new Uint8Array(b.slice(0, 2))) }))),
			await page.getAttribute(row + ' li[data-file=package] a', 'href'));
		const d = await api('/dossiers/' + CLOSED);
		const still = await page.$(`#transfer-candidates tr[data-dossier="${CLOSED}"]`);
		await page.screenshot({ path: path.join(ART, '28-transfer.png'), fullPage: true });
		if (!flash.includes('#' + id) || still) throw new Error('flash: ' + flash + ', still listed ' + !!still);
		if (!made.dossiers.some((x) => x.id === Number(CLOSED)) || !listed.includes(made.dossiers[0].fileCode)) throw new Error('transfer list: ' + JSON.stringify(made));
		if (list.status !== 200 || !list.body.includes(d.fileCode)) throw new Error('list: ' + list.status);
		if (handover.status !== 200 || !handover.body.includes('Lưu trữ lịch sử tỉnh')) throw new Error('handover: ' + handover.status);
		if (pkg.status !== 200 || pkg.head !== 'PK') throw new Error('package: ' + JSON.stringify(pkg));
		return d.status === 'transferred';
	});

	await check('the new pages follow the English switch (transfers, holds, tasks, packages)', async () => {
		const heads = [];
		await fresh('#/search', '#q');
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10000 });
		for (const [hash, sel] of [['#/transfers', '#transfers-done'], ['#/holds', '#hp-place'], ['#/tasks', '#tasks-overdue'], ['#/packages', '#package-validate']]) {
			await fresh(hash, sel);
			heads.push(await page.textContent('#app h1'));
		}
		const menu = await page.textContent('#nav-transfers');
		await page.click('#lang-switch');
		await page.waitForFunction(() => { const h = document.querySelector('#app h1'); return h && h.textContent === 'Gói tin hồ sơ (BagIt)'; }, null, { timeout: 10000 });
		if (heads.join('|') !== 'Transfer to the historical archive|Legal holds on dossiers and records|Tracking incoming records|Dossier packages (BagIt)') throw new Error(heads.join('|'));
		return menu === 'Transfers';
	});

	/* ---- issue 22: the reviewer corrects a page (admin.js) ---- */
	const corrected = 'Hiệuđínhtrangxyz';
	await check('the reviewer opens a page to review: the scan beside its text in an editable box', async () => {
		await go('#/ocr-review?threshold=100', '#ocr-list');
		const row = 'tr[data-record="' + env('LT_SCAN_ID') + '"][data-page="1"]';
		const cells = await page.$eval(row, (tr) => [...tr.children].map((td) => td.textContent));
		await page.screenshot({ path: path.join(ART, '50-ocr-review.png'), fullPage: true });
		if (!cells[0].includes('Nơi nhận của thông báo') || !/^\d+$/.test(cells[2]) || !/%$/.test(cells[3])) throw new Error(cells.join(' | '));
		await page.click(row + ' a.ocr-open');
		await page.waitForSelector('#ocr-text', { timeout: 10000 });
		await page.waitForFunction(() => { const i = document.querySelector('#ocr-scan'); return i && i.complete && i.naturalWidth > 0; }, null, { timeout: 10000 });
		const text = await page.inputValue('#ocr-text');
		const readonly = await page.$eval('#ocr-text', (x) => x.readOnly);
		await page.screenshot({ path: path.join(ART, '51-ocr-page.png'), fullPage: true });
		if (text.length < 20 || readonly) throw new Error('text ' + text.length + ' readonly ' + readonly);
	});
	await check('the reviewer saves a correction: the page leaves the list, search finds the corrected word', async () => {
		const before = await page.inputValue('#ocr-text');
		await page.fill('#ocr-text', before.trim() + '\n' + corrected);
		await page.click('#ocr-save');
		await page.waitForSelector('#ocr-done', { timeout: 10000 });
		const flash = await page.textContent('#ocr-done');
		const rows = await page.$$('tr[data-record="' + env('LT_SCAN_ID') + '"]');
		const listed = await api('/ocr/review?threshold=100');
		const hist = await page.evaluate((id) => fetch('/api/v1/records/' + id).then((r) => r.json()), env('LT_SCAN_ID'));
		await page.screenshot({ path: path.join(ART, '52-ocr-saved.png'), fullPage: true });
		if (!/Đã lưu/.test(flash) || rows.length || listed.pages.some((p) => String(p.record) === env('LT_SCAN_ID'))) throw new Error(flash);
		if (!hist.pages[0].text.includes(corrected)) throw new Error('not stored');
		await page.evaluate(() => { location.hash = '#/search'; });
		await page.waitForSelector('#q');
		await search(page, 'hieudinhtrangxyz'); // typed without diacritics
		const hrefs = await page.$$eval('.hit a.title', (as) => as.map((a) => a.getAttribute('href')));
		if (hrefs.length !== 1 || hrefs[0] !== '#/record/' + env('LT_SCAN_ID')) throw new Error('hits: ' + hrefs.join(' '));
	});

	/* ---- long work (issue 22 part 1): started from the page, left, come back to ---- */
	await check('work: an admin starts a verify from the work page, leaves, comes back and finds it done, its problem naming the record', async () => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, env('LT_ADMIN'), env('LT_ADMIN_PW'));
		await go('#/work', '#work-start-verify');
		await page.click('#work-start-verify');
		await page.waitForSelector('#work-started a', { timeout: 10000 });
		const id = (await page.getAttribute('#work-started a', 'href')).split('/').pop();
		await go('#/search', '#q'); // leave while it runs
		await go('#/work', '#work-list');
		await page.waitForSelector('#work-list tr[data-work="' + id + '"][data-state=done]', { timeout: 60000 });
		await page.click('#work-list tr[data-work="' + id + '"] a');
		await page.waitForSelector('#work-result #verify-problems', { timeout: 20000 });
		await page.screenshot({ path: path.join(ART, '50-work-verify.png'), fullPage: true });
		const rows = await page.$$eval('#verify-problems tbody tr', (trs) => trs.map((tr) => ({ kind: tr.dataset.kind, text: tr.textContent,
			href: (tr.querySelector('a.problem-record') || {}).getAttribute ? tr.querySelector('a.problem-record').getAttribute('href') : '' })));
		const hit = rows.find((r) => r.kind === 'content_changed' && r.text.includes(env('LT_DAMAGED_DOC')) && /nội dung tệp đã thay đổi/.test(r.text));
		if (!hit || !hit.href.startsWith('#/record/')) throw new Error(JSON.stringify(rows));
		const shown = await page.textContent('#app');
		if (shown.includes(env('LT_DATA'))) throw new Error('a server path on screen');
		// the problem's link opens the record
		await page.click('#verify-problems a.problem-record');
		await page.waitForSelector('#record-title', { timeout: 10000 });
		const v = await axeSerious(page);
		if (v.length) throw new Error(v.join(' | '));
	});
	await check('work: a backup from the page shows its set name and size; the list writes times dd/mm/yyyy HH:MM', async () => {
		await go('#/work', '#work-start-backup');
		await page.click('#work-start-backup');
		await page.waitForSelector('#work-started a', { timeout: 10000 });
		await page.click('#work-started a');
		await page.waitForSelector('#backup-name', { timeout: 60000 });
		const name = (await page.textContent('#backup-name td')).trim();
		const size = (await page.textContent('#backup-size td')).trim();
		await page.screenshot({ path: path.join(ART, '51-work-backup.png'), fullPage: true });
		if (!/^luutru-\d{8}-\d{6}/.test(name) || !/^\d+(,\d)? (B|KB|MB|GB)$/.test(size)) throw new Error(name + ' / ' + size);
		await go('#/work?kind=backup', '#work-list');
		const cells = await page.$$eval('#work-list tbody tr td:nth-child(4)', (tds) => tds.map((td) => td.textContent));
		if (!cells.length || !cells.every((c) => /^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/.test(c))) throw new Error(cells.join(', '));
		const shown = await page.textContent('#app');
		if (/\b(null|undefined|NaN)\b/.test(shown)) throw new Error('a value shown as null/undefined: ' + shown.slice(0, 200));
		await page.setViewportSize({ width: 375, height: 740 });
		await go('#/work/' + (await page.$eval('#work-list tbody tr', (tr) => tr.dataset.work)), '#backup-name');
		await page.waitForTimeout(100);
		const o = await overflow(page);
		await page.screenshot({ path: path.join(ART, '52-work-backup-375.png'), fullPage: true });
		await page.setViewportSize({ width: 1280, height: 800 });
		if (o > 0) throw new Error('scrolls sideways by ' + o + ' px');
	});
	// The OCR's pages while it runs are checked by tests/unit/test_jobs.c
	// (test_progress_pages): a two-page scan is over before a page could
	// catch it here. Its finished job shows the pages it recognised.
	await check('work: the OCR of a two-page scan shows its pages, "trang 2/2" and a full bar, in the list and on its page; "page 2 of 2" in English', async () => {
		const id = env('LT_OCR_WORK');
		const row = '#work-list tr[data-work="' + id + '"]';
		await go('#/work?kind=ocr', row + '[data-state=done]');
		const listed = (await page.textContent(row + ' .work-units')).trim();
		const bar = await page.$eval(row + ' progress', (p) => ({ value: p.value, state: p.dataset.state }));
		if (listed !== 'nhận dạng · trang 2/2' || bar.value !== 100 || bar.state !== 'done') throw new Error(listed + ' ' + JSON.stringify(bar));
		await page.click(row + ' a');
		await page.waitForSelector('#work-detail[data-state=done] #work-progress', { timeout: 10000 });
		const shown = (await page.textContent('#work-detail .work-units')).trim();
		if (shown !== 'nhận dạng · trang 2/2') throw new Error('detail: ' + shown);
		await page.screenshot({ path: path.join(ART, '53-work-ocr.png'), fullPage: true });
		await page.click('#lang-switch');
		await page.waitForFunction(() => /page 2 of 2/.test((document.querySelector('#work-detail .work-units') || {}).textContent || ''), null, { timeout: 10000 });
		const en = (await page.textContent('#work-detail .work-units')).trim();
		await page.click('#lang-switch');
		await page.waitForFunction(() => /trang 2\/2/.test((document.querySelector('#work-detail .work-units') || {}).textContent || ''), null, { timeout: 10000 });
		if (en !== 'recognising · page 2 of 2') throw new Error('English: ' + en);
		const v = await axeSerious(page);
		if (v.length) throw new Error(v.join(' | '));
	});
	await check('work: the English switch translates the work page', async () => {
		await go('#/work', '#work-list');
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.querySelector('#app h1') && document.querySelector('#app h1').textContent === 'Long work', null, { timeout: 10000 });
		const st = await page.textContent('#work-list tbody tr .work-state');
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.querySelector('#app h1') && document.querySelector('#app h1').textContent === 'Công việc dài', null, { timeout: 10000 });
		return st === 'done';
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
	await check('an officer sees no work link', async () =>
		await page.$eval('#nav-work', (a) => a.hidden));
	await check('an officer sees no compliance or import link', async () =>
		(await page.$eval('#nav-compliance', (a) => a.hidden)) && (await page.$eval('#nav-import', (a) => a.hidden)));

	await check('an officer sees the register but no numbering or voiding, and no deposit or destruction link', async () => {
		await page.evaluate(() => { location.hash = '#/registers?code=DI&year=2024'; });
		await page.waitForSelector('#register-entries', { timeout: 10000 });
		const forms = (await page.$$('#register-assign, #register-void')).length;
		return forms === 0 && (await page.$eval('#nav-retention', (a) => a.hidden)) && !(await page.$eval('#nav-registers', (a) => a.hidden));
	});
	await check('an officer sees the tracking list but no holds, transfers or packages link, and no task assignment', async () => {
		const hidden = await page.$$eval('#nav-holds, #nav-transfers, #nav-packages', (as) => as.map((a) => a.hidden));
		await page.evaluate((id) => { location.hash = '#/record/' + id; }, env('LT_IN_ID'));
		await page.waitForSelector('#record-title', { timeout: 10000 });
		const assign = await page.$('#task-assign, #link-add');
		return hidden.length === 3 && hidden.every(Boolean) && !assign && !(await page.$eval('#nav-tasks', (a) => a.hidden));
	});
	/* ---- issue 22: the administrator's users page (admin.js) ---- */
	await check('an administrator signs in and sees every user, role and clearance by name', async () => {
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, env('LT_ADMIN'), env('LT_ADMIN_PW'));
		if (await page.$eval('#nav-users', (a) => a.hidden)) throw new Error('no users link');
		await go('#/users', '#users-list');
		const row = await page.$eval('tr[data-login="' + env('LT_ARCHIVIST') + '"]', (tr) => tr.textContent);
		await page.screenshot({ path: path.join(ART, '53-users.png'), fullPage: true });
		if (!row.includes('văn thư') || !row.includes('Tuyệt mật') || !/\d\d\/\d\d\/\d{4}/.test(row)) throw new Error(row);
	});
	for (const [name, hash, sel] of [['users', '#/users', '#users-list'], ['user-edit', '#/users?edit=' + env('LT_OFFICER'), '#user-edit']]) {
		await check('page ' + name + ' (administrator): axe finds nothing serious, every control labelled, fits 375 px', async () => {
			await go(hash, sel);
			const v = await axeSerious(page);
			const u = await unlabelled(page);
			await page.setViewportSize({ width: 375, height: 740 });
			await go(hash, sel);
			await page.waitForTimeout(100);
			const o = await overflow(page);
			const v375 = await axeSerious(page);
			await page.screenshot({ path: path.join(ART, '54-' + name + '-375.png'), fullPage: true });
			await page.setViewportSize({ width: 1280, height: 800 });
			if (v.length || v375.length) throw new Error(v.concat(v375).join(' | '));
			if (u.length) throw new Error('unlabelled: ' + u.join(', '));
			if (o > 0) throw new Error('scrolls sideways by ' + o + ' px');
		});
	}
	await check('the administrator adds a user in the page', async () => {
		await go('#/users', '#user-add');
		await page.fill('#ua-login', 'nguoimoi');
		await page.fill('#ua-fullName', 'Nguyễn Thị Mới');
		await page.fill('#ua-department', 'Phòng Nội vụ');
		await page.selectOption('#ua-role', 'officer');
		await page.selectOption('#ua-clearance', '1');
		await page.fill('#ua-password', 'moi-mat-khau-1');
		await page.fill('#ua-password2', 'moi-mat-khau-2');
		await page.click('#user-add-submit');
		await page.waitForSelector('#user-add .error', { timeout: 10000 }); // the two differ
		await page.fill('#ua-password2', 'moi-mat-khau-1');
		await page.click('#user-add-submit');
		await page.waitForSelector('#users-done', { timeout: 10000 });
		const row = await page.$eval('tr[data-login="nguoimoi"]', (tr) => tr.textContent);
		await page.screenshot({ path: path.join(ART, '55-user-added.png'), fullPage: true });
		if (!row.includes('chuyên viên') || !row.includes('Mật') || !row.includes('chưa đăng nhập')) throw new Error(row);
	});
	let newToken = '';
	await check('the administrator changes the role and makes a token, shown once, that works', async () => {
		await page.click('tr[data-login="nguoimoi"] a.user-edit');
		await page.waitForSelector('#user-edit', { timeout: 10000 });
		await page.selectOption('#ue-role', 'archivist');
		await page.click('#user-edit-submit');
		await page.waitForSelector('#users-done', { timeout: 10000 });
		const role = await page.$eval('tr[data-login="nguoimoi"] td[data-role]', (td) => td.dataset.role);
		await page.click('#user-token-submit');
		await page.waitForSelector('#user-token-value', { timeout: 10000 });
		newToken = await page.inputValue('#user-token-value');
		await page.screenshot({ path: path.join(ART, '56-user-token.png'), fullPage: true });
		const me = await fetch(URL + '/api/v1/me', { headers: { Authorization: 'Bearer ' + newToken } }).then((r) => r.json());
		await go('#/users', '#users-list');
		await go('#/users?edit=nguoimoi', '#user-edit');
		const again = await page.evaluate((tk) => document.body.innerHTML.includes(tk), newToken);
		if (role !== 'archivist' || !/^[0-9a-f]{64}$/.test(newToken) || me.user.login !== 'nguoimoi' || me.user.role !== 'archivist' || again)
			throw new Error(JSON.stringify({ role, me, again }));
	});
	await check('the last administrator cannot disable their own account', async () => {
		await go('#/users?edit=' + env('LT_ADMIN'), '#user-lock');
		await page.click('#user-lock');
		await page.waitForSelector('#user-edit-card .form-msg .error', { timeout: 10000 });
		const msg = await page.textContent('#user-edit-card .form-msg .error');
		const me = await api('/me');
		if (!/quản trị/.test(msg) || !me.user || me.user.login !== env('LT_ADMIN')) throw new Error(msg);
	});
	await check('the new user signs in with the password the administrator typed', async () => {
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, 'nguoimoi', 'moi-mat-khau-1');
		const who = await page.textContent('#whoami');
		const usersHidden = await page.$eval('#nav-users', (a) => a.hidden);
		if (!who.includes('nguoimoi') || !usersHidden) throw new Error(who);
	});

	/* ---- issue 22: the menu in groups (disclosures), at 1280 px and 375 px ---- */
	await check('menu: at 1280 px an administrator\'s header is one line, search one click away, then four groups', async () => {
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, env('LT_ADMIN'), env('LT_ADMIN_PW'));
		await go('#/stats', '#stats-charts');
		const look = await page.evaluate(() => {
			const r = (e) => e.getBoundingClientRect();
			const btns = [...document.querySelectorAll('#nav .nav-group-btn')].filter((b) => b.offsetParent);
			const top = document.getElementById('nav-search');
			const items = [document.querySelector('.brand'), top, ...btns, document.getElementById('lang-switch'), document.getElementById('logout')];
			return { groups: btns.length, search: !!top.offsetParent && !top.closest('.nav-list') && r(top).left < Math.min(...btns.map((b) => r(b).left)), nav: r(document.getElementById('nav')).height, btn: Math.max(...btns.map((b) => r(b).height)),
				header: r(document.getElementById('top')).height, tops: items.map((e) => Math.round(r(e).top + r(e).height / 2)),
				labels: btns.map((b) => b.textContent), active: btns.filter((b) => b.classList.contains('active')).map((b) => b.textContent) };
		});
		await page.screenshot({ path: path.join(ART, '60-menu-1280.png') });
		if (look.groups !== 4 || !look.search || look.nav > look.btn + 2 || look.header > 60) throw new Error(JSON.stringify(look));
		if (Math.max(...look.tops) - Math.min(...look.tops) > 4) throw new Error('not one line: ' + JSON.stringify(look.tops));
		if (look.labels.join('|') !== 'Tra cứu|Nhập liệu|Lưu trữ|Quản trị' || look.active.join() !== 'Tra cứu') throw new Error(JSON.stringify(look));
	});
	await check('menu: every link the administrator may follow is reached by the keyboard alone through the groups (Enter, Space, Tab)', async () => {
		const focused = () => page.evaluate(() => { const e = document.activeElement; return { id: e.id, cls: String(e.className), href: e.getAttribute('href'),
			ctl: e.getAttribute('aria-controls'), inNav: !!e.closest('#nav'), open: [...document.querySelectorAll('#nav .nav-group-btn[aria-expanded="true"]')].map((b) => b.id || b.getAttribute('aria-controls')) }; });
		for (let i = 0; i < 60 && (await focused()).id !== 'skip-link'; i++) await page.keyboard.press('Shift+Tab');
		const reached = [];
		const opened = [];
		let key = 0;
		for (let i = 0; i < 80; i++) {
			await page.keyboard.press('Tab');
			const f = await focused();
			if (f.id === 'lang-switch') break;
			if (f.cls.includes('nav-group-btn')) {
				if (f.open.length) throw new Error('a group left open when the focus moved on: ' + f.open.join());
				await page.keyboard.press(key++ % 2 ? 'Space' : 'Enter');
				const exp = await page.getAttribute('#nav button[aria-controls="' + f.ctl + '"]', 'aria-expanded');
				if (exp !== 'true') throw new Error(f.ctl + ' did not open');
				opened.push(f.ctl);
			} else if (f.inNav && f.href) reached.push(f.href);
		}
		const shown = await page.$$eval('#nav a', (as) => as.filter((a) => !a.hidden).map((a) => a.getAttribute('href')));
		const left = await page.$$eval('#nav .nav-group-btn[aria-expanded="true"]', (bs) => bs.length);
		const missing = shown.filter((h) => !reached.includes(h));
		if (opened.length !== 4 || missing.length || left) throw new Error(JSON.stringify({ opened, missing, left }));
	});
	await check('menu: Escape closes a group and puts the focus back on its button; a click outside closes it too', async () => {
		await page.keyboard.press('Shift+Tab'); // from the language switch back to the last group's button
		const btn = await page.evaluate(() => document.activeElement.getAttribute('aria-controls'));
		await page.keyboard.press('Enter');
		await page.keyboard.press('Tab');
		const inList = await page.evaluate((id) => !!document.activeElement.closest('#' + id), btn);
		await page.screenshot({ path: path.join(ART, '61-menu-open-1280.png') });
		await page.keyboard.press('Escape');
		const after = await page.evaluate(() => ({ ctl: document.activeElement.getAttribute('aria-controls'), exp: document.activeElement.getAttribute('aria-expanded') }));
		const hidden = await page.$eval('#' + btn, (l) => l.hidden);
		await page.click('#nav button[aria-controls="navg-archive-list"]');
		const open = await page.isVisible('#nav-transfers');
		await page.click('#app h1', { position: { x: 5, y: 5 } }); // its left end: the open list may cover its middle
		const closed = !(await page.isVisible('#nav-transfers'));
		if (!btn || !inList || after.ctl !== btn || after.exp !== 'false' || !hidden || !open || !closed) throw new Error(JSON.stringify({ btn, inList, after, hidden, open, closed }));
		const v = await axeSerious(page);
		if (v.length) throw new Error(v.join(' | '));
	});
	await check('menu: the groups follow the English switch', async () => {
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.documentElement.lang === 'en', null, { timeout: 10000 });
		const labels = await page.$$eval('#nav .nav-group-btn', (bs) => bs.map((b) => b.textContent));
		const navName = await page.getAttribute('#nav', 'aria-label');
		await page.click('#lang-switch');
		await page.waitForFunction(() => document.documentElement.lang === 'vi', null, { timeout: 10000 });
		if (labels.join('|') !== 'Find|Data entry|Archive|Administration' || navName !== 'Menu') throw new Error(labels.join('|') + ' ' + navName);
	});
	await check('menu at 375 px: behind the menu button, the current page\'s group open, another opened, no sideways scrolling', async () => {
		await page.setViewportSize({ width: 375, height: 740 });
		await go('#/transfers', '#transfer-candidates');
		const before = await page.isVisible('#nav button[aria-controls="navg-find-list"]');
		await page.click('#menu-toggle');
		await page.waitForSelector('#nav-transfers', { state: 'visible', timeout: 5000 });
		const find = await page.getAttribute('#nav button[aria-controls="navg-find-list"]', 'aria-expanded');
		await page.click('#nav button[aria-controls="navg-admin-list"]');
		await page.waitForSelector('#nav-users', { state: 'visible', timeout: 5000 });
		const o = await overflow(page);
		await page.screenshot({ path: path.join(ART, '62-menu-375.png'), fullPage: true });
		const archiveShut = !(await page.isVisible('#nav-transfers'));
		await page.click('#nav-users');
		await page.waitForSelector('#users-list', { timeout: 10000 });
		const after = await page.isVisible('#nav-users');
		const v = await axeSerious(page);
		await page.setViewportSize({ width: 1280, height: 800 });
		if (before || find !== 'false' || !archiveShut || o > 0 || after || v.length) throw new Error(JSON.stringify({ before, find, archiveShut, o, after, v }));
	});

	/* ---- issue 22: one archivist's year, linear, through the pages only:
	 * a new year's catalog → its approval → a dossier opened from its row →
	 * a record uploaded into it → its outgoing number → the dossier closed →
	 * deposited to the agency archive → (the administrator) transferred to
	 * the historical archive as of a past date → its package validated.
	 * Each step is read back through the API. ---- */
	const Y = 2012;
	const yearShots = async (name) => {
		await page.screenshot({ path: path.join(ART, '7' + name + '-1280.png'), fullPage: true });
		await page.setViewportSize({ width: 375, height: 740 });
		await page.waitForTimeout(100);
		const o = await overflow(page);
		await page.screenshot({ path: path.join(ART, '7' + name + '-375.png'), fullPage: true });
		await page.setViewportSize({ width: 1280, height: 800 });
		if (o > 0) throw new Error(name + ' scrolls sideways at 375 px by ' + o + ' px');
	};
	const year = {};
	await check('year: the archivist imports the ' + Y + ' catalog (CSV) on the catalog page', async () => {
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, env('LT_ARCHIVIST'), env('LT_ARCHIVIST_PW'));
		await fresh('#/catalog', '#catalog-import');
		await page.fill('#ci-year', String(Y));
		const csv = 'heading,heading_abbr,notation,title,retention,keeper,note\n' +
			'TỔNG HỢP,TH,01.TH,"Quyết định thành lập, tổ chức bộ máy năm ' + Y + '",Vĩnh viễn,Văn phòng,\n' +
			'TỔNG HỢP,TH,02.TH,Hồ sơ thi đua khen thưởng,10 năm,Văn phòng,\n';
		await page.setInputFiles('#ci-file', { name: 'danh-muc-' + Y + '.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
		await page.click('#catalog-import-submit');
		await page.waitForSelector('#catalog-table tr[data-notation="01.TH"]', { timeout: 10000 });
		await page.waitForFunction((y) => location.hash.includes('year=' + y), Y, { timeout: 10000 });
		const c = await api('/catalogs/' + Y);
		await yearShots('0-year-catalog');
		const e = c.headings.flatMap((h) => h.entries).find((x) => x.notation === '01.TH');
		if (!e || e.retention !== 'Vĩnh viễn' || c.final.finalized) throw new Error(JSON.stringify(c).slice(0, 200));
	});
	await check('year: the catalog approved and finalised', async () => {
		await page.fill('#fin-approvedBy', 'Trần Văn Bình, Chánh Văn phòng');
		await page.fill('#fin-issued', '05/01/' + Y);
		await page.click('#catalog-finalize-submit');
		await page.waitForSelector('#catalog-final[data-finalized="1"]', { timeout: 10000 });
		const f = (await api('/catalogs/' + Y)).final;
		await yearShots('1-year-finalised');
		if (!f.finalized || f.issued !== Y + '-01-05' || f.footer.total !== 2) throw new Error(JSON.stringify(f));
	});
	await check('year: a dossier opened from the catalog row', async () => {
		await page.click('#catalog-table tr[data-notation="01.TH"] button.open-dossier');
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		year.dossier = decodeURIComponent((await page.evaluate(() => location.hash)).split('/').pop());
		const d = await api('/dossiers/' + year.dossier);
		await page.waitForSelector('#dossier-upload', { timeout: 10000 });
		await yearShots('2-year-dossier');
		if (d.notation !== '01.TH' || d.year !== Y || d.status !== 'open') throw new Error(JSON.stringify([d.notation, d.year, d.status]));
		year.code = d.fileCode;
	});
	await check('year: a record uploaded into the dossier from its page (the upload files it)', async () => {
		await page.click('#dossier-upload');
		await page.waitForSelector('#upload-dossier', { timeout: 10000 });
		await page.waitForFunction((c) => document.getElementById('upload-dossier').textContent.includes(c), year.code, { timeout: 10000 });
		await page.setInputFiles('#file', { name: 'quyet-dinh-thanh-lap.txt', mimeType: 'text/plain',
			buffer: Buffer.from('QUYẾT ĐỊNH về việc thành lập Tổ công tác lưu trữ năm ' + Y + '.\nĐiều 1. Thành lập Tổ công tác.\n') });
		await page.fill('#f-subject', 'Quyết định thành lập Tổ công tác lưu trữ');
		await page.fill('#f-typeName', 'Quyết định');
		await page.fill('#f-issuedDate', '12/03/' + Y);
		await page.fill('#f-organName', 'Ủy ban nhân dân huyện');
		await page.click('#upload-submit');
		await page.waitForSelector('#upload-filed', { timeout: 20000 });
		await page.waitForSelector('#job-status[data-state=done]', { timeout: 120000 });
		year.record = (await page.getAttribute('#open-record', 'href')).split('/').pop();
		const d = await api('/dossiers/' + year.dossier);
		await yearShots('3-year-upload');
		if (!d.toc.some((r) => String(r.id) === year.record)) throw new Error('not filed: ' + JSON.stringify(d.toc));
	});
	await check('year: the record gets its outgoing number in the DI register on its page', async () => {
		await fresh('#/record/' + year.record, '#record-register-box');
		await page.click('#record-register-box summary');
		await page.selectOption('#reg-code', 'DI');
		await page.fill('#reg-date', '12/03/' + Y);
		await page.click('#register-assign-submit');
		await page.waitForSelector('#edit-done', { timeout: 10000 });
		const shown = await page.textContent('#edit-done');
		const reg = await api('/registers/DI/' + Y);
		await yearShots('4-year-register');
		const row = (reg.rows || []).find((r) => r.some((c) => String(c).includes('Tổ công tác lưu trữ')));
		const rec = await api('/records/' + year.record);
		if (!/số 1\b/.test(shown) || !row || parseInt(row[0], 10) !== 1) throw new Error(shown + ' ' + JSON.stringify(reg).slice(0, 300));
		const num = (rec.fields.find((f) => f.tag === 'codeNumber') || {}).value;
		if (!/^0?1$/.test(num || '')) throw new Error('the record\'s number: ' + num);
	});
	await check('year: the dossier closed on its page (first refused for its backup regime, which the form then records)', async () => {
		await fresh('#/dossier/' + year.dossier, '#dossier-close');
		await page.click('#dossier-close');
		await page.waitForSelector('#dossier-close-error', { timeout: 10000 });
		const refused = await page.textContent('#dossier-close-error');
		if (!/riskRecovery/.test(refused) || (await api('/dossiers/' + year.dossier)).status !== 'open') throw new Error('refusal: ' + refused);
		await page.selectOption('#dm-riskRecovery', '0');
		await Promise.all([page.waitForResponse((r) => r.request().method() === 'PATCH' && r.url().includes('/api/v1/dossiers/'), { timeout: 20000 }),
			page.click('#dossier-meta-save')]);
		await page.waitForSelector('#dossier-done', { timeout: 10000 });
		await page.click('#dossier-close');
		await page.waitForSelector('#deposit-form', { timeout: 10000 });
		const d = await api('/dossiers/' + year.dossier);
		await yearShots('5-year-closed');
		if (d.status !== 'closed' || d.endDate !== Y + '-03-12') throw new Error(JSON.stringify([d.status, d.endDate]));
	});
	await check('year: the dossier deposited to the agency archive the next year, on its page', async () => {
		await page.waitForSelector('#deposit-form', { timeout: 10000 });
		await page.fill('#dep-date', '15/03/' + (Y + 1));
		await page.fill('#dep-receiverPerson', 'Lê Thị Lưu');
		await page.click('#deposit-form-submit');
		await page.waitForSelector('#dossier-deposit .deposit-papers', { timeout: 10000 });
		const d = await api('/dossiers/' + year.dossier);
		await yearShots('6-year-deposited');
		if (d.status !== 'archived' || !String(d.archivedAt).startsWith((Y + 1) + '-03-15')) throw new Error(JSON.stringify([d.status, d.archivedAt]));
	});
	await check('year: the administrator transfers it to the historical archive as of a past date on the transfers page (a future date refused first)', async () => {
		await page.click('#logout');
		await page.waitForSelector('#login-form', { timeout: 10000 });
		await login(page, env('LT_ADMIN'), env('LT_ADMIN_PW'));
		const asOf = '30/06/2025';
		await fresh('#/transfers', '#transfer-date');
		await page.fill('#transfer-date', asOf);
		await page.press('#transfer-date', 'Enter');
		await page.waitForFunction(() => location.hash.includes('date=2025-06-30'), null, { timeout: 10000 });
		await page.waitForSelector(`#transfer-candidates tr[data-dossier="${year.dossier}"]`, { timeout: 10000 });
		for (const b of await page.$$('#transfer-candidates input[type=checkbox]')) if ((await b.getAttribute('value')) !== year.dossier) await b.uncheck();
		if ((await page.inputValue('#tr-date')) !== asOf) throw new Error('the run form is not dated as the page: ' + await page.inputValue('#tr-date'));
		await page.fill('#tr-receiver', 'Trung tâm Lưu trữ lịch sử tỉnh');
		await page.fill('#tr-date', '01/01/2999');
		await page.click('#transfer-run-submit');
		await page.waitForSelector('#transfer-run .error', { timeout: 20000 });
		const refused = await page.textContent('#transfer-run .error');
		if (!/tương lai/.test(refused) || (await api('/dossiers/' + year.dossier)).status !== 'archived') throw new Error('refusal: ' + refused);
		await page.fill('#tr-date', asOf);
		await page.click('#transfer-run-submit');
		await page.waitForSelector('#transfer-done', { timeout: 30000 });
		const flash = await page.textContent('#transfer-done');
		const made = (await api('/transfers')).transfers.find((x) => x.dossiers.some((d) => String(d.id) === year.dossier));
		const d = await api('/dossiers/' + year.dossier);
		const row = `#transfer-list tr[data-transfer="${made && made.id}"]`;
		const hand = await fetchText(await page.getAttribute(row + ' li[data-file=handover] a', 'href'));
		const list = await fetchText(await page.getAttribute(row + ' li[data-file=list] a', 'href'));
		year.pkg = await page.getAttribute(row + ' li[data-file=package] a', 'href');
		await yearShots('7-year-transferred');
		if (!flash.includes(asOf) || !made || !String(made.transferredAt).startsWith('2025-06-30')) throw new Error('flash ' + flash + ' ' + JSON.stringify(made));
		if (d.status !== 'transferred' || !hand.body.includes('ngày 30 tháng 6 năm 2025') || !list.body.includes(year.code)) throw new Error('dossier ' + d.status + ', paperwork not dated as of ' + asOf);
	});
	await check('year: the transfer package downloaded and validated on the packages page', async () => {
		const b64 = await page.evaluate((u) => fetch(u).then((r) => r.arrayBuffer()).then((b) => { let s = ''; new Uint8Array(b).forEach((x) => { s += String.fromCharCode(x); }); return btoa(s); }), year.pkg);
		await fresh('#/packages', '#package-validate');
		await page.setInputFiles('#package-file', { name: 'goi-nop-luu-' + Y + '.zip', mimeType: 'application/zip', buffer: Buffer.from(b64, 'base64') });
		await page.click('#package-validate-submit');
		await page.waitForSelector('#package-valid', { timeout: 20000 });
		const valid = await page.textContent('#package-valid');
		await yearShots('8-year-package');
		if (!/: 1 hồ sơ, \d+ tệp dữ liệu/.test(valid)) throw new Error(valid);
	});

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
