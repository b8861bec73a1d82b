/*
 * buf_fuzz.c - fuzz harness for the bounded reader (core/util/buf.c). The input is both the window and
 * a little program: each op byte picks a reader (u8..u64 le/be, bytes, sub, skip, seek, line) and
 * the next byte (or two) its argument. Every call is checked against a reference decode done here
 * with plain indexing: a success returns the right value and moves the cursor by the right amount,
 * a failure is DFT_ECORRUPT (DFT_ENOTFOUND for line at the end) and leaves the cursor alone, and
 * the cursor never leaves the window. Child windows (sub) are checked the same way, recursively.
 */
#include <stdint.h>
#include <string.h>

#include "buf.h"
#include "fuzz_check.h"

static uint64_t ref_uint(const uint8_t *p, int n, int be)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++) v |= (uint64_t)p[i] << (8 * (be ? n - 1 - i : i));
    return v;
}

/* Runs the program in ops[0..nops) against window w; depth bounds the sub recursion. */
static void run(dft_buf *w, const uint8_t *ops, size_t nops, int depth)
{
    size_t i = 0;
    while (i < nops) {
        uint8_t op = ops[i++];
        size_t arg = i < nops ? ops[i++] : 0;
        if (op & 0x80 && i < nops) arg = arg << 8 | ops[i++]; /* wide argument */
        size_t pos = w->pos, len = w->len;
        FUZZ_CHECK(pos <= len);
        int rc;
        switch (op % 13) {
        case 0: case 1: case 2: case 3: case 4: case 5: case 6: {
            static const int widths[] = {1, 2, 4, 8, 2, 4, 8};
            int n = widths[op % 13], be = op % 13 >= 4;
            uint64_t v = 0;
            uint8_t v8; uint16_t v16; uint32_t v32;
            switch (op % 13) {
            case 0: rc = dft_buf_u8(w, &v8); v = v8; break;
            case 1: rc = dft_buf_u16le(w, &v16); v = v16; break;
            case 2: rc = dft_buf_u32le(w, &v32); v = v32; break;
            case 3: rc = dft_buf_u64le(w, &v); break;
            case 4: rc = dft_buf_u16be(w, &v16); v = v16; break;
            case 5: rc = dft_buf_u32be(w, &v32); v = v32; break;
            default: rc = dft_buf_u64be(w, &v); break;
            }
            if (len - pos >= (size_t)n) {
                FUZZ_CHECK(rc == DFT_OK && w->pos == pos + (size_t)n);
                FUZZ_CHECK(v == ref_uint(w->data + pos, n, be));
            } else {
                FUZZ_CHECK(rc == DFT_ECORRUPT && w->pos == pos);
            }
            break;
        }
        case 7: { /* bytes */
            const uint8_t *p = NULL;
            rc = dft_buf_bytes(w, arg, &p);
            if (len - pos >= arg) FUZZ_CHECK(rc == DFT_OK && p == w->data + pos && w->pos == pos + arg);
            else FUZZ_CHECK(rc == DFT_ECORRUPT && w->pos == pos);
            break;
        }
        case 8: { /* sub, then run the rest of the program inside it */
            dft_buf c;
            rc = dft_buf_sub(w, arg, &c);
            if (len - pos >= arg) {
                FUZZ_CHECK(rc == DFT_OK && w->pos == pos + arg);
                FUZZ_CHECK(c.data == w->data + pos && c.len == arg && c.pos == 0);
                if (depth < 8) {
                    size_t half = (nops - i) / 2;
                    run(&c, ops + i, half, depth + 1);
                    i += half;
                }
            } else {
                FUZZ_CHECK(rc == DFT_ECORRUPT && w->pos == pos);
            }
            break;
        }
        case 9: /* skip */
            rc = dft_buf_skip(w, arg);
            if (len - pos >= arg) FUZZ_CHECK(rc == DFT_OK && w->pos == pos + arg);
            else FUZZ_CHECK(rc == DFT_ECORRUPT && w->pos == pos);
            break;
        case 10: /* seek */
            rc = dft_buf_seek(w, arg);
            if (arg <= len) FUZZ_CHECK(rc == DFT_OK && w->pos == arg);
            else FUZZ_CHECK(rc == DFT_ECORRUPT && w->pos == pos);
            break;
        case 11: { /* line */
            const char *s = NULL;
            size_t n = 0;
            rc = dft_buf_line(w, &s, &n);
            if (pos >= len) {
                FUZZ_CHECK(rc == DFT_ENOTFOUND && w->pos == pos);
                break;
            }
            FUZZ_CHECK(rc == DFT_OK && s == (const char *)w->data + pos);
            const uint8_t *nl = memchr(w->data + pos, '\n', len - pos);
            size_t end = nl ? (size_t)(nl - w->data) : len;
            FUZZ_CHECK(w->pos == (nl ? end + 1 : end));
            size_t want = end - pos;
            if (want && w->data[end - 1] == '\r') want--;
            FUZZ_CHECK(n == want && memchr(s, '\n', n) == NULL);
            break;
        }
        default: /* fits, left: pure */
            FUZZ_CHECK(dft_buf_left(w) == len - pos);
            FUZZ_CHECK(dft_buf_fits(w, arg, pos) == (arg <= len && pos <= len - arg));
            FUZZ_CHECK(!dft_buf_fits(w, SIZE_MAX, 2) && !dft_buf_fits(w, 1, SIZE_MAX));
            break;
        }
        FUZZ_CHECK(w->pos <= w->len && w->len == len);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    dft_buf w = dft_buf_make(data, size);
    run(&w, data, size, 0);
    /* the empty window: every read fails */
    dft_buf e = dft_buf_make(data, 0);
    uint8_t b;
    FUZZ_CHECK(dft_buf_u8(&e, &b) == DFT_ECORRUPT && e.pos == 0);
    return 0;
}
