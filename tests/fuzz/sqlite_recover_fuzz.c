/*
 * sqlite_recover_fuzz.c - fuzz harness for the recovery page walker (parsers/sqlite_recover.c,
 * sqlite_record.c): the input is the database bytes, read three ways - as the main file, as a main
 * file + -wal (the second half), and as a main file + -journal - against a fixed schema shaped like
 * WhatsApp's message and Android's sms tables (roots 2 and 3, an INTEGER PRIMARY KEY each). Seeds
 * (tests/fuzz/corpus/sqlite_recover/) are small databases of tests/recover/gen_recover_dbs.py with
 * deleted rows in freeblocks, page gaps, the freelist and a journal.
 *
 * Checks: the result is DFT_OK or DFT_ECORRUPT; every row names a table of the schema, has at most
 * its columns, a known completeness and source kind; text and blob values lie in readable memory
 * (ASan checks the reads); the run ends within its time budget.
 * The same bytes also go through sqlite_carve's candidate assembler (plugins/sqlite_carve/
 * carve_candidate.c) as a header page of 512 bytes and the pages after it: counts stay consistent,
 * the image holds exactly the pages kept, and the holes unlinked from its b-trees are missing pages.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "error.h"
#include "plugins/sqlite_carve/carve_candidate.h"
#include "fuzz_check.h"
#include "sqlite_patch.h"
#include "sqlite_recover.h"

static const dft_sqlrec_column message_cols[] = {
    { "_id", 'I', true }, { "chat_row_id", 'I', false }, { "from_me", 'I', false }, { "key_id", 'T', false },
    { "sender_jid_row_id", 'I', false }, { "timestamp", 'I', false }, { "text_data", 'T', false },
    { "starred", 'I', false },
};
static const dft_sqlrec_column sms_cols[] = {
    { "_id", 'I', true }, { "thread_id", 'I', false }, { "address", 'T', false }, { "date", 'I', false },
    { "body", 'T', false }, { "type", 'I', false },
};
static const dft_sqlrec_table tables[] = {
    { "message", 2, 8, message_cols, NULL, 0, NULL },
    { "sms", 3, 6, sms_cols, NULL, 0, NULL },
};

static int check_row(void *payload, const dft_sqlrec_row *r)
{
    (void)payload;
    FUZZ_CHECK(r->table < 2);
    FUZZ_CHECK(r->nvals >= 1 && r->nvals <= tables[r->table].ncols);
    FUZZ_CHECK(!strcmp(r->completeness, "complete") || !strcmp(r->completeness, "no_rowid") ||
               !strcmp(r->completeness, "partial"));
    FUZZ_CHECK(r->source && r->source_kind && strncmp(r->source, r->source_kind, strlen(r->source_kind)) == 0);
    volatile uint8_t sink = 0;
    for (int j = 0; j < r->nvals; j++) {
        const dft_sqlrec_value *v = &r->vals[j];
        FUZZ_CHECK(v->type >= DFT_SQLREC_LOST && v->type <= DFT_SQLREC_BLOB);
        if (v->type == DFT_SQLREC_TEXT || v->type == DFT_SQLREC_BLOB)
            for (size_t k = 0; k < v->n; k++) sink ^= v->p[k];
    }
    (void)sink;
    return 0;
}

static void run(const uint8_t *db, size_t dn, const uint8_t *wal, size_t wn, const uint8_t *jr, size_t jn)
{
    dft_sqlrec_opts o = { .db = db, .db_len = dn, .wal = wal, .wal_len = wn, .journal = jr, .journal_len = jn,
                          .tables = tables, .ntables = 2, .time_budget_ms = 2000, .max_memory = 64u << 20 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    dft_sqlrec_stats st;
    int rc = dft_sqlrec_run(&o, check_row, NULL, &st);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    FUZZ_CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    FUZZ_CHECK(t1.tv_sec - t0.tv_sec < 10);
}

static void run_candidate(const uint8_t *data, size_t size)
{
    const uint32_t ps = 512;
    if (size < ps) return;
    dft_cand c;
    if (!dft_cand_begin(&c, data, ps, 0)) return;
    size_t off = ps;
    while (dft_cand_want(&c) != UINT64_MAX && off + ps <= size) {
        FUZZ_CHECK(dft_cand_want(&c) == off);
        bool more = dft_cand_offer(&c, data + off);
        off += ps;
        if (!more) break;
    }
    dft_cand_close(&c);
    FUZZ_CHECK(c.npages >= 1 && c.npages <= DFT_CAND_MAX_BYTES / ps && c.claimed >= c.npages);
    FUZZ_CHECK(c.found + c.missing <= c.claimed && c.found <= c.npages && c.free_leaves < c.found);
    /* holes unlinked from the table b-trees: only missing pages (or pages past the image), listed once */
    uint64_t out[64];
    uint32_t n = dft_cand_unlink_holes(&c, out, 64);
    FUZZ_CHECK(n <= c.missing + (uint64_t)c.npages * (ps / 2));
    for (uint32_t k = 0; k < n && k < 64; k++)
        FUZZ_CHECK(out[k] >= 2 && (out[k] > c.npages || c.offs[out[k] - 1] == 0));
    /* the patched child's walk (sqlite_patch.c) over hostile interior pages: bounded, no read outside */
    dft_sqlpatch_image im = { .img = c.img, .ps = ps, .npages = c.npages };
    for (uint32_t root = 1; root <= c.npages && root <= 8; root++)
        (void)dft_sqlpatch_tree_incomplete(c.img, ps, c.npages, root, dft_sqlpatch_zero_hole, &im);
    (void)dft_sqlpatch_unlink(c.img, ps, c.npages, dft_sqlpatch_zero_hole, &im, out, 64);
    volatile uint8_t sink = 0;
    for (size_t k = 0; k < (size_t)c.npages * ps; k++) sink ^= c.img[k];
    (void)sink;
    dft_cand_free(&c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    run_candidate(data, size);
    run(data, size, NULL, 0, NULL, 0);
    size_t half = size / 2;
    run(data, half, data + half, size - half, NULL, 0);
    run(data, half, NULL, 0, data + half, size - half);
    return 0;
}
