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
		'search.hint': 'Tìm trong trích yếu, tiêu đề và nội dung OCR của văn bản bạn được phép xem.', 'filter.type': 'Loại văn bản', 'filter.year': 'Năm', 'filter.organ': 'Cơ quan ban hành', 'filter.notation': 'Ký hiệu', 'filter.dossier': 'Hồ sơ',
		'record.meta': 'Thông tin văn bản', 'record.pages': 'Trang và nội dung nhận dạng (OCR)', 'record.files': 'Tệp',
		'record.sigs': 'Chữ ký số', 'sig.received': 'Tệp nhận', 'sig.agency': 'Bản số hóa (chữ ký của cơ quan)', 'sig.line': '{who} — {org}; số hiệu {serial}; nơi cấp {issuer}; ký lúc {time}',
		'file.original': 'Bản gốc', 'file.searchable_pdf': 'Bản PDF/A lưu trữ', 'file.attachment': 'Tệp đính kèm',
		'record.page': 'Trang {n}', 'record.noText': '(chưa có nội dung nhận dạng)', 'record.secrecy': 'Độ mật',
		'record.status': 'Trạng thái', 'record.created': 'Ngày nhập', 'record.pdf': 'Mở tệp PDF', 'record.download': 'Tải về',
		'file.damaged': 'Tệp hỏng — không tải được; hãy báo quản trị viên khôi phục từ bản sao lưu', 'damage.missing': 'mất tệp', 'damage.size_changed': 'dung lượng đã thay đổi', 'damage.content_changed': 'nội dung đã thay đổi',
		'record.confidence': 'độ tin cậy {c}%', 'record.links': 'Văn bản liên quan', 'record.tasks': 'Giao việc giải quyết', 'task.line': '{who} · hạn {due} · {p}% · {status}', 'record.back': '‹ Quay lại kết quả',
		'edit.title': 'Sửa thông tin văn bản', 'edit.save': 'Lưu thay đổi', 'edit.none': 'Chưa có gì thay đổi.', 'edit.done': 'Đã lưu {n} thay đổi (có ghi lịch sử sửa).',
		'edit.hint': 'Để trống một ô là xóa giá trị đó. Mỗi thay đổi được ghi lại: ai, khi nào, cũ → mới.',
		'upload.title': 'Tải lên văn bản', 'upload.file': 'Tệp (ảnh quét PNG/JPEG/TIFF, PDF, văn bản)',
		'upload.subject': 'Trích yếu nội dung', 'upload.typeName': 'Tên loại văn bản', 'upload.codeNumber': 'Số',
		'upload.codeNotation': 'Ký hiệu', 'upload.issuedDate': 'Ngày ban hành (ngày/tháng/năm)', 'upload.organName': 'Cơ quan ban hành',
		'upload.submit': 'Tải lên', 'upload.sending': 'Đang gửi… {p}%', 'upload.queued': 'Đã nhận, đang chờ nhận dạng (công việc #{id})',
		'upload.running': 'Đang nhận dạng (OCR)…', 'upload.done': 'Xong: đã nhận dạng {n} trang.', 'upload.failed': 'Nhận dạng thất bại: {e}',
		'upload.open': 'Mở văn bản', 'upload.noFile': 'Hãy chọn một tệp.',
		secrecy0: 'Thường', secrecy1: 'Mật', secrecy2: 'Tối mật', secrecy3: 'Tuyệt mật',
		'err.network': 'Không kết nối được máy chủ', 'err.session': 'Phiên đăng nhập đã hết, hãy đăng nhập lại',
		'date.placeholder': 'ngày/tháng/năm', 'upload.error': 'Tải lên không thành công: {e}', 'progress.label': 'Tiến độ',
		'menu': 'Chức năng', 'skip': 'Bỏ qua, đến nội dung chính', 'search.label': 'Từ khóa tìm kiếm',
		'facets.open': 'Bộ lọc', 'facets.close': 'Đóng bộ lọc', 'facets.title': 'Lọc kết quả',
		'role.archivist': 'văn thư', 'role.officer': 'chuyên viên', 'role.inspector': 'thanh tra', 'role.approver': 'lãnh đạo', 'role.admin': 'quản trị',
	},
	en: {
		brand: 'Electronic archive', 'nav.search': 'Search', 'nav.upload': 'Upload', logout: 'Sign out',
		'login.title': 'Sign in', 'login.login': 'Login', 'login.password': 'Password', 'login.submit': 'Sign in',
		'search.placeholder': 'Type words, with or without diacritics (e.g. ho so)', 'search.submit': 'Search',
		'search.total': '{n} records found', 'search.none': 'No records found',
		'search.prev': '‹ Previous', 'search.next': 'Next ›', 'search.page': 'Page {p}/{n}',
		'search.hint': 'Searches subjects, titles and OCR text of the records you may see.', 'filter.type': 'Document type', 'filter.year': 'Year', 'filter.organ': 'Issuing body', 'filter.notation': 'Notation', 'filter.dossier': 'Dossier',
		'record.meta': 'Record metadata', 'record.pages': 'Pages and recognised text (OCR)', 'record.files': 'Files',
		'record.sigs': 'Digital signatures', 'sig.received': 'Received file', 'sig.agency': 'Digitised copy (the agency\'s signature)', 'sig.line': '{who} — {org}; serial {serial}; issuer {issuer}; signed {time}',
		'file.original': 'Original', 'file.searchable_pdf': 'PDF/A archival copy', 'file.attachment': 'Attachment',
		'record.page': 'Page {n}', 'record.noText': '(no recognised text yet)', 'record.secrecy': 'Secrecy',
		'record.status': 'Status', 'record.created': 'Ingested', 'record.pdf': 'Open the PDF', 'record.download': 'Download',
		'file.damaged': 'Damaged file — cannot be downloaded; ask an administrator to restore it from a backup', 'damage.missing': 'missing', 'damage.size_changed': 'size changed', 'damage.content_changed': 'content changed',
		'record.confidence': 'confidence {c}%', 'record.links': 'Related records', 'record.tasks': 'Assignments', 'task.line': '{who} · due {due} · {p}% · {status}', 'record.back': '‹ Back to results',
		'edit.title': 'Edit the metadata', 'edit.save': 'Save changes', 'edit.none': 'Nothing changed.', 'edit.done': 'Saved {n} changes (kept in the edit history).',
		'edit.hint': 'An empty box unsets that value. Every change is kept: who, when, old → new.',
		'upload.title': 'Upload a record', 'upload.file': 'File (scanned PNG/JPEG/TIFF, PDF, text)',
		'upload.subject': 'Subject', 'upload.typeName': 'Document type', 'upload.codeNumber': 'Number',
		'upload.codeNotation': 'Notation', 'upload.issuedDate': 'Issue date (dd/mm/yyyy)', 'upload.organName': 'Issuing body',
		'upload.submit': 'Upload', 'upload.sending': 'Sending… {p}%', 'upload.queued': 'Received, waiting for OCR (job #{id})',
		'upload.running': 'Recognising text (OCR)…', 'upload.done': 'Done: {n} pages recognised.', 'upload.failed': 'OCR failed: {e}',
		'upload.open': 'Open the record', 'upload.noFile': 'Choose a file.',
		secrecy0: 'Normal', secrecy1: 'Confidential', secrecy2: 'Secret', secrecy3: 'Top secret',
		'err.network': 'Cannot reach the server', 'err.session': 'Your session ended, sign in again',
		'date.placeholder': 'dd/mm/yyyy', 'upload.error': 'Upload failed: {e}', 'progress.label': 'Progress',
		'menu': 'Menu', 'skip': 'Skip to the main content', 'search.label': 'Search words',
		'facets.open': 'Filters', 'facets.close': 'Close the filters', 'facets.title': 'Filter the results',
		'role.archivist': 'archivist', 'role.officer': 'officer', 'role.inspector': 'inspector', 'role.approver': 'approver', 'role.admin': 'admin',
	},
};

let navSeq = 0;
const state = { nav: 0, lang: localStorage.getItem('luutru.lang') === 'en' ? 'en' : 'vi', user: null, csrf: null, lastSearch: '#/search' };
const PAGE_SIZE = 10;
const FILTERS = ['type', 'year', 'organ', 'notation', 'dossier']; // → loai:, nam:, coquan:, kyhieu:, hoso: (search/query.h)

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
	for (const kid of kids.flat(Infinity)) {
		if (kid === null || kid === undefined) continue;
		e.appendChild(typeof kid === 'string' || typeof kid === 'number' ? document.createTextNode(String(kid)) : kid);
	}
	return e;
}

async function api(method, path, body) {
	const headers = { 'Accept-Language': state.lang }; // errors come back in the UI's language
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
	document.getElementById('menu-toggle').hidden = !state.user;
	document.getElementById('nav-upload').hidden = !(state.user && (state.user.role === 'archivist' || state.user.role === 'admin'));
	document.getElementById('nav-import').hidden = document.getElementById('nav-upload').hidden;
	document.getElementById('nav-compliance').hidden = !(state.user && state.user.role !== 'officer');
	document.getElementById('whoami').textContent = state.user
		? state.user.login + ' (' + t('role.' + state.user.role) + ')' : '';
}

/* Put a view in the page. After a navigation (state.moveFocus) the focus
 * goes to the view's own first field (autofocus) or its heading, so a
 * keyboard or screen-reader user starts at the new content. */
function view(...nodes) {
	const app = document.getElementById('app');
	const active = document.activeElement;
	const keep = state.moveFocus || !active || active === document.body || (app.contains(active) && active.matches('h1'));
	app.replaceChildren(...nodes);
	if (!keep) return;
	state.moveFocus = false;
	const target = app.querySelector('[autofocus]') || app.querySelector('h1');
	if (!target) return;
	if (target.matches('h1')) target.setAttribute('tabindex', '-1');
	target.focus();
}

function errorBox(msg) {
	return el('div', { class: 'error', role: 'alert' }, msg);
}

/* One progress bar for long work (upload, OCR, batch import): 'sending'
 * with a percentage, 'working' (no known end: indeterminate), 'done'
 * (full) or 'failed' — never left full beside an error. */
function progressState(bar, stateName, percent) {
	bar.hidden = false;
	bar.dataset.state = stateName;
	bar.classList.toggle('failed', stateName === 'failed');
	if (stateName === 'working') bar.removeAttribute('value');
	else bar.value = stateName === 'done' ? 100 : stateName === 'failed' ? 0 : Math.min(99, percent || 0);
}
/* POST a multipart form with its progress (progressState): on 202 the
 * answer goes to accepted, otherwise the bar fails and the server's
 * message is shown; the form's button is disabled meanwhile. */
function postFile(url, fd, form, progress, msg, accepted) {
	const xhr = new XMLHttpRequest();
	xhr.open('POST', url);
	xhr.setRequestHeader('X-CSRF-Token', state.csrf || '');
	xhr.setRequestHeader('Accept-Language', state.lang);
	progressState(progress, 'sending', 0);
	form.querySelector('button').disabled = true;
	const failed = (text) => {
		progressState(progress, 'failed');
		msg.replaceChildren(errorBox(t('upload.error', { e: text })));
		form.querySelector('button').disabled = false;
	};
	xhr.upload.onprogress = (e) => {
		if (e.lengthComputable) {
			const p = Math.round((100 * e.loaded) / e.total);
			progressState(progress, 'sending', p);
			msg.textContent = t('upload.sending', { p });
		}
	};
	xhr.onerror = () => failed(t('err.network'));
	xhr.onload = () => {
		let data = null;
		try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
		if (xhr.status !== 202 || !data) {
			failed((data && data.error && data.error.message) || String(xhr.status));
			return;
		}
		progressState(progress, 'working');
		accepted(data);
	};
	xhr.send(fd);
}
function progressBar(id) {
	return el('progress', { id, max: 100, value: 0, hidden: true, 'aria-label': t('progress.label') });
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
	const input = el('input', { id: 'q', name: 'q', type: 'search', value: q, placeholder: t('search.placeholder'), autofocus: true, 'aria-label': t('search.label') });
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
		const r = await api('GET', '/search?q=' + encodeURIComponent(q) + filterQuery() + '&limit=' + PAGE_SIZE + '&offset=' + (page - 1) * PAGE_SIZE + '&facets=all');
		if (nav !== state.nav) return;
		const pages = Math.max(1, Math.ceil(r.total / PAGE_SIZE));
		results.appendChild(el('div', { class: 'summary', id: 'total' }, r.total ? t('search.total', { n: r.total }) : t('search.none')));
		const fb = facetsBlock(r.facets, params, (k, v) => {
			filters[k].value = v || '';
			location.hash = '#/search?q=' + encodeURIComponent(q) + filterQuery();
		});
		if (fb) results.appendChild(fb);
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
		el('td', {}, f.display || dmy(f.value))));
	rows.push(el('tr', {}, el('th', {}, t('record.secrecy')), el('td', {}, t('secrecy' + r.secrecy))));
	rows.push(el('tr', {}, el('th', {}, t('record.status')), el('td', {}, r.statusLabel || r.status)));
	rows.push(el('tr', {}, el('th', {}, t('record.created')), el('td', {}, dmy(r.createdAt))));
	const original = r.files.find((f) => f.role === 'original') || r.files[0];
	const isImage = original && !original.damage && /^image\/(png|jpeg)/.test(original.mediaType || '');
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
	// A file a read found damaged (archive/fixity.h) gets a warning, not a link.
	const files = el('ul', {}, r.files.map((f) => el('li', f.damage ? { class: 'damaged' } : {},
		f.damage
			? el('span', { class: 'badge error', title: t('damage.' + f.damage) }, t('file.damaged') + ' (' + t('damage.' + f.damage) + ')')
			: el('a', { href: f.url, target: '_blank', rel: 'noopener' }, /pdf/.test(f.mediaType || '') ? t('record.pdf') : t('record.download')),
		' ', f.name || '', ' (', f.role ? t('file.' + f.role) : '', ', ', String(f.size), ' B',
		r.formats && r.formats[f.sha256] && r.formats[f.sha256].pdfa ? ', PDF/A-' + r.formats[f.sha256].pdfa : '', ')')));
	/* Digital signatures (docs/signatures.md): a badge per check, each
	 * signature's evidence under it. */
	const sigClass = { valid: 'ok', unknown_issuer: 'warning', invalid: 'error', modified: 'error', none: '' };
	const sigs = (r.signatures || []).filter((c) => c.signatures.length).map((c) => el('div', { class: 'signature' },
		el('p', {}, c.origin === 'agency' ? t('sig.agency') : t('sig.received'), ' ',
			el('span', { class: 'badge ' + (sigClass[c.result] || ''), 'data-signature': c.result }, c.result_label)),
		el('ul', {}, c.signatures.map((s) => el('li', {},
			el('span', { class: 'badge ' + (sigClass[s.status] || '') }, s.status_label), ' ',
			t('sig.line', { who: s.signer || '—', org: s.organization || '—', serial: s.serial || '—', issuer: s.issuer || '—', time: s.signing_time ? dmy(s.signing_time) : '—' }),
			s.reason ? el('div', { class: 'muted' }, s.reason) : '')))));
	const chain = [];
	if (r.links && r.links.length) {
		chain.push(el('h2', {}, t('record.links')), el('ul', { id: 'links' }, r.links.map((l) => el('li', {},
			l.label, ': ', el('a', { href: '#/record/' + encodeURIComponent(l.record.id) }, l.record.title || l.record.uid),
			l.record.docId ? ' (' + l.record.docId + ')' : '', l.note ? ' — ' + l.note : ''))));
	}
	if (r.tasks && r.tasks.length) {
		chain.push(el('h2', {}, t('record.tasks')), el('ul', { id: 'tasks' }, r.tasks.map((k) => el('li', {},
			t('task.line', { who: k.lead || k.assignee || '—', due: k.due ? dmy(k.due) : '—', p: k.progress, status: k.statusLabel || k.status }),
			k.reply ? el('span', {}, ' → ', el('a', { href: '#/record/' + encodeURIComponent(k.reply) }, '#' + k.reply)) : ''))));
	}
	const flash = state.flash ? el('p', { class: 'badge ok', id: 'edit-done' }, state.flash) : '';
	state.flash = null;
	view(el('div', { class: 'card' },
		el('p', {}, el('a', { href: state.lastSearch }, t('record.back'))),
		el('h1', { id: 'record-title' }, r.title), flash,
		el('h2', {}, t('record.meta')), el('table', { class: 'meta' }, rows),
		canWrite() ? editForm(r) : '',
		el('h2', {}, t('record.files')), files,
		sigs.length ? el('h2', {}, t('record.sigs')) : '', ...sigs, chain),
	el('div', { class: 'card' }, el('h2', {}, t('record.pages')), pageBlocks));
}

/* The metadata editor of the record page (archivists, admins): the core
 * fields and every field already set, by standard tag; only what changed
 * is sent (PATCH /records/{id}: all or nothing, with history). */
function editForm(r) {
	const core = ['subject', 'typeName', 'codeNumber', 'codeNotation', 'issuedDate', 'organName'];
	const skip = ['kind', 'secrecy', 'docId'];
	const byTag = new Map(r.fields.map((f) => [f.tag, f]));
	const tags = core.concat(r.fields.map((f) => f.tag).filter((g) => !core.includes(g) && !skip.includes(g)));
	const msg = el('div');
	const inputs = tags.map((g) => {
		const f = byTag.get(g);
		const shown = f ? (isIsoDate(f.value) ? dmy(f.value) : f.value) : '';
		return { tag: g, old: f ? f.value : '', date: g === 'issuedDate' || isIsoDate(f && f.value),
			input: el('input', { type: 'text', id: 'edit-' + g, name: g, value: shown }),
			label: f ? (state.lang === 'en' ? f.labelEn : f.labelVi) : t('upload.' + g) };
	});
	const form = el('form', { id: 'record-edit', onsubmit: async (ev) => {
		ev.preventDefault();
		const body = {};
		for (const x of inputs) {
			const v = x.date ? parseDate(x.input.value) : x.input.value.trim();
			if (v !== x.old) body[x.tag] = v === '' ? null : v;
		}
		if (!Object.keys(body).length) return msg.replaceChildren(el('p', { class: 'muted' }, t('edit.none')));
		try {
			const res = await api('PATCH', '/records/' + encodeURIComponent(r.id), body);
			state.flash = t('edit.done', { n: res.changed });
			showRecord(r.id);
		} catch (e) {
			if (e.status === 401) return showLogin(t('err.session'));
			msg.replaceChildren(errorBox(e.message));
		}
	} }, el('p', { class: 'muted' }, t('edit.hint')),
	el('div', { class: 'edit-grid' }, inputs.map((x) => el('div', {}, el('label', { for: 'edit-' + x.tag }, x.label), x.input))),
	el('button', { class: 'primary', type: 'submit', id: 'edit-save' }, t('edit.save')), msg);
	return el('details', { id: 'record-editor' }, el('summary', {}, t('edit.title')), form);
}

/* ---- upload ---- */

function showUpload() {
	const msg = el('div', { id: 'upload-status', 'aria-live': 'polite' });
	const progress = progressBar('upload-progress');
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
			const v = name === 'issuedDate' ? parseDate(form[name].value) : form[name].value.trim();
			if (v) fd.append(name, v);
		}
		fd.append('file', form.file.files[0]);
		postFile('/api/v1/records', fd, form, progress, msg, (data) => {
			msg.replaceChildren(el('p', { id: 'job-status', 'data-state': 'queued' }, t('upload.queued', { id: data.job })));
			pollJob(data.job, data.record.id, msg, progress);
		});
	});
	view(form);
}

async function pollJob(jobId, recordId, msg, progress) {
	for (;;) {
		let j;
		try {
			j = await api('GET', '/jobs/' + encodeURIComponent(jobId));
		} catch (e) {
			if (progress) progressState(progress, 'failed');
			msg.replaceChildren(errorBox(e.message));
			return;
		}
		const status = el('p', { id: 'job-status', 'data-state': j.state });
		if (j.state === 'done') {
			if (progress) progressState(progress, 'done');
			status.textContent = t('upload.done', { n: j.record.pages });
			msg.replaceChildren(status, el('p', {}, el('a', { id: 'open-record', href: '#/record/' + encodeURIComponent(recordId) }, t('upload.open'))));
			return;
		}
		if (j.state === 'failed') {
			if (progress) progressState(progress, 'failed');
			status.classList.add('error');
			status.setAttribute('role', 'alert');
			status.textContent = t('upload.failed', { e: j.error || '' });
			msg.replaceChildren(status);
			return;
		}
		status.textContent = j.state === 'running' ? t('upload.running') : t('upload.queued', { id: jobId });
		msg.replaceChildren(status);
		await new Promise((r) => setTimeout(r, 1000));
	}
}

/* ---- dossiers, catalog, compliance, statistics, batch import ---- */

Object.assign(DICT.vi, {
	'nav.dossiers': 'Hồ sơ', 'nav.catalog': 'Danh mục', 'nav.compliance': 'Tuân thủ', 'nav.stats': 'Thống kê', 'nav.import': 'Nhập lô',
	'dossiers.title': 'Hồ sơ', 'dossiers.none': 'Chưa có hồ sơ nào.', 'col.fileCode': 'Mã hồ sơ', 'col.title': 'Tiêu đề', 'col.status': 'Trạng thái',
	'col.docs': 'Số văn bản', 'col.retention': 'Thời hạn bảo quản', 'col.year': 'Năm', 'col.ordinal': 'STT', 'col.notation': 'Số, ký hiệu',
	'col.date': 'Ngày tháng', 'col.subject': 'Trích yếu nội dung', 'col.organ': 'Tác giả', 'col.pages': 'Số trang', 'col.keeper': 'Người lập',
	'col.note': 'Ghi chú', 'col.rule': 'Quy tắc', 'col.source': 'Căn cứ', 'col.result': 'Kết quả', 'col.findings': 'Phát hiện', 'col.severity': 'Mức độ',
	'col.object': 'Đối tượng', 'col.message': 'Nội dung', 'col.department': 'Đơn vị',
	'dossier.toc': 'Mục lục văn bản (theo thứ tự)', 'dossier.empty': 'Hồ sơ chưa có văn bản.', 'dossier.holds': 'Phong tỏa (lưu giữ theo yêu cầu)',
	'dossier.noHolds': 'Không bị phong tỏa.', 'dossier.dates': 'Thời gian', 'dossier.totals': '{d} văn bản, {p} trang', 'dossier.print': 'In mục lục (HTML)',
	'dossier.csv': 'Tải mục lục (CSV)', 'dossier.close': 'Đóng hồ sơ', 'dossier.reopen': 'Mở lại hồ sơ', 'dossier.reason': 'Lý do mở lại',
	'dossier.back': '‹ Danh sách hồ sơ', 'dossier.code': 'Mã hồ sơ', 'dossier.years': '{n} năm', 'dossier.heldBy': '{who}, {when}: {why}',
	'catalog.title': 'Danh mục hồ sơ', 'catalog.none': 'Chưa có danh mục hồ sơ nào.', 'catalog.pick': 'Danh mục', 'catalog.agency': 'toàn cơ quan',
	'catalog.entries': '{n} hồ sơ', 'export.html': 'Bản in (HTML)', 'export.csv': 'CSV', 'export.xlsx': 'Excel (XLSX)',
	'compliance.title': 'Kiểm tra tuân thủ', 'compliance.run': 'Kiểm tra', 'compliance.rules': 'Kết quả theo quy tắc', 'compliance.findings': 'Phát hiện',
	'compliance.none': 'Không có phát hiện nào.', 'compliance.errors': 'Lỗi', 'compliance.warnings': 'Cảnh báo', 'compliance.infos': 'Thông tin',
	'compliance.failedRules': 'Quy tắc chưa đạt', 'compliance.allYears': 'mọi năm',
	ok: 'đạt', failed: 'chưa đạt', partial: 'một phần', not_checkable: 'không kiểm tra được', error: 'lỗi', warning: 'cảnh báo', info: 'thông tin',
	'stats.title': 'Thống kê', 'stats.from': 'Từ ngày', 'stats.to': 'Đến ngày', 'stats.show': 'Xem', 'stats.volume': 'Văn bản đến/đi theo tháng',
	'stats.incoming': 'Văn bản đến', 'stats.outgoing': 'Văn bản đi', 'stats.processing': 'Tình hình giải quyết văn bản đến',
	'stats.onTime': 'Đúng hạn', 'stats.late': 'Trễ hạn', 'stats.overdue': 'Quá hạn', 'stats.pending': 'Đang giải quyết',
	'stats.digitisation': 'Tỷ lệ số hóa hồ sơ thủ tục hành chính theo đơn vị (%)', 'stats.score': 'Điểm QĐ 766', 'stats.noData': 'Chưa có số liệu.',
	'stats.records': 'Văn bản', 'stats.tthc': 'Hồ sơ TTHC', 'stats.digitised': 'Đã số hóa', 'stats.stale': 'Văn bản tồn đọng', 'stats.noDeadline': 'Việc giao chưa có thời hạn',
	'import.title': 'Nhập lô văn bản', 'import.file': 'Tệp nén (.zip, .tar, .tar.gz) có manifest.jsonl hoặc manifest.csv', 'import.submit': 'Nhập',
	'import.progress': 'Đã xử lý {d}/{t} dòng', 'import.done': 'Xong: nhập {i}, bỏ qua {s} (đã có), lỗi {f} trên {t} dòng.',
	'import.failedRun': 'Không nhập được: {e}', 'import.row': 'Dòng {r}', 'import.started': 'Đã nhận tệp, đang nhập (lượt #{id})…',
	'facet.type': 'Loại văn bản', 'facet.year': 'Năm', 'facet.organ': 'Cơ quan ban hành', 'facet.dossier': 'Hồ sơ', 'facet.clear': '× bỏ lọc',
});
Object.assign(DICT.en, {
	'nav.dossiers': 'Dossiers', 'nav.catalog': 'Catalog', 'nav.compliance': 'Compliance', 'nav.stats': 'Statistics', 'nav.import': 'Batch import',
	'dossiers.title': 'Dossiers', 'dossiers.none': 'No dossiers yet.', 'col.fileCode': 'Dossier code', 'col.title': 'Title', 'col.status': 'Status',
	'col.docs': 'Records', 'col.retention': 'Retention', 'col.year': 'Year', 'col.ordinal': 'No.', 'col.notation': 'Number, notation',
	'col.date': 'Date', 'col.subject': 'Subject', 'col.organ': 'Author', 'col.pages': 'Pages', 'col.keeper': 'Keeper',
	'col.note': 'Note', 'col.rule': 'Rule', 'col.source': 'Source', 'col.result': 'Result', 'col.findings': 'Findings', 'col.severity': 'Severity',
	'col.object': 'Object', 'col.message': 'Message', 'col.department': 'Department',
	'dossier.toc': 'Table of contents (in order)', 'dossier.empty': 'The dossier has no records yet.', 'dossier.holds': 'Legal holds',
	'dossier.noHolds': 'Not on hold.', 'dossier.dates': 'Dates', 'dossier.totals': '{d} records, {p} pages', 'dossier.print': 'Print the contents (HTML)',
	'dossier.csv': 'Download the contents (CSV)', 'dossier.close': 'Close the dossier', 'dossier.reopen': 'Reopen the dossier', 'dossier.reason': 'Reason for reopening',
	'dossier.back': '‹ All dossiers', 'dossier.code': 'Dossier code', 'dossier.years': '{n} years', 'dossier.heldBy': '{who}, {when}: {why}',
	'catalog.title': 'Dossier catalog', 'catalog.none': 'No catalogs yet.', 'catalog.pick': 'Catalog', 'catalog.agency': 'whole agency',
	'catalog.entries': '{n} dossiers', 'export.html': 'Printable (HTML)', 'export.csv': 'CSV', 'export.xlsx': 'Excel (XLSX)',
	'compliance.title': 'Compliance check', 'compliance.run': 'Check', 'compliance.rules': 'Results by rule', 'compliance.findings': 'Findings',
	'compliance.none': 'No findings.', 'compliance.errors': 'Errors', 'compliance.warnings': 'Warnings', 'compliance.infos': 'Notices',
	'compliance.failedRules': 'Rules not met', 'compliance.allYears': 'all years',
	ok: 'met', failed: 'not met', partial: 'partly', not_checkable: 'not checkable', error: 'error', warning: 'warning', info: 'notice',
	'stats.title': 'Statistics', 'stats.from': 'From', 'stats.to': 'To', 'stats.show': 'Show', 'stats.volume': 'Incoming/outgoing per month',
	'stats.incoming': 'Incoming', 'stats.outgoing': 'Outgoing', 'stats.processing': 'Handling of incoming records',
	'stats.onTime': 'On time', 'stats.late': 'Late', 'stats.overdue': 'Overdue', 'stats.pending': 'Pending',
	'stats.digitisation': 'Digitisation rate of administrative-procedure dossiers per department (%)', 'stats.score': 'QĐ 766 score', 'stats.noData': 'No data yet.',
	'stats.records': 'Records', 'stats.tthc': 'TTHC dossiers', 'stats.digitised': 'Digitised', 'stats.stale': 'Records left unprocessed', 'stats.noDeadline': 'Tasks without a deadline',
	'import.title': 'Batch import', 'import.file': 'Archive (.zip, .tar, .tar.gz) with manifest.jsonl or manifest.csv', 'import.submit': 'Import',
	'import.progress': '{d}/{t} rows processed', 'import.done': 'Done: {i} imported, {s} skipped (already there), {f} failed of {t} rows.',
	'import.failedRun': 'Import failed: {e}', 'import.row': 'Row {r}', 'import.started': 'File received, importing (import #{id})…',
	'facet.type': 'Document type', 'facet.year': 'Year', 'facet.organ': 'Issuing body', 'facet.dossier': 'Dossier', 'facet.clear': '× clear',
});

const WRITE_ROLES = ['archivist', 'admin'];
const REVIEW_ROLES = ['archivist', 'inspector', 'approver', 'admin'];
const canWrite = () => state.user && WRITE_ROLES.includes(state.user.role);
const canReview = () => state.user && REVIEW_ROLES.includes(state.user.role);

function failView(e) {
	if (e.status === 401) return showLogin(t('err.session'));
	view(el('div', { class: 'card' }, errorBox(e.message)));
}

/* A table of the list style. On small screens (app.css) each row becomes a
 * card and each cell shows its column's name (data-label). */
function table(cls, heads, rows, id) {
	for (const tr of [rows].flat(Infinity)) {
		if (!tr || !tr.children) continue;
		[...tr.children].forEach((td, i) => {
			const h = heads[i];
			if (h && !td.hasAttribute('colspan') && !td.dataset.label) td.dataset.label = h.label || h;
		});
	}
	return el('table', { class: cls || 'list', id: id || null },
		el('thead', {}, el('tr', {}, heads.map((h) => el('th', { class: h.num ? 'num' : null }, h.label || h)))),
		el('tbody', {}, rows));
}

function exportLinks(base, formats) {
	const sep = base.includes('?') ? '&' : '?';
	return el('p', { class: 'exports' }, formats.map((f) =>
		el('a', { href: '/api/v1' + base + sep + 'format=' + f + '&lang=' + state.lang, target: '_blank', rel: 'noopener', 'data-format': f }, t('export.' + f))));
}

/* Dates as Vietnamese readers write them, in both languages (docs/web.md):
 * an ISO date "2024-11-20" → "20/11/2024"; a timestamp (the server's are
 * UTC) → "20/11/2024 14:05" in Vietnam time (UTC+7, no daylight saving);
 * a month "2024-11" → "11/2024". Anything else is shown as it is. */
function dmy(iso) {
	const s = String(iso == null ? '' : iso).trim();
	const p2 = (n) => String(n).padStart(2, '0');
	const m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/.exec(s);
	if (!m) {
		const ym = /^(\d{4})-(\d{2})$/.exec(s);
		if (ym) return ym[2] + '/' + ym[1];
		const d = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
		return d ? d[3] + '/' + d[2] + '/' + d[1] : s;
	}
	if (m[4] === undefined) return m[3] + '/' + m[2] + '/' + m[1];
	let zone = m[7] || 'Z';
	if (/^[+-]\d{4}$/.test(zone)) zone = zone.slice(0, 3) + ':' + zone.slice(3);
	const ms = Date.parse(m[1] + '-' + m[2] + '-' + m[3] + 'T' + m[4] + ':' + m[5] + ':' + (m[6] || '00') + zone);
	if (Number.isNaN(ms)) return m[3] + '/' + m[2] + '/' + m[1];
	const v = new Date(ms + 7 * 3600 * 1000); // Asia/Ho_Chi_Minh
	return p2(v.getUTCDate()) + '/' + p2(v.getUTCMonth() + 1) + '/' + v.getUTCFullYear() + ' ' + p2(v.getUTCHours()) + ':' + p2(v.getUTCMinutes());
}

/* A date typed as people write it ("20/11/2024", "5-3-2024", "20.11.2024")
 * → "2024-11-20" for the API; an ISO date or anything else goes as typed
 * (the server says what is wrong with it). */
function parseDate(s) {
	const v = String(s || '').trim();
	const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(v);
	return m ? m[3] + '-' + m[2].padStart(2, '0') + '-' + m[1].padStart(2, '0') : v;
}
const isIsoDate = (v) => /^\d{4}-\d{2}-\d{2}$/.test(String(v || ''));

async function showDossiers(params) {
	const nav = state.nav;
	const year = params.get('year') || '';
	const yearInput = el('input', { id: 'dossier-year', type: 'text', value: year, size: 6, inputmode: 'numeric' });
	const form = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'dossier-year' }, t('col.year')), yearInput),
		el('button', { class: 'primary', type: 'submit' }, t('stats.show')));
	form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/dossiers' + (yearInput.value.trim() ? '?year=' + encodeURIComponent(yearInput.value.trim()) : ''); });
	try {
		const r = await api('GET', '/dossiers' + (year ? '?year=' + encodeURIComponent(year) : ''));
		if (nav !== state.nav) return;
		const rows = r.dossiers.map((d) => el('tr', {},
			el('td', {}, el('a', { href: '#/dossier/' + d.id }, d.fileCode)), el('td', {}, d.title),
			el('td', {}, el('span', { class: 'badge ' + d.status }, d.statusLabel || d.status)),
			el('td', { class: 'num' }, String(d.docTotal)), el('td', {}, d.retention || '')));
		view(el('div', { class: 'card' }, el('h1', {}, t('dossiers.title')), form,
			rows.length ? table('list', [t('col.fileCode'), t('col.title'), t('col.status'), { label: t('col.docs'), num: 1 }, t('col.retention')], rows)
				: el('p', { class: 'muted' }, t('dossiers.none'))));
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

async function showDossier(id) {
	const nav = state.nav;
	let d;
	try {
		d = await api('GET', '/dossiers/' + encodeURIComponent(id));
		if (nav !== state.nav) return;
	} catch (e) {
		if (nav === state.nav) failView(e);
		return;
	}
	const msg = el('div');
	const kv = (k, v) => [el('dt', {}, k), el('dd', {}, v)];
	const retention = d.retention || (d.retentionYears ? t('dossier.years', { n: d.retentionYears }) : '—');
	const info = el('dl', { class: 'kv', id: 'dossier-info' },
		kv(t('dossier.code'), d.fileCode), kv(t('col.status'), el('span', { class: 'badge ' + d.status, id: 'dossier-status' }, d.statusLabel || d.status)),
		kv(t('col.retention'), el('span', { id: 'dossier-retention' }, retention)), kv(t('col.keeper'), d.keeper || ''),
		kv(t('dossier.dates'), d.startDate ? dmy(d.startDate) + ' – ' + dmy(d.endDate) : '—'),
		kv(t('col.docs'), t('dossier.totals', { d: d.docTotal, p: d.pageTotal })));
	const holds = d.holds.length
		? el('ul', { id: 'dossier-holds' }, d.holds.map((h) => el('li', {}, el('span', { class: 'badge held' }, '#' + h.id), ' ',
			t('dossier.heldBy', { who: h.placedBy || '', when: dmy(h.placedAt), why: h.reason || '' }))))
		: el('p', { class: 'muted', id: 'dossier-holds' }, t('dossier.noHolds'));
	const rows = d.toc.map((r) => el('tr', {},
		el('td', { class: 'num' }, String(r.ordinal)),
		el('td', {}, [r.number, r.notation].filter(Boolean).join('/')),
		el('td', {}, dmy(r.issuedDate)),
		el('td', {}, el('a', { href: '#/record/' + r.id }, [r.typeLabel || r.type, r.title].filter(Boolean).join(' — '))),
		el('td', {}, r.organ || ''), el('td', { class: 'num' }, String(r.pages))));
	const actions = [];
	if (canWrite() && d.status === 'open') {
		actions.push(el('button', { class: 'primary', type: 'button', id: 'dossier-close', onclick: async () => {
			try { await api('POST', '/dossiers/' + d.id + '/close'); route(); } catch (e) { msg.replaceChildren(errorBox(e.message)); }
		} }, t('dossier.close')));
	}
	if (canWrite() && d.status === 'closed') {
		const reason = el('input', { id: 'reopen-reason', type: 'text', placeholder: t('dossier.reason'), 'aria-label': t('dossier.reason') });
		actions.push(el('div', { class: 'toolbar' }, reason, el('button', { class: 'primary', type: 'button', id: 'dossier-reopen', onclick: async () => {
			try { await api('POST', '/dossiers/' + d.id + '/reopen', { reason: reason.value.trim() }); route(); } catch (e) { msg.replaceChildren(errorBox(e.message)); }
		} }, t('dossier.reopen'))));
	}
	view(el('div', { class: 'card' },
		el('p', {}, el('a', { href: '#/dossiers' }, t('dossier.back'))),
		el('h1', { id: 'dossier-title' }, d.title || d.fileCode), info,
		el('h2', {}, t('dossier.holds')), holds, actions, msg),
	el('div', { class: 'card' }, el('h2', {}, t('dossier.toc')),
		rows.length ? table('list', [{ label: t('col.ordinal'), num: 1 }, t('col.notation'), t('col.date'), t('col.subject'), t('col.organ'), { label: t('col.pages'), num: 1 }], rows, 'dossier-toc')
			: el('p', { class: 'muted' }, t('dossier.empty')),
		exportLinks('/dossiers/' + d.id + '/toc', ['html', 'csv'])));
}

async function showCatalog(params) {
	const nav = state.nav;
	try {
		const list = await api('GET', '/catalogs');
		if (nav !== state.nav) return;
		if (!list.catalogs.length) {
			view(el('div', { class: 'card' }, el('h1', {}, t('catalog.title')), el('p', { class: 'muted' }, t('catalog.none'))));
			return;
		}
		const key = (c) => c.year + '|' + c.department;
		const cur = list.catalogs.find((c) => key(c) === (params.get('year') || '') + '|' + (params.get('department') || '')) || list.catalogs[list.catalogs.length - 1];
		const select = el('select', { id: 'catalog-pick', onchange: () => {
			const [y, dep] = select.value.split('|');
			location.hash = '#/catalog?year=' + y + (dep ? '&department=' + encodeURIComponent(dep) : '');
		} }, list.catalogs.map((c) => el('option', { value: key(c), selected: key(c) === key(cur) },
			c.year + ' — ' + (c.department || t('catalog.agency')) + ' (' + t('catalog.entries', { n: c.entries }) + ')')));
		const q = '?department=' + encodeURIComponent(cur.department);
		const c = await api('GET', '/catalogs/' + cur.year + q);
		if (nav !== state.nav) return;
		const rows = [];
		for (const h of c.headings) {
			rows.push(el('tr', { class: 'heading-row' }, el('td', { colspan: 5 }, h.roman + '. ' + h.title)));
			for (const e of h.entries) {
				rows.push(el('tr', {}, el('td', {}, e.notation), el('td', {}, e.title), el('td', {}, e.retention), el('td', {}, e.keeper), el('td', {}, e.note || '')));
			}
		}
		view(el('div', { class: 'card' }, el('h1', {}, t('catalog.title') + ' ' + cur.year),
			el('div', { class: 'toolbar' }, el('div', {}, el('label', { for: 'catalog-pick' }, t('catalog.pick')), select)),
			el('div', { id: 'catalog-table' }, table('list', [t('col.notation'), t('col.title'), t('col.retention'), t('col.keeper'), t('col.note')], rows)),
			c.footer.map((f) => el('p', { class: 'muted' }, f)),
			exportLinks('/catalogs/' + cur.year + q, ['html', 'csv'])));
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

async function showCompliance(params) {
	const nav = state.nav;
	const year = params.get('year') || '';
	const yearInput = el('input', { id: 'compliance-year', type: 'text', value: year, size: 6, placeholder: t('compliance.allYears') });
	const form = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'compliance-year' }, t('col.year')), yearInput),
		el('button', { class: 'primary', type: 'submit' }, t('compliance.run')));
	form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/compliance' + (yearInput.value.trim() ? '?year=' + encodeURIComponent(yearInput.value.trim()) : ''); });
	view(el('div', { class: 'card' }, el('h1', {}, t('compliance.title')), form, el('p', { class: 'muted' }, '…')));
	try {
		const q = year ? '?year=' + encodeURIComponent(year) : '';
		const r = await api('GET', '/compliance' + q);
		if (nav !== state.nav) return;
		const rules = r.tables.rules || [];
		const findings = r.tables.findings || [];
		const count = (sev) => findings.filter((f) => f.severity === sev).length;
		const cards = el('div', { class: 'cards', id: 'compliance-summary' },
			el('div', { class: 'stat' }, el('b', {}, String(rules.filter((x) => x.status === 'failed').length)), t('compliance.failedRules')),
			el('div', { class: 'stat' }, el('b', {}, String(count('error'))), t('compliance.errors')),
			el('div', { class: 'stat' }, el('b', {}, String(count('warning'))), t('compliance.warnings')),
			el('div', { class: 'stat' }, el('b', {}, String(count('info'))), t('compliance.infos')));
		const ruleRows = rules.map((x) => el('tr', { 'data-rule': x.rule },
			el('td', { class: 'num' }, x.rule), el('td', {}, x.source), el('td', {}, x.title),
			el('td', {}, el('span', { class: 'badge ' + x.status }, t(x.status))),
			el('td', { class: 'num' }, x.findings), el('td', { class: 'muted' }, x.note || '')));
		const byRule = {};
		for (const f of findings) (byRule[f.rule] = byRule[f.rule] || []).push(f);
		const groups = Object.keys(byRule).map((rule) => {
			const title = (rules.find((x) => x.rule === rule) || {}).title || '';
			return [el('h2', {}, t('col.rule') + ' ' + rule + ' — ' + title),
				table('list', [t('col.severity'), t('col.object'), t('col.message')], byRule[rule].map((f) => el('tr', {},
					el('td', {}, el('span', { class: 'badge ' + f.severity }, t(f.severity))), el('td', {}, f.object), el('td', {}, f.message))))];
		});
		view(el('div', { class: 'card' }, el('h1', {}, t('compliance.title')), form, cards, exportLinks('/compliance' + q, ['html', 'csv', 'xlsx'])),
			el('div', { class: 'card' }, el('h2', {}, t('compliance.rules')),
				table('list', [{ label: t('col.rule'), num: 1 }, t('col.source'), t('col.title'), t('col.result'), { label: t('col.findings'), num: 1 }, t('col.note')], ruleRows)),
			el('div', { class: 'card', id: 'compliance-findings' }, el('h2', {}, t('compliance.findings')),
				groups.length ? groups : el('p', { class: 'muted' }, t('compliance.none'))));
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

/* A bar chart in inline SVG: labels along x, one or more series. */
const SVGNS = 'http://www.w3.org/2000/svg';
function svgEl(tag, attrs, text) {
	const e = document.createElementNS(SVGNS, tag);
	for (const k in attrs) e.setAttribute(k, attrs[k]);
	if (text !== undefined) e.textContent = text;
	return e;
}
function barChart(id, labels, series, opts) {
	const W = 520, H = 240, L = 40, B = 40, T = 12, R = 8;
	// counts get whole-number ticks: the top is the next multiple of 4
	const max = (opts && opts.max) || Math.ceil(Math.max(1, ...series.flatMap((s) => s.values)) / 4) * 4;
	const svg = svgEl('svg', { viewBox: '0 0 ' + W + ' ' + H, role: 'img', id,
		'aria-label': series.map((s) => s.name + ': ' + labels.map((l, i) => l + ' ' + (s.values[i] || 0)).join(', ')).join('; ') });
	const plotW = W - L - R, plotH = H - T - B;
	for (let i = 0; i <= 4; i++) {
		const y = T + plotH - (plotH * i) / 4;
		svg.appendChild(svgEl('line', { x1: L, x2: W - R, y1: y, y2: y, stroke: '#e3e8ee' }));
		svg.appendChild(svgEl('text', { x: L - 4, y: y + 4, 'text-anchor': 'end' }, String(Math.round((max * i) / 4 * 10) / 10)));
	}
	const n = Math.max(1, labels.length), group = plotW / n, bw = Math.min(36, Math.max(2, (group * 0.8) / series.length));
	const pad = (group - bw * series.length) / 2;
	labels.forEach((lab, i) => {
		series.forEach((s, k) => {
			const v = s.values[i] || 0, h = (plotH * v) / max;
			const rect = svgEl('rect', { x: L + group * i + pad + bw * k, y: T + plotH - h, width: bw - 1, height: h, fill: s.color, 'data-value': v });
			rect.appendChild(svgEl('title', {}, s.name + ' — ' + lab + ': ' + v));
			svg.appendChild(rect);
		});
		svg.appendChild(svgEl('text', { x: L + group * i + group / 2, y: H - B + 14, 'text-anchor': 'middle' }, lab.length > 12 ? lab.slice(0, 11) + '…' : lab));
	});
	svg.appendChild(svgEl('line', { x1: L, x2: W - R, y1: T + plotH, y2: T + plotH, stroke: '#8795a3' }));
	return el('div', { class: 'chart' }, svg, el('div', { class: 'legend' }, series.map((s) => {
		const key = svgEl('svg', { width: 10, height: 10, viewBox: '0 0 10 10' }); // no inline styles (CSP)
		key.appendChild(svgEl('rect', { width: 10, height: 10, fill: s.color }));
		return el('span', {}, key, ' ', s.name);
	})));
}

async function showStats(params) {
	const nav = state.nav;
	const from = el('input', { id: 'stats-from', type: 'text', value: dmy(params.get('from') || ''), placeholder: t('date.placeholder'), size: 11, inputmode: 'numeric' });
	const to = el('input', { id: 'stats-to', type: 'text', value: dmy(params.get('to') || ''), placeholder: t('date.placeholder'), size: 11, inputmode: 'numeric' });
	const form = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'stats-from' }, t('stats.from')), from),
		el('div', {}, el('label', { for: 'stats-to' }, t('stats.to')), to), el('button', { class: 'primary', type: 'submit' }, t('stats.show')));
	const qs = () => [['from', parseDate(from.value)], ['to', parseDate(to.value)]].filter((p) => p[1]).map((p) => p[0] + '=' + encodeURIComponent(p[1])).join('&');
	form.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/stats' + (qs() ? '?' + qs() : ''); });
	try {
		const q = qs() ? '?' + qs() : '';
		const r = await api('GET', '/statistics' + q);
		if (nav !== state.nav) return;
		const tb = r.tables;
		const num = (v) => Number(v) || 0;
		const months = [...new Set((tb.volume || []).map((x) => x.month))].sort();
		const sumBy = (col) => months.map((m) => (tb.volume || []).filter((x) => x.month === m).reduce((a, x) => a + num(x[col]), 0));
		const charts = [];
		if (months.length) {
			charts.push(el('div', {}, el('h2', {}, t('stats.volume')), barChart('chart-volume', months.map(dmy),
				[{ name: t('stats.incoming'), values: sumBy('incoming'), color: '#2f6fad' }, { name: t('stats.outgoing'), values: sumBy('outgoing'), color: '#c0772c' }])));
		}
		const proc = tb.processing || [];
		if (proc.length) {
			charts.push(el('div', {}, el('h2', {}, t('stats.processing')), barChart('chart-processing', proc.map((x) => dmy(x.month)), [
				{ name: t('stats.onTime'), values: proc.map((x) => num(x.done_on_time)), color: '#2e8b57' },
				{ name: t('stats.late'), values: proc.map((x) => num(x.done_late)), color: '#d9a400' },
				{ name: t('stats.overdue'), values: proc.map((x) => num(x.overdue)), color: '#b22222' },
				{ name: t('stats.pending'), values: proc.map((x) => num(x.pending)), color: '#7f8c99' }])));
		}
		const dig = tb.digitisation || [];
		if (dig.length) {
			charts.push(el('div', {}, el('h2', {}, t('stats.digitisation')), barChart('chart-digitisation', dig.map((x) => x.department || t('catalog.agency')),
				[{ name: t('stats.digitised') + ' (%)', values: dig.map((x) => num(x.rate)), color: '#7a1f1f' }], { max: 100 })));
		}
		const digTable = dig.length ? table('list', [t('col.department'), { label: t('stats.tthc'), num: 1 }, { label: t('stats.digitised'), num: 1 }, { label: '%', num: 1 }, { label: t('stats.score'), num: 1 }],
			dig.map((x) => el('tr', {}, el('td', {}, x.department || t('catalog.agency')), el('td', { class: 'num' }, x.dossiers), el('td', { class: 'num' }, x.digitised),
				el('td', { class: 'num' }, x.rate), el('td', { class: 'num' }, x.score)))) : null;
		view(el('div', { class: 'card' }, el('h1', {}, t('stats.title')), form, exportLinks('/statistics' + q, ['html', 'csv', 'xlsx'])),
			el('div', { class: 'card', id: 'stats-charts' }, charts.length ? el('div', { class: 'charts' }, charts) : el('p', { class: 'muted' }, t('stats.noData')), digTable,
				el('p', { class: 'muted' }, t('stats.stale') + ': ' + (tb.stale || []).length + ' · ' + t('stats.noDeadline') + ': ' + (tb.no_deadline || []).length)));
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

function showImport() {
	const msg = el('div', { id: 'import-status', 'aria-live': 'polite' });
	const progress = progressBar('import-progress');
	const form = el('form', { id: 'import-form', class: 'card' }, el('h1', {}, t('import.title')),
		el('label', { for: 'import-file' }, t('import.file')),
		el('input', { id: 'import-file', name: 'file', type: 'file', accept: '.zip,.tar,.gz,.tgz' }),
		el('p', {}, el('button', { class: 'primary', type: 'submit' }, t('import.submit'))), progress, msg);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		if (!form.file.files.length) { msg.replaceChildren(errorBox(t('upload.noFile'))); return; }
		const fd = new FormData();
		fd.append('file', form.file.files[0]);
		postFile('/api/v1/imports', fd, form, progress, msg, (data) => {
			msg.replaceChildren(el('p', {}, t('import.started', { id: data.id })));
			pollImport(data.id, progress, msg, form);
		});
	});
	view(form);
}

async function pollImport(id, progress, msg, form) {
	for (;;) {
		let j;
		try { j = await api('GET', '/imports/' + id); } catch (e) { progressState(progress, 'failed'); msg.replaceChildren(errorBox(e.message)); return; }
		if (j.total) progressState(progress, 'sending', Math.round((100 * j.done) / j.total));
		const status = el('p', { id: 'import-state', 'data-state': j.state });
		if (j.state === 'done') {
			const rep = j.report;
			progressState(progress, 'done');
			status.textContent = t('import.done', { i: rep.imported, s: rep.skipped, f: rep.failed, t: rep.total });
			msg.replaceChildren(status, rep.failures.length ? el('ul', {}, rep.failures.map((f) => el('li', {},
				(f.row ? t('import.row', { r: f.row }) : f.entry || '') + ': ' + f.message))) : '');
			form.querySelector('button').disabled = false;
			return;
		}
		if (j.state === 'failed') {
			progressState(progress, 'failed');
			msg.replaceChildren(status, errorBox(t('import.failedRun', { e: (j.error && j.error.message) || '' })));
			form.querySelector('button').disabled = false;
			return;
		}
		status.textContent = t('import.progress', { d: j.done, t: j.total || '?' });
		msg.replaceChildren(status);
		await new Promise((r) => setTimeout(r, 700));
	}
}

/* Search facets (when the server sends them): each value adds its filter.
 * Beside the results on wide screens; on small ones (app.css) a drawer
 * opened by the "Bộ lọc" button, closed by its own button or Escape. */
function facetsBlock(facets, params, go) {
	if (!facets || typeof facets !== 'object') return null;
	const groups = ['type', 'year', 'organ', 'dossier'].filter((k) => Array.isArray(facets[k]) && facets[k].length);
	if (!groups.length) return null;
	const opener = el('button', { type: 'button', id: 'facets-open', class: 'facets-open', 'aria-expanded': 'false', 'aria-controls': 'facets' }, t('facets.open'));
	const closer = el('button', { type: 'button', id: 'facets-close', class: 'facets-close' }, t('facets.close'));
	const drawer = el('div', { class: 'facets', id: 'facets', role: 'region', 'aria-label': t('facets.title') }, closer,
		groups.map((k) => el('div', { 'data-facet': k }, el('h3', {}, t('facet.' + k)),
			params.get(k) ? el('a', { href: '#', onclick: (ev) => { ev.preventDefault(); go(k, null); } }, t('facet.clear')) : null,
			facets[k].slice(0, 8).map((f) => el('a', { href: '#', class: params.get(k) === String(f.value) ? 'on' : null, 'data-value': f.value,
				onclick: (ev) => { ev.preventDefault(); go(k, String(f.value)); } }, (f.label || String(f.value)) + ' ', el('span', { class: 'n' }, '(' + f.count + ')'))))));
	const setOpen = (open) => {
		drawer.classList.toggle('open', open);
		opener.setAttribute('aria-expanded', String(open));
		(open ? closer : opener).focus();
	};
	opener.addEventListener('click', () => setOpen(true));
	closer.addEventListener('click', () => setOpen(false));
	drawer.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && drawer.classList.contains('open')) setOpen(false); });
	return el('div', { class: 'facets-box' }, opener, drawer);
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
	if (path === '/import') return showImport();
	if (path === '/dossiers') return showDossiers(params);
	if (path.startsWith('/dossier/')) return showDossier(decodeURIComponent(path.slice(9)));
	if (path === '/catalog') return showCatalog(params);
	if (path === '/compliance') return showCompliance(params);
	if (path === '/stats') return showStats(params);
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
	const header = document.getElementById('top');
	const menu = document.getElementById('menu-toggle');
	const setMenu = (open) => { header.classList.toggle('menu-open', open); menu.setAttribute('aria-expanded', String(open)); };
	menu.addEventListener('click', () => setMenu(!header.classList.contains('menu-open')));
	header.addEventListener('keydown', (ev) => { if (ev.key === 'Escape' && header.classList.contains('menu-open')) { setMenu(false); menu.focus(); } });
	document.getElementById('skip-link').addEventListener('click', (ev) => {
		ev.preventDefault();
		const app = document.getElementById('app');
		(app.querySelector('h1, input, a, button') || app).focus();
	});
	window.addEventListener('hashchange', () => { setMenu(false); state.moveFocus = true; route(); });
	try {
		const me = await api('GET', '/me');
		state.user = me.user;
		state.csrf = me.csrf || null;
	} catch (e) {
		state.user = null;
	}
	route();
});
