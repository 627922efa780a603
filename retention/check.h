/*
 * retention/check.h — the inspector's compliance checks (REGULATIONS §10).
 *
 * lt_check_run() evaluates every rule the data model supports on the
 * catalog (read-only) and returns, per rule, a status and its findings:
 *   ok             checked, nothing wrong
 *   failed         checked, findings listed (severity error/warning/info)
 *   partial        part of the rule is checked; the rest is stated as not
 *                  checkable in an info finding
 *   not_checkable  the data the rule needs is not in the model; the reason
 *                  is given — never reported as passing
 * Each finding names the rule id, its legal source, a severity and the
 * offending objects (ids, codes). docs/compliance.md lists every rule.
 *
 * The year option limits year-bound rules (registers, the file plan,
 * dossiers of that year); 0 means every year (the file-plan rule 15 then
 * uses the year of `today`).
 */
#ifndef LT_RETENTION_CHECK_H
#define LT_RETENTION_CHECK_H

#include <stddef.h>

#include "archive/archive.h"
#include "core/date.h"
#include "core/error.h"
#include "retention/report.h"

typedef enum lt_severity { LT_SEV_INFO = 0, LT_SEV_WARNING = 1, LT_SEV_ERROR = 2 } lt_severity;

const char *lt_severity_name(lt_severity s);

typedef struct lt_check_opts {
	int year;            /* 0 = all years */
	lt_date today;       /* "now" for deadlines */
	lt_blobstore *blobs; /* optional: rule 38 also checks the blob files */
} lt_check_opts;

typedef struct lt_finding {
	int rule;
	const char *source; /* static */
	lt_severity severity;
	char *object; /* "dossier 12 (000.00.00.G09.2025.01.TH)" */
	char *message;
} lt_finding;

typedef struct lt_rule_result {
	int rule;
	const char *source;
	const char *title;  /* in the current language, static */
	const char *status; /* "ok", "failed", "partial", "not_checkable" (static) */
	const char *note;   /* why not (fully) checkable, or NULL (static) */
	size_t nfindings;
} lt_rule_result;

typedef struct lt_check_result {
	lt_rule_result *rules;
	size_t nrules;
	lt_finding *findings;
	size_t nfindings;
} lt_check_result;

int lt_check_run(lt_check_result **out, lt_catalog *cat, const lt_check_opts *opts, lt_error *err);
void lt_check_result_free(lt_check_result *r);

/* Findings of one rule with at least the given severity. */
size_t lt_check_count(const lt_check_result *r, int rule, lt_severity min);
const lt_rule_result *lt_check_rule(const lt_check_result *r, int rule);

/* Two tables: "rules" (every rule and its status) and "findings". */
int lt_check_report(lt_report **out, const lt_check_result *r, lt_error *err);

#endif
