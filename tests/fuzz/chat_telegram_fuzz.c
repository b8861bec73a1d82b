/*
 * chat_telegram_fuzz.c - fuzz harness for the Telegram Android cache4.db parser over hostile SQLite
 * files (and the iOS postbox parser): the whole input is cache4.db or db_sqlite, opened with dft_chatdb_open (sqlite_safe: private copy,
 * budgets) and, when it opens, offered to detect() and parse() with a sink that counts rows.
 * Seeds: tests/fuzz/corpus/chat_telegram/ (small real-schema databases from gen_fuzz_corpus.py).
 * Checks: parse returns OK or an expected error code; the counts it reports match the rows the sink
 * saw; every message row has a source; the run ends within a few seconds.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "chatdb.h"
#include "error.h"
#include "fuzz_check.h"
#include "fuzz_tmp.h"

extern const dft_chat_parser dft_chat_parser_telegram_android;
extern const dft_chat_parser dft_chat_parser_telegram_ios;

typedef struct counts {
    int64_t messages, contacts;
} counts;

static int on_msg(void *p, const dft_chat_msg *m)
{
    FUZZ_CHECK(m->source && *m->source);
    ((counts *)p)->messages++;
    return 0;
}

static int on_contact(void *p, const dft_chat_contact *c)
{
    (void)c;
    ((counts *)p)->contacts++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[4096];
    fuzz_tmp_template(path, sizeof path, "dft-tg-fuzz-");
    int fd = mkstemp(path);
    if (fd < 0) return 0;
    FILE *f = fdopen(fd, "wb");
    size_t w = size ? fwrite(data, 1, size, f) : 0;
    fclose(f);
    if (w == size) {
        dft_chatdb *db = NULL;
        dft_chatdb_opts o = { .path = path, .time_budget_ms = 3000 };
        time_t start = time(NULL);
        if (dft_chatdb_open(&db, &o) == DFT_OK) {
            dft_chat_ctx ctx = { .device_path = "/data/data/org.telegram.messenger/files/cache4.db" };
            const dft_chat_parser *ps[] = { &dft_chat_parser_telegram_android, &dft_chat_parser_telegram_ios };
            for (size_t i = 0; i < 2; i++) {
                const dft_chat_parser *p = ps[i];
                if (p->detect(db, &ctx) <= 0) continue;
                counts c = { 0 };
                dft_chat_sink sink = { .payload = &c, .message = on_msg, .contact = on_contact };
                dft_chat_stats st = { 0 };
                int rc = p->parse(db, &ctx, &sink, &st);
                FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT || rc == DFT_ELIMIT || rc == DFT_ECANCELLED ||
                           rc == DFT_EIO);
                FUZZ_CHECK(st.messages == c.messages && st.contacts == c.contacts);
            }
            dft_chatdb_close(db);
        }
        FUZZ_CHECK(time(NULL) - start < 15);
    }
    unlink(path);
    return 0;
}
