/*
 * test_sqlite_recover.c - the recovery parser (parsers/sqlite_recover.c) on the databases
 * gen_recover_dbs.py builds: exact recovered rows and sources for freeblocks (page sizes 512..65536,
 * UTF-8 / UTF-16le / UTF-16be), the unallocated gap, whole freed pages (freelist, auto_vacuum none /
 * incremental / full), overflow chains broken by the freelist, reused by a live row, looping, and
 * whole on freelist leaves, an edited and a deleted row in the
 * WAL (older version linked by rowid), two WAL generations, a PERSIST journal; no false positives
 * after VACUUM and with secure_delete on; hostile page graphs end with warnings, not hangs.
 * Usage: test_sqlite_recover DIR
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatdb.h"
#include "check.h"
#include "error.h"
#include "recover_util.h"

static const char *dir;

/* WAL salts are random: "wal:F:xxxxxxxx" -> "wal:F:SALT" */
static void mask_salt(char *s)
{
    char *w = strstr(s, "|wal:");
    if (!w) return;
    char *c = strchr(w + 5, ':');
    if (c && strlen(c) > 9) memcpy(c + 1, "SALT\0\0\0\0", 4), memmove(c + 5, c + 9, strlen(c + 9) + 1);
}

static void expect(const char *name, const char *const *want, size_t nwant)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rec_lines l;
    dft_sqlrec_schema s;
    rec_run(path, &l, &s);
    CHECK(l.rc == 0);
    bool same = l.n == nwant;
    for (size_t i = 0; i < l.n; i++) mask_salt(l.line[i]);
    for (size_t i = 0; same && i < nwant; i++) same = strcmp(l.line[i], want[i]) == 0;
    if (!same) {
        fprintf(stderr, "%s: got %zu rows, want %zu\n", name, l.n, nwant);
        for (size_t i = 0; i < l.n; i++) fprintf(stderr, "  got  %s\n", l.line[i]);
        for (size_t i = 0; i < nwant; i++) fprintf(stderr, "  want %s\n", want[i]);
    }
    CHECK(same);
    rec_free(&l, &s);
}

#define WA(id, chat, fm, hex, sender, text) \
    "N|" #chat "|" #fm "|3EB0000" hex "|" sender "|13|N|N|N|N|N|17000000" id "000|17000000" id "500|N|0|" text "|0|N|N|"
#define WA5 WA("05", 3, 1, "005", "N", "wa message 5") "5"
#define WA17 WA("17", 3, 1, "011", "N", "wa message 17") "17"
#define WA30 WA("30", 1, 0, "01E", "7", "wa message 30") "30"

static void test_freeblocks(void)
{
    const char *ps4096[] = { "message|-|freeblock:2:2271|no_rowid|0|" WA30, "message|-|freeblock:2:3066|no_rowid|0|" WA17,
                             "message|-|freeblock:2:3796|no_rowid|0|" WA5 };
    expect("wa_ps4096.db", ps4096, 3);
    const char *ps512[] = { "message|-|freeblock:5:212|no_rowid|0|" WA5, "message|-|freeblock:7:451|no_rowid|0|" WA17,
                            "message|-|unallocated:8:84|no_rowid|0|" WA30 };
    expect("wa_ps512.db", ps512, 3);
    const char *ps1024[] = { "message|-|freeblock:4:724|no_rowid|0|" WA5, "message|-|freeblock:5:168|no_rowid|0|" WA30,
                             "message|-|freeblock:5:963|no_rowid|0|" WA17 };
    expect("wa_ps1024.db", ps1024, 3);
    const char *ps65536[] = { "message|-|freeblock:2:63711|no_rowid|0|" WA30, "message|-|freeblock:2:64506|no_rowid|0|" WA17,
                              "message|-|freeblock:2:65236|no_rowid|0|" WA5 };
    expect("wa_ps65536.db", ps65536, 3);
    const char *u16[] = { "message|-|freeblock:2:1590|no_rowid|0|" WA30, "message|-|freeblock:2:2684|no_rowid|0|" WA17,
                          "message|-|freeblock:2:3686|no_rowid|0|" WA5 };
    expect("wa_utf16le.db", u16, 3);
    expect("wa_utf16be.db", u16, 3);
    /* nothing deleted, rows 10 and 20 updated (cells grew, old copies freed, rowids lost): linked to
     * their live rows through the UNIQUE message_key_index, never reported as deleted messages */
    const char *upd[] = {
        "message|-|freeblock:2:2882|no_rowid|1k20|" WA("20", 3, 0, "014", "7", "wa message 20") "20",
        "message|-|freeblock:2:3494|no_rowid|1k10|" WA("10", 2, 0, "00A", "7", "wa message 10") "10",
    };
    expect("wa_update.db", upd, 2);
    const char *sms[] = {
        "sms|-|freeblock:2:2298|no_rowid|0|N|2|+66812340021|N|1700000000021|1700000000021|N|1|-1|2|N|N|โอนเงินด่วน 21|N|0|-1|-1|N|1",
        "sms|-|freeblock:2:3926|no_rowid|0|N|1|+66812340002|N|1700000000002|1700000000002|N|1|-1|1|N|N|โอนเงินด่วน 2|N|0|-1|-1|N|1",
    };
    expect("sms.db", sms, 2);
}

static void test_no_false_positives(void)
{
    expect("wa_secure.db", NULL, 0);
    expect("wa_vacuum.db", NULL, 0);
    expect("wa_nodelete_wal.db", NULL, 0);
}

/* Rows of a freed page that fit two tables: marked ambiguous ("a"), never linked to the first table's
 * live rows of the same rowid, and never put into a table of the merged chat copy. */
static void test_ambiguous_table(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/two_tables.db", dir);
    rec_lines l;
    dft_sqlrec_schema s;
    rec_run(path, &l, &s);
    CHECK(l.rc == 0);
    size_t amb = 0, linked = 0;
    for (size_t i = 0; i < l.n; i++) {
        /* field 5 of "table|rowid|source|completeness|older|values" */
        const char *f = l.line[i];
        for (int k = 0; k < 4 && f; k++) f = strchr(f, '|') ? strchr(f, '|') + 1 : NULL;
        if (!f) continue;
        if (strstr(l.line[i], "|freelist:") && strncmp(f, "0a|", 3) == 0 && strstr(f, "|b row ")) amb++;
        if (f[0] == '1') linked++;
    }
    if (amb != 200 || linked) fprintf(stderr, "two_tables: %zu ambiguous freelist rows (want 200), %zu linked\n", amb, linked);
    CHECK(amb == 200 && linked == 0);
    rec_free(&l, &s);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = path, .recover = true };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (db) {
        CHECK(dft_chatdb_count(db, "a") == 200);
        dft_chatdb_recovery_info ri;
        dft_chatdb_recovery(db, &ri);
        CHECK(ri.ran && ri.skipped == 200);
    }
    dft_chatdb_close(db);
}

static void test_overflow(void)
{
    /* the first freed overflow page became the freelist trunk: the text keeps its page-local part */
    const char *ov[] = { "message|-|freeblock:2:425|partial(overflow chain: a page is a freelist trunk now (its bytes overwritten))|0|N|1|1|3EB0000003|N|13|N|N|N|N|N|1700000003000|1700000003500|N|0|"
                         "long message 3 long message 3 long message 3 long message...(421)|?|?|?|?" };
    expect("wa_overflow.db", ov, 1);
    /* the freed pages were reused by a live row of another table: the chain stops before them, nothing
     * of the live note is appended (before: its text was read on as if it were the message's) */
    const char *reused[] = { "message|-|freeblock:2:425|partial(overflow chain: a page is used by live data now (reused after "
                             "the delete))|0|N|1|1|3EB0000003|N|13|N|N|N|N|N|1700000003000|1700000003500|N|0|"
                             "long message 3 long message 3 long message 3 long message...(421)|?|?|?|?" };
    expect("wa_overflow_reused.db", reused, 1);
    /* the chain is whole on freelist leaves: every value after the 4,500-byte text decodes (the text is
     * shown cut at 4,095 bytes by the test's formatter); the note deleted first (its first overflow page
     * became the trunk) keeps its page-local part */
#define NOTE "note|1|unallocated:4:53|partial(overflow chain: a page is a freelist trunk now (its bytes overwritten))|0|N|" \
             "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx...(960)"
    const char *leaf[] = { NOTE, "message|-|freeblock:2:425|no_rowid|0|N|1|1|3EB0000003|N|13|N|N|N|N|N|1700000003000|1700000003500|"
                                 "N|0|long message 3 long message 3 long message 3 long message...(4095)|0|N|N|3" };
    expect("wa_overflow_leaf.db", leaf, 2);
    /* the same chain with a loop (second page -> first): it ends at the loop with the 421 + 2 x 1020
     * bytes read once (before: the two pages were repeated until the payload length, "no_rowid") */
    const char *loop[] = { NOTE, "message|-|freeblock:2:425|partial(overflow chain: a page reached twice (loop))|0|N|1|1|3EB0000003|"
                                 "N|13|N|N|N|N|N|1700000003000|1700000003500|N|0|long message 3 long message 3 long message 3 "
                                 "long message...(2461)|?|?|?|?" };
    expect("wa_overflow_loop.db", loop, 2);
#undef NOTE
}

static void test_wal_journal(void)
{
    const char *wal[] = {
        "message|8|wal:1:SALT|complete|0|N|3|0|3EB0000008|7|13|N|N|N|N|N|1700000008000|1700000008500|N|0|wa message 8|0|N|N|8",
        "message|4|main:2|complete|1|N|2|0|3EB0000004|7|13|N|N|N|N|N|1700000004000|1700000004500|N|0|wa message 4|0|N|N|4",
    };
    expect("wa_wal.db", wal, 2);
    const char *wal2[] = {
        "message|2|wal:5:SALT|complete|0|N|3|0|3EB0000002|7|13|N|N|N|N|N|1700000002000|1700000002500|N|0|wa message 2|0|N|N|2",
    };
    expect("wa_wal2.db", wal2, 1);
    const char *jr[] = {
        "sms|3|journal:2|complete|0|N|2|+66812340003|N|1700000000003|1700000000003|N|1|-1|2|N|N|sms body 3|N|0|-1|-1|N|1",
        "sms|11|journal:2|complete|0|N|2|+66812340011|N|1700000000011|1700000000011|N|1|-1|2|N|N|sms body 11|N|0|-1|-1|N|1",
    };
    expect("sms_journal.db", jr, 2);
}

/* Whole pages freed: every recovered row is one of the deleted ones (101..400), each once. */
static void check_pages(const char *name, size_t want_n, const char *first)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    rec_lines l;
    dft_sqlrec_schema s;
    rec_run(path, &l, &s);
    CHECK(l.n == want_n);
    if (l.n != want_n) fprintf(stderr, "%s: %zu rows\n", name, l.n);
    uint8_t seen[401] = { 0 };
    bool ok = true;
    for (size_t i = 0; i < l.n; i++) {
        const char *b = strstr(l.line[i], "|wa message ");
        int id = b ? atoi(b + 12) : 0;
        if (id < 101 || id > 400 || seen[id]) ok = false;
        else seen[id] = 1;
    }
    CHECK(ok);
    CHECK(l.n > 0 && strcmp(l.line[0], first) == 0);
    if (l.n) fprintf(stderr, "%s first: %s\n", name, l.line[0]);
    rec_free(&l, &s);
}

static void test_pages(void)
{
    /* rows with a rowid first (freelist pages), then those whose rowid was lost */
    const char *r142 = "message|142|freelist:%d|complete|0|N|2|0|3EB000008E|7|13|N|N|N|N|N|1700000142000|1700000142500|N|0|wa message 142|0|N|N|142";
    const char *u392 = "message|-|unallocated:11:592|no_rowid|0|N|3|0|3EB0000188|7|13|N|N|N|N|N|1700000392000|1700000392500|N|0|wa message 392|0|N|N|392";
    char f13[300], f14[300];
    snprintf(f13, sizeof f13, r142, 13);
    snprintf(f14, sizeof f14, r142, 14);
    check_pages("wa_pages_none.db", 288, f13);
    check_pages("wa_pages_incremental.db", 288, f14);
    check_pages("wa_pages_full.db", 1, u392);   /* full auto_vacuum truncated the freed pages away */
    /* with an index and a WITHOUT ROWID table losing pages too: only deleted messages come back, each
     * once - no index entry or WITHOUT ROWID row is read as a message */
    char f23[300];
    snprintf(f23, sizeof f23, r142, 23);
    check_pages("wa_index.db", 287, f23);
}

/* Hostile page graphs: a freeblock pointing to itself, a freelist trunk cycle, bogus sizes, a
 * truncated file and random bytes: the run ends (warnings), never hangs or reads out of bounds. */
static void test_hostile(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/wa_pages_none.db", dir);
    size_t n;
    uint8_t *orig = rec_slurp(path, &n);
    CHECK(orig && n > 4096);
    if (!orig) return;
    dft_sqlrec_column cols[3] = { { "_id", 'I', true }, { "a", 'T', false }, { "b", 'I', false } };
    dft_sqlrec_table t = { "message", 2, 3, cols, NULL, 0, NULL };
    uint8_t *b = malloc(n);
    for (int variant = 0; variant < 6; variant++) {
        memcpy(b, orig, n);
        size_t len = n;
        switch (variant) {
        case 0: b[1024 + 1] = 0; b[1024 + 2] = 200; b[1024 + 200] = 0; b[1024 + 201] = 200; break;   /* freeblock loop */
        case 1: memcpy(b + 32, "\0\0\0\x0d", 4); memcpy(b + 12 * 1024, "\0\0\0\x0d", 4); break;     /* trunk cycle */
        case 2: memcpy(b + 12 * 1024 + 4, "\xff\xff\xff\xff", 4); break;                             /* bogus count */
        case 3: len = 1500; break;                                                                    /* truncated */
        case 4: for (size_t i = 100; i < n; i++) b[i] = (uint8_t)(i * 2654435761u >> 13); break;     /* noise */
        case 5: b[1024] = 0x05; memcpy(b + 1024 + 8, "\0\0\0\x02", 4); break;                         /* self child */
        }
        dft_sqlrec_opts o = { .db = b, .db_len = len, .tables = &t, .ntables = 1 };
        dft_sqlrec_stats st;
        int rc = dft_sqlrec_run(&o, NULL, NULL, &st);
        CHECK(rc == DFT_OK || rc == DFT_ECORRUPT);
    }
    dft_sqlrec_opts o = { .db = (const uint8_t *)"not a database", .db_len = 14, .tables = &t, .ntables = 1 };
    CHECK(dft_sqlrec_run(&o, NULL, NULL, NULL) == DFT_ECORRUPT);
    free(b);
    free(orig);
}

static const char *text_of(dft_chatdb *db, int64_t rowid, char *out, size_t cap)
{
    sqlite3_stmt *st = NULL;
    out[0] = '\0';
    if (dft_chatdb_prepare(db, &st, "SELECT text_data FROM message WHERE _id = %lld", (long long)rowid) == DFT_OK &&
        dft_chatdb_step(db, st) == DFT_SQLITE_ROW && dft_chatdb_text(st, 0))
        snprintf(out, cap, "%s", dft_chatdb_text(st, 0));
    sqlite3_finalize(st);
    return out;
}

/* The merged copy chatdb builds: the deleted WAL row keeps its rowid, the older version of an edited
 * row gets a fresh one linked to the live row; the parsers' SQL sees both beside the live rows. */
static void test_chatdb_merged(void)
{
    char path[512], wal[520];
    snprintf(path, sizeof path, "%s/wa_wal.db", dir);
    snprintf(wal, sizeof wal, "%s-wal", path);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = path, .wal_path = wal, .recover = true };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    CHECK(dft_chatdb_count(db, "message") == 11);
    char t[128];
    CHECK(strcmp(text_of(db, 4, t, sizeof t), "edited text of 4") == 0);
    CHECK(strcmp(text_of(db, 8, t, sizeof t), "wa message 8") == 0);
    CHECK(strcmp(text_of(db, 11, t, sizeof t), "wa message 4") == 0);
    dft_chatdb_recovered r;
    CHECK(dft_chatdb_recovered_source(db, "message:8", &r) && strncmp(r.source, "wal:1:", 6) == 0 &&
          strcmp(r.source_kind, "wal") == 0 && strcmp(r.completeness, "complete") == 0 && r.older_version_of == -1);
    CHECK(dft_chatdb_recovered_row(db, "message", 11, &r) && strcmp(r.source, "main:2") == 0 &&
          r.older_version_of == 4);
    CHECK(!dft_chatdb_recovered_row(db, "message", 4, NULL));
    CHECK(!dft_chatdb_only_in_wal(db, "message", 8));
    dft_chatdb_recovery_info ri;
    dft_chatdb_recovery(db, &ri);
    CHECK(ri.ran && ri.records == 2 && ri.inserted == 2 && ri.skipped == 0);
    dft_chatdb_close(db);

    /* old copies of updated rows (rowid lost) are linked to their live rows through the UNIQUE key */
    char upath[512];
    snprintf(upath, sizeof upath, "%s/wa_update.db", dir);
    dft_chatdb_opts u = { .path = upath, .recover = true };
    CHECK(dft_chatdb_open(&db, &u) == DFT_OK);
    if (db) {
        CHECK(dft_chatdb_count(db, "message") == 42);
        CHECK(dft_chatdb_recovered_row(db, "message", 41, &r) && r.older_version_of == 20);
        CHECK(dft_chatdb_recovered_row(db, "message", 42, &r) && r.older_version_of == 10);
    }
    dft_chatdb_close(db);

    /* recover off, and a database with nothing to recover: the live rows only */
    o.recover = false;
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (db) CHECK(dft_chatdb_count(db, "message") == 9);
    dft_chatdb_close(db);
    snprintf(path, sizeof path, "%s/wa_vacuum.db", dir);
    dft_chatdb_opts v = { .path = path, .recover = true };
    CHECK(dft_chatdb_open(&db, &v) == DFT_OK);
    if (db) {
        CHECK(dft_chatdb_count(db, "message") == 37);
        dft_chatdb_recovery(db, &ri);
        CHECK(ri.ran && ri.records == 0);
    }
    dft_chatdb_close(db);
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    dir = argv[1];
    RUN(test_freeblocks);
    RUN(test_no_false_positives);
    RUN(test_ambiguous_table);
    RUN(test_overflow);
    RUN(test_wal_journal);
    RUN(test_pages);
    RUN(test_hostile);
    RUN(test_chatdb_merged);
    return check_failures != 0;
}
