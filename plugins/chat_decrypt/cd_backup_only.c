/*
 * cd_backup_only.c - the "only in backup" marking: after the chat plugin parsed both the live WhatsApp
 * msgstore.db and a decrypted backup (a derived file with transform whatsapp-crypt*), every backup
 * message whose key (thread + details.key_id + direction) is absent from the live database's messages gets a
 * chat.backup_only finding linked to it ("marks"). Nothing is marked when no live WhatsApp message
 * exists in the evidence item (then "only in backup" would say nothing). Rows are visited in id
 * order, so the output is deterministic.
 */
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_decrypt.h"

typedef struct ids {
    int64_t *v;
    size_t n, cap;
} ids;

typedef struct msg {
    int64_t id, file_id;
    char *key;
} msg;

typedef struct bo {
    ids backup_files;
    char **live;
    size_t n_live, cap_live;
    msg *backup;
    size_t n_backup, cap_backup;
    int rc;
} bo;

static int ids_add(ids *s, int64_t v)
{
    if (s->n == s->cap) {
        size_t nc = s->cap ? s->cap * 2 : 16;
        int64_t *nv = realloc(s->v, nc * sizeof *nv);
        if (!nv) return DFT_ENOMEM;
        s->v = nv;
        s->cap = nc;
    }
    s->v[s->n++] = v;
    return DFT_OK;
}

static bool ids_has(const ids *s, int64_t v)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i] == v) return true;
    return false;
}

static int on_file(void *payload, const dft_row *r)
{
    bo *b = payload;
    const char *t = dft_row_text(r, "transform");
    if (t && strncmp(t, "whatsapp-crypt", 14) == 0) return ids_add(&b->backup_files, dft_row_int(r, "id", 0));
    return DFT_OK;
}

/* "thread|key_id|direction" of a WhatsApp message, malloc'd, or NULL when it has no key_id. */
static char *msg_key(const dft_row *r)
{
    const char *details = dft_row_text(r, "details");
    if (!details) return NULL;
    json_t *j = json_loads(details, 0, NULL);
    const char *kid = j ? json_string_value(json_object_get(j, "key_id")) : NULL;
    char *out = NULL;
    if (kid && *kid) {
        const char *th = dft_row_text(r, "thread"), *dir = dft_row_text(r, "direction");
        size_t n = strlen(kid) + (th ? strlen(th) : 0) + (dir ? strlen(dir) : 0) + 3;
        out = malloc(n);
        if (out) snprintf(out, n, "%s|%s|%s", th ? th : "", kid, dir ? dir : "");
    }
    json_decref(j);
    return out;
}

static int on_message(void *payload, const dft_row *r)
{
    bo *b = payload;
    const char *app = dft_row_text(r, "app");
    if (!app || strcmp(app, "whatsapp") != 0) return DFT_OK;
    int64_t file_id = dft_row_int(r, "file_id", 0);
    char *key = msg_key(r);
    if (!key) return DFT_OK;
    if (ids_has(&b->backup_files, file_id)) {
        if (b->n_backup == b->cap_backup) {
            size_t nc = b->cap_backup ? b->cap_backup * 2 : 64;
            msg *nv = realloc(b->backup, nc * sizeof *nv);
            if (!nv) { free(key); return DFT_ENOMEM; }
            b->backup = nv;
            b->cap_backup = nc;
        }
        b->backup[b->n_backup++] = (msg){ dft_row_int(r, "id", 0), file_id, key };
    } else {
        if (b->n_live == b->cap_live) {
            size_t nc = b->cap_live ? b->cap_live * 2 : 64;
            char **nv = realloc(b->live, nc * sizeof *nv);
            if (!nv) { free(key); return DFT_ENOMEM; }
            b->live = nv;
            b->cap_live = nc;
        }
        b->live[b->n_live++] = key;
    }
    return DFT_OK;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int cd_backup_only_pass(dft_pass *p, void *state)
{
    (void)state;
    bo b = { 0 };
    int rc = dft_pass_each(p, "files", NULL, NULL, on_file, &b);
    if (!rc && b.backup_files.n) rc = dft_pass_each(p, "messages", "chat", NULL, on_message, &b);
    if (!rc && b.n_live && b.n_backup) {
        qsort(b.live, b.n_live, sizeof *b.live, cmp_str);
        for (size_t i = 0; i < b.n_backup && !rc; i++) {
            if (dft_pass_cancelled(p)) {
                rc = DFT_ECANCELLED;
                break;
            }
            if (bsearch(&b.backup[i].key, b.live, b.n_live, sizeof *b.live, cmp_str)) continue;
            dft_scan *s = dft_pass_scan(p, b.backup[i].file_id);
            if (!s) continue;
            dft_finding f = DFT_INIT(dft_finding);
            f.kind = "chat.backup_only";
            f.subkind = "whatsapp";
            f.value = "message only in the backup";
            f.offset = -1;
            f.length = -1;
            f.confidence = 1.0;
            f.details = "{\"compared_with\":\"live msgstore.db messages (thread, key_id, direction)\"}";
            dft_ref ref;
            rc = dft_emit_finding(s, &f, &ref);
            if (!rc) rc = dft_emit_link(s, ref, "marks", (dft_ref){ DFT_TABLE_MESSAGE, b.backup[i].id }, NULL);
        }
    }
    for (size_t i = 0; i < b.n_live; i++) free(b.live[i]);
    for (size_t i = 0; i < b.n_backup; i++) free(b.backup[i].key);
    free(b.live);
    free(b.backup);
    free(b.backup_files.v);
    return rc;
}
