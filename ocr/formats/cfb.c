/*
 * ocr/formats/cfb.c — just enough of the OLE2 compound file format
 * ([MS-CFB]) to tell a Word file from an Excel one, to see an encrypted
 * one (an encrypted DOCX is an OLE2 file holding EncryptedPackage; an
 * encrypted DOC says so in its FIB; an encrypted XLS has a FILEPASS
 * record), and to read the first bytes of a stream. The text itself is
 * antiword's and xls2csv's (legacy.c).
 *
 * Every offset and chain read from the file is checked against the file's
 * size, and every chain walk is bounded by the number of sectors, so a
 * hostile file cannot loop or read outside itself.
 */
#define _GNU_SOURCE /* pread */
#include "ocr/formats/internal.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define ENDOFCHAIN 0xFFFFFFFEu
#define MAX_DIR    4096 /* directory entries read */

typedef struct dirent_ {
	char name[32]; /* ASCII of the UTF-16 name, '?' elsewhere */
	int type;      /* 1 storage, 2 stream, 5 root */
	uint32_t start;
	uint64_t size;
} dirent_;

struct lt_fmt_cfb {
	int fd;
	uint64_t file_size;
	unsigned shift, mini_shift;
	uint32_t cutoff;
	uint32_t *fat, nfat;         /* entries */
	uint32_t *minifat, nminifat; /* entries */
	dirent_ *dir;
	size_t ndir;
};

static uint16_t le16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* Read sector sec (whole) into buf. */
static int read_sector(const lt_fmt_cfb *c, uint32_t sec, unsigned char *buf)
{
	size_t sz = (size_t)1 << c->shift;
	uint64_t off = ((uint64_t)sec + 1) << c->shift;

	if (sec >= ENDOFCHAIN - 5 || off + sz > c->file_size + sz)
		return -1;
	memset(buf, 0, sz);
	return pread(c->fd, buf, sz, (off_t)off) > 0 ? 0 : -1;
}

static uint32_t sectors_in_file(const lt_fmt_cfb *c)
{
	uint64_t n = (c->file_size >> c->shift);
	return n > 0x7FFFFFFF ? 0x7FFFFFFF : (uint32_t)n;
}

/* Follow a chain in table t (n entries) from start; each sector's
 * contents via fn. At most `limit` sectors. */
static int walk_chain(const uint32_t *t, uint32_t n, uint32_t start, uint32_t limit,
                      int (*fn)(void *, uint32_t), void *ctx)
{
	uint32_t sec = start, steps = 0;

	while (sec != ENDOFCHAIN) {
		if (sec >= n || ++steps > limit)
			return -1;
		if (fn(ctx, sec) != 0)
			return 1;
		sec = t[sec];
	}
	return 0;
}

typedef struct collect {
	const lt_fmt_cfb *c;
	lt_buf *out;
	size_t max;
	unsigned char *buf;
	const lt_buf *mini; /* mini stream, for mini sectors */
	unsigned mini_sz;
} collect;

static int collect_sector(void *ctx, uint32_t sec)
{
	collect *k = ctx;
	size_t sz = (size_t)1 << k->c->shift, take;

	if (k->out->len >= k->max)
		return 1;
	if (read_sector(k->c, sec, k->buf) != 0)
		return -1;
	take = k->max - k->out->len < sz ? k->max - k->out->len : sz;
	return lt_buf_append(k->out, k->buf, take) == LT_OK ? 0 : -1;
}

static int collect_mini(void *ctx, uint32_t sec)
{
	collect *k = ctx;
	size_t off = (size_t)sec * k->mini_sz, take;

	if (k->out->len >= k->max)
		return 1;
	if (off + k->mini_sz > k->mini->len)
		return -1;
	take = k->max - k->out->len < k->mini_sz ? k->max - k->out->len : k->mini_sz;
	return lt_buf_append(k->out, k->mini->data + off, take) == LT_OK ? 0 : -1;
}

/* The first max bytes of the regular-sector chain from start. */
static int read_chain(const lt_fmt_cfb *c, uint32_t start, size_t max, lt_buf *out)
{
	unsigned char *buf = malloc((size_t)1 << c->shift);
	collect k = {c, out, max, buf, NULL, 0};
	int r;

	if (!buf)
		return -1;
	r = walk_chain(c->fat, c->nfat, start, sectors_in_file(c) + 1, collect_sector, &k);
	free(buf);
	return r < 0 ? -1 : 0;
}

void lt_fmt_cfb_free(lt_fmt_cfb *c)
{
	if (!c)
		return;
	if (c->fd >= 0)
		close(c->fd);
	free(c->fat);
	free(c->minifat);
	free(c->dir);
	free(c);
}

static int load(lt_fmt_cfb *c)
{
	unsigned char h[512], *sec = NULL;
	uint32_t nfatsec, difat_start, ndifat, nsec;
	uint32_t *fatsecs = NULL, nfs = 0;
	lt_buf dirb = LT_BUF_INIT, mf = LT_BUF_INIT;
	int rc = -1;
	size_t ssz;

	if (pread(c->fd, h, sizeof(h), 0) != (ssize_t)sizeof(h) ||
	    memcmp(h, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) != 0)
		return -1;
	c->shift = le16(h + 0x1E);
	c->mini_shift = le16(h + 0x20);
	if ((c->shift != 9 && c->shift != 12) || c->mini_shift != 6)
		return -1;
	ssz = (size_t)1 << c->shift;
	c->cutoff = le32(h + 0x38);
	nfatsec = le32(h + 0x2C);
	difat_start = le32(h + 0x44);
	ndifat = le32(h + 0x48);
	nsec = sectors_in_file(c) + 1;
	if (nfatsec > nsec || ndifat > nsec)
		return -1;
	if (!(sec = malloc(ssz)) || !(fatsecs = calloc(nfatsec ? nfatsec : 1, sizeof(*fatsecs))))
		goto out;
	/* The FAT's sectors: 109 in the header, the rest along the DIFAT. */
	for (uint32_t i = 0; i < 109 && nfs < nfatsec; i++)
		fatsecs[nfs++] = le32(h + 0x4C + 4 * i);
	for (uint32_t d = difat_start, k = 0; nfs < nfatsec && d != ENDOFCHAIN && k < ndifat; k++) {
		if (read_sector(c, d, sec) != 0)
			goto out;
		for (size_t i = 0; i + 1 < ssz / 4 && nfs < nfatsec; i++)
			fatsecs[nfs++] = le32(sec + 4 * i);
		d = le32(sec + ssz - 4);
	}
	c->nfat = nfs * (uint32_t)(ssz / 4);
	if (!(c->fat = calloc(c->nfat ? c->nfat : 1, sizeof(*c->fat))))
		goto out;
	for (uint32_t i = 0; i < nfs; i++) {
		if (read_sector(c, fatsecs[i], sec) != 0)
			goto out;
		for (size_t k = 0; k < ssz / 4; k++)
			c->fat[(size_t)i * (ssz / 4) + k] = le32(sec + 4 * k);
	}
	/* The directory. */
	if (read_chain(c, le32(h + 0x30), (size_t)MAX_DIR * 128, &dirb) != 0 || dirb.len < 128)
		goto out;
	c->ndir = dirb.len / 128;
	if (!(c->dir = calloc(c->ndir, sizeof(*c->dir))))
		goto out;
	for (size_t i = 0; i < c->ndir; i++) {
		const unsigned char *e = (const unsigned char *)dirb.data + i * 128;
		size_t nl = le16(e + 0x40) / 2;
		dirent_ *d = &c->dir[i];
		if (nl > 32)
			nl = 32;
		for (size_t k = 0; k + 1 < nl && k + 1 < sizeof(d->name); k++) {
			uint16_t ch = le16(e + 2 * k);
			d->name[k] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
		}
		d->type = e[0x42];
		d->start = le32(e + 0x74);
		d->size = le32(e + 0x78) | (c->shift == 12 ? (uint64_t)le32(e + 0x7C) << 32 : 0);
	}
	/* The mini FAT, for streams under the cutoff. */
	if (le32(h + 0x40) > 0 && le32(h + 0x40) <= nsec &&
	    read_chain(c, le32(h + 0x3C), (size_t)le32(h + 0x40) * ssz, &mf) == 0) {
		c->nminifat = (uint32_t)(mf.len / 4);
		if ((c->minifat = calloc(c->nminifat ? c->nminifat : 1, sizeof(*c->minifat))))
			for (uint32_t k = 0; k < c->nminifat; k++)
				c->minifat[k] = le32((const unsigned char *)mf.data + 4 * k);
	}
	rc = 0;
out:
	free(sec);
	free(fatsecs);
	lt_buf_free(&dirb);
	lt_buf_free(&mf);
	return rc;
}

int lt_fmt_cfb_open(lt_fmt_cfb **out, const char *path, lt_error *err)
{
	lt_fmt_cfb *c = calloc(1, sizeof(*c));
	struct stat st;

	*out = NULL;
	if (!c)
		return lt_error_set(err, LT_ENOMEM, "out of memory");
	c->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (c->fd < 0 || fstat(c->fd, &st) != 0) {
		lt_fmt_cfb_free(c);
		return lt_fmt_corrupt(err, path, "OLE2", "open");
	}
	c->file_size = (uint64_t)st.st_size;
	if (load(c) != 0) {
		lt_fmt_cfb_free(c);
		return lt_fmt_corrupt(err, path, "OLE2",
		                      LT_TR("không đọc được cấu trúc tệp", "unreadable structure"));
	}
	*out = c;
	return LT_OK;
}

static const dirent_ *find(const lt_fmt_cfb *c, const char *name)
{
	for (size_t i = 0; i < c->ndir; i++)
		if (c->dir[i].type == 2 && strcasecmp(c->dir[i].name, name) == 0)
			return &c->dir[i];
	return NULL;
}

int lt_fmt_cfb_has(const lt_fmt_cfb *c, const char *name, uint64_t *size)
{
	const dirent_ *d = find(c, name);
	if (d && size)
		*size = d->size;
	return d != NULL;
}

int lt_fmt_cfb_read(lt_fmt_cfb *c, const char *name, size_t max, lt_buf *out, lt_error *err)
{
	const dirent_ *d = find(c, name);
	size_t want;

	if (!d)
		return lt_error_set(err, LT_ENOTFOUND, "OLE2 stream %s not found", name);
	want = d->size < max ? (size_t)d->size : max;
	if (d->size >= c->cutoff) {
		if (read_chain(c, d->start, want, out) != 0)
			return lt_error_set(err, LT_ECORRUPT, "OLE2 stream %s unreadable", name);
		return LT_OK;
	}
	/* A small stream lives in the mini stream, the root entry's chain. */
	{
		lt_buf mini = LT_BUF_INIT;
		unsigned char *buf = NULL;
		collect k;
		int r = -1;

		if (c->ndir && c->dir[0].type == 5 && c->dir[0].size < (64u << 20) &&
		    read_chain(c, c->dir[0].start, (size_t)c->dir[0].size, &mini) == 0) {
			k = (collect){c, out, want, buf, &mini, 1u << c->mini_shift};
			r = walk_chain(c->minifat, c->nminifat, d->start,
			               (uint32_t)(mini.len >> c->mini_shift) + 1, collect_mini, &k);
		}
		lt_buf_free(&mini);
		if (r < 0)
			return lt_error_set(err, LT_ECORRUPT, "OLE2 stream %s unreadable", name);
	}
	return LT_OK;
}

lt_media_type lt_fmt_cfb_classify(const char *path)
{
	lt_fmt_cfb *c = NULL;
	lt_media_type t = LT_MEDIA_UNKNOWN;

	if (lt_fmt_cfb_open(&c, path, NULL) != LT_OK)
		return LT_MEDIA_UNKNOWN;
	if (lt_fmt_cfb_has(c, "EncryptedPackage", NULL))
		t = LT_MEDIA_DOCX; /* an encrypted OOXML package; refused when read */
	else if (lt_fmt_cfb_has(c, "WordDocument", NULL))
		t = LT_MEDIA_DOC;
	else if (lt_fmt_cfb_has(c, "Workbook", NULL) || lt_fmt_cfb_has(c, "Book", NULL))
		t = LT_MEDIA_XLS;
	lt_fmt_cfb_free(c);
	return t;
}
