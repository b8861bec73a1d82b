/*
 * chat_export.c - the `chat_export` plugin: chat histories exported by the apps themselves, found as
 * files: WhatsApp "WhatsApp Chat with X.txt" (Android) and "_chat.txt" (iOS), Telegram Desktop
 * "result.json". The files are read as streams by parsers/chat_export_{whatsapp,telegram}.c, so a
 * large export costs no more memory than its longest message. Every message becomes a `messages`
 * row (app whatsapp/telegram); an attachment named by the export that exists beside it is linked
 * ("attachment"); one chat.export finding per export records the format, the inferred date order,
 * the time zone assumed, counts and participants.
 *
 * Options: time_zone (exports carry local times without a zone; a fixed offset "+07:00", default UTC),
 * self_name (the exporting account's display name in a WhatsApp export: gives directions),
 * default_region (phone numbers of a Telegram full export).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chat_export_telegram.h"
#include "chat_export_whatsapp.h"
#include "plugin.h"

typedef struct export_run {
    dft_scan *s;
    const dft_content *c;
    const char *app;
    int64_t linked;
} export_run;

/* details + "sender_name"/"attachment_mime" (the parser's object with two keys appended). */
static char *details_plus(const char *details, const char *name, const char *mime)
{
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "sender_name", name);
    dft_chat_json_str(&j, "attachment_mime", mime);
    const char *add = j.any ? dft_chat_json_end(&j) : NULL;
    char *out = NULL;
    size_t dl = details ? strlen(details) : 0;
    if (!add) out = details ? strdup(details) : NULL;
    else if (dl < 3 || details[dl - 1] != '}') out = strdup(add);
    else {
        size_t al = strlen(add);
        out = malloc(dl + al + 1);
        if (out) {
            memcpy(out, details, dl - 1);
            out[dl - 1] = ',';
            memcpy(out + dl, add + 1, al);   /* includes the NUL */
        }
    }
    dft_chat_json_free(&j);
    return out;
}

static int sink_message(void *payload, const dft_chat_msg *m)
{
    export_run *r = payload;
    char *details = details_plus(m->details, m->sender_name, m->attachment_mime);
    dft_message msg = DFT_INIT(dft_message);
    msg.app = r->app;
    msg.account = m->account;
    msg.thread = m->thread;
    msg.thread_title = m->thread_title;
    msg.sender = m->sender;
    msg.recipient = m->recipient;
    msg.direction = m->direction;
    msg.sent_utc = m->sent_utc && *m->sent_utc ? m->sent_utc : NULL;
    msg.body = m->body;
    msg.attachment = m->attachment;
    msg.deleted = m->deleted;
    msg.source = m->source;
    msg.offset = -1;
    msg.details = details;
    dft_ref ref = { 0 };
    int rc = dft_emit_message(r->s, &msg, &ref);
    /* an attachment the export names, when the file is beside it (relative to the export) */
    if (rc == DFT_OK && m->attachment && *m->attachment && dft_ref_is_set(ref)) {
        dft_dirent e = DFT_INIT(dft_dirent);
        if (dft_content_lookup(r->c, m->attachment, &e) == DFT_OK && e.type == 'r') {
            rc = dft_emit_link(r->s, ref, "attachment", dft_ref_file(e.file_id), NULL);
            if (rc == DFT_OK) r->linked++;
        }
    }
    free(details);
    return rc;
}

static void sink_warning(void *payload, const char *message)
{
    export_run *r = payload;
    dft_emit_warning(r->s, -1, "%s export: %s", r->app, message);
}

static bool run_cancelled(void *payload) { return dft_scan_cancelled(((export_run *)payload)->s); }

/* "WhatsApp Chat with X.txt" / "WhatsApp Chat - X.txt" -> X; "_chat.txt" -> from its directory. */
static void thread_name(const dft_file *f, char *out, size_t cap)
{
    out[0] = '\0';
    const char *prefixes[] = { "WhatsApp Chat with ", "WhatsApp Chat - ", "WhatsApp-Chat mit ", "WhatsApp Chat mit ",
                               "Chat de WhatsApp con ", NULL };
    const char *name = f->name ? f->name : "";
    const char *dirname_end = NULL;
    if (strcmp(name, "_chat.txt") == 0 && f->path) {
        /* the directory the iOS zip was unpacked into: ".../WhatsApp Chat - X/_chat.txt" */
        dirname_end = strrchr(f->path, '/');
        const char *start = dirname_end;
        while (start && start > f->path && start[-1] != '/') start--;
        if (start && dirname_end > start) {
            char dir[512];
            snprintf(dir, sizeof dir, "%.*s", (int)(dirname_end - start), start);
            for (const char **p = prefixes; *p; p++)
                if (strncmp(dir, *p, strlen(*p)) == 0) {
                    snprintf(out, cap, "%s", dir + strlen(*p));
                    return;
                }
        }
        return;
    }
    for (const char **p = prefixes; *p; p++) {
        size_t pl = strlen(*p), nl = strlen(name);
        if (nl > pl + 4 && strncmp(name, *p, pl) == 0 && strcmp(name + nl - 4, ".txt") == 0) {
            snprintf(out, cap, "%.*s", (int)(nl - pl - 4), name + pl);
            return;
        }
    }
}

static int emit_finding(dft_scan *s, const char *app, const dft_export_info *info, const dft_export_opts *o,
                        int64_t linked, const char *error)
{
    dft_chat_json j;
    dft_chat_json_begin(&j);
    dft_chat_json_str(&j, "format", info->format);
    dft_chat_json_str(&j, "date_order", info->date_order);
    dft_chat_json_str(&j, "date_order_source", info->date_order_source);
    dft_chat_json_str(&j, "clock", info->clock);
    dft_chat_json_str(&j, "time_zone", o->tz_name ? o->tz_name : "UTC");
    dft_chat_json_str(&j, "account", info->account);
    dft_chat_json_str(&j, "thread", o->thread_hint);
    dft_chat_json_int(&j, "messages", info->messages);
    dft_chat_json_int(&j, "system", info->system);
    dft_chat_json_int(&j, "media_omitted", info->media_omitted);
    dft_chat_json_int(&j, "attachments", info->attachments);
    dft_chat_json_int(&j, "attachments_linked", linked);
    if (info->chats) dft_chat_json_int(&j, "chats", info->chats);
    dft_chat_json_int(&j, "skipped", info->skipped);
    dft_chat_json_int(&j, "truncated", info->truncated);
    /* participants: a JSON array of names */
    size_t cap = 2, len = 1;
    for (size_t i = 0; i < info->participants.n; i++) cap += strlen(info->participants.name[i]) * 6 + 4;
    char *list = malloc(cap + 1);
    if (list) {
        list[0] = '[';
        for (size_t i = 0; i < info->participants.n; i++) {
            dft_chat_json one;
            dft_chat_json_begin(&one);
            dft_chat_json_str(&one, "n", info->participants.name[i]);
            const char *t = dft_chat_json_end(&one);   /* {"n":"..."} -> take the value */
            size_t tl = strlen(t);
            if (i) list[len++] = ',';
            if (tl > 6) {
                memcpy(list + len, t + 5, tl - 6);
                len += tl - 6;
            }
            dft_chat_json_free(&one);
        }
        list[len++] = ']';
        list[len] = '\0';
        dft_chat_json_raw(&j, "participants", list);
        free(list);
    }
    if (info->participants.overflow) dft_chat_json_int(&j, "participants_not_listed", info->participants.overflow);
    if (error) dft_chat_json_str(&j, "error", error);
    dft_finding fd = DFT_INIT(dft_finding);
    fd.kind = "chat.export";
    fd.subkind = app;
    fd.value = info->format ? info->format : "unknown";
    fd.offset = -1;
    fd.length = -1;
    fd.confidence = error ? 0.5 : 1.0;
    fd.details = dft_chat_json_end(&j);
    fd.personal = "details";
    int rc = dft_emit_finding(s, &fd, NULL);
    dft_chat_json_free(&j);
    return rc;
}

static int export_scan(dft_scan *s, const dft_file *f, const dft_content *c)
{
    size_t len = 0;
    const uint8_t *bytes = dft_content_bytes(c, &len);
    uint8_t head[4096];
    size_t hlen = 0;
    const char *path = NULL;
    if (bytes) {
        hlen = len < sizeof head ? len : sizeof head;
        memcpy(head, bytes, hlen);
    } else {
        path = dft_content_path(c);
        if (!path) return DFT_EIO;
        FILE *fp = fopen(path, "rb");
        if (!fp) return dft_error_set(DFT_EIO, "cannot open the copy of %s", f->path);
        hlen = fread(head, 1, sizeof head, fp);
        fclose(fp);
    }
    bool wa = dft_wa_export_sniff(head, hlen);
    bool tg = !wa && dft_tg_export_sniff(head, hlen);
    if (!wa && !tg) return DFT_OK;

    export_run run = { .s = s, .c = c, .app = wa ? "whatsapp" : "telegram" };
    char thread[512];
    thread_name(f, thread, sizeof thread);
    int32_t off = 0;
    const char *tz = dft_scan_option(s, "time_zone");
    if (dft_export_tz_parse(tz, &off) != DFT_OK) {
        dft_emit_warning(s, -1, "chat_export.time_zone \"%s\" not understood (%s): UTC assumed", tz, dft_error_last());
        tz = "UTC";
        off = 0;
    }
    const char *region = dft_scan_option(s, "default_region");
    dft_export_opts o = { .tz_offset_s = off, .tz_name = tz ? tz : "UTC", .self_name = dft_scan_option(s, "self_name"),
                          .thread_hint = thread[0] ? thread : NULL, .region = region && strlen(region) == 2 ? region : NULL,
                          .cancelled = run_cancelled, .payload = &run };
    FILE *fp = bytes ? fmemopen((void *)bytes, len, "r") : fopen(path, "rb");
    if (!fp) return dft_error_set(DFT_EIO, "cannot read %s", f->path);
    dft_chat_sink sink = { .payload = &run, .message = sink_message, .warning = sink_warning };
    dft_export_info info;
    memset(&info, 0, sizeof info);
    int rc = wa ? dft_wa_export_parse(fp, &o, &sink, &info) : dft_tg_export_parse(fp, &o, &sink, &info);
    fclose(fp);
    if (rc == DFT_ECANCELLED) {
        dft_export_info_free(&info);
        return rc;
    }
    char err[512];
    snprintf(err, sizeof err, "%s", rc ? dft_error_last() : "");
    if (!info.format) info.format = wa ? "whatsapp" : "telegram-desktop";
    int rc2 = emit_finding(s, run.app, &info, &o, run.linked, rc ? err : NULL);
    dft_export_info_free(&info);
    if (rc) return dft_error_set(rc == DFT_ENOMEM ? rc : DFT_ECORRUPT, "%s export: %s", run.app, err);
    return rc2;
}

static const dft_claim export_claims[] = {
    { DFT_CLAIM_PATH, "*WhatsApp*.txt" },
    { DFT_CLAIM_PATH, "*whatsapp*.txt" },
    { DFT_CLAIM_NAME, "_chat.txt" },
    { DFT_CLAIM_NAME, "result.json" },
    { DFT_CLAIM_PATH, "*ChatExport*.json" },
    { DFT_CLAIM_END, NULL },
};

static const dft_option export_options[] = {
    { "time_zone", "UTC offset of the exporting device's clock, \"+07:00\" (exports carry local times)", "UTC", 0 },
    { "self_name", "display name of the exporting account in WhatsApp exports (gives in/out directions)", NULL, 0 },
    { "default_region", "ISO 3166 alpha-2 region for national phone numbers", NULL, 0 },
    { NULL, NULL, NULL, 0 },
};

const dft_plugin dft_plugin_chat_export = {
    .abi = DFT_PLUGIN_ABI,
    .struct_size = sizeof(dft_plugin),
    .name = "chat_export",
    .version = "1.0.0",
    .description = "chat exports: WhatsApp .txt (Android, iOS) and Telegram Desktop result.json, streamed",
    .claims = export_claims,
    .access = DFT_ACCESS_WHOLE,
    .options = export_options,
    .scan = export_scan,
};
