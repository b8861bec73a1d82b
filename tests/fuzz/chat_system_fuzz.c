/*
 * chat_system_fuzz.c - fuzz harness for the system chat parsers (parsers/chat_sms_android.c,
 * chat_bugle.c, chat_imessage.c, chat_contacts_android.c, chat_calllog.c, chat_addressbook.c) over
 * hostile SQLite files: the whole input is the database. Seeds (tests/fuzz/corpus/chat_system/,
 * tests/chat_system/gen_fuzz_corpus.py) are small databases of each schema (rows in zh/th/vi,
 * attributedBody blobs, groups) plus hostile variants: a threads.recipient_ids of thousands of ids,
 * an attributedBody with a lying length, tables as views, NULLs and wrong types everywhere; the
 * mutator then damages pages and headers.
 *
 * The harness writes the input to a private temp file, opens it with dft_chatdb_open (no WAL),
 * offers it to every parser of this family whose detect() accepts it, with a checking sink and a
 * cancel callback that turns true after CANCEL_AFTER_S seconds. Checks: parse returns DFT_OK,
 * DFT_ECORRUPT, DFT_ECANCELLED or DFT_ELIMIT; rows have a "table:rowid" source, a direction of
 * "in"/"out"/NULL, a details object text; the run ends within CANCEL_AFTER_S + 5 s.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatdb.h"
#include "error.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

#define CANCEL_AFTER_S 3

extern const dft_chat_parser dft_chat_parser_sms_android, dft_chat_parser_bugle, dft_chat_parser_imessage,
    dft_chat_parser_calllog_android, dft_chat_parser_callhistory_ios, dft_chat_parser_contacts_android,
    dft_chat_parser_addressbook_ios;

static const dft_chat_parser *const parsers[] = {
    &dft_chat_parser_sms_android, &dft_chat_parser_bugle,           &dft_chat_parser_imessage,
    &dft_chat_parser_calllog_android, &dft_chat_parser_callhistory_ios, &dft_chat_parser_contacts_android,
    &dft_chat_parser_addressbook_ios,
};

static double start;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void check_source(const char *src)
{
    FUZZ_CHECK(src != NULL);
    const char *colon = strrchr(src, ':');
    FUZZ_CHECK(colon && colon != src && colon[1] && strspn(colon + 1, "-0123456789") == strlen(colon + 1));
}

static void check_details(const char *d)
{
    FUZZ_CHECK(d == NULL || (d[0] == '{' && d[strlen(d) - 1] == '}'));
}

static void check_dir(const char *d)
{
    FUZZ_CHECK(d == NULL || strcmp(d, "in") == 0 || strcmp(d, "out") == 0);
}

static int s_msg(void *p, const dft_chat_msg *m)
{
    (void)p;
    check_source(m->source);
    check_details(m->details);
    check_dir(m->direction);
    FUZZ_CHECK(m->deleted == 0 || m->deleted == 1);
    return DFT_OK;
}

static int s_contact(void *p, const dft_chat_contact *c)
{
    (void)p;
    check_source(c->source);
    check_details(c->details);
    return DFT_OK;
}

static int s_call(void *p, const dft_chat_call *c)
{
    (void)p;
    check_source(c->source);
    check_details(c->details);
    check_dir(c->direction);
    FUZZ_CHECK(c->duration_s >= -1);
    return DFT_OK;
}

static void s_warning(void *p, const char *msg)
{
    (void)p;
    FUZZ_CHECK(msg && strlen(msg) < 4096);
}

static bool s_cancelled(void *p)
{
    (void)p;
    return mono() - start > CANCEL_AFTER_S;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_tmp_template(path, sizeof path, "dft-chatsys-fuzz-");
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    bool ok = size == 0 || write(fd, data, size) == (ssize_t)size;
    close(fd);
    if (ok) {
        start = mono();
        dft_chatdb_opts o = { .path = path, .cancelled = s_cancelled };
        dft_chatdb *db = NULL;
        if (dft_chatdb_open(&db, &o) == DFT_OK) {
            dft_chat_ctx ctx = { .device_path = "/private/var/mobile/Library/SMS/sms.db", .region = "TH",
                                 .account_hint = "0812345678" };
            dft_chat_sink sink = { .message = s_msg, .contact = s_contact, .call = s_call, .warning = s_warning };
            for (size_t i = 0; i < sizeof parsers / sizeof *parsers; i++) {
                if (parsers[i]->detect(db, &ctx) <= 0) continue;
                dft_chat_stats st;
                memset(&st, 0, sizeof st);
                int rc = parsers[i]->parse(db, &ctx, &sink, &st);
                if (!(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ECANCELLED || rc == DFT_ELIMIT))
                    fprintf(stderr, "chat_system_fuzz: %s returned %d: %s\n", parsers[i]->name, rc, dft_error_last());
                FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ECANCELLED || rc == DFT_ELIMIT);
                FUZZ_CHECK(st.messages >= st.messages_only_in_wal && st.skipped >= 0);
            }
            dft_chatdb_close(db);
        }
        FUZZ_CHECK(mono() - start < CANCEL_AFTER_S + 5);
    }
    unlink(path);
    return 0;
}
