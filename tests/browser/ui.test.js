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
	];
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
		await page.waitForSelector('#nav a[href="#/dossiers"]', { state: 'visible', timeout: 5000 });
		const expanded = await page.getAttribute('#menu-toggle', 'aria-expanded');
		await page.screenshot({ path: path.join(ART, '40-menu-375.png') });
		const o = await overflow(page);
		await page.click('#nav a[href="#/dossiers"]');
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
