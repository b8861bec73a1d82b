/*
 * chat_export_telegram_fuzz.c - fuzz harness for the Telegram Desktop result.json streaming parser:
 * the whole input is the export, read through a memory stream with a counting sink.
 * Seeds: tests/fuzz/corpus/chat_export_telegram/ (gen_fuzz_corpus.py: single chat, full export).
 * Checks: the result is OK or ECORRUPT; the sink saw exactly info.messages rows, each with a source.
 */
#include <stdio.h>
#include <string.h>

#include "chat_export_telegram.h"
#include "error.h"
#include "fuzz_check.h"

static int on_msg(void *p, const dft_chat_msg *m)
{
    FUZZ_CHECK(m->source && strncmp(m->source, "chat:", 5) == 0 && m->thread);
    (*(int64_t *)p)++;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size) return 0;
    FILE *f = fmemopen((void *)data, size, "r");
    if (!f) return 0;
    int64_t n = 0;
    dft_chat_sink sink = { .payload = &n, .message = on_msg };
    dft_export_opts o = { .tz_name = "UTC" };
    dft_export_info info;
    memset(&info, 0, sizeof info);
    int rc = dft_tg_export_parse(f, &o, &sink, &info);
    fclose(f);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    FUZZ_CHECK(n == info.messages);
    (void)dft_tg_export_sniff(data, size);
    dft_export_info_free(&info);
    return 0;
}
