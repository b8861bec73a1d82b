/*
 * chat_export_whatsapp_fuzz.c - fuzz harness for the WhatsApp .txt export parser: the whole input
 * is the export, read through a memory stream (fmemopen) with a counting sink.
 * Seeds: tests/fuzz/corpus/chat_export_whatsapp/ (gen_fuzz_corpus.py: en-GB, en-US 12 h, iOS, de/th).
 * Checks: the result is OK or ECORRUPT; the sink saw exactly info.messages rows; every row has a source
 * and, when it has a time, a well-formed UTC text; participants stay within their bound.
 */
#include <stdio.h>
#include <string.h>

#include "chat_export_whatsapp.h"
#include "error.h"
#include "fuzz_check.h"

static int on_msg(void *p, const dft_chat_msg *m)
{
    FUZZ_CHECK(m->source && strncmp(m->source, "line:", 5) == 0);
    FUZZ_CHECK(!m->sent_utc || !*m->sent_utc || (strlen(m->sent_utc) >= 20 && m->sent_utc[strlen(m->sent_utc) - 1] == 'Z'));
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
    dft_export_opts o = { .tz_offset_s = 25200, .self_name = "A", .thread_hint = "T" };
    dft_export_info info;
    memset(&info, 0, sizeof info);
    int rc = dft_wa_export_parse(f, &o, &sink, &info);
    fclose(f);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    FUZZ_CHECK(n == info.messages && info.participants.n <= DFT_EXPORT_MAX_PARTICIPANTS);
    (void)dft_wa_export_sniff(data, size);
    dft_export_info_free(&info);
    return 0;
}
