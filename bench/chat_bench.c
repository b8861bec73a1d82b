/*
 * chat_bench.c - the WhatsApp parser alone on the benchmark database (bench/chat_bench.py): opens
 * msgstore.db through dft_chatdb_open (the same private copy the plugin gets), runs the Android parser
 * with a sink that only counts rows and sums their text bytes, and prints the wall time, CPU time and
 * peak RSS. The difference to `dftriage ingest` (bench/chat_bench.sh) is the core's share: emits,
 * message-body decode dispatch, the writer and the commit.
 *
 * usage: chat_bench MSGSTORE_DB [DEVICE_PATH [PARSER]]
 * PARSER: another chat parser by name (the chat plugin's list: "discord-kv", "signal-ios", "skype-s4l", ...);
 * default whatsapp-android; "auto": the parser whose detect() scores highest, as the chat plugin picks it.
 * The line also counts the parser's warnings (rows skipped, reading stopped).
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "chatdb.h"
#include "error.h"
#include "plugins/chat/chat_registry.h"

extern const dft_chat_parser dft_chat_parser_whatsapp_android;

typedef struct counts {
    long long messages, calls, contacts, bytes, warnings;
} counts;

static size_t len(const char *s) { return s ? strlen(s) : 0; }

static int on_msg(void *p, const dft_chat_msg *m)
{
    counts *c = p;
    c->messages++;
    c->bytes += (long long)(len(m->account) + len(m->thread) + len(m->thread_title) + len(m->sender) +
                            len(m->recipient) + len(m->sent_utc) + len(m->body) + len(m->attachment) +
                            len(m->source) + len(m->details));
    return DFT_OK;
}

static int on_contact(void *p, const dft_chat_contact *c)
{
    ((counts *)p)->contacts++;
    (void)c;
    return DFT_OK;
}

static int on_call(void *p, const dft_chat_call *c)
{
    ((counts *)p)->calls++;
    (void)c;
    return DFT_OK;
}

static void on_warning(void *p, const char *m)
{
    ((counts *)p)->warnings++;
    (void)m;
}

static double now(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: %s MSGSTORE_DB [DEVICE_PATH [PARSER]]\n", argv[0]);
        return 2;
    }
    const dft_chat_parser *parser = &dft_chat_parser_whatsapp_android;
    bool autodetect = argc > 3 && !strcmp(argv[3], "auto");
    for (size_t i = 0; argc > 3 && !autodetect && i < dft_chat_parser_count; i++)
        if (!strcmp(dft_chat_parsers[i]->name, argv[3])) parser = dft_chat_parsers[i];
    if (argc > 3 && !autodetect && strcmp(parser->name, argv[3]) != 0) {
        fprintf(stderr, "no chat parser named %s\n", argv[3]);
        return 2;
    }
    double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = argv[1] };
    if (dft_chatdb_open(&db, &o) != DFT_OK) {
        fprintf(stderr, "open: %s\n", dft_error_last());
        return 1;
    }
    double w1 = now(CLOCK_MONOTONIC);
    dft_chat_ctx ctx = { .device_path = argc > 2 ? argv[2] : "/data/data/com.whatsapp/databases/msgstore.db" };
    if (autodetect) {
        int best = 0;
        for (size_t i = 0; i < dft_chat_parser_count; i++) {
            int score = dft_chat_parsers[i]->detect(db, &ctx);
            if (score > best) {
                best = score;
                parser = dft_chat_parsers[i];
            }
        }
        if (!best) {
            printf("no parser recognises %s\n", argv[1]);
            dft_chatdb_close(db);
            return 3;
        }
    }
    counts c = { 0 };
    dft_chat_sink sink = { .payload = &c, .message = on_msg, .contact = on_contact, .call = on_call, .warning = on_warning };
    dft_chat_stats st = { 0 };
    int rc = parser->parse(db, &ctx, &sink, &st);
    dft_chatdb_close(db);
    double w2 = now(CLOCK_MONOTONIC), c2 = now(CLOCK_PROCESS_CPUTIME_ID);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("%s parse rc %d: %lld messages, %lld calls, %lld contacts, %lld warnings, %lld text bytes; open (private copy) %.2f s, parse %.2f s, "
           "total %.2f s wall, %.2f s CPU, peak RSS %ld MiB, %.0f messages/s (parse only)\n",
           parser->name, rc, c.messages, c.calls, c.contacts, c.warnings, c.bytes, w1 - w0, w2 - w1, w2 - w0, c2 - c0, ru.ru_maxrss / 1024,
           c.messages / (w2 - w1));
    return rc ? 1 : 0;
}
