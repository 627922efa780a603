/*
 * service/cli.h — shared plumbing of the `luutru` command line.
 *
 * The CLI is a front door only: it parses arguments, calls the layers below
 * and prints. Messages for people are Vietnamese first (English with
 * --lang en or LUUTRU_LANG=en); machine output (--json) is UTF-8 JSON on
 * stdout. Errors go to stderr as "luutru: <message>" and the process exits
 * with lt_status_exit_code() (docs/cli.md lists the codes).
 */
#ifndef LT_SERVICE_CLI_H
#define LT_SERVICE_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "archive/archive.h"
#include "archive/jobs.h"
#include "core/error.h"

typedef struct lt_cli {
	const char *data_dir; /* --data, LUUTRU_DATA, or ./luutru-data */
	const char *argv0;
	/* Who acts (docs/security.md, "The command line"): --user (global or
	 * a command's own), else $LUUTRU_USER; authenticated by
	 * --password-stdin, a password typed at the terminal, or an API token
	 * in $LUUTRU_TOKEN. With none of them the command runs as the operator
	 * who owns the data directory: the system principal. */
	const char *user;
	int password_stdin;
} lt_cli;

typedef int (*lt_cli_cmd_fn)(lt_cli *cli, int argc, char **argv);

typedef struct lt_cli_command {
	const char *name;
	lt_cli_cmd_fn run;
	const char *summary_vi;
	const char *summary_en;
} lt_cli_command;

/* Print the error to stderr and return its exit code. */
int lt_cli_fail(const lt_error *err);

/*
 * --json and failures. Every command that takes --json prints one JSON
 * document on stdout; when it fails before printing its own, main() ends
 * with lt_cli_finish, which prints
 *     {"error": {"code": "no_space", "message": "...", "exit": 5}}
 * (code: lt_status_name of the last error lt_cli_fail or
 * lt_cli_usage_error reported; the message is the one on stderr).
 */
struct json_t;
/* main(): the command line asks for --json (before any "--"). */
void lt_cli_json_mode(int argc, char **argv);
/* Print root (jansson flags) and a newline on stdout: commands print
 * their --json output through it. */
void lt_cli_print_json(const struct json_t *root, size_t flags);
/* The command printed its document some other way (lt_cli_emit). */
void lt_cli_printed(void);
/* main(): the command's exit code, after the JSON error object when one
 * is owed. */
int lt_cli_finish(int exit_code);
/* Print a usage error ("luutru <cmd>: <message>; see luutru <cmd> --help")
 * and return exit code 2. */
int lt_cli_usage_error(const char *cmd, const char *fmt, ...) LT_PRINTF(2, 3);
/* True when argv holds -h or --help. */
int lt_cli_wants_help(int argc, char **argv);
/* Parse a non-negative integer option value within [min, max]. */
int lt_cli_parse_size(const char *cmd, const char *opt, const char *value, size_t min, size_t max,
                      size_t *out);

/* Open the data directory (must exist: `luutru init` makes it) and bind
 * the principal who acts (lt_cli.user) to its catalog: every read and
 * write of the command is then that person's (archive/access.h). A wrong
 * password or token is LT_EDENIED. Unless flags has LT_ARCHIVE_READONLY,
 * the first such open in the process also removes the scratch files of
 * stopped processes, makes this process's (<data>/tmp/<process>/, where
 * TMPDIR then points; removed at exit), and puts the jobs of stopped
 * processes back in the queue, saying so on stderr (archive/jobs.h,
 * lt_jobs_reclaim). */
int lt_cli_open_archive(lt_cli *cli, lt_archive **out, unsigned flags, lt_error *err);
/* Jobs lt_cli_open_archive has taken back so far in this process. */
size_t lt_cli_reclaimed(void);

int lt_cmd_init(lt_cli *cli, int argc, char **argv);
int lt_cmd_ingest(lt_cli *cli, int argc, char **argv);
int lt_cmd_import(lt_cli *cli, int argc, char **argv);
int lt_cmd_package(lt_cli *cli, int argc, char **argv);
int lt_cmd_search(lt_cli *cli, int argc, char **argv);
int lt_cmd_synonyms(lt_cli *cli, int argc, char **argv); /* service/cmd_synonyms.c */
int lt_cmd_reindex(lt_cli *cli, int argc, char **argv);  /* service/cmd_reindex.c */
int lt_cmd_show(lt_cli *cli, int argc, char **argv);
int lt_cmd_ocr(lt_cli *cli, int argc, char **argv); /* service/cmd_ocr.c */
int lt_cmd_doctor(lt_cli *cli, int argc, char **argv);
/* reliability: verify / fixity, backup and restore (cmd_verify.c, cmd_backup.c) */
int lt_cmd_verify(lt_cli *cli, int argc, char **argv);
int lt_cmd_backup(lt_cli *cli, int argc, char **argv);
int lt_cmd_restore(lt_cli *cli, int argc, char **argv);
int lt_cmd_serve(lt_cli *cli, int argc, char **argv); /* service/cmd_serve.c */
int lt_cmd_user(lt_cli *cli, int argc, char **argv);  /* service/cmd_user.c */
/* retention/ front doors (service/cmd_retention.c, service/cmd_check.c) */
int lt_cmd_retention(lt_cli *cli, int argc, char **argv);
int lt_cmd_hold(lt_cli *cli, int argc, char **argv);
int lt_cmd_dispose(lt_cli *cli, int argc, char **argv);
int lt_cmd_transfer(lt_cli *cli, int argc, char **argv);
int lt_cmd_check(lt_cli *cli, int argc, char **argv);
int lt_cmd_stats(lt_cli *cli, int argc, char **argv);

/* ---- records: edit, history, links, tasks, tracking register ("links") --- */

int lt_cmd_edit(lt_cli *cli, int argc, char **argv);
int lt_cmd_history(lt_cli *cli, int argc, char **argv);
int lt_cmd_link(lt_cli *cli, int argc, char **argv);
int lt_cmd_task(lt_cli *cli, int argc, char **argv);
int lt_cmd_tracking(lt_cli *cli, int argc, char **argv);

/* A record reference (numeric id, uid or docId) → its id (cmd_link.c). */
int lt_cli_record_id(lt_catalog *cat, const char *ref, int64_t *id, lt_error *err);

/* Shared printers for show and the record commands; the json_t returned
 * is a new reference. */
struct json_t;
struct lt_link_list;
struct lt_task;
struct lt_history;
struct json_t *lt_cli_links_json(lt_catalog *cat, const struct lt_link_list *links, int64_t self);
void lt_cli_links_print(lt_catalog *cat, const struct lt_link_list *links, int64_t self);
struct json_t *lt_cli_task_json(const struct lt_task *t);
void lt_cli_task_print(const struct lt_task *t, const char *indent);
struct json_t *lt_cli_history_json(const struct lt_history *h);
void lt_cli_history_print(const struct lt_history *h);

/* ---- registers, dossier catalog, dossiers, agency settings ("dossier") --- */

int lt_cmd_register(lt_cli *cli, int argc, char **argv);
int lt_cmd_catalog(lt_cli *cli, int argc, char **argv);
int lt_cmd_dossier(lt_cli *cli, int argc, char **argv);
int lt_cmd_deposit(lt_cli *cli, int argc, char **argv); /* cmd_dossier.c */
int lt_cmd_config(lt_cli *cli, int argc, char **argv);

/* Options for lt_cli_parse_opts (cmd_register.c): name ("--year"),
 * has_value; value and set are filled. Other arguments go to pos[].
 * Returns 0 or a usage exit code. */
typedef struct lt_cli_opt {
	const char *name;
	int has_value;
	const char *value;
	int set;
} lt_cli_opt;
int lt_cli_parse_opts(const char *cmd, int argc, char **argv, int start, lt_cli_opt *opts,
                      size_t nopts, char **pos, int *npos);
/* getopt_long's ':' (a missing value) or '?' (an unknown option) for arg
 * as a usage error of cmd; returns the usage exit code. */
int lt_cli_bad_option(const char *cmd, int opt, const char *arg);
/* The login of who acts on ar (its catalog's principal): the
 * authenticated user, else the operator's system login. */
const char *lt_cli_who(lt_archive *ar);
/* An audit entry for something done at the command line (a view, print or
 * export of records, a rights change), written as "cli:<lt_cli_who()>".
 * As the service does, a read whose entry cannot be written is not given:
 * callers fail on an error. */
/* After a recognition run: when jobs failed, how many and why the first
 * one did (stderr). */
void lt_cli_jobs_failed(const lt_jobs_stats *st);

int lt_cli_audit(lt_archive *ar, const char *action, const char *object, const char *detail,
                 lt_error *err);
/* Write data to path (atomically), or to stdout when path is NULL or "-". */
struct lt_buf;
int lt_cli_emit(const struct lt_buf *data, const char *path, lt_error *err);
/* FIELD=VALUE arguments (`dossier set`, `catalog amend`): each args[i] is
 * cut at its first '=' in place (it keeps the field), vals[i] points at the
 * value. A usage error of cmd (exit code) when one has no '='. */
int lt_cli_split_kv(const char *cmd, char **args, int n, const char **vals);
/* --year value → year; usage exit code when missing or bad. */
int lt_cli_parse_year(const char *cmd, const char *value, int *year);

#endif
