/*
 * luutru web UI — the administrator's and the reviewer's pages (loaded
 * after app.js, whose helpers it uses: el, t, api, view, table, dmy,
 * field, actionForm, failView, page, words).
 *
 *   #/users                 users, roles and clearances (administrators;
 *                           the server refuses everyone else, archive/users.c)
 *   #/ocr-review            the recognised pages below the quality threshold
 *                           (archivists, inspectors, administrators)
 *   #/ocr-review/REC/PAGE   one page: its scan beside its text, corrected
 *                           and saved (archivists, administrators), then
 *                           the next page of the list
 *
 * Vietnamese first, English through words(); roles and clearances by name;
 * dates dd/mm/yyyy (dmy).
 */
'use strict';

words({
	'nav.users': 'Người dùng', 'nav.ocrReview': 'Kiểm tra OCR',
	'users.title': 'Người dùng, vai trò và mức mật', 'users.hint': 'Chỉ người quản trị xem và đổi tài khoản. Mỗi thay đổi được ghi vào nhật ký kiểm tra.',
	'users.login': 'Tên đăng nhập', 'users.fullName': 'Họ và tên', 'users.department': 'Đơn vị', 'users.role': 'Vai trò',
	'users.clearance': 'Mức mật được xem', 'users.state': 'Trạng thái', 'users.lastLogin': 'Đăng nhập lần cuối', 'users.created': 'Ngày tạo',
	'users.active': 'Đang hoạt động', 'users.disabled': 'Đã khóa', 'users.never': 'chưa đăng nhập', 'users.edit': 'Sửa {login}',
	'users.addTitle': 'Thêm người dùng', 'users.password': 'Mật khẩu ban đầu (ít nhất 8 ký tự)', 'users.password2': 'Nhập lại mật khẩu',
	'users.add': 'Thêm người dùng', 'users.added': 'Đã thêm người dùng {login}.', 'users.mismatch': 'Hai mật khẩu không khớp.',
	'users.editTitle': 'Sửa tài khoản {login}', 'users.save': 'Lưu thay đổi', 'users.saved': 'Đã lưu thay đổi của {login}.',
	'users.disable': 'Khóa tài khoản', 'users.enable': 'Mở khóa tài khoản', 'users.disabledDone': 'Đã khóa {login}: các phiên đăng nhập và mã truy cập của người này đã hết hiệu lực.',
	'users.enabledDone': 'Đã mở khóa {login}.', 'users.resetTitle': 'Đặt lại mật khẩu', 'users.newPassword': 'Mật khẩu mới (ít nhất 8 ký tự)',
	'users.reset': 'Đặt lại mật khẩu', 'users.resetDone': 'Đã đặt mật khẩu mới cho {login}.',
	'users.tokenTitle': 'Mã truy cập API', 'users.tokenLabel': 'Nhãn của mã (ví dụ: máy quét phòng Văn thư)', 'users.tokenNew': 'Tạo mã truy cập mới',
	'users.token': 'Mã truy cập mới của {login}', 'users.tokenOnce': 'Mã chỉ hiện một lần này: hãy sao chép và trao cho người dùng ngay. Máy chủ chỉ giữ bản băm.',
	'users.back': '‹ Danh sách người dùng', 'users.none': 'Chưa có người dùng.',
	'ocr.title': 'Kiểm tra kết quả nhận dạng (OCR)', 'ocr.hint': 'Các trang có chất lượng nhận dạng dưới ngưỡng, hoặc nhận dạng lỗi. Mở một trang để so với bản quét, sửa và lưu; trang đã kiểm tra ra khỏi danh sách.',
	'ocr.threshold': 'Ngưỡng chất lượng (0–100)', 'ocr.show': 'Xem', 'ocr.record': 'Văn bản', 'ocr.page': 'Trang', 'ocr.quality': 'Chất lượng',
	'ocr.confidence': 'Độ tin cậy', 'ocr.low': 'Từ tin cậy thấp', 'ocr.secrecy': 'Độ mật', 'ocr.open': 'Kiểm tra trang {n}',
	'ocr.none': 'Không có trang nào dưới ngưỡng {n}.', 'ocr.count': '{n} trang cần kiểm tra (ngưỡng {th}).', 'ocr.error': 'lỗi: {e}',
	'ocr.reviewTitle': 'Trang {n} — {title}', 'ocr.text': 'Văn bản nhận dạng của trang {n} (sửa trực tiếp)', 'ocr.scan': 'Bản quét trang {n}',
	'ocr.openScan': 'Mở bản quét (trang {n})', 'ocr.save': 'Lưu bản sửa', 'ocr.confirm': 'Đúng rồi, không cần sửa', 'ocr.next': 'Trang tiếp theo ›',
	'ocr.back': '‹ Danh sách cần kiểm tra', 'ocr.saved': 'Đã lưu văn bản sửa của trang {n} ({title}); chỉ mục tìm kiếm được cập nhật.',
	'ocr.confirmed': 'Đã đánh dấu trang {n} ({title}) là đúng.', 'ocr.readOnly': 'Bạn chỉ được xem; lưu trữ viên hoặc quản trị sửa văn bản.',
	'ocr.history': 'Văn bản cũ được giữ trong lịch sử sửa của văn bản.', 'ocr.recordLink': 'Mở văn bản',
}, {
	'nav.users': 'Users', 'nav.ocrReview': 'OCR review',
	'users.title': 'Users, roles and clearances', 'users.hint': 'Only administrators see and change accounts. Every change is written to the audit log.',
	'users.login': 'Login', 'users.fullName': 'Full name', 'users.department': 'Department', 'users.role': 'Role',
	'users.clearance': 'Clearance', 'users.state': 'State', 'users.lastLogin': 'Last sign-in', 'users.created': 'Created',
	'users.active': 'Active', 'users.disabled': 'Disabled', 'users.never': 'never', 'users.edit': 'Edit {login}',
	'users.addTitle': 'Add a user', 'users.password': 'Initial password (at least 8 characters)', 'users.password2': 'Password again',
	'users.add': 'Add the user', 'users.added': 'User {login} added.', 'users.mismatch': 'The two passwords differ.',
	'users.editTitle': 'Edit the account {login}', 'users.save': 'Save changes', 'users.saved': 'Changes to {login} saved.',
	'users.disable': 'Disable the account', 'users.enable': 'Enable the account', 'users.disabledDone': '{login} disabled: their sessions and API tokens no longer work.',
	'users.enabledDone': '{login} enabled.', 'users.resetTitle': 'Reset the password', 'users.newPassword': 'New password (at least 8 characters)',
	'users.reset': 'Reset the password', 'users.resetDone': 'New password set for {login}.',
	'users.tokenTitle': 'API token', 'users.tokenLabel': 'The token\'s label (e.g. the registry\'s scanner)', 'users.tokenNew': 'Make a new token',
	'users.token': 'New API token of {login}', 'users.tokenOnce': 'Shown this once only: copy it and give it to the user now. The server keeps only its hash.',
	'users.back': '‹ All users', 'users.none': 'No user yet.',
	'ocr.title': 'OCR review', 'ocr.hint': 'Pages whose recognition quality is below the threshold, or whose recognition failed. Open a page to compare it with its scan, correct and save; a reviewed page leaves the list.',
	'ocr.threshold': 'Quality threshold (0–100)', 'ocr.show': 'Show', 'ocr.record': 'Record', 'ocr.page': 'Page', 'ocr.quality': 'Quality',
	'ocr.confidence': 'Confidence', 'ocr.low': 'Low-confidence words', 'ocr.secrecy': 'Secrecy', 'ocr.open': 'Review page {n}',
	'ocr.none': 'No page below the threshold {n}.', 'ocr.count': '{n} pages to review (threshold {th}).', 'ocr.error': 'error: {e}',
	'ocr.reviewTitle': 'Page {n} — {title}', 'ocr.text': 'Recognised text of page {n} (edit it here)', 'ocr.scan': 'Scan of page {n}',
	'ocr.openScan': 'Open the scan (page {n})', 'ocr.save': 'Save the correction', 'ocr.confirm': 'It is right as it is', 'ocr.next': 'Next page ›',
	'ocr.back': '‹ Pages to review', 'ocr.saved': 'Corrected text of page {n} ({title}) saved; the search index is updated.',
	'ocr.confirmed': 'Page {n} ({title}) marked right as it is.', 'ocr.readOnly': 'You may read only; an archivist or an administrator corrects the text.',
	'ocr.history': 'The previous text is kept in the record\'s edit history.', 'ocr.recordLink': 'Open the record',
});

const ROLE_NAMES = ['archivist', 'officer', 'inspector', 'approver', 'admin'];
const OCR_EDIT_ROLES = ['archivist', 'admin'];

/* A role and a clearance chosen by name (selectField, app.js). */
const roleField = (prefix, current) => selectField(prefix, 'role', t('users.role'), ROLE_NAMES.map((r) => [r, t('role.' + r)]), current);
const clearanceField = (prefix, current) => selectField(prefix, 'clearance', t('users.clearance'), [0, 1, 2, 3].map((c) => [c, t('secrecy' + c)]), current);
/* A password box: its value is sent as typed (never trimmed). */
function passwordField(prefix, name, label) {
	const f = field(prefix, name, label, { type: 'password', autocomplete: 'new-password' });
	f.value = () => f.input.value;
	return f;
}

/* ---- #/users ---- */

async function showUsers(params) {
	const nav = state.nav;
	let users;
	try {
		users = (await api('GET', '/users')).users;
		if (nav !== state.nav) return;
	} catch (e) {
		if (nav !== state.nav) return;
		if (e.status === 401) return failView(e);
		return view(el('div', { class: 'card', id: 'users-page' }, el('h1', {}, t('users.title')), errorBox(e.message)));
	}
	const editing = users.find((u) => u.login === params.get('edit'));
	const heads = [t('users.login'), t('users.fullName'), t('users.department'), t('users.role'), t('users.clearance'),
		t('users.state'), t('users.lastLogin'), ''];
	const rows = users.map((u) => el('tr', { 'data-login': u.login, class: u.disabled ? 'disabled' : null },
		el('td', {}, u.login), el('td', {}, u.fullName || ''), el('td', {}, u.department || ''),
		el('td', { 'data-role': u.role }, t('role.' + u.role)), el('td', { 'data-clearance': u.clearance }, t('secrecy' + u.clearance)),
		el('td', {}, el('span', { class: 'badge ' + (u.disabled ? 'error' : 'ok') }, t(u.disabled ? 'users.disabled' : 'users.active'))),
		el('td', {}, u.lastLoginAt ? dmy(u.lastLoginAt) : t('users.never')),
		el('td', {}, el('a', { href: '#/users?edit=' + encodeURIComponent(u.login), class: 'user-edit' }, t('users.edit', { login: u.login })))));
	const list = el('div', { class: 'card', id: 'users-page' }, el('h1', {}, t('users.title')),
		el('p', { class: 'muted' }, t('users.hint')), flashBox('users-done'),
		users.length ? table('list', heads, rows, 'users-list') : el('p', { class: 'muted' }, t('users.none')));
	view(list, editing ? editUserCard(editing) : addUserCard());
}

function addUserCard() {
	const fields = [field('ua', 'login', t('users.login'), { autocomplete: 'off' }), field('ua', 'fullName', t('users.fullName')),
		field('ua', 'department', t('users.department')), roleField('ua', 'officer'), clearanceField('ua', 0),
		passwordField('ua', 'password', t('users.password')), passwordField('ua', 'password2', t('users.password2'))];
	return el('div', { class: 'card' }, actionForm('user-add', t('users.addTitle'), fields, t('users.add'), async (v) => {
		if (v.password !== v.password2) throw Object.assign(new Error(t('users.mismatch')), { status: 400 });
		await api('POST', '/users', { login: v.login, password: v.password, role: v.role, clearance: Number(v.clearance),
			fullName: v.fullName || undefined, department: v.department || undefined });
		state.flash = t('users.added', { login: v.login });
		route();
	}));
}

function editUserCard(u) {
	const path = '/users/' + encodeURIComponent(u.login);
	const fields = [field('ue', 'fullName', t('users.fullName'), { value: u.fullName || '' }),
		field('ue', 'department', t('users.department'), { value: u.department || '' }),
		roleField('ue', u.role), clearanceField('ue', u.clearance)];
	const edit = actionForm('user-edit', t('users.editTitle', { login: u.login }), fields, t('users.save'), async (v) => {
		await api('PATCH', path, { fullName: v.fullName, department: v.department, role: v.role, clearance: Number(v.clearance) });
		state.flash = t('users.saved', { login: u.login });
		route();
	});
	const lockMsg = el('div', { class: 'form-msg' });
	const lock = el('button', { type: 'button', id: 'user-lock', class: u.disabled ? 'primary' : 'danger' }, t(u.disabled ? 'users.enable' : 'users.disable'));
	lock.addEventListener('click', async () => {
		lock.disabled = true;
		try {
			await api('PATCH', path, { disabled: !u.disabled });
			state.flash = t(u.disabled ? 'users.enabledDone' : 'users.disabledDone', { login: u.login });
			route();
		} catch (e) {
			showApiError(lockMsg, e);
			lock.disabled = false;
		}
	});
	const reset = actionForm('user-password', t('users.resetTitle'), [passwordField('up', 'password', t('users.newPassword'))], t('users.reset'), async (v) => {
		await api('POST', path + '/password', { password: v.password });
		return t('users.resetDone', { login: u.login });
	});
	const tokenOut = el('div', { id: 'user-token-out' });
	const tokenForm = actionForm('user-token', t('users.tokenTitle'), [field('ut', 'label', t('users.tokenLabel'))], t('users.tokenNew'), async (v) => {
		const r = await api('POST', path + '/tokens', v.label ? { label: v.label } : {});
		const box = el('input', { type: 'text', id: 'user-token-value', readonly: true, value: r.token, 'aria-describedby': 'user-token-once', spellcheck: 'false' });
		tokenOut.replaceChildren(el('div', { class: 'token-box' }, el('label', { for: 'user-token-value' }, t('users.token', { login: u.login })), box,
			el('p', { class: 'muted', id: 'user-token-once' }, t('users.tokenOnce'))));
		box.focus();
		box.select();
		return null;
	});
	return el('div', { class: 'card', id: 'user-edit-card' }, el('p', {}, el('a', { href: '#/users' }, t('users.back'))),
		edit, el('div', { class: 'action-form' }, lock, lockMsg), reset, tokenForm, tokenOut);
}

/* ---- #/ocr-review ---- */

function reviewThreshold(params) {
	const v = params.get('threshold');
	return /^\d{1,3}$/.test(v || '') && Number(v) <= 100 ? Number(v) : 60;
}

async function reviewList(threshold) {
	return api('GET', '/ocr/review?threshold=' + threshold);
}

async function showOcrReview(params) {
	const nav = state.nav;
	const th = reviewThreshold(params);
	let r;
	try {
		r = await reviewList(th);
		if (nav !== state.nav) return;
	} catch (e) {
		if (nav === state.nav) failView(e);
		return;
	}
	const input = el('input', { type: 'text', id: 'ocr-threshold', inputmode: 'numeric', size: 4, value: String(th) });
	const form = el('form', { class: 'toolbar', id: 'ocr-form' },
		el('div', {}, el('label', { for: 'ocr-threshold' }, t('ocr.threshold')), input),
		el('button', { class: 'primary', type: 'submit' }, t('ocr.show')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		location.hash = '#/ocr-review?threshold=' + encodeURIComponent(input.value.trim());
	});
	const heads = [t('ocr.record'), { label: t('ocr.page'), num: true }, { label: t('ocr.quality'), num: true },
		{ label: t('ocr.confidence'), num: true }, { label: t('ocr.low'), num: true }, t('ocr.secrecy'), ''];
	const rows = r.pages.map((p) => el('tr', { 'data-record': p.record, 'data-page': p.page },
		el('td', {}, el('a', { href: '#/record/' + p.record }, p.title || p.uid)),
		el('td', { class: 'num' }, String(p.page)),
		el('td', { class: 'num' }, p.quality == null ? '–' : String(p.quality)),
		el('td', { class: 'num' }, Math.round(p.confidence) + '%'),
		el('td', { class: 'num' }, p.lowConfidenceWords + '/' + p.words),
		el('td', {}, t('secrecy' + (p.secrecy || 0)), p.error ? el('span', { class: 'badge error' }, ' ' + t('ocr.error', { e: p.error })) : ''),
		el('td', {}, el('a', { class: 'ocr-open', href: '#/ocr-review/' + p.record + '/' + p.page + '?threshold=' + th }, t('ocr.open', { n: p.page })))));
	view(el('div', { class: 'card', id: 'ocr-review' }, el('h1', {}, t('ocr.title')), el('p', { class: 'muted' }, t('ocr.hint')), form,
		flashBox('ocr-done'),
		el('p', { id: 'ocr-count' }, r.pages.length ? t('ocr.count', { n: r.pages.length, th }) : t('ocr.none', { n: th })),
		r.pages.length ? table('list', heads, rows, 'ocr-list') : ''));
}

/* #/ocr-review/REC/PAGE: the scan beside its text. */
async function showOcrPage(ref, params) {
	const nav = state.nav;
	const th = reviewThreshold(params);
	const [recId, pageNo] = ref.split('/');
	let rec, list;
	try {
		[rec, list] = await Promise.all([api('GET', '/records/' + encodeURIComponent(recId)), reviewList(th)]);
		if (nav !== state.nav) return;
	} catch (e) {
		if (nav === state.nav) failView(e);
		return;
	}
	const n = Number(pageNo);
	const pg = rec.pages.find((p) => p.page === n);
	if (!pg) return view(el('div', { class: 'card' }, el('p', {}, el('a', { href: '#/ocr-review?threshold=' + th }, t('ocr.back'))),
		errorBox(t('record.page', { n: pageNo }) + ' — ' + t('search.none'))));
	// The next page of the list after this one (the list is ordered by record, page).
	const others = list.pages.filter((p) => !(p.record === rec.id && p.page === n));
	const next = others.find((p) => p.record > rec.id || (p.record === rec.id && p.page > n)) || others[0];
	const nextHash = next ? '#/ocr-review/' + next.record + '/' + next.page + '?threshold=' + th : '#/ocr-review?threshold=' + th;
	const original = rec.files.find((f) => f.role === 'original') || rec.files[0];
	const isImage = original && !original.damage && /^image\/(png|jpeg)/.test(original.mediaType || '') && n === 1;
	const scan = isImage
		? el('img', { src: original.url, alt: t('ocr.scan', { n }), id: 'ocr-scan' })
		: original && !original.damage
			? el('p', {}, el('a', { href: original.url + (/pdf/.test(original.mediaType || '') ? '#page=' + n : ''), target: '_blank', rel: 'noopener', id: 'ocr-scan' }, t('ocr.openScan', { n })))
			: el('p', { class: 'muted' }, t('ocr.scan', { n }));
	const canEdit = state.user && OCR_EDIT_ROLES.includes(state.user.role);
	const text = el('textarea', { id: 'ocr-text', rows: 18, spellcheck: 'false', readonly: canEdit ? null : true }, pg.text || '');
	const msg = el('div', { class: 'form-msg' });
	const title = rec.title || rec.uid;
	const send = async (body, doneKey) => {
		for (const b of form.querySelectorAll('button')) b.disabled = true;
		try {
			await api('PUT', '/records/' + rec.id + '/pages/' + n + '/text', body);
			state.flash = t(doneKey, { n, title });
			location.hash = nextHash;
		} catch (e) {
			showApiError(msg, e);
			for (const b of form.querySelectorAll('button')) b.disabled = false;
		}
	};
	const form = el('form', { id: 'ocr-page-form', class: 'ocr-page' },
		el('label', { for: 'ocr-text' }, t('ocr.text', { n })), text,
		canEdit ? el('div', { class: 'toolbar' },
			el('button', { type: 'submit', class: 'primary', id: 'ocr-save' }, t('ocr.save')),
			el('button', { type: 'button', id: 'ocr-confirm' }, t('ocr.confirm'))) : el('p', { class: 'muted' }, t('ocr.readOnly')),
		el('p', { class: 'muted' }, t('ocr.history')), msg);
	form.addEventListener('submit', (ev) => { ev.preventDefault(); send({ text: text.value }, 'ocr.saved'); });
	const confirmBtn = form.querySelector('#ocr-confirm');
	if (confirmBtn) confirmBtn.addEventListener('click', () => send({ confirm: true }, 'ocr.confirmed'));
	view(el('div', { class: 'card', id: 'ocr-page' },
		el('p', { class: 'toolbar' }, el('a', { href: '#/ocr-review?threshold=' + th }, t('ocr.back')),
			el('a', { href: '#/record/' + rec.id }, t('ocr.recordLink')),
			next ? el('a', { href: nextHash, id: 'ocr-next' }, t('ocr.next')) : ''),
		el('h1', {}, t('ocr.reviewTitle', { n, title })),
		el('div', { class: 'pages' }, el('div', {}, scan), form)));
}

page('/users', (params) => showUsers(params));
page('/ocr-review/', (ref, params) => showOcrPage(ref, params));
page('/ocr-review', (params) => showOcrReview(params));
