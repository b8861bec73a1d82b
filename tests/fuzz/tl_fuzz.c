/*
 * tl_fuzz.c - fuzz harness for the TL reader (parsers/tl.c) and the Telegram object decoders
 * (parsers/tl_message.c, tl_user.c): the whole input is one blob, decoded as a Message (with and
 * without a date hint taken from its bytes 4..7), a User (with and without a uid hint) and a Chat.
 * Seeds: tests/fuzz/corpus/tl/ (tests/chat_telegram/gen_fuzz_corpus.py).
 * Checks: every returned window lies inside the input; text said to be present is valid UTF-8; the
 * reader's position never passes the end; a sticky-bad reader stays bad.
 */
#include <stdint.h>
#include <string.h>

#include "error.h"
#include "fuzz_check.h"
#include "tl.h"
#include "tl_telegram.h"

static void inside(const uint8_t *d, size_t n, dft_tl_str s)
{
    if (!s.len) return;
    FUZZ_CHECK(s.p >= d && s.p + s.len <= d + n);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    int32_t hint = 0;
    if (size >= 8) memcpy(&hint, data + 4, 4);
    for (int pass = 0; pass < 2; pass++) {
        dft_tg_message m;
        int rc = dft_tg_message_decode(data, size, pass ? hint : 0, &m);
        FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
        if (rc) continue;
        inside(data, size, m.text);
        inside(data, size, m.fwd_name);
        inside(data, size, m.attach_path);
        if (m.has_text) FUZZ_CHECK(dft_tl_utf8(m.text));
        FUZZ_CHECK(m.family != NULL);
    }
    dft_tg_user u;
    for (int pass = 0; pass < 2; pass++) {
        if (dft_tg_user_decode(data, size, pass ? (int64_t)hint : 0, &u) == DFT_OK) {
            inside(data, size, u.first);
            inside(data, size, u.last);
            inside(data, size, u.username);
            inside(data, size, u.phone);
        }
    }
    dft_tg_chat c;
    if (dft_tg_chat_decode(data, size, 0, "group", &c) == DFT_OK) {
        inside(data, size, c.title);
        FUZZ_CHECK(dft_tl_utf8(c.title));
    }
    /* raw reader: strings and vectors until the input runs out */
    dft_tl r;
    dft_tl_init(&r, data, size);
    for (int i = 0; i < 4096 && !r.bad; i++) {
        if (i % 3 == 0) inside(data, size, dft_tl_bytes(&r));
        else if (i % 3 == 1) (void)dft_tl_vector(&r, 4);
        else (void)dft_tl_i64(&r);
        FUZZ_CHECK(r.pos <= r.len);
    }
    size_t at = r.pos;
    (void)dft_tl_u32(&r);
    FUZZ_CHECK(!r.bad || r.pos == at);
    return 0;
}
