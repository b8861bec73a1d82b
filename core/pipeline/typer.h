/*
 * typer.h - file typing with libmagic (MIME type and description) at a cost examiners can wait
 * for. libmagic 5.44 (Debian 12) recompiles every regex of its text tests on every call, so a
 * plain text file costs ~0.8 ms and a file of unknown binary data ~0.25 ms per call, and we need
 * two calls (MIME, description): on 200k small files that is minutes of CPU for typing alone
 * (measured: docs/performance.md). The typer keeps libmagic's answers and removes the waste:
 *
 *  0. Bytes typed before on this thread: the answer they had, from a bounded memo that compares
 *     the bytes themselves (typememo.h: exact, since every rule below is a function of the bytes).
 *     Duplicate content (copies, caches, app bundles, backups) costs no libmagic call.
 *  1. Empty content: "application/x-empty" / "empty", and one byte: "application/octet-stream" /
 *     "very short file (no magic)", libmagic's own answers without a call: file_buffer() (funcs.c,
 *     file 5.44) returns them for nb == 0 and nb == 1 before its encoding, soft-magic or text tests
 *     and whatever the flags (tests/core/test_typer.c checks all 256 one-byte buffers).
 *  2. Plain text (no NUL byte, and none of the openings that libmagic's database identifies:
 *     markup '<', "#!", "#include", "-----BEGIN" keys, "BEGIN:" vCard/vCalendar, mail headers,
 *     "{\\rtf", "%!" PostScript, "%PDF", ...): libmagic runs without its soft-magic database
 *     (MAGIC_NO_CHECK_SOFT). It still decides text encoding, line endings, JSON and CSV, which is
 *     all its database would add for such text. Source code without such an opening is typed
 *     text/plain rather than, say, text/x-c.
 *  3. Everything else: one full description call; "data" (nothing matched) means
 *     "application/octet-stream" without a second call; otherwise a second call for the MIME type,
 *  4. unless the same description was seen before on this thread: libmagic's MIME type and
 *     description come from the same matching entries, so an identical description has the
 *     MIME type it had (a per-thread memo of up to DFT_TYPER_MEMO descriptions).
 *
 * A typer is owned by one thread (libmagic handles are not shared). full = true turns the
 * shortcuts of 2 off (dftriage ingest --full-magic); rules 0, 1, 3 and 4 give libmagic's own
 * answer and stay on.
 */
#ifndef DFT_TYPER_H
#define DFT_TYPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DFT_TYPER_MEMO 4096

typedef struct dft_typer dft_typer;

int dft_typer_new(dft_typer **out, bool full);
/* The same with rule 0's memo sized by hand (typememo.h; memo_bytes = 0 turns rule 0 off). */
int dft_typer_new_memo(dft_typer **out, bool full, size_t memo_slots, size_t memo_bytes);
void dft_typer_free(dft_typer *t);

/* Types the first bytes of a file. *mime and *desc are malloc'd (caller frees). */
int dft_typer_type(dft_typer *t, const uint8_t *head, size_t len, char **mime, char **desc);

/* True when head is plain text that libmagic's database would not type more precisely (rule 2). */
bool dft_typer_plain_text(const uint8_t *head, size_t len);

/* Calls answered by rule 0 so far (tests, benches). */
uint64_t dft_typer_memo_hits(const dft_typer *t);

#endif
