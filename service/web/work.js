/*
 * luutru web UI — long work (#/work, #/work/ID): batch imports, OCR,
 * reindex, verify and backup, with live progress and their results
 * (docs/web.md, "Long work"). The work runs in the server (archive/work.h):
 * a person may start it, leave the page and come back; the page polls
 * while something runs, and stops when the person goes elsewhere.
 * An admin starts a verify, a reindex or a backup from here; the other
 * roles that read compliance see the list and the results.
 */
'use strict';

words({
	'nav.work': 'Công việc', 'work.title': 'Công việc dài', 'work.detail': 'Công việc #{id}',
	'work.hint': 'Nhập lô, nhận dạng, dựng lại chỉ mục, kiểm tra toàn vẹn và sao lưu chạy trên máy chủ: có thể rời trang và quay lại xem tiến độ, kết quả.',
	'work.start': 'Bắt đầu', 'work.startTitle': 'Bắt đầu một công việc', 'work.started': 'Đã bắt đầu công việc #{id}.',
	'work.verify': 'Kiểm tra toàn vẹn (đọc lại mọi tệp)', 'work.verifyQuick': 'Kiểm tra cấu trúc (nhanh)', 'work.reindex': 'Dựng lại chỉ mục tìm kiếm',
	'work.backup': 'Sao lưu đầy đủ', 'work.backupInc': 'Sao lưu gia tăng (cập nhật bộ mới nhất)', 'work.startHint': 'Mỗi loại chỉ chạy một lượt một lúc. Bộ sao lưu được ghi vào thư mục sao lưu đã cấu hình (backup_dir).',
	'work.filterKind': 'Loại công việc', 'work.filterState': 'Trạng thái', 'work.any': 'Tất cả', 'work.filter': 'Lọc',
	'work.none': 'Chưa có công việc nào.', 'work.more': 'Xem thêm',
	'work.col.id': 'Mã', 'work.col.kind': 'Loại', 'work.col.who': 'Người thực hiện', 'work.col.started': 'Bắt đầu', 'work.col.ended': 'Kết thúc',
	'work.col.state': 'Trạng thái', 'work.col.progress': 'Tiến độ', 'work.col.source': 'Đối tượng',
	'work.system': 'hệ thống', 'work.back': '‹ Danh sách công việc', 'work.result': 'Kết quả', 'work.error': 'Lỗi: {e}',
	'kind.import': 'Nhập lô', 'kind.ocr': 'Nhận dạng (OCR)', 'kind.reindex': 'Dựng lại chỉ mục', 'kind.verify': 'Kiểm tra toàn vẹn', 'kind.backup': 'Sao lưu',
	'wstate.queued': 'đang chờ', 'wstate.running': 'đang chạy', 'wstate.done': 'xong', 'wstate.failed': 'thất bại', 'wstate.interrupted': 'bị gián đoạn',
	'phase.rows': 'nhập từng dòng', 'phase.index': 'lập chỉ mục', 'phase.catchup': 'cập nhật phần mới', 'phase.structure': 'kiểm tra cấu trúc',
	'phase.fixity': 'đọc lại và đối chiếu mã băm từng tệp', 'phase.blobs': 'chép tệp', 'phase.ocr': 'nhận dạng',
	'work.progress': '{d}/{t}', 'work.pages': 'trang {d}/{t}', 'work.interruptedHint': 'Dịch vụ đã dừng khi công việc đang chạy; hãy chạy lại.',
	'verify.summary': 'Đã kiểm tra {b} tệp ({s}); {n} vấn đề.', 'verify.summaryQuick': 'Kiểm tra cấu trúc: {n} vấn đề.', 'verify.ok': 'Không có vấn đề nào.',
	'verify.problem': 'Vấn đề', 'verify.record': 'Văn bản', 'verify.kind': 'Loại vấn đề', 'verify.message': 'Chi tiết',
	'problem.content_changed': 'nội dung tệp đã thay đổi', 'problem.size_changed': 'dung lượng tệp đã thay đổi', 'problem.missing_blob': 'mất tệp',
	'problem.unreadable_blob': 'không đọc được tệp', 'problem.orphan_blob': 'tệp không thuộc văn bản nào', 'problem.dangling_reference': 'văn bản trỏ tới tệp không có',
	'backup.name': 'Bộ sao lưu', 'backup.kind': 'Kiểu', 'backup.full': 'đầy đủ', 'backup.incremental': 'gia tăng', 'backup.files': 'Số tệp', 'backup.size': 'Dung lượng',
	'backup.copied': 'Chép mới', 'backup.manifest': 'Tệp kê khai (SHA-256)', 'backup.complete': 'Đầy đủ', 'backup.incomplete': 'Chưa đủ: {n} tệp hỏng không được sao lưu',
	'backup.yes': 'có', 'reindex.docs': 'Đã lập chỉ mục {n} văn bản.', 'import.summary': 'Nhập {i}, bỏ qua {s}, lỗi {f} trên {t} dòng.',
	'ocr.record': 'Mở văn bản',
}, {
	'nav.work': 'Work', 'work.title': 'Long work', 'work.detail': 'Work #{id}',
	'work.hint': 'Batch imports, OCR, reindexing, integrity checks and backups run in the server: you may leave the page and come back for their progress and results.',
	'work.start': 'Start', 'work.startTitle': 'Start a piece of work', 'work.started': 'Work #{id} started.',
	'work.verify': 'Verify (read every file again)', 'work.verifyQuick': 'Check the structure (quick)', 'work.reindex': 'Rebuild the search index',
	'work.backup': 'Full backup', 'work.backupInc': 'Incremental backup (update the newest set)', 'work.startHint': 'One of each kind runs at a time. Backup sets are written to the configured backup directory (backup_dir).',
	'work.filterKind': 'Kind of work', 'work.filterState': 'State', 'work.any': 'All', 'work.filter': 'Filter',
	'work.none': 'No work yet.', 'work.more': 'More',
	'work.col.id': 'Id', 'work.col.kind': 'Kind', 'work.col.who': 'Started by', 'work.col.started': 'Started', 'work.col.ended': 'Ended',
	'work.col.state': 'State', 'work.col.progress': 'Progress', 'work.col.source': 'Object',
	'work.system': 'system', 'work.back': '‹ All work', 'work.result': 'Result', 'work.error': 'Error: {e}',
	'kind.import': 'Batch import', 'kind.ocr': 'Recognition (OCR)', 'kind.reindex': 'Reindex', 'kind.verify': 'Verify', 'kind.backup': 'Backup',
	'wstate.queued': 'queued', 'wstate.running': 'running', 'wstate.done': 'done', 'wstate.failed': 'failed', 'wstate.interrupted': 'interrupted',
	'phase.rows': 'importing rows', 'phase.index': 'indexing', 'phase.catchup': 'catching up', 'phase.structure': 'checking the structure',
	'phase.fixity': 'reading and hashing every file', 'phase.blobs': 'copying files', 'phase.ocr': 'recognising',
	'work.progress': '{d}/{t}', 'work.pages': 'page {d} of {t}', 'work.interruptedHint': 'The service stopped while this work ran; run it again.',
	'verify.summary': 'Checked {b} files ({s}); {n} problems.', 'verify.summaryQuick': 'Structure check: {n} problems.', 'verify.ok': 'No problems.',
	'verify.problem': 'Problem', 'verify.record': 'Record', 'verify.kind': 'Kind of problem', 'verify.message': 'Details',
	'problem.content_changed': 'file content changed', 'problem.size_changed': 'file size changed', 'problem.missing_blob': 'file missing',
	'problem.unreadable_blob': 'file unreadable', 'problem.orphan_blob': 'file of no record', 'problem.dangling_reference': 'a record points to a missing file',
	'backup.name': 'Backup set', 'backup.kind': 'Kind', 'backup.full': 'full', 'backup.incremental': 'incremental', 'backup.files': 'Files', 'backup.size': 'Size',
	'backup.copied': 'Newly copied', 'backup.manifest': 'Manifest (SHA-256)', 'backup.complete': 'Complete', 'backup.incomplete': 'Incomplete: {n} damaged files not backed up',
	'backup.yes': 'yes', 'reindex.docs': 'Indexed {n} records.', 'import.summary': 'Imported {i}, skipped {s}, failed {f} of {t} rows.',
	'ocr.record': 'Open the record',
});

const WORK_KINDS = ['import', 'ocr', 'reindex', 'verify', 'backup'];
const WORK_STATES = ['queued', 'running', 'done', 'failed', 'interrupted'];
const WORK_POLL_MS = 1500;
const startsWork = () => hasRole(['admin']);

/* 1536000 → "1,5 MB" (Vietnamese decimal comma; English point). */
function bytesText(n) {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let v = Number(n) || 0;
	let u = 0;
	while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
	const s = u === 0 ? String(v) : v.toFixed(1);
	return (state.lang === 'vi' ? s.replace('.', ',') : s) + ' ' + units[u];
}

/* What a piece of work is about: verify's check by name, else as sent. */
const sourceText = (w) => (w.kind === 'verify' && (w.source === 'fixity' || w.source === 'structure')
	? t(w.source === 'fixity' ? 'work.verify' : 'work.verifyQuick') : (w.source || ''));

const workBadge = (st) => el('span', { class: 'badge work-state ' + ({ running: 'info', queued: 'info', done: 'ok', failed: 'failed', interrupted: 'warning' }[st] || ''), 'data-state': st }, t('wstate.' + st));

/* A piece of work's bar: its units when known, indeterminate while it
 * runs without a total, full when done, marked failed otherwise. An OCR
 * job's units are the pages of its file ("trang 3/12"), counted when it
 * starts. */
function workProgress(w, id) {
	const bar = el('progress', { id: id || null, max: 100, 'aria-label': t('work.col.progress') + ' ' + w.id });
	if (w.state === 'done') progressState(bar, 'done');
	else if (w.state === 'failed' || w.state === 'interrupted') progressState(bar, 'failed');
	else if (w.total) progressState(bar, 'sending', Math.round((100 * w.done) / w.total));
	else progressState(bar, 'working');
	const units = w.kind === 'ocr' ? 'work.pages' : 'work.progress';
	const text = [w.phase ? t('phase.' + w.phase) : '', w.total ? t(units, { d: w.done, t: w.total }) : (w.done && w.state === 'running' ? String(w.done) : '')]
		.filter(Boolean).join(' · ');
	return el('div', { class: 'work-progress' }, bar, text ? el('span', { class: 'muted work-units' }, ' ' + text) : null);
}

/* Run show() again after a while, as long as the page is still this one. */
function pollLater(nav, again) {
	setTimeout(() => { if (nav === state.nav) again(); }, WORK_POLL_MS);
}

function startCard(msg, after) {
	const go = async (body, btn) => {
		btn.disabled = true;
		try {
			const w = await api('POST', '/work', body);
			msg.replaceChildren(el('p', { class: 'badge ok', id: 'work-started' }, t('work.started', { id: w.id }), ' ',
				el('a', { href: '#/work/' + encodeURIComponent(w.id) }, t('work.detail', { id: w.id }))));
			after();
		} catch (e) {
			if (e.status === 401) return showLogin(t('err.session'));
			msg.replaceChildren(errorBox(e.message));
		} finally {
			btn.disabled = false;
		}
	};
	const button = (id, label, body) => {
		const b = el('button', { type: 'button', id, class: id === 'work-start-verify' ? 'primary' : null }, label);
		b.addEventListener('click', () => go(body, b));
		return b;
	};
	return el('div', { class: 'card', id: 'work-start' }, el('h2', {}, t('work.startTitle')),
		el('p', { class: 'muted' }, t('work.startHint')),
		el('p', { class: 'actions' },
			button('work-start-verify', t('work.verify'), { kind: 'verify', fixity: true }), ' ',
			button('work-start-verify-quick', t('work.verifyQuick'), { kind: 'verify', fixity: false }), ' ',
			button('work-start-reindex', t('work.reindex'), { kind: 'reindex' }), ' ',
			button('work-start-backup', t('work.backup'), { kind: 'backup' }), ' ',
			button('work-start-backup-inc', t('work.backupInc'), { kind: 'backup', incremental: true })),
		msg);
}

function filterForm(params) {
	const select = (id, name, label, values, prefix) => el('div', {}, el('label', { for: id }, label),
		el('select', { id, name }, el('option', { value: '' }, t('work.any')),
			values.map((v) => el('option', { value: v, selected: params.get(name) === v }, t(prefix + v)))));
	const form = el('form', { id: 'work-filter', class: 'action-form' },
		el('div', { class: 'edit-grid' }, select('work-kind', 'kind', t('work.filterKind'), WORK_KINDS, 'kind.'),
			select('work-state', 'state', t('work.filterState'), WORK_STATES, 'wstate.')),
		el('button', { type: 'submit', id: 'work-filter-submit' }, t('work.filter')));
	form.addEventListener('submit', (ev) => {
		ev.preventDefault();
		const q = new URLSearchParams();
		if (form.kind.value) q.set('kind', form.kind.value);
		if (form.state.value) q.set('state', form.state.value);
		location.hash = '#/work' + (q.toString() ? '?' + q : '');
	});
	return form;
}

function workRows(list) {
	return list.map((w) => el('tr', { 'data-work': w.id, 'data-kind': w.kind, 'data-state': w.state },
		el('td', {}, el('a', { href: '#/work/' + encodeURIComponent(w.id) }, '#' + w.id)),
		el('td', {}, t('kind.' + w.kind), w.source ? el('span', { class: 'muted' }, ' — ' + sourceText(w)) : null),
		el('td', {}, w.startedBy || t('work.system')),
		el('td', {}, dmy(w.startedAt)),
		el('td', {}, w.finishedAt ? dmy(w.finishedAt) : ''),
		el('td', {}, workBadge(w.state)),
		el('td', {}, workProgress(w))));
}

async function showWork(params) {
	const nav = state.nav;
	const msg = el('div', { id: 'work-start-msg', 'aria-live': 'polite' });
	const listBox = el('div', { id: 'work-list-box' });
	const q = new URLSearchParams();
	for (const k of ['kind', 'state']) if (params.get(k)) q.set(k, params.get(k));
	let limit = 50, gen = 0;
	const load = async () => {
		const mine = ++gen; // one polling chain: a newer load ends the older
		let data;
		q.set('limit', String(limit));
		try {
			data = await api('GET', '/work?' + q);
		} catch (e) {
			if (nav === state.nav) listBox.replaceChildren(errorBox(e.message));
			if (e.status === 401) showLogin(t('err.session'));
			return;
		}
		if (nav !== state.nav || mine !== gen) return;
		const list = data.work || [];
		const more = list.length >= limit ? el('button', { type: 'button', id: 'work-more' }, t('work.more')) : null;
		if (more) more.addEventListener('click', () => { limit += 50; load(); });
		listBox.replaceChildren(...[list.length
			? table('list', [t('work.col.id'), t('work.col.kind'), t('work.col.who'), t('work.col.started'), t('work.col.ended'), t('work.col.state'), t('work.col.progress')], workRows(list), 'work-list')
			: el('p', { class: 'muted', id: 'work-list' }, t('work.none')), more].filter(Boolean));
		if (list.some((w) => w.state === 'running' || w.state === 'queued')) pollLater(nav, () => { if (mine === gen) load(); });
	};
	view(...[el('div', { class: 'card' }, el('h1', {}, t('work.title')), el('p', { class: 'muted' }, t('work.hint')), filterForm(params)),
		startsWork() ? startCard(msg, load) : null,
		el('div', { class: 'card' }, listBox)].filter(Boolean));
	await load();
}

function verifyResult(r) {
	const problems = r.problems || [];
	const summary = r.fixity ? t('verify.summary', { b: r.blobsChecked, s: bytesText(r.bytesChecked), n: r.issues })
		: t('verify.summaryQuick', { n: r.issues });
	const rec = (p) => (p.uid || p.docId) ? el('a', { href: '#/record/' + encodeURIComponent(p.uid || p.docId), class: 'problem-record' }, p.docId || p.uid) : '';
	return [el('p', { id: 'verify-summary', 'data-issues': r.issues }, summary),
		problems.length
			? table('list', [t('verify.record'), t('verify.kind'), t('verify.message')], problems.map((p) => el('tr', { 'data-kind': p.kind },
				el('td', {}, rec(p)), el('td', {}, t('problem.' + p.kind) === 'problem.' + p.kind ? p.kind : t('problem.' + p.kind)), el('td', {}, p.message))), 'verify-problems')
			: el('p', { class: 'badge ok' }, t('verify.ok'))];
}

function backupResult(r) {
	const row = (label, value, id) => el('tr', { id: id || null }, el('th', {}, label), el('td', {}, value));
	return el('table', { class: 'meta', id: 'backup-result' },
		row(t('backup.name'), r.name, 'backup-name'),
		row(t('backup.kind'), t('backup.' + r.kind)),
		row(t('backup.files'), String(r.files)),
		row(t('backup.size'), bytesText(r.bytes), 'backup-size'),
		row(t('backup.copied'), String(r.blobsCopied) + ' · ' + bytesText(r.bytesCopied)),
		row(t('backup.complete'), r.complete ? el('span', { class: 'badge ok' }, t('backup.yes'))
			: el('span', { class: 'badge failed' }, t('backup.incomplete', { n: (r.skipped || []).length })), 'backup-complete'),
		row(t('backup.manifest'), r.manifestSha256 || ''));
}

function workResult(w) {
	const r = w.result || {};
	if (w.kind === 'verify') return verifyResult(r);
	if (w.kind === 'backup') return backupResult(r);
	if (w.kind === 'reindex') return el('p', {}, t('reindex.docs', { n: r.documents }));
	if (w.kind === 'import') {
		return [el('p', {}, t('import.summary', { i: r.imported, s: r.skipped, f: r.failed, t: r.total })),
			(r.failures || []).length ? el('ul', {}, r.failures.map((f) => el('li', {}, (f.row ? t('import.row', { r: f.row }) : f.entry || '') + ': ' + f.message))) : null];
	}
	return null;
}

/* again: a poll's re-render — put in place without moving the focus to
 * the heading (view() would, every poll). */
async function showWorkItem(id, again) {
	const nav = state.nav;
	let w;
	try {
		w = await api('GET', '/work/' + encodeURIComponent(id));
	} catch (e) {
		if (nav === state.nav) failView(e);
		return;
	}
	if (nav !== state.nav) return;
	const row = (label, value) => el('tr', {}, el('th', {}, label), el('td', {}, value));
	const running = w.state === 'running' || w.state === 'queued';
	const show = again ? (...nodes) => document.getElementById('app').replaceChildren(...nodes) : view;
	show(...[el('div', { class: 'card', id: 'work-detail', 'data-state': w.state },
		el('p', {}, el('a', { href: '#/work' }, t('work.back'))),
		el('h1', {}, t('work.detail', { id: w.id }), ' — ', t('kind.' + w.kind)),
		el('table', { class: 'meta' },
			row(t('work.col.state'), workBadge(w.state)),
			row(t('work.col.who'), w.startedBy || t('work.system')),
			row(t('work.col.source'), w.kind === 'ocr' && w.recordId ? el('a', { href: '#/record/' + w.recordId }, w.source || t('ocr.record')) : sourceText(w)),
			row(t('work.col.started'), dmy(w.startedAt)),
			row(t('work.col.ended'), w.finishedAt ? dmy(w.finishedAt) : ''),
			row(t('work.col.progress'), workProgress(w, 'work-progress'))),
		w.state === 'interrupted' ? el('p', { class: 'muted' }, t('work.interruptedHint')) : null,
		w.error ? errorBox(t('work.error', { e: w.error.message })) : null),
	w.state === 'done' && w.result ? el('div', { class: 'card', id: 'work-result' }, el('h2', {}, t('work.result')), workResult(w)) : null].filter(Boolean));
	if (running) pollLater(nav, () => showWorkItem(id, true));
}

page('/work', (params) => showWork(params));
page('/work/', (id) => showWorkItem(id));
