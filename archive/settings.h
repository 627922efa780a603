/*
 * archive/settings.h — agency-wide settings kept in the catalog's settings
 * table (key → value, UTF-8 text).
 *
 * Known keys:
 *   organ_id    mã định danh of the agency (QCVN 102:2016/BTTTT form, at
 *               most 13 characters, e.g. "000.00.00.G09"); the first part
 *               of every dossier code (fileCode = organ_id.year.notation)
 *   organ_name  the agency's name as printed on registers and catalogs
 *   organ_parent the parent agency (tên cơ quan chủ quản) printed above it
 *               on the forms (NĐ 30 Phụ lục I); empty: none
 *   place       the place name (địa danh) of the forms' date line:
 *               "Hà Tĩnh, ngày 05 tháng 12 năm 2026"
 * Other keys are refused so a typo cannot silently create a setting.
 *
 * Every set is one transaction with an audit_log row ("settings.set").
 * Strings returned through **out are malloc'd; free them with free().
 */
#ifndef LT_ARCHIVE_SETTINGS_H
#define LT_ARCHIVE_SETTINGS_H

#include "archive/catalog.h"
#include "core/error.h"

#define LT_SETTING_ORGAN_ID     "organ_id"
#define LT_SETTING_ORGAN_NAME   "organ_name"
#define LT_SETTING_ORGAN_PARENT "organ_parent"
#define LT_SETTING_PLACE        "place"

/* *out = the value, or LT_ENOTFOUND (with a message) when unset. */
int lt_settings_get(char **out, lt_catalog *cat, const char *key, lt_error *err);

/* Validate and store a value; who is recorded in the audit log. */
int lt_settings_set(lt_catalog *cat, const char *key, const char *value, const char *who,
                    lt_error *err);

/* The organ id, or LT_ESTATE with a message telling how to set it. */
int lt_settings_organ_id(char **out, lt_catalog *cat, lt_error *err);

/* 0 when s is a well-formed organ id (QCVN 102: groups of digits or
 * capital letters and digits separated by dots, ≤ 13 characters). */
int lt_settings_check_organ_id(const char *s, lt_error *err);

#endif
