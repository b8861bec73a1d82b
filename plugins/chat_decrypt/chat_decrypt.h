/*
 * chat_decrypt.h - internals of the chat_decrypt plugin (encrypted chat stores: WhatsApp crypt12/14/15
 * backups, WeChat EnMicroMsg.db, Signal signal.db/signal.sqlite). One file per app; this header holds
 * what they share: the scanned file's bytes, sibling reading, and the chat.database finding.
 */
#ifndef DFT_CHAT_DECRYPT_H
#define DFT_CHAT_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "plugin.h"

typedef struct cd_file {
    dft_scan *s;
    const dft_file *f;
    const dft_content *c;
    const uint8_t *bytes;   /* the whole file (in memory or mapped) */
    size_t len;
} cd_file;

/* What the chat.database finding of an encrypted store says. */
typedef struct cd_report {
    const char *app;         /* "whatsapp", "wechat", "signal" */
    const char *format;      /* "crypt15", "sqlcipher-v1", ... */
    bool decrypted;
    const char *key_source;  /* "key file /data/...", "option", "imei+uin candidate 2", NULL */
    const char *reason;      /* why not decrypted, or NULL */
    const char *derived;     /* name of the derived file */
    int candidates_tried;    /* -1 when not applicable */
    const char *extra_json;  /* more keys (already JSON members without braces), or NULL */
} cd_report;

int cd_emit_report(const cd_file *cf, const cd_report *r);

/* Reads a small sibling (absolute device path or relative) into a malloc'd NUL-terminated buffer. */
int cd_read_sibling(const cd_file *cf, const char *path, size_t cap, char **out, size_t *len);

/* A value in an Android shared_prefs XML: <T name="NAME" value="V"/> or <T name="NAME">V</T>, copied
 * into out (XML entities are not expected in these values). DFT_ENOTFOUND when absent. */
int cd_prefs_value(const char *xml, const char *name, char *out, size_t cap);

int cd_whatsapp(const cd_file *cf, int version);
int cd_wechat(const cd_file *cf);
int cd_signal(const cd_file *cf);

/* The evidence pass: messages of a decrypted backup that the live msgstore.db lacks. */
int cd_backup_only_pass(dft_pass *p, void *state);

#endif
