/*
 * luutru web UI — plain JavaScript, no framework, no CDN. Vietnamese first,
 * English with the switch (dictionary below). Everything the server sends
 * is put into the page as text (textContent) or through esc(); snippet
 * highlights are built from byte spans with <mark>.
 */
'use strict';

const DICT = {
	vi: {
		brand: 'Lưu trữ điện tử', 'nav.search': 'Tìm kiếm', 'nav.upload': 'Tải lên', logout: 'Đăng xuất',
		'login.title': 'Đăng nhập', 'login.login': 'Tên đăng nhập', 'login.password': 'Mật khẩu', 'login.submit': 'Đăng nhập',
		'search.placeholder': 'Nhập từ khóa, có hoặc không dấu (ví dụ: ho so)', 'search.submit': 'Tìm',
		'search.total': 'Tìm thấy {n} văn bản', 'search.none': 'Không tìm thấy văn bản nào',
		'search.prev': '‹ Trang trước', 'search.next': 'Trang sau ›', 'search.page': 'Trang {p}/{n}',
		'search.hint': 'Tìm trong trích yếu, tiêu đề và nội dung OCR của văn bản bạn được phép xem.', 'filter.type': 'Loại văn bản', 'filter.year': 'Năm', 'filter.organ': 'Cơ quan ban hành', 'filter.notation': 'Ký hiệu',
		'record.meta': 'Thông tin văn bản', 'record.pages': 'Trang và nội dung nhận dạng (OCR)', 'record.files': 'Tệp',
		'record.page': 'Trang {n}', 'record.noText': '(chưa có nội dung nhận dạng)', 'record.secrecy': 'Độ mật',
		'record.status': 'Trạng thái', 'record.created': 'Ngày nhập', 'record.pdf': 'Mở tệp PDF', 'record.download': 'Tải về',
		'record.confidence': 'độ tin cậy {c}%', 'record.links': 'Văn bản liên quan', 'record.tasks': 'Giao việc giải quyết', 'task.line': '{who} · hạn {due} · {p}% · {status}', 'record.back': '‹ Quay lại kết quả',
		'upload.title': 'Tải lên văn bản', 'upload.file': 'Tệp (ảnh quét PNG/JPEG/TIFF, PDF, văn bản)',
		'upload.subject': 'Trích yếu nội dung', 'upload.typeName': 'Tên loại văn bản', 'upload.codeNumber': 'Số',
		'upload.codeNotation': 'Ký hiệu', 'upload.issuedDate': 'Ngày ban hành (YYYY-MM-DD)', 'upload.organName': 'Cơ quan ban hành',
		'upload.submit': 'Tải lên', 'upload.sending': 'Đang gửi… {p}%', 'upload.queued': 'Đã nhận, đang chờ nhận dạng (công việc #{id})',
		'upload.running': 'Đang nhận dạng (OCR)…', 'upload.done': 'Xong: đã nhận dạng {n} trang.', 'upload.failed': 'Nhận dạng thất bại: {e}',
		'upload.open': 'Mở văn bản', 'upload.noFile': 'Hãy chọn một tệp.',
		secrecy0: 'Thường', secrecy1: 'Mật', secrecy2: 'Tối mật', secrecy3: 'Tuyệt mật',
		'err.network': 'Không kết nối được máy chủ', 'err.session': 'Phiên đăng nhập đã hết, hãy đăng nhập lại',
		'role.archivist': 'văn thư', 'role.officer': 'chuyên viên', 'role.inspector': 'thanh tra', 'role.approver': 'lãnh đạo', 'role.admin': 'quản trị',
	},
	en: {
		brand: 'Electronic archive', 'nav.search': 'Search', 'nav.upload': 'Upload', logout: 'Sign out',
		'login.title': 'Sign in', 'login.login': 'Login', 'login.password': 'Password', 'login.submit': 'Sign in',
		'search.placeholder': 'Type words, with or without diacritics (e.g. ho so)', 'search.submit': 'Search',
		'search.total': '{n} records found', 'search.none': 'No records found',
		'search.prev': '‹ Previous', 'search.next': 'Next ›', 'search.page': 'Page {p}/{n}',
		'search.hint': 'Searches subjects, titles and OCR text of the records you may see.', 'filter.type': 'Document type', 'filter.year': 'Year', 'filter.organ': 'Issuing body', 'filter.notation': 'Notation',
		'record.meta': 'Record metadata', 'record.pages': 'Pages and recognised text (OCR)', 'record.files': 'Files',
		'record.page': 'Page {n}', 'record.noText': '(no recognised text yet)', 'record.secrecy': 'Secrecy',
		'record.status': 'Status', 'record.created': 'Ingested', 'record.pdf': 'Open the PDF', 'record.download': 'Download',
		'record.confidence': 'confidence {c}%', 'record.links': 'Related records', 'record.tasks': 'Assignments', 'task.line': '{who} · due {due} · {p}% · {status}', 'record.back': '‹ Back to results',
		'upload.title': 'Upload a record', 'upload.file': 'File (scanned PNG/JPEG/TIFF, PDF, text)',
		'upload.subject': 'Subject', 'upload.typeName': 'Document type', 'upload.codeNumber': 'Number',
		'upload.codeNotation': 'Notation', 'upload.issuedDate': 'Issue date (YYYY-MM-DD)', 'upload.organName': 'Issuing body',
		'upload.submit': 'Upload', 'upload.sending': 'Sending… {p}%', 'upload.queued': 'Received, waiting for OCR (job #{id})',
		'upload.running': 'Recognising text (OCR)…', 'upload.done': 'Done: {n} pages recognised.', 'upload.failed': 'OCR failed: {e}',
		'upload.open': 'Open the record', 'upload.noFile': 'Choose a file.',
		secrecy0: 'Normal', secrecy1: 'Confidential', secrecy2: 'Secret', secrecy3: 'Top secret',
		'err.network': 'Cannot reach the server', 'err.session': 'Your session ended, sign in again',
		'role.archivist': 'archivist', 'role.officer': 'officer', 'role.inspector': 'inspector', 'role.approver': 'approver', 'role.admin': 'admin',
	},
};

let navSeq = 0;
const state = { nav: 0, lang: localStorage.getItem('luutru.lang') === 'en' ? 'en' : 'vi', user: null, csrf: null, lastSearch: '#/search' };
const PAGE_SIZE = 10;
const FILTERS = ['type', 'year', 'organ', 'notation']; // → loai:, nam:, coquan:, kyhieu: (search/query.h)

function t(key, vars) {
	let s = (DICT[state.lang] && DICT[state.lang][key]) || DICT.vi[key] || key;
	for (const k in vars || {}) s = s.split('{' + k + '}').join(String(vars[k]));
	return s;
}

function esc(s) {
	return String(s == null ? '' : s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

/* el('div', {class: 'x'}, child, 'text', ...) — text children become text nodes. */
function el(tag, attrs, ...kids) {
	const e = document.createElement(tag);
	for (const k in attrs || {}) {
		if (k.startsWith('on')) e.addEventListener(k.slice(2), attrs[k]);
		else if (attrs[k] !== null && attrs[k] !== undefined && attrs[k] !== false) e.setAttribute(k, attrs[k] === true ? '' : attrs[k]);
	}
	for (const kid of kids.flat()) {
		if (kid === null || kid === undefined) continue;
		e.appendChild(typeof kid === 'string' || typeof kid === 'number' ? document.createTextNode(String(kid)) : kid);
	}
	return e;
}

async function api(method, path, body) {
	const headers = {};
	if (body !== undefined) headers['Content-Type'] = 'application/json';
	if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
	let res;
	try {
		res = await fetch('/api/v1' + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'same-origin' });
	} catch (e) {
		throw new Error(t('err.network'));
	}
	let data = null;
	try { data = await res.json(); } catch (e) { data = null; }
	if (!res.ok) {
		const err = new Error((data && data.error && data.error.message) || res.status + ' ' + res.statusText);
		err.status = res.status;
		throw err;
	}
	return data;
}

function applyStatic() {
	document.documentElement.lang = state.lang;
	document.querySelectorAll('[data-i18n]').forEach((n) => { n.textContent = t(n.dataset.i18n); });
	document.getElementById('lang-switch').textContent = state.lang === 'vi' ? 'EN' : 'VI';
	const nav = document.getElementById('nav');
	nav.hidden = !state.user;
	document.getElementById('logout').hidden = !state.user;
	document.getElementById('nav-upload').hidden = !(state.user && (state.user.role === 'archivist' || state.user.role === 'admin'));
	document.getElementById('whoami').textContent = state.user
		? state.user.login + ' (' + t('role.' + state.user.role) + ')' : '';
}

function view(...nodes) {
	const app = document.getElementById('app');
	app.replaceChildren(...nodes);
}

function errorBox(msg) {
	return el('div', { class: 'error', role: 'alert' }, msg);
}

/* ---- login ---- */

function showLogin(message) {
	const err = el('div');
	if (message) err.appendChild(errorBox(message));
	const form = el('form', { id: 'login-form', class: 'card login' },
		el('h1', {}, t('login.title')), err,
		el('label', { for: 'login' }, t('login.login')),
		el('input', { id: 'login', name: 'login', type: 'text', autocomplete: 'username', required: true, autofocus: true }),
		el('label', { for: 'password' }, t('login.password')),
		el('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true }),
		el('p', {}, el('button', { class: 'primary', type: 'submit' }, t('login.submit'))));
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		try {
			const r = await api('POST', '/auth/login', { login: form.login.value, password: form.password.value });
			state.user = r.user;
			state.csrf = r.csrf;
			applyStatic();
			if (location.hash === '' || location.hash.startsWith('#/login')) location.hash = '#/search';
			else route();
		} catch (e) {
			err.replaceChildren(errorBox(e.message));
		}
	});
	view(form);
}

/* ---- search ---- */

/* The snippet with <mark> around the spans ([byteOffset, byteLength] in UTF-8). */
function highlighted(snippet, spans) {
	const bytes = new TextEncoder().encode(snippet);
	const dec = new TextDecoder();
	const out = el('div', { class: 'snippet' });
	let pos = 0;
	for (const [off, len] of spans || []) {
		if (off < pos || off + len > bytes.length) continue;
		out.appendChild(document.createTextNode(dec.decode(bytes.slice(pos, off))));
		out.appendChild(el('mark', {}, dec.decode(bytes.slice(off, off + len))));
		pos = off + len;
	}
	out.appendChild(document.createTextNode(dec.decode(bytes.slice(pos))));
	return out;
}

async function showSearch(params) {
	const nav = state.nav;
	const q = params.get('q') || '';
	const page = Math.max(1, parseInt(params.get('p') || '1', 10) || 1);
	const input = el('input', { id: 'q', name: 'q', type: 'search', value: q, placeholder: t('search.placeholder'), autofocus: true });
	const filters = {};
	const filterRow = el('div', { class: 'filters' }, FILTERS.map((f) => {
		filters[f] = el('input', { id: 'filter-' + f, name: f, type: 'text', value: params.get(f) || '' });
		return el('div', {}, el('label', { for: 'filter-' + f }, t('filter.' + f)), filters[f]);
	}));
	const filterQuery = () => FILTERS.filter((f) => filters[f].value.trim())
		.map((f) => '&' + f + '=' + encodeURIComponent(filters[f].value.trim())).join('');
	const form = el('form', { id: 'search-form' }, el('div', { class: 'searchbar' }, input,
		el('button', { class: 'primary', type: 'submit' }, t('search.submit'))), filterRow);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		location.hash = '#/search?q=' + encodeURIComponent(input.value.trim()) + filterQuery();
	});
	const results = el('div', { id: 'results' });
	view(el('div', { class: 'card' }, form, el('p', { class: 'muted' }, t('search.hint'))), el('div', { class: 'card' }, results));
	if (!q.trim()) {
		results.parentNode.hidden = true;
		return;
	}
	state.lastSearch = location.hash;
	try {
		const r = await api('GET', '/search?q=' + encodeURIComponent(q) + filterQuery() + '&limit=' + PAGE_SIZE + '&offset=' + (page - 1) * PAGE_SIZE);
		if (nav !== state.nav) return;
		const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
		results.appendChild(el('div', { class: 'summary', id: 'total' }, r.total ? t('search.total', { n: r.total }) : t('search.none')));
		for (const h of r.hits) {
			results.appendChild(el('div', { class: 'hit' },
				el('a', { class: 'title', href: '#/record/' + encodeURIComponent(h.id) }, h.title || h.uid),
				el('div', { class: 'meta' }, [h.docId, h.uid].filter(Boolean).join(' · ')),
				highlighted(h.snippet || '', h.spans)));
		}
		if (r.total > PAGE_SIZE) {
			const go = (p) => { location.hash = '#/search?q=' + encodeURIComponent(q) + filterQuery() + '&p=' + p; };
			results.appendChild(el('div', { class: 'pager' },
				el('button', { type: 'button', id: 'prev', disabled: page <= 1, onclick: () => go(page - 1) }, t('search.prev')),
				el('span', {}, t('search.page', { p: page, n: pages })),
				el('button', { type: 'button', id: 'next', disabled: page >= pages, onclick: () => go(page + 1) }, t('search.next'))));
		}
	} catch (e) {
		if (e.status === 401) return showLogin(t('err.session'));
		results.appendChild(errorBox(e.message));
	}
}

/* ---- record ---- */

async function showRecord(id) {
	const nav = state.nav;
	let r;
	try {
		r = await api('GET', '/records/' + encodeURIComponent(id));
		if (nav !== state.nav) return;
	} catch (e) {
		if (nav !== state.nav) return;
		if (e.status === 401) return showLogin(t('err.session'));
		view(el('div', { class: 'card' }, el('p', {}, el('a', { href: state.lastSearch }, t('record.back'))), errorBox(e.message)));
		return;
	}
	const rows = r.fields.filter((f) => f.tag !== 'secrecy').map((f) => el('tr', {},
		el('th', {}, state.lang === 'en' ? f.labelEn : f.labelVi),
		el('td', {}, f.display && f.display !== f.value ? f.display + ' (' + f.value + ')' : f.value)));
	rows.push(el('tr', {}, el('th', {}, t('record.secrecy')), el('td', {}, t('secrecy' + r.secrecy))));
	rows.push(el('tr', {}, el('th', {}, t('record.status')), el('td', {}, r.status)));
	rows.push(el('tr', {}, el('th', {}, t('record.created')), el('td', {}, r.createdAt)));
	const original = r.files.find((f) => f.role === 'original') || r.files[0];
	const isImage = original && /^image\/(png|jpeg)/.test(original.mediaType || '');
	const pageBlocks = [];
	const pages = r.pages.length ? r.pages : [{ page: 1, text: '', confidence: 0 }];
	pages.forEach((p, i) => {
		const left = isImage && i === 0
			? el('img', { src: original.url, alt: t('record.page', { n: p.page }), loading: 'lazy' })
			: el('div', { class: 'muted' }, t('record.page', { n: p.page }));
		pageBlocks.push(el('div', { class: 'pages' }, left,
			el('div', {}, el('h2', {}, t('record.page', { n: p.page }), ' ',
				el('span', { class: 'muted' }, p.confidence ? t('record.confidence', { c: Math.round(p.confidence) }) : '')),
			el('pre', { class: 'page-text', 'data-page': p.page }, p.text || t('record.noText')))));
	});
	const files = el('ul', {}, r.files.map((f) => el('li', {},
		el('a', { href: f.url, target: '_blank', rel: 'noopener' }, /pdf/.test(f.mediaType || '') ? t('record.pdf') : t('record.download')),
		' ', f.name || '', ' (', f.role || '', ', ', String(f.size), ' B)')));
	const chain = [];
	if (r.links && r.links.length) {
		chain.push(el('h2', {}, t('record.links')), el('ul', { id: 'links' }, r.links.map((l) => el('li', {},
			l.label, ': ', el('a', { href: '#/record/' + encodeURIComponent(l.record.id) }, l.record.title || l.record.uid),
			l.record.docId ? ' (' + l.record.docId + ')' : '', l.note ? ' — ' + l.note : ''))));
	}
	if (r.tasks && r.tasks.length) {
		chain.push(el('h2', {}, t('record.tasks')), el('ul', { id: 'tasks' }, r.tasks.map((k) => el('li', {},
			t('task.line', { who: k.lead || k.assignee || '—', due: k.due || '—', p: k.progress, status: k.status }),
			k.reply ? el('span', {}, ' → ', el('a', { href: '#/record/' + encodeURIComponent(k.reply) }, '#' + k.reply)) : ''))));
	}
	view(el('div', { class: 'card' },
		el('p', {}, el('a', { href: state.lastSearch }, t('record.back'))),
		el('h1', { id: 'record-title' }, r.title),
		el('h2', {}, t('record.meta')), el('table', { class: 'meta' }, rows),
		el('h2', {}, t('record.files')), files, chain),
	el('div', { class: 'card' }, el('h2', {}, t('record.pages')), pageBlocks));
}

/* ---- upload ---- */

function showUpload() {
	const msg = el('div', { id: 'upload-status' });
	const progress = el('progress', { id: 'upload-progress', max: 100, value: 0, hidden: true });
	const field = (name) => [el('label', { for: 'f-' + name }, t('upload.' + name)), el('input', { id: 'f-' + name, name, type: 'text' })];
	const form = el('form', { id: 'upload-form', class: 'card' },
		el('h1', {}, t('upload.title')),
		el('label', { for: 'file' }, t('upload.file')),
		el('input', { id: 'file', name: 'file', type: 'file', accept: '.png,.jpg,.jpeg,.tif,.tiff,.pdf,.txt' }),
		field('subject'),
		el('div', { class: 'row' }, el('div', {}, field('typeName')), el('div', {}, field('issuedDate'))),
		el('div', { class: 'row' }, el('div', {}, field('codeNumber')), el('div', {}, field('codeNotation'))),
		field('organName'),
		el('p', {}, el('button', { class: 'primary', type: 'submit', id: 'upload-submit' }, t('upload.submit'))),
		progress, msg);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		if (!form.file.files.length) {
			msg.replaceChildren(errorBox(t('upload.noFile')));
			return;
		}
		const fd = new FormData();
		for (const name of ['subject', 'typeName', 'issuedDate', 'codeNumber', 'codeNotation', 'organName']) {
			const v = form[name].value.trim();
			if (v) fd.append(name, v);
		}
		fd.append('file', form.file.files[0]);
		const xhr = new XMLHttpRequest();
		xhr.open('POST', '/api/v1/records');
		xhr.setRequestHeader('X-CSRF-Token', state.csrf || '');
		progress.hidden = false;
		form.querySelector('button').disabled = true;
		xhr.upload.onprogress = (e) => {
			if (e.lengthComputable) {
				progress.value = Math.round((100 * e.loaded) / e.total);
				msg.textContent = t('upload.sending', { p: progress.value });
			}
		};
		xhr.onerror = () => { msg.replaceChildren(errorBox(t('err.network'))); form.querySelector('button').disabled = false; };
		xhr.onload = () => {
			let data = null;
			try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
			if (xhr.status !== 202 || !data) {
				msg.replaceChildren(errorBox((data && data.error && data.error.message) || String(xhr.status)));
				form.querySelector('button').disabled = false;
				return;
			}
			progress.value = 100;
			msg.replaceChildren(el('p', { id: 'job-status', 'data-state': 'queued' }, t('upload.queued', { id: data.job })));
			pollJob(data.job, data.record.id, msg);
		};
		xhr.send(fd);
	});
	view(form);
}

async function pollJob(jobId, recordId, msg) {
	for (;;) {
		let j;
		try {
			j = await api('GET', '/jobs/' + encodeURIComponent(jobId));
		} catch (e) {
			msg.replaceChildren(errorBox(e.message));
			return;
		}
		const status = el('p', { id: 'job-status', 'data-state': j.state });
		if (j.state === 'done') {
			status.textContent = t('upload.done', { n: j.record.pages });
			msg.replaceChildren(status, el('p', {}, el('a', { id: 'open-record', href: '#/record/' + encodeURIComponent(recordId) }, t('upload.open'))));
			return;
		}
		if (j.state === 'failed') {
			status.textContent = t('upload.failed', { e: j.error || '' });
			msg.replaceChildren(status);
			return;
		}
		status.textContent = j.state === 'running' ? t('upload.running') : t('upload.queued', { id: jobId });
		msg.replaceChildren(status);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/* ---- routing ---- */

async function route() {
	state.nav = ++navSeq;
	applyStatic();
	if (!state.user) return showLogin();
	const hash = location.hash || '#/search';
	const [path, query] = hash.slice(1).split('?');
	const params = new URLSearchParams(query || '');
	document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('active', hash.startsWith(a.getAttribute('href'))));
	if (path.startsWith('/record/')) return showRecord(decodeURIComponent(path.slice(8)));
	if (path === '/upload') return showUpload();
	return showSearch(params);
}

document.addEventListener('DOMContentLoaded', async () => {
	document.getElementById('lang-switch').addEventListener('click', () => {
		state.lang = state.lang === 'vi' ? 'en' : 'vi';
		localStorage.setItem('luutru.lang', state.lang);
		route();
	});
	document.getElementById('logout').addEventListener('click', async () => {
		try { await api('POST', '/auth/logout'); } catch (e) { /* already gone */ }
		state.user = null;
		state.csrf = null;
		location.hash = '#/login';
		route();
	});
	window.addEventListener('hashchange', route);
	try {
		const me = await api('GET', '/me');
		state.user = me.user;
		state.csrf = me.csrf || null;
	} catch (e) {
		state.user = null;
	}
	route();
});
