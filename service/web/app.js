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
		'upload.intoDossier': 'Văn bản tải lên được thêm vào hồ sơ {d}.', 'upload.backToDossier': 'Về hồ sơ', 'upload.newInDossier': 'Tải lên văn bản mới vào hồ sơ này',
		secrecy0: 'Thường', secrecy1: 'Mật', secrecy2: 'Tối mật', secrecy3: 'Tuyệt mật',
		'err.network': 'Không kết nối được máy chủ', 'err.session': 'Phiên đăng nhập đã hết, hãy đăng nhập lại',
		'date.placeholder': 'ngày/tháng/năm', 'upload.error': 'Tải lên không thành công: {e}', 'progress.label': 'Tiến độ',
		'navg.find': 'Tra cứu', 'navg.input': 'Nhập liệu', 'navg.archive': 'Lưu trữ', 'navg.admin': 'Quản trị',
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
		'upload.intoDossier': 'The uploaded record is filed into dossier {d}.', 'upload.backToDossier': 'Back to the dossier', 'upload.newInDossier': 'Upload a new record into this dossier',
		secrecy0: 'Normal', secrecy1: 'Confidential', secrecy2: 'Secret', secrecy3: 'Top secret',
		'err.network': 'Cannot reach the server', 'err.session': 'Your session ended, sign in again',
		'date.placeholder': 'dd/mm/yyyy', 'upload.error': 'Upload failed: {e}', 'progress.label': 'Progress',
		'navg.find': 'Find', 'navg.input': 'Data entry', 'navg.archive': 'Archive', 'navg.admin': 'Administration',
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

/* A JSON call; with a type (text/csv) the body goes as it is. */
async function api(method, path, body, type) {
	const headers = { 'Accept-Language': state.lang }; // errors come back in the UI's language
	if (body !== undefined) headers['Content-Type'] = type || 'application/json';
	if (method !== 'GET' && state.csrf) headers['X-CSRF-Token'] = state.csrf;
	let res;
	try {
		res = await fetch('/api/v1' + path, { method, headers, body: body === undefined || type ? body : JSON.stringify(body), credentials: 'same-origin' });
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
	// a link with data-roles is shown to those roles only (the server
	// refuses the others anyway: this only keeps the menu honest)
	nav.querySelectorAll('a[data-roles]').forEach((a) => { a.hidden = !(state.user && a.dataset.roles.split(' ').includes(state.user.role)); });
	// a group none of whose links the user may follow is not shown
	nav.querySelectorAll('.nav-group').forEach((g) => { g.hidden = ![...g.querySelectorAll('a')].some((a) => !a.hidden); });
	document.querySelectorAll('[data-i18n-label]').forEach((n) => n.setAttribute('aria-label', t(n.dataset.i18nLabel)));
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
/* POST a multipart form with its progress (progressState): on 202 (work
 * queued) or 200 (answered at once) the answer goes to accepted, otherwise the bar fails and the server's
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
		if ((xhr.status !== 202 && xhr.status !== 200) || !data) {
			failed((data && data.error && data.error.message) || String(xhr.status));
			return;
		}
		progressState(progress, xhr.status === 200 ? 'done' : 'working');
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
		chain.push(el('h2', {}, t('record.tasks')), el('ul', { id: 'tasks' }, r.tasks.map((k) => el('li', { 'data-task': k.id }, '#' + k.id + ' · ',
			t('task.line', { who: k.lead || k.assignee || '—', due: k.due ? dmy(k.due) : '—', p: k.progress, status: k.statusLabel || k.status }),
			k.reply ? el('span', {}, ' → ', el('a', { href: '#/record/' + encodeURIComponent(k.reply) }, '#' + k.reply)) : ''))));
	}
	const flash = state.flash ? el('p', { class: 'badge ok', id: 'edit-done' }, state.flash) : '';
	state.flash = null;
	view(el('div', { class: 'card' },
		el('p', {}, el('a', { href: state.lastSearch }, t('record.back'))),
		el('h1', { id: 'record-title' }, r.title), flash,
		el('h2', {}, t('record.meta')), el('table', { class: 'meta' }, rows),
		canWrite() ? editForm(r) : '', registerBox(r), recordHoldBox(r),
		el('h2', {}, t('record.files')), files,
		sigs.length ? el('h2', {}, t('record.sigs')) : '', ...sigs, chain),
	el('div', { class: 'card' }, el('h2', {}, t('record.pages')), pageBlocks));
	const work = recordWorkCard(r);
	if (work) addCards(nav, [work], 1);
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

/* #/upload, or #/upload?dossier=ID from an open dossier's page: the
 * record is filed into that dossier as soon as it is stored. */
function showUpload(params) {
	const dossier = /^\d+$/.test((params && params.get('dossier')) || '') ? params.get('dossier') : '';
	const msg = el('div', { id: 'upload-status', 'aria-live': 'polite' });
	const filed = el('div', { id: 'upload-filing', 'aria-live': 'polite' });
	const progress = progressBar('upload-progress');
	const field = (name) => [el('label', { for: 'f-' + name }, t('upload.' + name)), el('input', { id: 'f-' + name, name, type: 'text' })];
	const form = el('form', { id: 'upload-form', class: 'card' },
		el('h1', {}, t('upload.title')),
		dossier ? el('p', { class: 'muted', id: 'upload-dossier' }, t('upload.intoDossier', { d: '#' + dossier })) : '',
		el('label', { for: 'file' }, t('upload.file')),
		el('input', { id: 'file', name: 'file', type: 'file', accept: '.png,.jpg,.jpeg,.tif,.tiff,.pdf,.txt' }),
		field('subject'),
		el('div', { class: 'row' }, el('div', {}, field('typeName')), el('div', {}, field('issuedDate'))),
		el('div', { class: 'row' }, el('div', {}, field('codeNumber')), el('div', {}, field('codeNotation'))),
		field('organName'),
		el('p', {}, el('button', { class: 'primary', type: 'submit', id: 'upload-submit' }, t('upload.submit'))),
		progress, msg, filed);
	if (dossier) { // the dossier's code in the hint
		api('GET', '/dossiers/' + dossier).then((d) => { const p = form.querySelector('#upload-dossier'); if (p) p.textContent = t('upload.intoDossier', { d: d.fileCode }); }).catch(() => {});
	}
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
		// filed by the server in the upload's own transaction: both or neither
		if (dossier) fd.append('dossier', dossier);
		fd.append('file', form.file.files[0]);
		postFile('/api/v1/records', fd, form, progress, msg, (data) => {
			msg.replaceChildren(el('p', { id: 'job-status', 'data-state': 'queued' }, t('upload.queued', { id: data.job })));
			if (dossier) {
				filed.replaceChildren(el('p', { class: 'badge ok', id: 'upload-filed' }, t('filing.done', { r: data.record.id }), ' ',
					el('a', { href: '#/dossier/' + dossier }, t('upload.backToDossier'))));
			}
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
				: el('p', { class: 'muted' }, t('dossiers.none'))), ...dossierOpenCards(year));
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
			closeDossier(d, msg);
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
	dossierCards(d, nav, msg).then((cards) => addCards(nav, cards, 1));
}

async function showCatalog(params) {
	const nav = state.nav;
	try {
		const list = await api('GET', '/catalogs');
		if (nav !== state.nav) return;
		if (!list.catalogs.length) {
			view(el('div', { class: 'card' }, el('h1', {}, t('catalog.title')), el('p', { class: 'muted' }, t('catalog.none'))),
				canWrite() ? catalogImportCard(null) : '');
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
		const [c, opened] = await Promise.all([api('GET', '/catalogs/' + cur.year + q), api('GET', '/dossiers?year=' + cur.year)]);
		if (nav !== state.nav) return;
		// the dossier opened from each row (or a button opening it)
		const byNotation = new Map(opened.dossiers.filter((x) => (x.department || '') === cur.department && x.notation).map((x) => [x.notation, x]));
		const rows = [];
		for (const h of c.headings) {
			rows.push(el('tr', { class: 'heading-row' }, el('td', { colspan: 6 }, h.roman + '. ' + h.title)));
			const line = (e) => el('tr', { 'data-notation': e.notation }, el('td', {}, e.notation), el('td', {}, e.title), el('td', {}, e.retention), el('td', {}, e.keeper), el('td', {}, e.note || ''),
				el('td', {}, catalogRowDossier(cur, e, byNotation.get(e.notation))));
			rows.push(...h.entries.filter((e) => !e.subheading).map(line));
			for (const sub of h.subheadings || []) {
				rows.push(el('tr', { class: 'subheading-row' }, el('td', { colspan: 6 }, sub.ordinal + '. ' + sub.title)));
				rows.push(...h.entries.filter((e) => e.subheading === sub.title).map(line));
			}
		}
		view(el('div', { class: 'card' }, el('h1', {}, t('catalog.title') + ' ' + cur.year),
			el('div', { class: 'toolbar' }, el('div', {}, el('label', { for: 'catalog-pick' }, t('catalog.pick')), select)),
			el('div', { id: 'catalog-table' }, table('list', [t('col.notation'), t('col.title'), t('col.retention'), t('col.keeper'), t('col.note'), t('col.dossier')], rows)),
			c.footer.map((f) => el('p', { class: 'muted' }, f)),
			exportLinks('/catalogs/' + cur.year + q, ['html', 'csv'])), catalogFinalCard(cur, c.final || {}),
		canWrite() ? catalogImportCard(cur) : '');
		addCards(nav, await catalogAmendCards(cur.year, cur.department, nav), 2);
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
		if (j.state === 'failed' || j.state === 'interrupted') {
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

/* ---- records law (issue 18): dossier metadata, registers, deposit,
 * retention events, destruction, catalog amendments ----
 * Each panel calls the API and shows its answer; the server checks roles,
 * clearance and the rules. An error is shown whole, with the rule or legal
 * source the lower layer names, and the form fields it names are marked. */

Object.assign(DICT.vi, {
	'nav.registers': 'Sổ đăng ký', 'nav.retention': 'Bảo quản',
	yes: 'Có', no: 'Không', none: '—', 'export.pdf': 'PDF (A4)',
	'meta.title': 'Thông tin hồ sơ (TT 05/2025)', 'meta.save': 'Lưu thông tin hồ sơ', 'meta.saved': 'Đã lưu {n} trường của hồ sơ.',
	'meta.hint': 'Chỉ sửa được khi hồ sơ đang mở. Để trống là xóa giá trị. Đóng hồ sơ cần đủ các trường bắt buộc (ví dụ chế độ dự phòng).',
	'meta.readonly': 'Hồ sơ không còn mở: thông tin chỉ để xem.', 'meta.retentionHint': 'Vĩnh viễn, N năm, N năm sau khi <sự kiện>, Đến khi <sự kiện>',
	'meta.maintenance': 'Mã thời hạn bảo quản', 'meta.rule': 'Điều khoản bảng thời hạn', 'meta.expiry': 'Hết thời hạn (năm)',
	'meta.closedAt': 'Ngày đóng', 'meta.archivedAt': 'Ngày nộp lưu', 'meta.deposit': 'Lần nộp lưu',
	'close.refused': 'Chưa đóng được hồ sơ:', 'close.fix': 'Hãy bổ sung các trường được đánh dấu rồi đóng lại.', 'close.done': 'Đã đóng hồ sơ.',
	'event.title': 'Thời hạn tính từ sự kiện', 'event.event': 'Sự kiện', 'event.date': 'Ngày xảy ra sự kiện (dd/mm/yyyy)', 'event.note': 'Căn cứ, ghi chú',
	'event.none': 'chưa ghi nhận', 'event.save': 'Ghi nhận ngày sự kiện', 'event.done': 'Đã ghi nhận: hết thời hạn năm {y}, được xem xét hủy từ {d}.',
	'deposit.title': 'Nộp lưu vào Lưu trữ cơ quan', 'deposit.date': 'Ngày nộp lưu (dd/mm/yyyy; để trống là hôm nay)',
	'deposit.giver': 'Đơn vị nộp', 'deposit.giverPerson': 'Người nộp', 'deposit.receiver': 'Đơn vị nhận (mặc định Lưu trữ cơ quan)', 'deposit.receiverPerson': 'Người nhận',
	'deposit.submit': 'Nộp lưu', 'deposit.done': 'Đã nộp lưu (lần #{id}, ngày {d}).', 'deposit.list': 'Mục lục hồ sơ, tài liệu nộp lưu',
	'deposit.handover': 'Biên bản giao nhận hồ sơ, tài liệu', 'deposit.papers': 'Giấy tờ nộp lưu (lần #{id})', 'deposits.title': 'Các lần nộp lưu vào Lưu trữ cơ quan',
	'deposits.none': 'Chưa nộp lưu lần nào.', 'col.id': 'Số', 'col.giver': 'Đơn vị nộp', 'col.receiver': 'Đơn vị nhận', 'col.dossiers': 'Số hồ sơ', 'col.files': 'Số tệp',
	'col.papers': 'Giấy tờ', 'col.kind': 'Loại hạn', 'col.due': 'Hạn', 'col.dossier': 'Hồ sơ',
	'reg.title': 'Sổ đăng ký văn bản', 'reg.pick': 'Sổ', 'reg.year': 'Năm', 'reg.show': 'Xem sổ', 'reg.none': 'Sổ chưa có số nào trong năm này.',
	'reg.incoming': 'văn bản đến (cấp số đến)', 'reg.outgoing': 'văn bản đi (cấp số văn bản)', 'reg.voided': 'số bị hủy',
	'reg.gap': 'Số {n}: không có trong sổ bạn xem được (số trống chưa giải trình, hoặc văn bản ngoài quyền xem)',
	'reg.assignTitle': 'Vào sổ, cấp số', 'reg.record': 'Mã văn bản (số định danh)', 'reg.date': 'Ngày đăng ký (dd/mm/yyyy; để trống là hôm nay)', 'reg.assign': 'Cấp số',
	'reg.assigned': 'Đã vào sổ {reg}: số {n}.', 'reg.voidTitle': 'Hủy một số (có lý do, số không dùng lại)', 'reg.number': 'Số', 'reg.reason': 'Lý do hủy số',
	'reg.void': 'Hủy số', 'reg.voidDone': 'Đã hủy số {n} của sổ {reg} năm {y}.', 'reg.print': 'In sổ',
	'reg.recordHint': 'Văn bản đến lấy số đến ở sổ đến (số, ký hiệu của nơi gửi giữ nguyên); văn bản đi lấy số ở sổ đi.',
	'ret.title': 'Nộp lưu, bảo quản và tiêu hủy', 'ret.due': 'Hồ sơ đến hạn (nộp lưu, nộp Lưu trữ lịch sử, hết thời hạn bảo quản)', 'ret.noDue': 'Không có hồ sơ đến hạn.',
	'ret.date': 'Tính đến ngày', 'ret.candidates': 'Hồ sơ hết thời hạn bảo quản, có thể đề nghị hủy', 'ret.noCandidates': 'Không có hồ sơ nào hết thời hạn bảo quản.',
	'ret.explanation': 'Thuyết minh', 'ret.propose': 'Lập danh mục tài liệu hủy', 'ret.proposed': 'Đã lập danh mục hủy #{id} ({n} hồ sơ), chờ phê duyệt.',
	'ret.pickOne': 'Hãy chọn ít nhất một hồ sơ.', 'ret.batch': 'Danh mục tài liệu hủy #{id}', 'ret.open': 'Mở danh mục hủy số', 'ret.go': 'Mở',
	'ret.batchHint': 'Người lập danh mục không tự phê duyệt; lãnh đạo phê duyệt theo quyết định, sau đó văn thư hủy và bàn giao.',
	'ret.approve': 'Phê duyệt', 'ret.decisionNo': 'Số quyết định hủy', 'ret.decisionDate': 'Ngày quyết định (dd/mm/yyyy)',
	'ret.minutes': 'Biên bản họp Hội đồng xác định giá trị tài liệu', 'ret.appraisal': 'Ý kiến thẩm định của cơ quan có thẩm quyền (cơ quan, số, ngày)',
	'ret.approved': 'Đã phê duyệt danh mục hủy #{id}.', 'ret.execute': 'Hủy tài liệu', 'ret.handover': 'Bàn giao tài liệu hủy (cho ai, ngày nào)',
	'ret.executed': 'Đã hủy: xóa {n} tệp; siêu dữ liệu và biên bản hủy được giữ lại.', 'ret.cancel': 'Hủy bỏ danh mục', 'ret.cancelReason': 'Lý do hủy bỏ danh mục',
	'ret.cancelled': 'Đã hủy bỏ danh mục #{id}; các hồ sơ được giữ lại.', 'ret.report': 'Biên bản hủy tài liệu',
	'ret.lists': 'Các danh mục tài liệu hủy', 'ret.noLists': 'Chưa có danh mục tài liệu hủy nào.', 'ret.notFound': 'Không tìm thấy danh mục hủy #{id}.',
	'ret.state': 'Trạng thái', 'ret.state.proposed': 'đã lập, chờ phê duyệt', 'ret.state.approved': 'đã phê duyệt, chờ hủy',
	'ret.state.executed': 'đã hủy tài liệu', 'ret.state.cancelled': 'đã hủy bỏ danh mục', 'ret.proposedBy': 'Người lập, thời điểm',
	'ret.approvedBy': 'Người phê duyệt, thời điểm', 'ret.decision': 'Quyết định hủy', 'ret.executedBy': 'Người hủy, thời điểm',
	'ret.cancelledBy': 'Người hủy bỏ, thời điểm', 'ret.noAction': 'Danh mục đã hủy bỏ: không còn việc gì để làm.', 'ret.dossiers': 'Hồ sơ trong danh mục ({n})',
	'cat.addTitle': 'Bổ sung hồ sơ vào danh mục', 'cat.heading': 'Ký hiệu đề mục (ví dụ TH)', 'cat.subheading': 'Đề mục nhỏ', 'cat.rowTitle': 'Tên đề mục và tiêu đề hồ sơ',
	'cat.retention': 'Thời hạn bảo quản', 'cat.rule': 'Điều khoản bảng thời hạn (mã)', 'cat.keeper': 'Đơn vị/người lập hồ sơ', 'cat.note': 'Ghi chú',
	'cat.reason': 'Lý do bổ sung, sửa đổi', 'cat.add': 'Bổ sung', 'cat.added': 'Đã bổ sung hồ sơ {n}.', 'cat.amendTitle': 'Sửa đổi một dòng của danh mục',
	'cat.row': 'Số, ký hiệu hồ sơ', 'cat.amend': 'Sửa đổi', 'cat.amended': 'Đã sửa đổi dòng {n} (có ghi lịch sử).', 'cat.keepHint': 'Để trống các ô không đổi.',
	'cat.history': 'Lịch sử bổ sung, sửa đổi', 'cat.noHistory': 'Danh mục chưa được bổ sung, sửa đổi.', 'col.when': 'Thời điểm', 'col.who': 'Người thực hiện',
	'col.action': 'Việc', 'col.field': 'Trường', 'col.old': 'Cũ', 'col.new': 'Mới', 'col.reason': 'Lý do',
	add_entry: 'bổ sung hồ sơ', amend_entry: 'sửa đổi', add_heading: 'thêm đề mục',
	'filing.title': 'Thêm văn bản vào hồ sơ', 'filing.add': 'Thêm vào hồ sơ', 'filing.done': 'Đã thêm văn bản {r} vào hồ sơ.',
	'filing.role': 'Vai trò trong hồ sơ TTHC', 'filing.role.component': 'thành phần hồ sơ', 'filing.role.result': 'kết quả giải quyết',
	'due.deposit': 'nộp lưu vào Lưu trữ cơ quan', 'due.historical': 'nộp Lưu trữ lịch sử', 'due.expiry': 'hết thời hạn bảo quản', overdue: 'quá hạn',
	'deposit.many': 'Nộp lưu các hồ sơ đã đóng (một mục lục, một biên bản)', 'deposit.noClosed': 'Không có hồ sơ đã đóng chờ nộp lưu.',
	'cat.headingTitle': 'Thêm đề mục', 'cat.hTitle': 'Tên đề mục', 'cat.abbr': 'Ký hiệu đề mục lớn (ví dụ KHTC)', 'cat.parent': 'Thuộc đề mục lớn (ký hiệu; để trống nếu là đề mục lớn)',
	'cat.headingAdded': 'Đã thêm đề mục "{n}".',
});
Object.assign(DICT.en, {
	'nav.registers': 'Registers', 'nav.retention': 'Retention',
	yes: 'Yes', no: 'No', none: '—', 'export.pdf': 'PDF (A4)',
	'meta.title': 'Dossier metadata (TT 05/2025)', 'meta.save': 'Save the dossier metadata', 'meta.saved': 'Saved {n} dossier fields.',
	'meta.hint': 'Editable while the dossier is open. An empty box unsets the value. Closing needs every required field (e.g. the backup regime).',
	'meta.readonly': 'The dossier is no longer open: its metadata is read-only.', 'meta.retentionHint': 'Vĩnh viễn, N năm, N năm sau khi <event>, Đến khi <event>',
	'meta.maintenance': 'Retention code', 'meta.rule': 'Retention schedule rule', 'meta.expiry': 'Expires (year)',
	'meta.closedAt': 'Closed', 'meta.archivedAt': 'Deposited', 'meta.deposit': 'Deposit',
	'close.refused': 'The dossier could not be closed:', 'close.fix': 'Fill in the marked fields, then close again.', 'close.done': 'The dossier is closed.',
	'event.title': 'Retention counted from an event', 'event.event': 'Event', 'event.date': 'Date of the event (dd/mm/yyyy)', 'event.note': 'Basis, note',
	'event.none': 'not recorded yet', 'event.save': 'Record the event date', 'event.done': 'Recorded: expires at the end of {y}, may be appraised for destruction from {d}.',
	'deposit.title': 'Deposit to the agency archive', 'deposit.date': 'Deposit date (dd/mm/yyyy; empty for today)',
	'deposit.giver': 'Depositing unit', 'deposit.giverPerson': 'Deposited by', 'deposit.receiver': 'Receiving unit (default: the agency archive)', 'deposit.receiverPerson': 'Received by',
	'deposit.submit': 'Deposit', 'deposit.done': 'Deposited (deposit #{id}, {d}).', 'deposit.list': 'List of deposited dossiers (mục lục hồ sơ nộp lưu)',
	'deposit.handover': 'Hand-over record (biên bản giao nhận)', 'deposit.papers': 'Deposit paperwork (deposit #{id})', 'deposits.title': 'Deposits to the agency archive',
	'deposits.none': 'No deposits yet.', 'col.id': 'No.', 'col.giver': 'Depositing unit', 'col.receiver': 'Receiving unit', 'col.dossiers': 'Dossiers', 'col.files': 'Files',
	'col.papers': 'Paperwork', 'col.kind': 'Deadline', 'col.due': 'Due', 'col.dossier': 'Dossier',
	'reg.title': 'Registers of records', 'reg.pick': 'Register', 'reg.year': 'Year', 'reg.show': 'Show', 'reg.none': 'No numbers in this register for that year.',
	'reg.incoming': 'incoming records (arrival number)', 'reg.outgoing': 'outgoing records (document number)', 'reg.voided': 'voided number',
	'reg.gap': 'Number {n}: not in the register as you may see it (an unexplained gap, or a record above your clearance)',
	'reg.assignTitle': 'Register the record, give it a number', 'reg.record': 'Record (id)', 'reg.date': 'Registration date (dd/mm/yyyy; empty for today)', 'reg.assign': 'Give a number',
	'reg.assigned': 'Registered in {reg}: number {n}.', 'reg.voidTitle': 'Void a number (with a reason; never reused)', 'reg.number': 'Number', 'reg.reason': 'Reason for voiding',
	'reg.void': 'Void the number', 'reg.voidDone': 'Number {n} of {reg} {y} voided.', 'reg.print': 'Print the register',
	'reg.recordHint': 'An incoming record gets its arrival number in an incoming register (the sender\'s number and notation stay); an outgoing record its number in an outgoing register.',
	'ret.title': 'Deposit, retention and destruction', 'ret.due': 'Dossiers due (deposit, historical archive, end of retention)', 'ret.noDue': 'Nothing is due.',
	'ret.date': 'As of', 'ret.candidates': 'Dossiers past their retention, which may be proposed for destruction', 'ret.noCandidates': 'No dossier is past its retention.',
	'ret.explanation': 'Explanation', 'ret.propose': 'Propose a destruction list', 'ret.proposed': 'Destruction list #{id} proposed ({n} dossiers), awaiting approval.',
	'ret.pickOne': 'Choose at least one dossier.', 'ret.batch': 'Destruction list #{id}', 'ret.open': 'Open destruction list no.', 'ret.go': 'Open',
	'ret.batchHint': 'The proposer does not approve; an approver approves by decision, then the archivist destroys and hands over.',
	'ret.approve': 'Approve', 'ret.decisionNo': 'Decision number', 'ret.decisionDate': 'Decision date (dd/mm/yyyy)',
	'ret.minutes': 'Minutes of the appraisal council', 'ret.appraisal': 'Appraisal opinion of the competent body (body, number, date)',
	'ret.approved': 'Destruction list #{id} approved.', 'ret.execute': 'Destroy', 'ret.handover': 'Hand-over of the destroyed material (to whom, when)',
	'ret.executed': 'Destroyed: {n} files removed; the metadata and the destruction record are kept.', 'ret.cancel': 'Cancel the list', 'ret.cancelReason': 'Reason for cancelling',
	'ret.cancelled': 'List #{id} cancelled; its dossiers are kept.', 'ret.report': 'Destruction record',
	'ret.lists': 'Destruction lists', 'ret.noLists': 'No destruction lists yet.', 'ret.notFound': 'Destruction list #{id} not found.',
	'ret.state': 'State', 'ret.state.proposed': 'proposed, awaiting approval', 'ret.state.approved': 'approved, awaiting destruction',
	'ret.state.executed': 'destroyed', 'ret.state.cancelled': 'cancelled', 'ret.proposedBy': 'Proposed by, at',
	'ret.approvedBy': 'Approved by, at', 'ret.decision': 'Destruction decision', 'ret.executedBy': 'Destroyed by, at',
	'ret.cancelledBy': 'Cancelled by, at', 'ret.noAction': 'The list is cancelled: nothing is left to do.', 'ret.dossiers': 'Dossiers on the list ({n})',
	'cat.addTitle': 'Add a dossier to the catalog', 'cat.heading': 'Heading abbreviation (e.g. TH)', 'cat.subheading': 'Sub-heading', 'cat.rowTitle': 'Dossier title',
	'cat.retention': 'Retention', 'cat.rule': 'Retention schedule rule (code)', 'cat.keeper': 'Keeper', 'cat.note': 'Note',
	'cat.reason': 'Reason for the change', 'cat.add': 'Add', 'cat.added': 'Dossier {n} added.', 'cat.amendTitle': 'Amend a catalog row',
	'cat.row': 'Dossier notation', 'cat.amend': 'Amend', 'cat.amended': 'Row {n} amended (kept in the history).', 'cat.keepHint': 'Leave unchanged boxes empty.',
	'cat.history': 'Amendment history', 'cat.noHistory': 'The catalog has not been amended.', 'col.when': 'When', 'col.who': 'By',
	'col.action': 'Change', 'col.field': 'Field', 'col.old': 'Old', 'col.new': 'New', 'col.reason': 'Reason',
	add_entry: 'row added', amend_entry: 'amended', add_heading: 'heading added',
	'filing.title': 'File a record into the dossier', 'filing.add': 'File it', 'filing.done': 'Record {r} filed into the dossier.',
	'filing.role': 'Role in the TTHC dossier', 'filing.role.component': 'component', 'filing.role.result': 'result',
	'due.deposit': 'deposit to the agency archive', 'due.historical': 'transfer to the historical archive', 'due.expiry': 'end of retention', overdue: 'overdue',
	'deposit.many': 'Deposit closed dossiers (one list, one hand-over record)', 'deposit.noClosed': 'No closed dossier awaits deposit.',
	'cat.headingTitle': 'Add a heading', 'cat.hTitle': 'Heading title', 'cat.abbr': 'Top heading abbreviation (e.g. KHTC)', 'cat.parent': 'Under the top heading (abbreviation; empty for a top heading)',
	'cat.headingAdded': 'Heading "{n}" added.',
});

const APPROVE_ROLES = ['approver', 'admin'];
const CANCEL_ROLES = ['archivist', 'approver', 'admin'];
const hasRole = (roles) => !!(state.user && roles.includes(state.user.role));
const TTHC_FIELDS = ['procedureCode', 'receivedDate', 'resultOnPaper'];

/* Does an error message name a field, by its tag ("riskRecovery") or by a
 * label of two words or more ("thời hạn bảo quản")? */
function namesField(message, tag, label) {
	if (new RegExp('(^|[^A-Za-z])' + tag + '([^A-Za-z]|$)').test(message)) return true;
	const words = String(label || '').replace(/\(.*\)/g, '').trim().toLowerCase();
	return words.includes(' ') && message.toLowerCase().includes(words);
}

/* Show an API error whole; mark the inputs ([tag, input, label]) of the
 * fields its message names, unmark the others; answers the first marked. */
function showApiError(box, e, inputs) {
	if (e.status === 401) return showLogin(t('err.session'));
	box.replaceChildren(errorBox(e.message));
	let first = null;
	for (const [tag, input, label] of inputs || []) {
		const named = namesField(e.message, tag, label);
		input.classList.toggle('invalid', named);
		if (named) input.setAttribute('aria-invalid', 'true');
		else input.removeAttribute('aria-invalid');
		if (named && !first) first = input;
	}
	return first;
}

/* A labelled text input (id = prefix-name) and its value trimmed. */
/* A date field ({placeholder: 'YYYY-MM-DD'}) is typed as people write
 * dates, 20/11/2024 (an ISO date is accepted too), and sent as ISO. */
function field(prefix, name, label, attrs) {
	const isDate = attrs && attrs.placeholder === 'YYYY-MM-DD';
	const a = Object.assign({ type: 'text', id: prefix + '-' + name, name }, attrs || {}, isDate ? { placeholder: 'dd/mm/yyyy' } : {});
	const input = el('input', a);
	const value = isDate ? () => parseDate(input.value) : () => input.value.trim();
	return { name, input, label, node: el('div', {}, el('label', { for: prefix + '-' + name }, label), input), value };
}

/* A form of fields and a button; onsubmit(values) returns a promise; the
 * error of the API is shown in the form (marking the fields it names). */
function actionForm(id, title, fields, button, onsubmit) {
	const msg = el('div', { class: 'form-msg' });
	const form = el('form', { id, class: 'action-form' }, title ? el('h3', {}, title) : '',
		el('div', { class: 'edit-grid' }, fields.map((f) => f.node)),
		el('button', { class: 'primary', type: 'submit', id: id + '-submit' }, button), msg);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const values = {};
		for (const f of fields) values[f.name] = f.value();
		const btn = form.querySelector('button[type=submit]');
		btn.disabled = true;
		try {
			const done = await onsubmit(values, msg);
			if (done) msg.replaceChildren(el('p', { class: 'badge ok done' }, done));
		} catch (e) {
			showApiError(msg, e, fields.map((f) => [f.name, f.input, f.label]));
		} finally {
			btn.disabled = false;
		}
	});
	return form;
}

const pruned = (o) => { const r = {}; for (const k in o) if (o[k] !== '' && o[k] !== undefined) r[k] = o[k]; return r; };

let dossierFieldCache = { lang: null, fields: null };
async function dossierFields() {
	if (dossierFieldCache.lang !== state.lang)
		dossierFieldCache = { lang: state.lang, fields: (await api('GET', '/dossier-fields')).fields };
	return dossierFieldCache.fields;
}

function fieldDisplay(f, v) {
	if (v === null || v === undefined || v === '') return t('none');
	if (f.type === 'bool') return Number(v) ? t('yes') : t('no');
	if (f.codes) {
		const c = f.codes.find((x) => x.code === String(v));
		return c ? c.label + ' (' + v + ')' : String(v);
	}
	if (f.type === 'date') return dmy(String(v));
	return String(v);
}

/* The extra cards of the dossier page: TT 05 metadata (a form while open),
 * the event a retention counts from, the deposit and its paperwork. */
async function dossierCards(d, nav, closeMsg) {
	let fields;
	try {
		fields = await dossierFields();
	} catch (e) {
		return [el('div', { class: 'card' }, errorBox(e.message))];
	}
	if (nav !== state.nav) return [];
	const cards = [dossierMetaCard(d, fields)];
	if (state.flash) cards.unshift(el('div', { class: 'card' }, el('p', { class: 'badge ok', id: 'dossier-done' }, state.flash)));
	state.flash = null;
	if (canWrite() && d.status === 'open') cards.push(dossierFileCard(d));
	if (d.retentionEvent) cards.push(retentionEventCard(d));
	if (d.depositId || (canWrite() && d.status === 'closed')) cards.push(depositCard(d));
	if (canWrite()) cards.push(dossierHoldCard(d));
	if (canWrite() && !['destroyed', 'transferred'].includes(d.status))
		cards.push(el('div', { class: 'card', id: 'dossier-package' }, packageExportForm('dossier-package-form', 'dpk', [d.fileCode])));
	state.dossierCloseMsg = closeMsg;
	return cards;
}

function dossierMetaCard(d, fields) {
	const shown = fields.filter((f) => d.kind === 'tthc' || !TTHC_FIELDS.includes(f.tag));
	const value = (f) => (f.tag === 'retention' ? d.retention : d[f.tag]);
	const extra = [['meta.maintenance', d.maintenance], ['meta.rule', d.retentionRule], ['meta.expiry', d.expiryYear],
		['meta.closedAt', d.closedAt ? dmy(d.closedAt) : null], ['meta.archivedAt', d.archivedAt ? dmy(d.archivedAt) : null],
		['meta.deposit', d.depositId ? '#' + d.depositId : null]].filter((x) => x[1] !== null && x[1] !== undefined && x[1] !== '');
	const extraRows = extra.map((x) => el('tr', {}, el('th', {}, t(x[0])), el('td', {}, String(x[1]))));
	if (!(canWrite() && d.status === 'open')) {
		state.dossierInputs = [];
		return el('div', { class: 'card', id: 'dossier-meta' }, el('h2', {}, t('meta.title')),
			el('p', { class: 'muted' }, t('meta.readonly')),
			el('table', { class: 'meta' }, shown.map((f) => el('tr', { 'data-field': f.tag }, el('th', {}, f.label),
				el('td', {}, fieldDisplay(f, value(f))))), extraRows));
	}
	const inputs = shown.map((f) => {
		const v = value(f);
		const old = v === null || v === undefined ? '' : String(v);
		const id = 'dm-' + f.tag;
		let input;
		if (f.type === 'code' || f.type === 'bool') {
			const opts = f.type === 'bool' ? [{ code: '1', label: t('yes') }, { code: '0', label: t('no') }] : f.codes;
			input = el('select', { id, name: f.tag }, el('option', { value: '' }, t('none')),
				opts.map((c) => el('option', { value: c.code, selected: c.code === old }, f.type === 'bool' ? c.label : c.code + ' — ' + c.label)));
		} else {
			input = el('input', { type: 'text', id, name: f.tag, value: old, maxlength: f.maxLength || null,
				placeholder: f.type === 'date' ? 'YYYY-MM-DD' : f.type === 'retention' ? t('meta.retentionHint') : null });
		}
		return { tag: f.tag, label: f.label, old, input, node: el('div', {}, el('label', { for: id }, f.label), input) };
	});
	state.dossierInputs = inputs.map((x) => [x.tag, x.input, x.label]);
	const msg = el('div', { id: 'dossier-meta-msg' });
	const form = el('form', { id: 'dossier-meta-form' }, el('p', { class: 'muted' }, t('meta.hint')),
		el('div', { class: 'edit-grid' }, inputs.map((x) => x.node)),
		el('button', { class: 'primary', type: 'submit', id: 'dossier-meta-save' }, t('meta.save')), msg);
	form.addEventListener('submit', async (ev) => {
		ev.preventDefault();
		const body = {};
		for (const x of inputs) {
			const v = x.input.value.trim();
			if (v !== x.old) body[x.tag] = v === '' ? null : v;
		}
		if (!Object.keys(body).length) return msg.replaceChildren(el('p', { class: 'muted' }, t('edit.none')));
		try {
			await api('PATCH', '/dossiers/' + d.id, body);
			state.flash = t('meta.saved', { n: Object.keys(body).length });
			route();
		} catch (e) {
			showApiError(msg, e, state.dossierInputs);
		}
	});
	return el('div', { class: 'card', id: 'dossier-meta' }, el('h2', {}, t('meta.title')), form,
		extraRows.length ? el('table', { class: 'meta' }, extraRows) : '');
}

/* Close from the dossier page: a refusal is shown whole (the lower layer's
 * rule and legal source) and the metadata fields it names are marked. */
async function closeDossier(d, msg) {
	try {
		await api('POST', '/dossiers/' + d.id + '/close');
		state.flash = t('close.done');
		route();
	} catch (e) {
		const first = showApiError(msg, e, state.dossierInputs);
		if (e.status === 401) return;
		msg.replaceChildren(el('div', { class: 'error', role: 'alert', id: 'dossier-close-error' },
			el('b', {}, t('close.refused')), ' ', e.message, first ? el('div', {}, t('close.fix')) : ''));
		if (first) first.focus();
	}
}

/* File a record into an open dossier (by its id, uid or docId); in a TTHC
 * dossier as a component or the result (QĐ 766). */
function dossierFileCard(d) {
	const fields = [field('df', 'record', t('reg.record'))];
	if (d.kind === 'tthc') {
		const role = el('select', { id: 'df-role', name: 'role' }, ['component', 'result'].map((x) => el('option', { value: x }, t('filing.role.' + x))));
		fields.push({ name: 'role', input: role, label: t('filing.role'), node: el('div', {}, el('label', { for: 'df-role' }, t('filing.role')), role), value: () => role.value });
	}
	return el('div', { class: 'card', id: 'dossier-file' }, el('h2', {}, t('filing.title')),
		el('p', {}, el('a', { href: '#/upload?dossier=' + d.id, id: 'dossier-upload' }, t('upload.newInDossier'))),
		actionForm('dossier-file-form', '', fields, t('filing.add'), async (v) => {
			const rec = /^\d+$/.test(v.record) ? Number(v.record) : v.record;
			await api('POST', '/dossiers/' + d.id + '/records', pruned({ record: rec, role: v.role }));
			state.flash = t('filing.done', { r: v.record });
			route();
		}));
}

function retentionEventCard(d) {
	const kv = (k, v) => [el('dt', {}, k), el('dd', {}, v)];
	const info = el('dl', { class: 'kv', id: 'retention-event' },
		kv(t('col.retention'), d.retention || ''), kv(t('event.event'), d.retentionEvent),
		kv(t('event.date'), el('span', { id: 'retention-event-date' }, d.retentionEventDate ? dmy(d.retentionEventDate) : t('event.none'))));
	const writable = canWrite() && !['destroyed', 'transferred'].includes(d.status);
	const date = field('ev', 'date', t('event.date'), { placeholder: 'YYYY-MM-DD' });
	const note = field('ev', 'note', t('event.note'));
	return el('div', { class: 'card' }, el('h2', {}, t('event.title')), info,
		writable ? actionForm('retention-event-form', '', [date, note], t('event.save'), async (v) => {
			const r = await api('POST', '/dossiers/' + d.id + '/retention-event', pruned(v));
			state.flash = t('event.done', { y: r.expiryYear, d: dmy(r.disposalFrom) });
			route();
		}) : '');
}

function depositPapers(id) {
	return el('div', { class: 'deposit-papers', 'data-deposit': id },
		el('h3', {}, t('deposit.papers', { id })), el('ul', {},
			el('li', { 'data-form': 'list' }, t('deposit.list'), ': ', exportLinks('/deposits/' + id + '/list', ['html', 'pdf', 'csv'])),
			el('li', { 'data-form': 'handover' }, t('deposit.handover'), ': ', exportLinks('/deposits/' + id + '/handover', ['html', 'pdf']))));
}

function depositCard(d) {
	if (d.depositId) return el('div', { class: 'card', id: 'dossier-deposit' }, el('h2', {}, t('deposit.title')), depositPapers(d.depositId));
	return el('div', { class: 'card', id: 'dossier-deposit' }, el('h2', {}, t('deposit.title')),
		depositForm('deposit-form', 'dep', () => [d.id], d.keeper, d.creator));
}

/* POST /deposits of the dossiers ids() answers, on the date entered. */
function depositForm(id, prefix, ids, giver, giverPerson) {
	const fields = [field(prefix, 'date', t('deposit.date'), { placeholder: 'YYYY-MM-DD' }),
		field(prefix, 'giver', t('deposit.giver'), { value: giver || '' }), field(prefix, 'giverPerson', t('deposit.giverPerson'), { value: giverPerson || '' }),
		field(prefix, 'receiver', t('deposit.receiver')), field(prefix, 'receiverPerson', t('deposit.receiverPerson'))];
	return actionForm(id, '', fields, t('deposit.submit'), async (v) => {
		const dossiers = ids();
		if (!dossiers.length) throw new Error(t('ret.pickOne'));
		const r = await api('POST', '/deposits', Object.assign({ dossiers }, pruned(v)));
		state.flash = t('deposit.done', { id: r.id, d: dmy(r.date) });
		route();
	});
}

/* The record page's register box: give the record the next number of a
 * register (the server enforces direction, secrecy and dates). */
function registerBox(r) {
	const box = el('div', { id: 'record-register' });
	if (!canWrite()) return box;
	(async () => {
		let regs;
		try { regs = (await api('GET', '/registers')).registers; } catch (e) { box.replaceChildren(errorBox(e.message)); return; }
		const kind = (r.fields.find((f) => f.tag === 'kind') || {}).value;
		const select = el('select', { id: 'reg-code', name: 'code' }, regs.map((g) => el('option', { value: g.code,
			selected: (g.direction === kind && g.secret === r.secrecy > 0) || null }, g.code + ' — ' + g.name)));
		const pick = { name: 'code', input: select, label: t('reg.pick'), node: el('div', {}, el('label', { for: 'reg-code' }, t('reg.pick')), select), value: () => select.value };
		const date = field('reg', 'date', t('reg.date'), { placeholder: 'YYYY-MM-DD' });
		box.replaceChildren(el('details', { id: 'record-register-box' }, el('summary', {}, t('reg.assignTitle')),
			el('p', { class: 'muted' }, t('reg.recordHint')),
			actionForm('register-assign', '', [pick, date], t('reg.assign'), async (v) => {
				const res = await api('POST', '/registers/' + encodeURIComponent(v.code) + '/assign', pruned({ record: r.id, date: v.date }));
				state.flash = t('reg.assigned', { reg: res.register, n: res.number });
				showRecord(String(r.id));
			})));
	})();
	return box;
}

/* #/registers?code=DI&year=2025: the register as the caller may see it,
 * voided numbers and gaps shown in place; assign, void, print. */
async function showRegisters(params) {
	const nav = state.nav;
	try {
		const regs = (await api('GET', '/registers')).registers;
		if (nav !== state.nav) return;
		const reg = regs.find((g) => g.code === params.get('code')) || regs[0];
		const year = /^\d{4}$/.test(params.get('year') || '') ? params.get('year') : String(new Date().getFullYear());
		const select = el('select', { id: 'register-pick' }, regs.map((g) => el('option', { value: g.code, selected: g.code === reg.code || null },
			g.code + ' — ' + g.name)));
		const yearInput = el('input', { id: 'register-year', type: 'text', value: year, size: 6, inputmode: 'numeric' });
		const go = (code, y) => { location.hash = '#/registers?code=' + encodeURIComponent(code) + '&year=' + encodeURIComponent(y); };
		const pickForm = el('form', { class: 'toolbar', id: 'register-form' },
			el('div', {}, el('label', { for: 'register-pick' }, t('reg.pick')), select),
			el('div', {}, el('label', { for: 'register-year' }, t('reg.year')), yearInput),
			el('button', { class: 'primary', type: 'submit' }, t('reg.show')));
		pickForm.addEventListener('submit', (ev) => { ev.preventDefault(); go(select.value, yearInput.value.trim()); });
		const r = await api('GET', '/registers/' + encodeURIComponent(reg.code) + '/' + year);
		if (nav !== state.nav) return;
		const base = '/registers/' + encodeURIComponent(reg.code) + '/' + year;
		const flash = state.flash ? el('p', { class: 'badge ok', id: 'register-done' }, state.flash) : '';
		state.flash = null;
		const forms = [];
		if (canWrite()) {
			forms.push(el('div', { class: 'card' }, actionForm('register-assign', t('reg.assignTitle'),
				[field('ra', 'record', t('reg.record')), field('ra', 'date', t('reg.date'), { placeholder: 'YYYY-MM-DD' })], t('reg.assign'), async (v) => {
					const res = await api('POST', '/registers/' + encodeURIComponent(reg.code) + '/assign',
						pruned({ record: /^\d+$/.test(v.record) ? Number(v.record) : v.record, date: v.date }));
					state.flash = t('reg.assigned', { reg: res.register, n: res.number });
					route();
				}),
			actionForm('register-void', t('reg.voidTitle'), [field('rv', 'number', t('reg.number'), { inputmode: 'numeric', size: 6 }), field('rv', 'reason', t('reg.reason'))],
				t('reg.void'), async (v) => {
					if (!/^\d+$/.test(v.number)) throw Object.assign(new Error(t('reg.number') + ': ' + (v.number || '?')), { status: 400 });
					await api('POST', '/registers/' + encodeURIComponent(reg.code) + '/void', { year: Number(year), number: Number(v.number), reason: v.reason });
					state.flash = t('reg.voidDone', { n: v.number, reg: reg.code, y: year });
					route();
				})));
		}
		view(el('div', { class: 'card' }, el('h1', {}, t('reg.title')), pickForm,
			el('p', { class: 'muted' }, reg.name + ' — ' + t(reg.direction === 'incoming' ? 'reg.incoming' : 'reg.outgoing')), flash,
			el('div', { id: 'register-table' }, registerTable(reg, r)),
			el('p', {}, t('reg.print'), ': '), exportLinks(base, ['html', 'pdf', 'csv'])), ...forms);
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

/* The register's rows by number: a voided number (its note says "Số bị
 * hủy", the printout being Vietnamese whatever the language) is marked; a
 * missing number between 1 and the last gets a row of its own. */
function registerTable(reg, r) {
	if (!r.rows.length) return el('p', { class: 'muted' }, t('reg.none'));
	const col = reg.direction === 'incoming' ? 1 : 0;
	const byNumber = new Map();
	const other = [];
	for (const row of r.rows) {
		const n = parseInt(row[col], 10);
		if (n > 0 && !byNumber.has(n)) byNumber.set(n, row);
		else other.push(row);
	}
	const max = Math.max(0, ...byNumber.keys());
	const rows = [];
	const line = (row, n) => {
		const voided = /^Số bị hủy/.test(row[row.length - 1] || '');
		return el('tr', { 'data-number': n || null, class: voided ? 'voided' : null },
			row.map((c, i) => el('td', {}, i === col && voided ? [c, ' ', el('span', { class: 'badge error' }, t('reg.voided'))] : c)));
	};
	for (let n = 1; n <= max; n++) {
		if (byNumber.has(n)) rows.push(line(byNumber.get(n), n));
		else rows.push(el('tr', { class: 'gap', 'data-number': n }, el('td', { colspan: r.columns.length }, t('reg.gap', { n }))));
	}
	for (const row of other) rows.push(line(row, 0));
	return table('list', r.columns, rows, 'register-entries');
}

/* #/retention: deposits and their paperwork, what is due, destruction
 * lists (propose, approve, destroy, cancel) — ?batch=N opens a list. */
async function showRetention(params) {
	const nav = state.nav;
	const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') || '') ? params.get('date') : '';
	const q = day ? '?date=' + day : '';
	try {
		const batch = /^\d+$/.test(params.get('batch') || '') ? Number(params.get('batch')) : 0;
		const [deps, due, cands, all, lists, list] = await Promise.all([api('GET', '/deposits'), api('GET', '/retention/due' + q),
			api('GET', '/disposition/candidates' + q), api('GET', '/dossiers'), api('GET', '/disposition'),
			batch ? api('GET', '/disposition/' + batch).catch((e) => { if (e.status === 404) return null; throw e; }) : null]);
		if (nav !== state.nav) return;
		const byId = new Map(all.dossiers.map((x) => [x.id, x]));
		const dossierLink = (id, code) => el('a', { href: '#/dossier/' + id }, code || (byId.get(id) || {}).fileCode || '#' + id);
		const flash = state.flash ? el('p', { class: 'badge ok', id: 'retention-done' }, state.flash) : '';
		state.flash = null;
		const dateInput = el('input', { id: 'retention-date', type: 'text', value: day, placeholder: 'YYYY-MM-DD', size: 11 });
		const dateForm = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'retention-date' }, t('ret.date')), dateInput),
			el('button', { class: 'primary', type: 'submit' }, t('stats.show')));
		dateForm.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/retention' + (dateInput.value.trim() ? '?date=' + encodeURIComponent(dateInput.value.trim()) : ''); });
		const depRows = deps.deposits.map((x) => el('tr', { 'data-deposit': x.id }, el('td', { class: 'num' }, '#' + x.id), el('td', {}, dmy(x.date)),
			el('td', {}, x.giver || ''), el('td', {}, x.receiver || ''), el('td', { class: 'num' }, String(x.dossiers)), el('td', { class: 'num' }, String(x.files)),
			el('td', {}, depositPapers(x.id))));
		const dueRows = due.due.map((x) => el('tr', {}, el('td', {}, dossierLink(x.dossier, x.fileCode)), el('td', {}, x.title || ''),
			el('td', {}, t('due.' + x.kind)), el('td', {}, dmy(x.due)), el('td', {}, x.overdue ? el('span', { class: 'badge error' }, t('overdue')) : '')));
		const boxes = cands.dossiers.map((id) => ({ id, box: el('input', { type: 'checkbox', id: 'cand-' + id, value: id, checked: true }) }));
		const candRows = boxes.map((b) => el('tr', { 'data-dossier': b.id }, el('td', {}, b.box),
			el('td', {}, el('label', { for: 'cand-' + b.id }, (byId.get(b.id) || {}).fileCode || '#' + b.id)),
			el('td', {}, (byId.get(b.id) || {}).title || ''), el('td', {}, (byId.get(b.id) || {}).retention || '')));
		const cards = [el('div', { class: 'card' }, el('h1', {}, t('ret.title')), dateForm, flash)];
		if (batch) cards.push(batchCard(batch, list, byId));
		cards.push(el('div', { class: 'card', id: 'disposition-candidates' }, el('h2', {}, t('ret.candidates')),
			candRows.length ? [table('list', ['', t('col.fileCode'), t('col.title'), t('col.retention')], candRows),
				canWrite() ? actionForm('dispose-propose', '', [field('dp', 'explanation', t('ret.explanation'))], t('ret.propose'), async (v) => {
					const ids = boxes.filter((b) => b.box.checked).map((b) => b.id);
					if (!ids.length) throw new Error(t('ret.pickOne'));
					const res = await api('POST', '/disposition', pruned({ dossiers: ids, explanation: v.explanation }));
					state.flash = t('ret.proposed', { id: res.id, n: res.dossiers.length });
					location.hash = '#/retention?batch=' + res.id;
				}) : ''] : el('p', { class: 'muted' }, t('ret.noCandidates'))));
		const openInput = el('input', { id: 'batch-open', type: 'text', size: 6, inputmode: 'numeric' });
		const openForm = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'batch-open' }, t('ret.open')), openInput),
			el('button', { class: 'primary', type: 'submit' }, t('ret.go')));
		openForm.addEventListener('submit', (ev) => { ev.preventDefault(); location.hash = '#/retention?batch=' + encodeURIComponent(openInput.value.trim()); });
		if (!batch) cards.push(el('div', { class: 'card' }, openForm));
		cards.push(batchListCard(lists.lists, batch));
		const closed = all.dossiers.filter((x) => x.status === 'closed');
		const depBoxes = closed.map((x) => ({ id: x.id, box: el('input', { type: 'checkbox', id: 'depc-' + x.id, value: x.id }) }));
		if (canWrite()) {
			cards.push(el('div', { class: 'card', id: 'deposit-many' }, el('h2', {}, t('deposit.many')), closed.length
				? [table('list', ['', t('col.fileCode'), t('col.title'), t('col.retention')], closed.map((x, i) => el('tr', { 'data-dossier': x.id },
					el('td', {}, depBoxes[i].box), el('td', {}, el('label', { for: 'depc-' + x.id }, x.fileCode)), el('td', {}, x.title || ''), el('td', {}, x.retention || '')))),
				depositForm('deposit-many-form', 'dm2', () => depBoxes.filter((b) => b.box.checked).map((b) => b.id))]
				: el('p', { class: 'muted' }, t('deposit.noClosed'))));
		}
		cards.push(el('div', { class: 'card', id: 'retention-due' }, el('h2', {}, t('ret.due')),
			dueRows.length ? table('list', [t('col.fileCode'), t('col.title'), t('col.kind'), t('col.due'), ''], dueRows) : el('p', { class: 'muted' }, t('ret.noDue'))));
		cards.push(el('div', { class: 'card', id: 'deposits' }, el('h2', {}, t('deposits.title')),
			depRows.length ? table('list', [{ label: t('col.id'), num: 1 }, t('col.date'), t('col.giver'), t('col.receiver'),
				{ label: t('col.dossiers'), num: 1 }, { label: t('col.files'), num: 1 }, t('col.papers')], depRows) : el('p', { class: 'muted' }, t('deposits.none'))));
		view(...cards);
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

const batchState = (st) => el('span', { class: 'badge ' + ({ proposed: 'info', approved: 'warning', executed: 'ok', cancelled: 'not_checkable' }[st] || ''),
	'data-state': st }, t('ret.state.' + st));

/* #/retention: every destruction list with its state; a row opens it. */
function batchListCard(lists, current) {
	const rows = lists.map((b) => el('tr', { 'data-batch': b.id, class: b.id === current ? 'current' : null },
		el('td', { class: 'num' }, el('a', { href: '#/retention?batch=' + b.id }, '#' + b.id)), el('td', {}, batchState(b.state)),
		el('td', { class: 'num' }, String(b.dossierCount)), el('td', {}, dmy(b.proposedAt) + ' · ' + b.proposedBy),
		el('td', {}, b.decisionNo ? b.decisionNo + (b.decisionDate ? ' (' + dmy(b.decisionDate) + ')' : '') : t('none'))));
	return el('div', { class: 'card', id: 'disposition-lists' }, el('h2', {}, t('ret.lists')), rows.length
		? table('list', [{ label: t('col.id'), num: 1 }, t('ret.state'), { label: t('col.dossiers'), num: 1 }, t('ret.proposedBy'), t('ret.decision')], rows)
		: el('p', { class: 'muted' }, t('ret.noLists')));
}

/* One destruction list (GET /disposition/{id}): its state, what each step
 * recorded, its dossiers, and only the actions of its state that the
 * caller's role may take (proposed: approve, cancel; approved: execute,
 * cancel; executed: the destruction record; cancelled: none). The server
 * still decides. l null: not found (or above the caller's clearance). */
function batchCard(id, l, byId) {
	const base = '/disposition/' + id;
	const done = (key) => async () => { state.flash = t(key, { id }); route(); };
	if (!l) return el('div', { class: 'card', id: 'disposition-batch', 'data-batch': id }, el('h2', {}, t('ret.batch', { id })),
		el('p', { class: 'muted', id: 'disposition-missing' }, t('ret.notFound', { id })));
	const kv = (k, v) => (v ? [el('dt', {}, k), el('dd', {}, v)] : []);
	const who = (by, at) => (by ? by + (at ? ', ' + dmy(at) : '') : '');
	const info = el('dl', { class: 'kv', id: 'disposition-info' }, kv(t('ret.state'), el('span', { id: 'disposition-state' }, batchState(l.state))),
		kv(t('ret.proposedBy'), who(l.proposedBy, l.proposedAt)), kv(t('ret.explanation'), l.explanation),
		kv(t('ret.approvedBy'), who(l.approvedBy, l.approvedAt)),
		kv(t('ret.decision'), l.decisionNo ? l.decisionNo + (l.decisionDate ? ' (' + dmy(l.decisionDate) + ')' : '') : ''),
		kv(t('ret.minutes'), l.minutes), kv(t('ret.appraisal'), l.appraisal), kv(t('ret.executedBy'), who(l.executedBy, l.executedAt)),
		kv(t('ret.handover'), l.handover), kv(t('ret.cancelledBy'), who(l.cancelledBy, l.cancelledAt)), kv(t('ret.cancelReason'), l.cancelReason));
	const rows = (l.dossiers || []).map((x) => el('tr', { 'data-dossier': x.id }, el('td', {}, el('a', { href: '#/dossier/' + x.id }, x.fileCode || '#' + x.id)),
		el('td', {}, x.title || ''), el('td', {}, x.retention || ''), el('td', { class: 'num' }, String(x.year || '')),
		el('td', {}, el('span', { class: 'badge ' + x.status }, (byId.get(x.id) || {}).statusLabel || x.status))));
	const forms = [];
	if (l.state === 'proposed' && hasRole(APPROVE_ROLES)) {
		forms.push(actionForm('dispose-approve', t('ret.approve'), [field('da', 'decisionNo', t('ret.decisionNo')),
			field('da', 'decisionDate', t('ret.decisionDate'), { placeholder: 'YYYY-MM-DD' }), field('da', 'minutes', t('ret.minutes')),
			field('da', 'appraisal', t('ret.appraisal'))], t('ret.approve'), async (v) => { await api('POST', base + '/approve', v); return done('ret.approved')(); }));
	}
	if (l.state === 'approved' && canWrite()) {
		forms.push(actionForm('dispose-execute', t('ret.execute'), [field('dx', 'handover', t('ret.handover'))], t('ret.execute'), async (v) => {
			const r = await api('POST', base + '/execute', v);
			state.flash = t('ret.executed', { n: r.blobsRemoved });
			route();
		}));
	}
	if ((l.state === 'proposed' || l.state === 'approved') && hasRole(CANCEL_ROLES)) {
		forms.push(actionForm('dispose-cancel', t('ret.cancel'), [field('dc', 'reason', t('ret.cancelReason'))], t('ret.cancel'), async (v) => {
			await api('POST', base + '/cancel', v);
			return done('ret.cancelled')();
		}));
	}
	return el('div', { class: 'card', id: 'disposition-batch', 'data-batch': id, 'data-state': l.state }, el('h2', {}, t('ret.batch', { id })), info,
		el('h3', {}, t('ret.dossiers', { n: l.dossierCount })), rows.length
			? table('list', [t('col.fileCode'), t('col.title'), t('col.retention'), { label: t('col.year'), num: 1 }, t('col.status')], rows, 'disposition-dossiers') : '',
		l.state === 'proposed' || l.state === 'approved' ? el('p', { class: 'muted' }, t('ret.batchHint')) : '', forms,
		l.state === 'cancelled' ? el('p', { class: 'muted' }, t('ret.noAction')) : '',
		l.state === 'executed' ? [el('p', {}, t('ret.report'), ': '), exportLinks(base + '/report', ['html', 'pdf'])] : '');
}

/* The catalog page's amendments: add a row, amend a row (with a reason),
 * and the history. */
async function catalogAmendCards(year, department, nav) {
	const dep = department ? { department } : {};
	const cards = state.flash ? [el('div', { class: 'card' }, el('p', { class: 'badge ok', id: 'catalog-done' }, state.flash))] : [];
	state.flash = null;
	if (canWrite()) {
		const add = ['heading', 'subheading', 'title', 'retention', 'rule', 'keeper', 'note', 'reason'].map((n) =>
			field('ca', n, t(n === 'title' ? 'cat.rowTitle' : 'cat.' + n), n === 'retention' ? { placeholder: t('meta.retentionHint') } : {}));
		const amend = ['notation', 'title', 'retention', 'rule', 'keeper', 'note', 'reason'].map((n) =>
			field('cm', n, t(n === 'notation' ? 'cat.row' : n === 'title' ? 'cat.rowTitle' : 'cat.' + n)));
		try { // the schedule's rules as suggestions for the rule boxes
			const sched = (await api('GET', '/retention/schedule')).schedule;
			const list = el('datalist', { id: 'schedule-rules' }, sched.map((x) => el('option', { value: x.code }, x.code + ' — ' + x.title)));
			cards.push(list);
			for (const f of add.concat(amend)) if (f.name === 'rule') f.input.setAttribute('list', 'schedule-rules');
		} catch (e) { /* suggestions only */ }
		const heading = [field('ch', 'title', t('cat.hTitle')), field('ch', 'abbr', t('cat.abbr')), field('ch', 'parent', t('cat.parent')), field('ch', 'reason', t('cat.reason'))];
		cards.push(el('div', { class: 'card', id: 'catalog-amend' },
			actionForm('catalog-add', t('cat.addTitle'), add, t('cat.add'), async (v) => {
				const r = await api('POST', '/catalogs/' + year + '/entries', Object.assign(pruned(v), dep));
				state.flash = t('cat.added', { n: r.notation });
				route();
			}),
			actionForm('catalog-amend-row', t('cat.amendTitle'), amend, t('cat.amend'), async (v) => {
				const body = Object.assign(pruned(v), dep);
				delete body.notation;
				await api('PATCH', '/catalogs/' + year + '/entries/' + encodeURIComponent(v.notation), body);
				state.flash = t('cat.amended', { n: v.notation });
				route();
			}), el('p', { class: 'muted' }, t('cat.keepHint')),
			actionForm('catalog-heading', t('cat.headingTitle'), heading, t('cat.add'), async (v) => {
				const r = await api('POST', '/catalogs/' + year + '/headings', Object.assign(pruned(v), dep));
				state.flash = t('cat.headingAdded', { n: r.title });
				route();
			})));
	}
	try {
		const h = await api('GET', '/catalogs/' + year + '/history?department=' + encodeURIComponent(department || ''));
		if (nav !== state.nav) return [];
		const rows = h.changes.map((c) => el('tr', {}, el('td', {}, dmy(c.at) + ' ' + String(c.at || '').slice(11, 16)), el('td', {}, c.who || ''), el('td', {}, t(c.action)),
			el('td', {}, c.object || ''), el('td', {}, c.field || ''), el('td', {}, c.old || ''), el('td', {}, c.new || ''), el('td', {}, c.reason || '')));
		cards.push(el('div', { class: 'card', id: 'catalog-history' }, el('h2', {}, t('cat.history')),
			rows.length ? table('list', [t('col.when'), t('col.who'), t('col.action'), t('col.object'), t('col.field'), t('col.old'), t('col.new'), t('col.reason')], rows)
				: el('p', { class: 'muted' }, t('cat.noHistory'))));
	} catch (e) {
		cards.push(el('div', { class: 'card' }, errorBox(e.message)));
	}
	return cards;
}

/* Append cards after the first card of the page (when still on it). */
function addCards(nav, cards, after) {
	if (nav !== state.nav || !cards.length) return;
	const app = document.getElementById('app');
	const anchor = after ? app.children[after - 1] : app.lastElementChild;
	if (anchor) anchor.after(...cards);
	else app.append(...cards);
}

/* ---- the archivist's year (issue 22): catalog import and approval,
 * dossiers opened from the catalog, holds, transfers to the historical
 * archive, links and tasks, BagIt packages ----
 * As above: the page calls the API and shows its answer; the rules are
 * the lower layers' (a refusal is shown whole, the fields it names
 * marked). */

words({
	'col.dossier': 'Hồ sơ', 'cat.openDossier': 'Lập hồ sơ', 'cat.opened': 'Đã lập hồ sơ {c}.',
	'cat.importTitle': 'Nhập danh mục hồ sơ từ tệp CSV', 'cat.importYear': 'Năm của danh mục', 'cat.department': 'Đơn vị (để trống: toàn cơ quan)',
	'cat.numbering': 'Cách đánh số hồ sơ', 'numbering.continuous': 'liên tục cả danh mục', 'numbering.per_heading': 'lại từ 01 trong mỗi đề mục',
	'cat.csv': 'Tệp CSV (heading, heading_abbr, notation, title, retention, keeper, note; có thể thêm rule, subheading)',
	'cat.import': 'Nhập danh mục', 'cat.imported': 'Đã nhập danh mục năm {y}: {n} hồ sơ.', 'cat.csvLine': 'Dòng {n} của tệp:',
	'cat.importHint': 'Danh mục chỉ nhập một lần, khi chưa có hồ sơ nào; sau đó bổ sung, sửa từng dòng (có lý do) ở trên. Một dòng sai thì không nhập gì.',
	'fin.title': 'Phê duyệt, ban hành danh mục', 'fin.approvedBy': 'Thủ trưởng phê duyệt', 'fin.issued': 'Ngày ban hành (dd/mm/yyyy; để trống là hôm nay)',
	'fin.total': 'Tổng số hồ sơ ghi ở cuối danh mục (để trống: đếm thực tế)', 'fin.permanent': 'Số hồ sơ bảo quản vĩnh viễn', 'fin.fixedTerm': 'Số hồ sơ có thời hạn',
	'fin.submit': 'Chốt danh mục đã duyệt', 'fin.done': 'Đã chốt danh mục năm {y} ({who} phê duyệt ngày {d}).',
	'fin.mismatch': 'Số liệu ghi ở cuối danh mục ({f}) khác số thực tế ({a}) — đã ghi lại; kiểm tra tuân thủ sẽ nêu.',
	'fin.final': 'Đã ban hành: {who} phê duyệt ngày {d}; {by} chốt lúc {at}. Tổng {n} hồ sơ ({p} vĩnh viễn, {f} có thời hạn).',
	'fin.draft': 'Danh mục đang là bản dự thảo: chưa ghi nhận phê duyệt.', 'fin.hint': 'Sau khi chốt, mọi thay đổi phải qua sửa đổi có lý do (luôn được ghi lại).',
	'open.title': 'Lập hồ sơ theo danh mục', 'open.year': 'Năm', 'open.entry': 'Số, ký hiệu hồ sơ trong danh mục (ví dụ 01.TH)', 'open.submit': 'Lập hồ sơ',
	'tthc.title': 'Lập hồ sơ thủ tục hành chính (TTHC)', 'tthc.code': 'Mã hồ sơ TTHC (hệ thống một cửa)', 'tthc.procedure': 'Mã thủ tục hành chính',
	'tthc.received': 'Ngày tiếp nhận (dd/mm/yyyy)', 'tthc.title2': 'Tên hồ sơ (tùy chọn)', 'tthc.retention': 'Thời hạn bảo quản (tùy chọn)', 'tthc.paper': 'Trả kết quả bằng giấy',
	'hold.title': 'Phong tỏa (lưu giữ theo yêu cầu)', 'hold.place': 'Phong tỏa', 'hold.reason': 'Lý do phong tỏa (căn cứ: thanh tra, tranh chấp…)',
	'hold.release': 'Gỡ phong tỏa', 'hold.releaseReason': 'Lý do gỡ phong tỏa #{id}', 'hold.placed': 'Đã phong tỏa (#{id}).', 'hold.released': 'Đã gỡ phong tỏa #{id}.',
	'hold.hint': 'Khi còn phong tỏa, hồ sơ, văn bản không được hủy, nộp lưu lịch sử hay mở lại.',
	'holds.title': 'Phong tỏa hồ sơ, văn bản', 'holds.none': 'Không có phong tỏa nào.', 'holds.all': 'Cả phong tỏa đã gỡ', 'holds.kind': 'Đối tượng',
	'holds.object': 'Số định danh (id) của hồ sơ, văn bản', 'holds.active': 'đang phong tỏa', 'holds.releasedAt': 'đã gỡ: {who}, {when}',
	'kind.dossier': 'hồ sơ', 'kind.record': 'văn bản', 'col.placed': 'Người phong tỏa, lúc', 'nav.holds': 'Phong tỏa',
	'tr.title': 'Nộp lưu vào Lưu trữ lịch sử', 'tr.candidates': 'Hồ sơ vĩnh viễn đến hạn nộp lưu lịch sử', 'tr.none': 'Không có hồ sơ nào đến hạn nộp lưu lịch sử.',
	'tr.receiver': 'Lưu trữ lịch sử nhận (để trống: Lưu trữ lịch sử)', 'tr.run': 'Nộp lưu các hồ sơ đã chọn', 'tr.done': 'Đã nộp lưu lần #{id} ngày {day}: {d} hồ sơ, {f} tệp.',
	'tr.date': 'Ngày nộp lưu (dd/mm/yyyy; để trống là hôm nay; biên bản, mục lục ghi ngày này)',
	'tr.hint': 'Gồm gói tin BagIt (có mã SHA-256 của từng tệp), mục lục hồ sơ nộp lưu và biên bản giao nhận. Hồ sơ đang phong tỏa bị từ chối; không có gì thay đổi.',
	'tr.held': 'Đến hạn nhưng đang phong tỏa', 'tr.heldHint': 'Gỡ phong tỏa (nếu hết căn cứ) thì mới nộp lưu được.',
	'tr.package': 'Gói tin nộp lưu', 'tr.list': 'Mục lục hồ sơ nộp lưu', 'tr.handover': 'Biên bản giao nhận', 'tr.list.title': 'Các lần nộp lưu lịch sử', 'tr.noneDone': 'Chưa nộp lưu lịch sử lần nào.', 'nav.transfers': 'Nộp lưu lịch sử',
	'pkg.title': 'Gói tin hồ sơ (BagIt)', 'pkg.export': 'Xuất gói tin', 'pkg.dossiers': 'Hồ sơ (mã hồ sơ hoặc id, cách nhau bởi dấu phẩy)', 'pkg.format': 'Định dạng',
	'pkg.exported': 'Đã xuất gói tin {n}.', 'pkg.save': 'Tải gói tin về', 'pkg.validate': 'Kiểm tra một gói tin', 'pkg.file': 'Tệp gói tin (.zip, .tar)',
	'pkg.check': 'Kiểm tra', 'pkg.valid': 'Gói tin hợp lệ: {d} hồ sơ, {f} tệp dữ liệu ({b} byte); mọi mã SHA-256 khớp.', 'nav.packages': 'Gói tin',
	'pkg.hint': 'Kiểm tra cấu trúc BagIt, Payload-Oxum và mã SHA-256 của từng tệp; không lưu gì.',
	'link.title': 'Thêm liên kết với văn bản khác', 'link.kind': 'Quan hệ', 'link.to': 'Văn bản liên quan (id, mã hoặc docId)', 'link.note': 'Ghi chú',
	'link.add': 'Thêm liên kết', 'link.added': 'Đã thêm liên kết.',
	'link.reply_to': 'trả lời', 'link.refers_to': 'dẫn chiếu', 'link.supersedes': 'thay thế', 'link.recalls': 'thu hồi', 'link.attachment_of': 'là phụ lục của',
	'task.assignTitle': 'Giao việc giải quyết văn bản đến', 'task.lead': 'Đơn vị chủ trì', 'task.coop': 'Đơn vị phối hợp (cách nhau bởi dấu phẩy)',
	'task.assignee': 'Người xử lý', 'task.due': 'Hạn giải quyết (dd/mm/yyyy)', 'task.assign': 'Giao việc', 'task.assigned': 'Đã giao việc #{id}.',
	'task.updateTitle': 'Cập nhật việc #{id}', 'task.progress': 'Tiến độ (%)', 'task.status': 'Trạng thái', 'task.result': 'Kết quả giải quyết',
	'task.reply': 'Văn bản trả lời (id, mã hoặc docId)', 'task.update': 'Cập nhật', 'task.updated': 'Đã cập nhật việc #{id}.',
	'task.open': 'mới giao', 'task.in_progress': 'đang xử lý', 'task.done': 'đã xong', 'task.cancelled': 'đã hủy', 'task.unchanged': '(giữ nguyên)',
	'tasks.title': 'Theo dõi giải quyết văn bản đến', 'tasks.none': 'Chưa giao việc nào.', 'tasks.overdue': 'Chỉ việc quá hạn', 'nav.tasks': 'Giao việc',
	'col.record': 'Văn bản', 'col.lead': 'Chủ trì', 'col.assignee': 'Người xử lý', 'col.progress': 'Tiến độ', 'record.work': 'Liên kết và giao việc',
}, {
	'col.dossier': 'Dossier', 'cat.openDossier': 'Open the dossier', 'cat.opened': 'Dossier {c} opened.',
	'cat.importTitle': 'Import a dossier catalog from CSV', 'cat.importYear': 'Year of the catalog', 'cat.department': 'Department (empty: the whole agency)',
	'cat.numbering': 'Numbering of dossiers', 'numbering.continuous': 'continuous through the catalog', 'numbering.per_heading': 'from 01 again under each heading',
	'cat.csv': 'CSV file (heading, heading_abbr, notation, title, retention, keeper, note; may add rule, subheading)',
	'cat.import': 'Import the catalog', 'cat.imported': 'Catalog {y} imported: {n} dossiers.', 'cat.csvLine': 'Line {n} of the file:',
	'cat.importHint': 'A catalog is imported once, while it has no rows; later rows are added or amended (with a reason) above. One bad row and nothing is imported.',
	'fin.title': 'Approve and issue the catalog', 'fin.approvedBy': 'Head who approved it', 'fin.issued': 'Issue date (dd/mm/yyyy; empty for today)',
	'fin.total': 'Total dossiers declared at the foot (empty: the actual count)', 'fin.permanent': 'Permanent dossiers', 'fin.fixedTerm': 'Fixed-term dossiers',
	'fin.submit': 'Record the approved catalog', 'fin.done': 'Catalog {y} finalised (approved by {who} on {d}).',
	'fin.mismatch': 'The counts declared at the foot ({f}) differ from the actual ones ({a}) — recorded; the compliance check will say so.',
	'fin.final': 'Issued: approved by {who} on {d}; finalised by {by} at {at}. {n} dossiers ({p} permanent, {f} fixed-term).',
	'fin.draft': 'The catalog is a draft: no approval recorded yet.', 'fin.hint': 'Once finalised, every change is an amendment with a reason (always kept).',
	'open.title': 'Open a dossier of the catalog', 'open.year': 'Year', 'open.entry': 'Dossier notation in the catalog (e.g. 01.TH)', 'open.submit': 'Open the dossier',
	'tthc.title': 'Open an administrative-procedure (TTHC) dossier', 'tthc.code': 'TTHC case code (one-stop system)', 'tthc.procedure': 'Procedure code',
	'tthc.received': 'Date received (dd/mm/yyyy)', 'tthc.title2': 'Title (optional)', 'tthc.retention': 'Retention (optional)', 'tthc.paper': 'Result given on paper',
	'hold.title': 'Legal holds', 'hold.place': 'Place a hold', 'hold.reason': 'Reason for the hold (inspection, dispute…)',
	'hold.release': 'Release', 'hold.releaseReason': 'Reason for releasing hold #{id}', 'hold.placed': 'Hold placed (#{id}).', 'hold.released': 'Hold #{id} released.',
	'hold.hint': 'While held, a dossier or record cannot be destroyed, transferred or reopened.',
	'holds.title': 'Legal holds on dossiers and records', 'holds.none': 'No holds.', 'holds.all': 'Released holds too', 'holds.kind': 'Object',
	'holds.object': 'Id of the dossier or record', 'holds.active': 'held', 'holds.releasedAt': 'released: {who}, {when}',
	'kind.dossier': 'dossier', 'kind.record': 'record', 'col.placed': 'Placed by, at', 'nav.holds': 'Holds',
	'tr.title': 'Transfer to the historical archive', 'tr.candidates': 'Permanent dossiers due for the historical archive', 'tr.none': 'No dossier is due for the historical archive.',
	'tr.receiver': 'Receiving historical archive (empty: the historical archive)', 'tr.run': 'Transfer the chosen dossiers', 'tr.done': 'Transfer #{id} of {day} done: {d} dossiers, {f} files.',
	'tr.date': 'Transfer date (dd/mm/yyyy; empty for today; the hand-over record and list carry it)',
	'tr.hint': 'Produces a BagIt package (SHA-256 of every file), the deposit list and the hand-over record. A dossier on hold is refused; nothing changes.',
	'tr.held': 'Due but on hold', 'tr.heldHint': 'Release the hold (when its ground is gone) before the transfer.',
	'tr.package': 'Transfer package', 'tr.list': 'Deposit list', 'tr.handover': 'Hand-over record', 'tr.list.title': 'Transfers made', 'tr.noneDone': 'No transfer yet.', 'nav.transfers': 'Transfers',
	'pkg.title': 'Dossier packages (BagIt)', 'pkg.export': 'Export a package', 'pkg.dossiers': 'Dossiers (codes or ids, comma separated)', 'pkg.format': 'Format',
	'pkg.exported': 'Package {n} exported.', 'pkg.save': 'Download the package', 'pkg.validate': 'Validate a package', 'pkg.file': 'Package file (.zip, .tar)',
	'pkg.check': 'Validate', 'pkg.valid': 'Valid package: {d} dossiers, {f} payload files ({b} bytes); every SHA-256 matches.', 'nav.packages': 'Packages',
	'pkg.hint': 'Checks the BagIt structure, the Payload-Oxum and every file\'s SHA-256; stores nothing.',
	'link.title': 'Link to another record', 'link.kind': 'Relation', 'link.to': 'Related record (id, uid or docId)', 'link.note': 'Note',
	'link.add': 'Add the link', 'link.added': 'Link added.',
	'link.reply_to': 'replies to', 'link.refers_to': 'refers to', 'link.supersedes': 'supersedes', 'link.recalls': 'recalls', 'link.attachment_of': 'attachment of',
	'task.assignTitle': 'Assign the incoming record', 'task.lead': 'Lead unit', 'task.coop': 'Cooperating units (comma separated)',
	'task.assignee': 'Assignee', 'task.due': 'Due date (dd/mm/yyyy)', 'task.assign': 'Assign', 'task.assigned': 'Task #{id} assigned.',
	'task.updateTitle': 'Update task #{id}', 'task.progress': 'Progress (%)', 'task.status': 'Status', 'task.result': 'Result',
	'task.reply': 'Reply record (id, uid or docId)', 'task.update': 'Update', 'task.updated': 'Task #{id} updated.',
	'task.open': 'open', 'task.in_progress': 'in progress', 'task.done': 'done', 'task.cancelled': 'cancelled', 'task.unchanged': '(unchanged)',
	'tasks.title': 'Tracking incoming records', 'tasks.none': 'No tasks yet.', 'tasks.overdue': 'Overdue only', 'nav.tasks': 'Tasks',
	'col.record': 'Record', 'col.lead': 'Lead', 'col.assignee': 'Assignee', 'col.progress': 'Progress', 'record.work': 'Links and tasks',
});

const LINK_KINDS = ['reply_to', 'refers_to', 'supersedes', 'recalls', 'attachment_of'];
const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'];
const ref = (v) => (/^\d+$/.test(v) ? Number(v) : v); // an id as a number, a uid or docId as text

/* A labelled select of [value, label] options, for actionForm(); current
 * (optional) is the value selected. Shared by the UI's other scripts. */
function selectField(prefix, name, label, options, current) {
	const input = el('select', { id: prefix + '-' + name, name },
		options.map(([v, l]) => el('option', { value: v, selected: (current !== undefined && String(v) === String(current)) || null }, l)));
	return { name, input, label, node: el('div', {}, el('label', { for: prefix + '-' + name }, label), input), value: () => input.value };
}
function checkField(prefix, name, label) {
	const input = el('input', { type: 'checkbox', id: prefix + '-' + name, name });
	return { name, input, label, node: el('div', { class: 'check' }, input, ' ', el('label', { for: prefix + '-' + name }, label)), value: () => input.checked };
}
/* The message a finished action left for the page it returns to. */
const flashBox = (id) => { const f = state.flash ? el('p', { class: 'badge ok', id, role: 'status' }, state.flash) : ''; state.flash = null; return f; };

/* The catalog row's dossier: a link when opened, else (archivists) a
 * button opening it (POST /dossiers {year, entry, department}). */
function catalogRowDossier(cur, e, d) {
	if (d) return el('a', { href: '#/dossier/' + d.id, class: 'row-dossier' }, d.fileCode);
	if (!canWrite()) return '';
	const msg = el('span', { class: 'form-msg' });
	const btn = el('button', { type: 'button', class: 'open-dossier', 'data-notation': e.notation, 'aria-label': t('cat.openDossier') + ' ' + e.notation, onclick: async () => {
		btn.disabled = true;
		try {
			const r = await api('POST', '/dossiers', pruned({ year: cur.year, entry: e.notation, department: cur.department }));
			state.flash = t('cat.opened', { c: r.fileCode });
			location.hash = '#/dossier/' + r.id;
		} catch (err) {
			btn.disabled = false;
			showApiError(msg, err);
		}
	} }, t('cat.openDossier'));
	return [btn, msg];
}

/* The catalog's approval: what finalising recorded, or (archivists) the
 * form recording the head's approval and the footer counts. */
function catalogFinalCard(cur, f) {
	const card = el('div', { class: 'card', id: 'catalog-final', 'data-finalized': f.finalized ? '1' : '0' }, el('h2', {}, t('fin.title')));
	if (f.finalized) {
		card.append(el('p', { class: 'badge ok', id: 'catalog-final-state' }, t('fin.final', { who: f.approvedBy, d: dmy(f.issued), by: f.finalizedBy, at: dmy(f.finalizedAt),
			n: f.footer.total, p: f.footer.permanent, f: f.footer.fixedTerm })), el('p', { class: 'muted' }, t('fin.hint')));
		return card;
	}
	card.append(el('p', { class: 'muted', id: 'catalog-final-state' }, t('fin.draft')));
	if (!canWrite()) return card;
	const fields = [field('fin', 'approvedBy', t('fin.approvedBy')), field('fin', 'issued', t('fin.issued'), { placeholder: 'YYYY-MM-DD' }),
		field('fin', 'total', t('fin.total'), { inputmode: 'numeric' }), field('fin', 'permanent', t('fin.permanent'), { inputmode: 'numeric' }),
		field('fin', 'fixedTerm', t('fin.fixedTerm'), { inputmode: 'numeric' })];
	card.append(actionForm('catalog-finalize', '', fields, t('fin.submit'), async (v) => {
		const body = pruned({ department: cur.department, approvedBy: v.approvedBy, issued: v.issued });
		if (v.total || v.permanent || v.fixedTerm) { // declared counts: sent as typed, the server checks them
			const n = (x) => (/^\d+$/.test(x) ? Number(x) : x);
			body.footer = { total: n(v.total), permanent: n(v.permanent), fixedTerm: n(v.fixedTerm) };
		}
		const r = await api('POST', '/catalogs/' + cur.year + '/finalize', body);
		const count = (c) => c.total + '/' + c.permanent + '/' + c.fixedTerm;
		state.flash = t('fin.done', { y: r.year, who: r.approvedBy, d: dmy(r.issued) }) + (r.matches ? '' : ' ' + t('fin.mismatch', { f: count(r.footer), a: count(r.actual) }));
		route();
	}), el('p', { class: 'muted' }, t('fin.hint')));
	return card;
}

/* Import a catalog CSV (POST /catalogs/{year}/import, text/csv). A bad
 * row refuses the whole file; its line is shown under the message. */
function catalogImportCard(cur) {
	const next = cur ? String(Number(cur.year) + 1) : String(new Date().getFullYear());
	const year = field('ci', 'year', t('cat.importYear'), { value: next, inputmode: 'numeric', size: 6 });
	const dep = field('ci', 'department', t('cat.department'));
	const numbering = selectField('ci', 'numbering', t('cat.numbering'), ['continuous', 'per_heading'].map((x) => [x, t('numbering.' + x)]));
	const file = el('input', { type: 'file', id: 'ci-file', name: 'file', accept: '.csv,text/csv' });
	const fileField = { name: 'file', input: file, label: t('cat.csv'), node: el('div', {}, el('label', { for: 'ci-file' }, t('cat.csv')), file), value: () => file.files[0] };
	let text = '';
	const form = actionForm('catalog-import', '', [year, dep, numbering, fileField], t('cat.import'), async (v, msg) => {
		if (!v.file) throw new Error(t('upload.noFile'));
		text = await v.file.text();
		try {
			const r = await api('POST', '/catalogs/' + encodeURIComponent(v.year) + '/import?' + new URLSearchParams(pruned({ department: v.department, numbering: v.numbering })),
				text, 'text/csv');
			state.flash = t('cat.imported', { y: r.year, n: r.entries });
			location.hash = '#/catalog?year=' + r.year + (r.department ? '&department=' + encodeURIComponent(r.department) : '');
			if (cur && String(cur.year) === String(r.year) && cur.department === r.department) route();
		} catch (e) {
			const m = /(?:dòng|row) (\d+)/.exec(e.message); // the refused line, beside the message
			const line = m ? text.replace(/^\uFEFF/, '').split(/\r?\n/)[Number(m[1]) - 1] : undefined;
			showApiError(msg, e, [['file', file, t('cat.csv')]]);
			if (line !== undefined) msg.append(el('div', { class: 'csv-line', id: 'catalog-import-line' }, t('cat.csvLine', { n: m[1] }), ' ', el('code', {}, line)));
			return null;
		}
	});
	return el('div', { class: 'card', id: 'catalog-import-card' }, el('h2', {}, t('cat.importTitle')), el('p', { class: 'muted' }, t('cat.importHint')), form);
}

/* #/dossiers: open a catalog dossier, or a TTHC case (QĐ 766). */
function dossierOpenCards(year) {
	if (!canWrite()) return [];
	const y = year || String(new Date().getFullYear());
	const open = actionForm('dossier-open', t('open.title'), [field('do', 'year', t('open.year'), { value: y, inputmode: 'numeric', size: 6 }),
		field('do', 'entry', t('open.entry')), field('do', 'department', t('cat.department'))], t('open.submit'), async (v) => {
		const r = await api('POST', '/dossiers', pruned({ year: /^\d+$/.test(v.year) ? Number(v.year) : v.year, entry: v.entry, department: v.department }));
		state.flash = t('cat.opened', { c: r.fileCode });
		location.hash = '#/dossier/' + r.id;
	});
	const tthc = actionForm('dossier-open-tthc', t('tthc.title'), [field('dt', 'tthc', t('tthc.code')), field('dt', 'procedure', t('tthc.procedure')),
		field('dt', 'received', t('tthc.received'), { placeholder: 'YYYY-MM-DD' }), field('dt', 'title', t('tthc.title2')),
		field('dt', 'retention', t('tthc.retention'), { placeholder: t('meta.retentionHint') }), checkField('dt', 'resultOnPaper', t('tthc.paper'))], t('open.submit'), async (v) => {
		const r = await api('POST', '/dossiers', Object.assign(pruned(v), { resultOnPaper: v.resultOnPaper }));
		state.flash = t('cat.opened', { c: r.fileCode });
		location.hash = '#/dossier/' + r.id;
	});
	return [el('div', { class: 'card', id: 'dossier-open-card' }, open, tthc)];
}

/* Holds: a release form per active hold (a reason), a place form. */
function holdRelease(h, prefix) {
	return actionForm(prefix + '-release-' + h.id, '', [field(prefix + 'r' + h.id, 'reason', t('hold.releaseReason', { id: h.id }))], t('hold.release'), async (v) => {
		await api('POST', '/holds/' + h.id + '/release', v);
		state.flash = t('hold.released', { id: h.id });
		route();
	});
}
function holdPlace(id, kind, prefix) {
	const fields = kind ? [] : [selectField(prefix, 'kind', t('holds.kind'), ['dossier', 'record'].map((x) => [x, t('kind.' + x)])),
		field(prefix, 'object', t('holds.object'), { inputmode: 'numeric' })];
	fields.push(field(prefix, 'reason', t('hold.reason')));
	return actionForm(prefix + '-place', t('hold.place'), fields, t('hold.place'), async (v) => {
		const obj = kind ? id : /^\d+$/.test(v.object) ? Number(v.object) : v.object;
		const r = await api('POST', '/holds', { kind: kind || v.kind, object: obj, reason: v.reason });
		state.flash = t('hold.placed', { id: r.id });
		route();
	});
}
/* The dossier page's holds: each active one releasable, and a new one. */
function dossierHoldCard(d) {
	if (!canWrite()) return '';
	const open = ['destroyed', 'transferred'].includes(d.status) ? [] : [holdPlace(d.id, 'dossier', 'dh')];
	return el('div', { class: 'card', id: 'dossier-hold' }, el('h2', {}, t('hold.title')), el('p', { class: 'muted' }, t('hold.hint')),
		d.holds.map((h) => el('div', { class: 'hold', 'data-hold': h.id }, el('p', {}, el('span', { class: 'badge held' }, '#' + h.id), ' ',
			t('dossier.heldBy', { who: h.placedBy || '', when: dmy(h.placedAt), why: h.reason || '' })), holdRelease(h, 'dh'))), open);
}

/* The record page's holds (reviewers): each active one, releasable by
 * archivists, who may also place one. */
function recordHoldBox(r) {
	const box = el('div', { id: 'record-holds' });
	if (!canReview()) return box;
	(async () => {
		let holds;
		try { holds = (await api('GET', '/holds')).holds.filter((h) => h.kind === 'record' && h.object === Number(r.id)); } catch (e) { box.replaceChildren(errorBox(e.message)); return; }
		if (!holds.length && !canWrite()) return;
		box.replaceChildren(el('h2', {}, t('hold.title')), el('div', {}, holds.length ? holds.map((h) => el('div', { class: 'hold', 'data-hold': h.id },
			el('p', {}, el('span', { class: 'badge held' }, '#' + h.id), ' ', t('dossier.heldBy', { who: h.placedBy || '', when: dmy(h.placedAt), why: h.reason || '' })),
			canWrite() ? holdRelease(h, 'rh') : '')) : el('p', { class: 'muted' }, t('dossier.noHolds'))),
		canWrite() ? el('details', { id: 'record-hold-box' }, el('summary', {}, t('hold.place')), holdPlace(r.id, 'record', 'rhp')) : '');
	})();
	return box;
}

/* #/holds: every hold (active, or all), release, place one. */
async function showHolds(params) {
	const nav = state.nav;
	const all = params.get('all') === '1';
	try {
		const [r, ds] = await Promise.all([api('GET', '/holds' + (all ? '?all=1' : '')), api('GET', '/dossiers')]);
		if (nav !== state.nav) return;
		const code = new Map(ds.dossiers.map((x) => [x.id, x.fileCode]));
		const box = el('input', { type: 'checkbox', id: 'holds-all', checked: all, onchange: () => { location.hash = '#/holds' + (box.checked ? '?all=1' : ''); } });
		const rows = r.holds.map((h) => el('tr', { 'data-hold': h.id, class: h.active ? null : 'released' }, el('td', { class: 'num' }, '#' + h.id),
			el('td', {}, t('kind.' + h.kind) + ' ', el('a', { href: '#/' + h.kind + '/' + h.object }, (h.kind === 'dossier' && code.get(h.object)) || '#' + h.object)), el('td', {}, h.reason || ''),
			el('td', {}, (h.placedBy || '') + ', ' + dmy(h.placedAt)),
			el('td', {}, h.active ? el('span', { class: 'badge held' }, t('holds.active')) : t('holds.releasedAt', { who: h.releasedBy || '', when: dmy(h.releasedAt) })),
			el('td', {}, h.active && canWrite() ? holdRelease(h, 'hl') : '')));
		view(el('div', { class: 'card' }, el('h1', {}, t('holds.title')), flashBox('holds-done'), el('p', { class: 'muted' }, t('hold.hint')),
			el('div', { class: 'toolbar check' }, box, el('label', { for: 'holds-all' }, t('holds.all'))),
			rows.length ? table('list', [{ label: t('col.id'), num: 1 }, t('holds.kind'), t('hold.reason'), t('col.placed'), t('col.status'), ''], rows, 'holds-list')
				: el('p', { class: 'muted' }, t('holds.none'))),
		canWrite() ? el('div', { class: 'card', id: 'holds-place' }, holdPlace(0, null, 'hp')) : '');
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

/* #/transfers: permanent dossiers due for the historical archive (as of a
 * date), transfer the chosen ones, the package and paperwork to download. */
async function showTransfers(params) {
	const nav = state.nav;
	const day = /^\d{4}-\d{2}-\d{2}$/.test(params.get('date') || '') ? params.get('date') : '';
	try {
		const q = day ? '?date=' + day : '';
		const [cands, all, due, holds, done] = await Promise.all([api('GET', '/transfers/candidates' + q), api('GET', '/dossiers'), api('GET', '/retention/due' + q),
			api('GET', '/holds'), api('GET', '/transfers')]);
		if (nav !== state.nav) return;
		const byId = new Map(all.dossiers.map((x) => [x.id, x]));
		// due but held: shown with their hold, to be released first
		const held = due.due.filter((x) => x.kind === 'historical' && !cands.dossiers.includes(x.dossier))
			.map((x) => ({ x, h: holds.holds.filter((h) => h.kind === 'dossier' && h.object === x.dossier) })).filter((p) => p.h.length);
		const heldRows = held.map(({ x, h }) => el('tr', { 'data-dossier': x.dossier, class: 'held' }, el('td', {}, el('a', { href: '#/dossier/' + x.dossier }, x.fileCode)),
			el('td', {}, x.title || ''), el('td', {}, h.map((k) => [el('span', { class: 'badge held' }, '#' + k.id), ' ', k.reason || '', ' ']))));
		const dateInput = el('input', { id: 'transfer-date', type: 'text', value: day ? dmy(day) : '', placeholder: t('date.placeholder'), size: 11 });
		const dateForm = el('form', { class: 'toolbar' }, el('div', {}, el('label', { for: 'transfer-date' }, t('ret.date')), dateInput),
			el('button', { class: 'primary', type: 'submit' }, t('stats.show')));
		dateForm.addEventListener('submit', (ev) => { ev.preventDefault(); const v = parseDate(dateInput.value); location.hash = '#/transfers' + (v ? '?date=' + encodeURIComponent(v) : ''); });
		const boxes = cands.dossiers.map((id) => ({ id, box: el('input', { type: 'checkbox', id: 'tc-' + id, value: id, checked: true }) }));
		const rows = boxes.map((b) => { const x = byId.get(b.id) || {}; return el('tr', { 'data-dossier': b.id }, el('td', {}, canWrite() ? b.box : ''),
			el('td', {}, el('label', { for: 'tc-' + b.id }, x.fileCode || '#' + b.id)), el('td', {}, el('a', { href: '#/dossier/' + b.id }, x.title || '')),
			el('td', {}, x.retention || ''), el('td', { class: 'num' }, String(x.year || ''))); });
		const latest = state.transfer;
		state.transfer = null;
		const cards = [el('div', { class: 'card' }, el('h1', {}, t('tr.title')), dateForm, flashBox('transfer-done'), el('p', { class: 'muted' }, t('tr.hint')))];
		// every transfer with its package and paperwork (the newest first)
		const dl = (id, f, key) => el('li', { 'data-file': f }, el('a', { href: '/api/v1/transfers/' + id + '/' + f, target: f === 'package' ? null : '_blank', rel: 'noopener' }, t(key)));
		const doneRows = done.transfers.map((x) => el('tr', { 'data-transfer': x.id, class: x.id === latest ? 'current' : null }, el('td', { class: 'num' }, '#' + x.id),
			el('td', {}, dmy(x.transferredAt)), el('td', {}, x.dossiers.map((d) => el('div', {}, el('a', { href: '#/dossier/' + d.id }, d.fileCode), ' ', d.title || ''))),
			el('td', {}, el('ul', { class: 'downloads' }, dl(x.id, 'package', 'tr.package'), dl(x.id, 'list', 'tr.list'), dl(x.id, 'handover', 'tr.handover')))));
		cards.push(el('div', { class: 'card', id: 'transfer-candidates' }, el('h2', {}, t('tr.candidates')), rows.length
			? [table('list', ['', t('col.fileCode'), t('col.title'), t('col.retention'), { label: t('col.year'), num: 1 }], rows),
				// the transfer as of the page's date (its paperwork dated that day)
				canWrite() ? actionForm('transfer-run', '', [field('tr', 'receiver', t('tr.receiver')),
					field('tr', 'date', t('tr.date'), { value: day ? dmy(day) : '', placeholder: 'YYYY-MM-DD' })], t('tr.run'), async (v) => {
					const ids = boxes.filter((b) => b.box.checked).map((b) => b.id);
					if (!ids.length) throw new Error(t('ret.pickOne'));
					const r = await api('POST', '/transfers', pruned({ dossiers: ids, receiver: v.receiver, date: v.date }));
					state.flash = t('tr.done', { id: r.id, d: r.dossiers, f: r.files, day: dmy(r.date) });
					state.transfer = r.id;
					route();
				}) : '']
			: el('p', { class: 'muted' }, t('tr.none'))));
		cards.push(el('div', { class: 'card', id: 'transfers-done' }, el('h2', {}, t('tr.list.title')), doneRows.length
			? table('list', [{ label: t('col.id'), num: 1 }, t('col.date'), t('col.dossiers'), t('col.papers')], doneRows, 'transfer-list') : el('p', { class: 'muted' }, t('tr.noneDone'))));
		if (heldRows.length) {
			cards.push(el('div', { class: 'card', id: 'transfer-held' }, el('h2', {}, t('tr.held')), el('p', { class: 'muted' }, t('tr.heldHint')),
				table('list', [t('col.fileCode'), t('col.title'), t('hold.title')], heldRows), el('p', {}, el('a', { href: '#/holds' }, t('holds.title')))));
		}
		view(...cards);
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

/* POST /packages and offer the package as a download (a link to the
 * bytes received, clicked once); errors are the server's. */
async function exportPackage(dossiers, format, box) {
	const res = await fetch('/api/v1/packages', { method: 'POST', credentials: 'same-origin',
		headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf || '', 'Accept-Language': state.lang }, body: JSON.stringify({ dossiers, format }) });
	if (!res.ok) {
		let data = null;
		try { data = await res.json(); } catch (e) { data = null; }
		throw Object.assign(new Error((data && data.error && data.error.message) || res.status + ' ' + res.statusText), { status: res.status });
	}
	const name = (/filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') || '') || [])[1] || 'goi-tin.' + (format || 'zip');
	const a = el('a', { href: URL.createObjectURL(await res.blob()), download: name, id: 'package-download' }, t('pkg.save') + ' (' + name + ')');
	box.replaceChildren(el('p', { class: 'badge ok done' }, t('pkg.exported', { n: name })), el('p', {}, a));
	a.click();
	return null;
}
function packageExportForm(id, prefix, dossiers) {
	const fields = dossiers ? [] : [field(prefix, 'dossiers', t('pkg.dossiers'))];
	fields.push(selectField(prefix, 'format', t('pkg.format'), [['zip', 'ZIP'], ['tar', 'TAR']]));
	return actionForm(id, t('pkg.export'), fields, t('pkg.export'), (v, msg) =>
		exportPackage(dossiers || v.dossiers.split(',').map((x) => x.trim()).filter(Boolean), v.format, msg));
}

/* #/packages: export dossiers as a package; validate an uploaded one. */
function showPackages() {
	const msg = el('div', { id: 'package-status', 'aria-live': 'polite' });
	const progress = progressBar('package-progress');
	const form = el('form', { id: 'package-validate', class: 'action-form' }, el('h3', {}, t('pkg.validate')), el('p', { class: 'muted' }, t('pkg.hint')),
		el('label', { for: 'package-file' }, t('pkg.file')), el('input', { id: 'package-file', name: 'file', type: 'file', accept: '.zip,.tar' }),
		el('p', {}, el('button', { class: 'primary', type: 'submit', id: 'package-validate-submit' }, t('pkg.check'))), progress, msg);
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		if (!form.file.files.length) { msg.replaceChildren(errorBox(t('upload.noFile'))); return; }
		const fd = new FormData();
		fd.append('file', form.file.files[0]);
		postFile('/api/v1/packages/validate', fd, form, progress, msg, (r) => {
			const s = r.summary || {};
			msg.replaceChildren(el('p', { class: 'badge ok', id: 'package-valid' }, t('pkg.valid', { d: s.dossiers, f: s.files, b: s.bytes })));
			form.querySelector('button').disabled = false;
		});
	});
	view(el('div', { class: 'card' }, el('h1', {}, t('pkg.title')), packageExportForm('package-export', 'pe', null)), el('div', { class: 'card' }, form));
}

/* The record page's links and tasks: add a link; assign an incoming
 * record; update a task (progress, status, result, reply). */
function recordWorkCard(r) {
	const forms = [];
	const reload = (key, vars) => { state.flash = t(key, vars); showRecord(String(r.id)); };
	if (canWrite()) {
		forms.push(actionForm('link-add', t('link.title'), [selectField('ln', 'kind', t('link.kind'), LINK_KINDS.map((k) => [k, t('link.' + k)])),
			field('ln', 'to', t('link.to')), field('ln', 'note', t('link.note'))], t('link.add'), async (v) => {
			await api('POST', '/records/' + r.id + '/links', pruned({ kind: v.kind, to: ref(v.to), note: v.note }));
			reload('link.added');
		}));
	}
	const kind = (r.fields.find((f) => f.tag === 'kind') || {}).value;
	if (kind === 'incoming' && hasRole(['archivist', 'approver', 'admin'])) {
		forms.push(actionForm('task-assign', t('task.assignTitle'), [field('ta', 'leadUnit', t('task.lead')), field('ta', 'coopUnits', t('task.coop')),
			field('ta', 'assignee', t('task.assignee')), field('ta', 'dueDate', t('task.due'), { placeholder: 'YYYY-MM-DD' })], t('task.assign'), async (v) => {
			const coop = (v.coopUnits || '').split(',').map((x) => x.trim()).filter(Boolean);
			const k = await api('POST', '/tasks', Object.assign(pruned({ record: r.id, leadUnit: v.leadUnit, assignee: v.assignee, dueDate: v.dueDate }), coop.length ? { coopUnits: coop } : {}));
			reload('task.assigned', { id: k.id });
		}));
	}
	for (const k of (r.tasks || []).filter((x) => x.status === 'open' || x.status === 'in_progress')) {
		const p = 'tu' + k.id;
		forms.push(actionForm('task-update-' + k.id, t('task.updateTitle', { id: k.id }), [field(p, 'progress', t('task.progress'), { value: String(k.progress), inputmode: 'numeric', size: 4 }),
			selectField(p, 'status', t('task.status'), [['', t('task.unchanged')]].concat(TASK_STATUSES.map((x) => [x, t('task.' + x)]))),
			field(p, 'result', t('task.result')), field(p, 'replyRecord', t('task.reply'))], t('task.update'), async (v) => {
			const body = pruned({ status: v.status, result: v.result });
			if (v.progress !== String(k.progress)) body.progress = /^\d+$/.test(v.progress) ? Number(v.progress) : v.progress;
			if (v.replyRecord) body.replyRecord = ref(v.replyRecord);
			await api('PATCH', '/tasks/' + k.id, body);
			reload('task.updated', { id: k.id });
		}));
	}
	return forms.length ? el('div', { class: 'card', id: 'record-work' }, el('h2', {}, t('record.work')), forms) : null;
}

/* #/tasks: the tracking list (sổ theo dõi giải quyết văn bản đến). */
async function showTasks(params) {
	const nav = state.nav;
	const overdue = params.get('overdue') === '1';
	try {
		const r = await api('GET', '/tasks' + (overdue ? '?overdue=1' : ''));
		if (nav !== state.nav) return;
		const box = el('input', { type: 'checkbox', id: 'tasks-overdue', checked: overdue, onchange: () => { location.hash = '#/tasks' + (box.checked ? '?overdue=1' : ''); } });
		const rows = r.tasks.map((k) => el('tr', { 'data-task': k.id }, el('td', { class: 'num' }, '#' + k.id),
			el('td', {}, el('a', { href: '#/record/' + k.record }, '#' + k.record)), el('td', {}, [k.lead, ...(k.coop || [])].filter(Boolean).join(', ')),
			el('td', {}, k.assignee || ''), el('td', {}, k.due ? dmy(k.due) : '—'), el('td', { class: 'num' }, k.progress + '%'),
			el('td', {}, el('span', { class: 'badge ' + (k.status === 'done' ? 'ok' : ''), 'data-status': k.status }, k.statusLabel || t('task.' + k.status)),
				k.overdue ? [' ', el('span', { class: 'badge error' }, t('overdue'))] : ''),
			el('td', {}, k.result || ''), el('td', {}, k.reply ? el('a', { href: '#/record/' + k.reply }, '#' + k.reply) : '')));
		view(el('div', { class: 'card' }, el('h1', {}, t('tasks.title')),
			el('div', { class: 'toolbar check' }, box, el('label', { for: 'tasks-overdue' }, t('tasks.overdue'))),
			rows.length ? table('list', [{ label: t('col.id'), num: 1 }, t('col.record'), t('col.lead'), t('col.assignee'), t('col.due'), { label: t('col.progress'), num: 1 },
				t('col.status'), t('task.result'), t('task.reply')], rows, 'tasks-list') : el('p', { class: 'muted' }, t('tasks.none'))));
	} catch (e) {
		if (nav === state.nav) failView(e);
	}
}

/* ---- routing ---- */

/* The pages, by path: "/x" is the page #/x?params (show(params)), "/x/"
 * the page #/x/ID (show(ID, params)). The other scripts of the UI
 * (service/web/*.js, loaded after this one) add theirs with page(), with
 * their words in DICT through words(); their menu links are in index.html,
 * with data-roles when only some roles may use them. */
const PAGES = [];
function page(path, show) { PAGES.push({ path, show }); }
function words(vi, en) { Object.assign(DICT.vi, vi); Object.assign(DICT.en, en); }
page('/record/', (id) => showRecord(id));
page('/upload', (params) => showUpload(params));
page('/import', () => showImport());
page('/dossiers', (params) => showDossiers(params));
page('/dossier/', (id) => showDossier(id));
page('/catalog', (params) => showCatalog(params));
page('/compliance', (params) => showCompliance(params));
page('/stats', (params) => showStats(params));
page('/registers', (params) => showRegisters(params));
page('/retention', (params) => showRetention(params));
page('/holds', (params) => showHolds(params));
page('/transfers', (params) => showTransfers(params));
page('/tasks', (params) => showTasks(params));
page('/packages', () => showPackages());

async function route() {
	state.nav = ++navSeq;
	applyStatic();
	if (!state.user) return showLogin();
	const hash = location.hash || '#/search';
	const [path, query] = hash.slice(1).split('?');
	const params = new URLSearchParams(query || '');
	document.querySelectorAll('#nav a').forEach((a) => {
		const on = hash === a.getAttribute('href') || hash.startsWith(a.getAttribute('href') + '?') || hash.startsWith(a.getAttribute('href') + '/');
		a.classList.toggle('active', on);
		if (on) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
	});
	document.querySelectorAll('#nav .nav-group').forEach((g) => g.querySelector('.nav-group-btn').classList.toggle('active', !!g.querySelector('a.active')));
	for (const p of PAGES) {
		if (p.path.endsWith('/') && path.startsWith(p.path)) return p.show(decodeURIComponent(path.slice(p.path.length)), params);
		if (path === p.path) return p.show(params);
	}
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
	const nav = document.getElementById('nav');
	/* The menu's groups are disclosures: the button (Enter, Space, a click)
	 * opens its list and closes the others; Escape closes it and puts the
	 * focus back on the button; Tab moves through the list and on (the
	 * group closes when the focus leaves it); so does a click elsewhere. */
	const groups = [...nav.querySelectorAll('.nav-group-btn')];
	const setGroup = (b, open) => { b.setAttribute('aria-expanded', String(open)); document.getElementById(b.getAttribute('aria-controls')).hidden = !open; };
	const closeGroups = (except) => groups.forEach((b) => { if (b !== except) setGroup(b, false); });
	groups.forEach((b) => b.addEventListener('click', () => { closeGroups(b); setGroup(b, b.getAttribute('aria-expanded') !== 'true'); }));
	nav.addEventListener('keydown', (ev) => {
		const g = ev.key === 'Escape' && ev.target.closest('.nav-group');
		const b = g && g.querySelector('.nav-group-btn');
		if (!b || b.getAttribute('aria-expanded') !== 'true') return;
		ev.stopPropagation(); // the small screen's menu stays open
		setGroup(b, false);
		b.focus();
	});
	nav.addEventListener('focusout', (ev) => {
		const g = ev.target.closest('.nav-group');
		if (g && ev.relatedTarget && !g.contains(ev.relatedTarget)) setGroup(g.querySelector('.nav-group-btn'), false);
	});
	document.addEventListener('click', (ev) => { if (!nav.contains(ev.target) && !menu.contains(ev.target)) closeGroups(); });
	// on a small screen the menu opens on the group of the current page
	const setMenu = (open) => {
		header.classList.toggle('menu-open', open);
		menu.setAttribute('aria-expanded', String(open));
		const cur = open && groups.find((b) => b.classList.contains('active') && !b.closest('.nav-group').hidden);
		closeGroups(cur);
		if (cur) setGroup(cur, true);
	};
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
