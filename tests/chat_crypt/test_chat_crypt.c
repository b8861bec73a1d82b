/*
 * test_chat_crypt.c - the encrypted-store parsers on the fixtures of make_fixtures.py (argv[1]):
 * WhatsApp key files and crypt14/15 backups (decrypt = the plain database byte for byte; the crypt15
 * key derivation against a value computed by Python's hmac module; wrong key, flipped byte, truncation
 * and the inflate cap fail cleanly), SQLCipher v1 (WeChat), v2, v3 and raw-key databases written by the
 * sqlcipher shell (decrypted images open in SQLite and hold the rows; wrong keys are refused), and the
 * WeChat parser on the decrypted EnMicroMsg.db (exact rows through a recording sink).
 */
#include <openssl/evp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chatdb.h"
#include "check.h"
#include "error.h"
#include "parsers/ios_keychain.h"
#include "sqlcipher.h"
#include "wa_crypt.h"

extern const dft_chat_parser dft_chat_parser_wechat;
static const char *fx;

static uint8_t *slurp(const char *rel, size_t *len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", fx, rel);
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        fprintf(stderr, "missing fixture %s\n", path);
        exit(1);
    }
    fseek(fp, 0, SEEK_END);
    long n = ftell(fp);
    fseek(fp, 0, SEEK_SET);
    uint8_t *b = malloc((size_t)n + 1);
    if (fread(b, 1, (size_t)n, fp) != (size_t)n) exit(1);
    fclose(fp);
    *len = (size_t)n;
    return b;
}

typedef struct mem {
    uint8_t *b;
    size_t n;
} mem;

static int mem_write(void *p, const uint8_t *d, size_t n)
{
    mem *m = p;
    m->b = realloc(m->b, m->n + n);
    memcpy(m->b + m->n, d, n);
    m->n += n;
    return DFT_OK;
}

#define WA "dump/data/data/com.whatsapp/files/"
#define BK "dump/storage/emulated/0/WhatsApp/Databases/"

static void test_wa_keys(void)
{
    size_t n;
    uint8_t *b = slurp(WA "key", &n);
    dft_wa_key k;
    CHECK(n == 158);
    CHECK(dft_wa_key_parse_file(&k, b, n) == DFT_OK && k.kind == DFT_WA_KEY_LEGACY && k.key[0] == 0x01 &&
          k.key[31] == 0xef);
    b[25] ^= 1;   /* array length no longer matches */
    CHECK(dft_wa_key_parse_file(&k, b, n) == DFT_ECORRUPT);
    free(b);
    b = slurp(WA "encrypted_backup.key", &n);
    CHECK(n == 59 && dft_wa_key_parse_file(&k, b, n) == DFT_OK && k.kind == DFT_WA_KEY_ROOT && k.key[0] == 0x5f &&
          k.key[31] == 0xa1);
    dft_wa_key junk;
    CHECK(dft_wa_key_parse_file(&junk, b, 10) == DFT_ECORRUPT);
    free(b);
    dft_wa_key h;
    CHECK(dft_wa_key_parse_hex(&h, "5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f5f a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1") == DFT_OK &&
          memcmp(h.key, k.key, 32) == 0);
    CHECK(dft_wa_key_parse_hex(&h, "5f5f") == DFT_ECORRUPT);
    CHECK(dft_wa_key_parse_hex(&h, "zz5f5f5f5f5f5f5f5f5f5f5f5f5f5f5fa1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1") == DFT_ECORRUPT);
    /* HKDF-SHA256(zero salt, root, "backup encryption"): value from Python's hmac module */
    uint8_t aes[32], want[32];
    static const char *hex = "e6385ab5be3e08ead455af75cbb1c07127f18a632fa1c3bbffa9d6d9fcad8de7";
    for (int i = 0; i < 32; i++) sscanf(hex + 2 * i, "%2hhx", &want[i]);
    CHECK(dft_wa_crypt15_key(k.key, aes) == DFT_OK && memcmp(aes, want, 32) == 0);
    CHECK(dft_wa_crypt_version("msgstore-2023-11-14.1.db.crypt14") == 14);
    CHECK(dft_wa_crypt_version("msgstore.db.crypt15") == 15 && dft_wa_crypt_version("msgstore.db") == 0 &&
          dft_wa_crypt_version("x.crypt16") == 0);
}

static void decrypt_case(int version, const char *file, const char *keyfile)
{
    size_t n, kn, pn;
    uint8_t *b = slurp(file, &n), *kb = slurp(keyfile, &kn), *plain = slurp("plain/msgstore_backup.db", &pn);
    dft_wa_key k;
    CHECK(dft_wa_key_parse_file(&k, kb, kn) == DFT_OK);
    dft_wa_crypt_info info;
    mem m = { 0 };
    CHECK(dft_wa_crypt_decrypt(version, &k, b, n, 1u << 30, mem_write, &m, &info) == DFT_OK);
    CHECK(m.n == pn && memcmp(m.b, plain, pn) == 0);
    CHECK(info.md5_present && info.features_flag && info.key_type == (version == 15 ? 1 : 0) && info.plain_len == pn);
    free(m.b);
    /* wrong key: the tag does not match */
    dft_wa_key bad = k;
    bad.key[3] ^= 0x40;
    m = (mem){ 0 };
    CHECK(dft_wa_crypt_decrypt(version, &bad, b, n, 1u << 30, mem_write, &m, &info) == DFT_ECORRUPT);
    CHECK(strstr(dft_error_last(), "tag") || strstr(dft_error_last(), "zlib"));
    free(m.b);
    /* a flipped ciphertext byte (MD5 no longer matches either: the tag is looked for at the end) */
    b[n / 2] ^= 1;
    m = (mem){ 0 };
    CHECK(dft_wa_crypt_decrypt(version, &k, b, n, 1u << 30, mem_write, &m, &info) == DFT_ECORRUPT);
    free(m.b);
    b[n / 2] ^= 1;
    /* the inflate cap */
    m = (mem){ 0 };
    CHECK(dft_wa_crypt_decrypt(version, &k, b, n, 4096, mem_write, &m, &info) == DFT_ELIMIT && m.n <= 4096);
    free(m.b);
    /* truncations never crash and never succeed */
    for (size_t cut = 0; cut < n; cut += 37) {
        m = (mem){ 0 };
        CHECK(dft_wa_crypt_decrypt(version, &k, b, cut, 1u << 30, mem_write, &m, &info) != DFT_OK);
        free(m.b);
    }
    /* the wrong kind of key */
    k.kind = version == 15 ? DFT_WA_KEY_LEGACY : DFT_WA_KEY_ROOT;
    CHECK(dft_wa_crypt_decrypt(version, &k, b, n, 1u << 30, mem_write, &m, &info) == DFT_ECORRUPT);
    free(b);
    free(kb);
    free(plain);
}

static void test_wa_crypt15(void) { decrypt_case(15, BK "msgstore.db.crypt15", WA "encrypted_backup.key"); }
static void test_wa_crypt14(void) { decrypt_case(14, BK "msgstore-2023-11-14.1.db.crypt14", WA "key"); }

/* Decrypts with the given parameters and passphrase/raw key; returns the rows of t (or -1). */
static int sqlcipher_rows(const char *rel, int version, const uint8_t *pass, size_t plen, bool raw, int *rc_out)
{
    size_t n;
    uint8_t *b = slurp(rel, &n);
    dft_sqlcipher_key k;
    int rows = -1;
    *rc_out = dft_sqlcipher_derive(&k, &dft_sqlcipher_versions[version], pass, plen, raw, b);
    if (!*rc_out) *rc_out = dft_sqlcipher_check(&k, b, n);
    if (!*rc_out) {
        uint8_t *out;
        size_t olen;
        uint64_t bad;
        *rc_out = dft_sqlcipher_decrypt(&k, b, n, &out, &olen, &bad);
        if (!*rc_out) {
            CHECK(bad == 0 && olen == n);
            char path[4200];
            snprintf(path, sizeof path, "%s/plain/dec-%d.db", fx, version);
            FILE *fp = fopen(path, "wb");
            fwrite(out, 1, olen, fp);
            fclose(fp);
            free(out);
            sqlite3 *db;
            sqlite3_stmt *st;
            if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
                sqlite3_prepare_v2(db, "SELECT count(*), min(a) FROM t", -1, &st, NULL) == SQLITE_OK) {
                if (sqlite3_step(st) == SQLITE_ROW) {
                    rows = sqlite3_column_int(st, 0);
                    CHECK(strncmp((const char *)sqlite3_column_text(st, 1), "row 0 xxx", 9) == 0);
                }
                sqlite3_finalize(st);
            }
            sqlite3_close(db);
        }
    }
    dft_sqlcipher_key_wipe(&k);
    free(b);
    return rows;
}

static void test_sqlcipher(void)
{
    int rc;
    CHECK(sqlcipher_rows("plain/v3.db", 2, (const uint8_t *)"secret-v3", 9, false, &rc) == 40 && rc == DFT_OK);
    CHECK(sqlcipher_rows("plain/v3.db", 2, (const uint8_t *)"secret-v2", 9, false, &rc) == -1 && rc == DFT_ECORRUPT);
    CHECK(sqlcipher_rows("plain/v2.db", 1, (const uint8_t *)"secret-v2", 9, false, &rc) == 40 && rc == DFT_OK);
    CHECK(sqlcipher_rows("plain/v2.db", 0, (const uint8_t *)"secret-v2", 9, false, &rc) == -1 && rc == DFT_ECORRUPT);
    uint8_t raw[32];
    static const char *hex = "2dd29ca851e7b56e4697b0e1f08507293d761a05ce4d1b628663f411a8086d99";
    for (int i = 0; i < 32; i++) sscanf(hex + 2 * i, "%2hhx", &raw[i]);
    CHECK(sqlcipher_rows("plain/raw.db", 2, raw, 32, true, &rc) == 40 && rc == DFT_OK);
    CHECK(sqlcipher_rows("plain/raw.db", 3, raw, 32, true, &rc) == -1 && rc == DFT_ECORRUPT);
    /* WeChat: v1, passphrase = first 7 hex of MD5(IMEI + uin) */
    CHECK(sqlcipher_rows("plain/EnMicroMsg.db", 0, (const uint8_t *)"2feb081", 7, false, &rc) == -1 && rc == DFT_OK);
    CHECK(sqlcipher_rows("plain/EnMicroMsg.db", 0, (const uint8_t *)"2feb082", 7, false, &rc) == -1 &&
          rc == DFT_ECORRUPT);
    size_t n;
    uint8_t *b = slurp("plain/v3.db", &n);
    CHECK(dft_sqlcipher_maybe(b, n));
    dft_sqlcipher_key k;
    CHECK(dft_sqlcipher_derive(&k, &dft_sqlcipher_versions[2], (const uint8_t *)"secret-v3", 9, false, b) == DFT_OK);
    b[2000] ^= 1;   /* page 2 damaged: zeroed and counted, page 1 still verifies */
    uint8_t *out;
    size_t olen;
    uint64_t bad;
    CHECK(dft_sqlcipher_decrypt(&k, b, n, &out, &olen, &bad) == DFT_OK && bad == 1);
    free(out);
    CHECK(dft_sqlcipher_check(&k, b, 100) == DFT_ECORRUPT);
    free(b);
}

/* Signal iOS: SQLCipher 4 with a 32-byte plaintext header; key spec = raw key + salt (make_fixtures.py) */
#define SIGIOS_DB "dump/private/var/mobile/Containers/Shared/AppGroup/5B6C7D8E-9F00-4112-8324-354657687980/grdb/signal.sqlite"
static void test_sqlcipher_plain_header(void)
{
    static const char *spec_hex = "1f2e3d4c5b6a79880f1e2d3c4b5a697800112233445566778899aabbccddeeff"
                                  "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5";
    uint8_t spec[48];
    for (int i = 0; i < 48; i++) sscanf(spec_hex + 2 * i, "%2hhx", &spec[i]);
    size_t n, pn;
    uint8_t *b = slurp(SIGIOS_DB, &n), *plain = slurp("plain/signal_ios.sqlite", &pn);
    CHECK(memcmp(b, "SQLite format 3", 16) == 0 && !dft_sqlcipher_maybe(b, n));
    CHECK(dft_sqlcipher_plain_header_maybe(b, n) && !dft_sqlcipher_plain_header_maybe(plain, pn));
    CHECK(!strcmp(dft_chatdb_sniff(b, n), "encrypted") && !strcmp(dft_chatdb_sniff(plain, pn), "sqlite"));
    dft_sqlcipher_params p = dft_sqlcipher_versions[3];
    p.plain_header = 32;
    dft_sqlcipher_key k;
    CHECK(dft_sqlcipher_derive(&k, &p, spec, 32, true, spec + 32) == DFT_OK);
    uint8_t *out = NULL;
    size_t olen = 0;
    uint64_t bad = 9;
    /* the decrypted image is the plain database byte for byte (reserve zeroed, header kept) */
    CHECK(dft_sqlcipher_decrypt(&k, b, n, &out, &olen, &bad) == DFT_OK && bad == 0 && olen == pn && n == pn);
    CHECK(out && olen == pn && memcmp(out, plain, pn) == 0);
    CHECK(!dft_sqlcipher_plain_header_maybe(out, olen));   /* a decrypted copy keeps reserve 80: still plain */
    free(out);
    /* the salt is part of the key: a wrong salt, or the standard layout (salt in the file), does not open it */
    uint8_t salt2[16];
    memcpy(salt2, spec + 32, 16);
    salt2[0] ^= 1;
    dft_sqlcipher_key k2;
    CHECK(dft_sqlcipher_derive(&k2, &p, spec, 32, true, salt2) == DFT_OK && dft_sqlcipher_check(&k2, b, n) == DFT_ECORRUPT);
    CHECK(dft_sqlcipher_derive(&k2, &dft_sqlcipher_versions[3], spec, 32, true, b) == DFT_OK &&
          dft_sqlcipher_check(&k2, b, n) == DFT_ECORRUPT);
    /* the plaintext header is authenticated only from byte 32 on: a changed change-counter still opens */
    b[24] ^= 0xff;
    CHECK(dft_sqlcipher_check(&k, b, n) == DFT_OK);
    b[40] ^= 1;
    CHECK(dft_sqlcipher_check(&k, b, n) == DFT_ECORRUPT);
    /* encrypt is the inverse: the same seed gives back the fixture's bytes */
    b[24] ^= 0xff;
    b[40] ^= 1;
    uint8_t *enc = NULL;
    size_t elen = 0;
    static const uint8_t seed[16] = "signal-ios-mkfx";
    CHECK(dft_sqlcipher_encrypt(&k, spec + 32, seed, plain, pn, &enc, &elen) == DFT_OK && elen == n && memcmp(enc, b, n) == 0);
    free(enc);
    CHECK(dft_sqlcipher_encrypt(&k, spec + 32, seed, plain, 100, &enc, &elen) == DFT_ECORRUPT && !enc);
    dft_sqlcipher_key_wipe(&k);
    dft_sqlcipher_key_wipe(&k2);
    free(b);
    free(plain);
}

/* ---- the WeChat parser on the decrypted EnMicroMsg.db ---------------------------------------- */

typedef struct rec {
    char lines[64][1024];
    int n, warnings;
} rec;

static const char *z(const char *s) { return s ? s : "-"; }

static int s_msg(void *p, const dft_chat_msg *m)
{
    rec *r = p;
    if (r->n < 64)
        snprintf(r->lines[r->n++], 1024, "M %s|%s|%s|%s|%s|%s|%s|%s|%s|%s|%s", z(m->source), z(m->direction),
                 z(m->sender), z(m->recipient), z(m->sent_utc), z(m->body), z(m->thread), z(m->thread_title),
                 z(m->sender_name), z(m->attachment), z(m->details));
    return DFT_OK;
}

static int s_contact(void *p, const dft_chat_contact *c)
{
    rec *r = p;
    if (r->n < 64)
        snprintf(r->lines[r->n++], 1024, "C %s|%s|%s|%s", z(c->source), z(c->name), z(c->handle), z(c->account));
    return DFT_OK;
}

static void s_warn(void *p, const char *msg)
{
    ((rec *)p)->warnings++;
    fprintf(stderr, "  warning: %s\n", msg);
}

static void test_wechat(void)
{
    size_t n;
    uint8_t *b = slurp("plain/EnMicroMsg.db", &n);
    dft_sqlcipher_key k;
    CHECK(dft_sqlcipher_derive(&k, &dft_sqlcipher_versions[0], (const uint8_t *)"2feb081", 7, false, b) == DFT_OK);
    uint8_t *out;
    size_t olen;
    uint64_t bad;
    CHECK(dft_sqlcipher_decrypt(&k, b, n, &out, &olen, &bad) == DFT_OK && bad == 0);
    char path[4200];
    snprintf(path, sizeof path, "%s/plain/wechat-dec.db", fx);
    FILE *fp = fopen(path, "wb");
    fwrite(out, 1, olen, fp);
    fclose(fp);
    free(out);
    free(b);
    dft_chatdb *db = NULL;
    dft_chatdb_opts o = { .path = path };
    CHECK(dft_chatdb_open(&db, &o) == DFT_OK);
    if (!db) return;
    dft_chat_ctx ctx = { .device_path = "/data/data/com.tencent.mm/MicroMsg/x/EnMicroMsg.db" };
    CHECK(dft_chat_parser_wechat.detect(db, &ctx) == 95);
    rec r = { .n = 0 };
    dft_chat_sink sink = { .payload = &r, .message = s_msg, .contact = s_contact, .warning = s_warn };
    dft_chat_stats st = { 0 };
    CHECK(dft_chat_parser_wechat.parse(db, &ctx, &sink, &st) == DFT_OK);
    CHECK(st.messages == 6 && st.contacts == 4 && st.skipped == 0 && r.warnings == 0);
    CHECK(strcmp(st.account, "wxid_owner001") == 0 && strcmp(st.variant, "android-enmicromsg") == 0);
    static const char *const want[] = {
        "C rcontact:1|阿明|wxid_owner001|wxid_owner001",
        "C rcontact:2|李老板|wxid_li|wxid_owner001",
        "C rcontact:3|Nguyễn Văn An|wxid_nguyen|wxid_owner001",
        "C rcontact:4|工作群 กลุ่มงาน|12345678901@chatroom|wxid_owner001",
        "M message:1|in|wxid_li|wxid_owner001|2023-11-14T22:13:20Z|你好，明天见|wxid_li|李老板|李老板|-|"
        "{\"type\":\"text\",\"raw_type\":1,\"msg_id\":1,\"msg_svr_id\":7001,\"raw_time\":1700000000000}",
        "M message:2|out|wxid_owner001|wxid_li|2023-11-14T22:14:20Z|好的 ok|wxid_li|李老板|-|-|"
        "{\"type\":\"text\",\"raw_type\":1,\"msg_id\":2,\"msg_svr_id\":7002,\"raw_time\":1700000060000}",
        "M message:3|in|wxid_nguyen|12345678901@chatroom|2023-11-14T22:15:20Z|Xin chào mọi người|12345678901@chatroom|"
        "工作群 กลุ่มงาน|Nguyễn Văn An|-|{\"type\":\"text\",\"raw_type\":1,\"msg_id\":3,\"msg_svr_id\":7003,"
        "\"raw_time\":1700000120000,\"participants\":[\"wxid_owner001\",\"wxid_li\",\"wxid_nguyen\"]}",
        "M message:4|out|wxid_owner001|12345678901@chatroom|2023-11-14T22:16:20Z|สวัสดีครับ|12345678901@chatroom|"
        "工作群 กลุ่มงาน|阿明|-|{\"type\":\"text\",\"raw_type\":1,\"msg_id\":4,\"msg_svr_id\":7004,"
        "\"raw_time\":1700000180000,\"participants\":[\"wxid_owner001\",\"wxid_li\",\"wxid_nguyen\"]}",
        "M message:5|in|wxid_nguyen|wxid_owner001|2023-11-14T22:17:20Z|<msg><img length=\"1024\"/></msg>|wxid_nguyen|"
        "Nguyễn Văn An|Nguyễn Văn An|THUMBNAIL_DIRPATH://th_3f2a|{\"type\":\"image\",\"raw_type\":3,\"msg_id\":5,"
        "\"msg_svr_id\":7005,\"raw_time\":1700000240000}",
        "M message:6|in|-|12345678901@chatroom|2023-11-14T22:18:20Z|\"老李\"邀请\"Nguyễn Văn An\"加入了群聊|"
        "12345678901@chatroom|工作群 กลุ่มงาน|-|-|{\"type\":\"system\",\"raw_type\":10000,\"msg_id\":6,"
        "\"msg_svr_id\":7006,\"raw_time\":1700000300000,\"participants\":[\"wxid_owner001\",\"wxid_li\",\"wxid_nguyen\"]}",
    };
    CHECK(r.n == (int)(sizeof want / sizeof want[0]));
    for (int i = 0; i < r.n && i < (int)(sizeof want / sizeof want[0]); i++) {
        if (strcmp(r.lines[i], want[i]) != 0) {
            fprintf(stderr, "row %d\n got: %s\nwant: %s\n", i, r.lines[i], want[i]);
            CHECK(!"wechat row");
        }
    }
    dft_chatdb_close(db);
}

/* parsers/ios_keychain.c on make_fixtures.py's dumps: the binary dump's three genp items in order, the Signal
 * item found by acct (as data, NUL-terminated) + group, Session's item of the same account name refused; the
 * hostile XML dump: mistyped entries skipped, the 4 MiB and 47-byte items delivered but not a key spec; the
 * UFED encrypted export decrypted (the entry sealed with an unknown class key counted); a non-plist refused. */
typedef struct kc_seen {
    int n, specs;
    char accts[256];
    uint8_t spec[48];
} kc_seen;

static int kc_cb(void *payload, const dft_keychain_item *it)
{
    kc_seen *k = payload;
    k->n++;
    size_t l = strlen(k->accts);
    snprintf(k->accts + l, sizeof k->accts - l, "%s%s", l ? "," : "", it->acct);
    if (dft_ios_keychain_is_signal_spec(it)) {
        k->specs++;
        memcpy(k->spec, it->data, 48);
    }
    return 0;
}

static void test_ios_keychain(void)
{
    size_t n;
    uint8_t *b = slurp("ios_kc/extra/KeychainDump/backup_keychain_v2.plist", &n);
    kc_seen k = { 0 };
    dft_keychain_stats st;
    CHECK(b && dft_ios_keychain_genp(b, n, kc_cb, &k, &st) == DFT_OK);
    CHECK(k.n == 3 && st.items == 3 && st.skipped == 0 && !st.encrypted_layout && k.specs == 1);
    CHECK(strcmp(k.accts, "user@example.com,GRDBDatabaseCipherKeySpec,GRDBDatabaseCipherKeySpec") == 0);
    static const uint8_t want[8] = { 0x1f, 0x2e, 0x3d, 0x4c, 0x5b, 0x6a, 0x79, 0x88 };
    CHECK(memcmp(k.spec, want, 8) == 0 && k.spec[47] == 0xa5);
    CHECK(dft_ios_keychain_genp(b, n / 2, kc_cb, &k, &st) == DFT_ECORRUPT);
    free(b);
    b = slurp("ios_kc_hostile/keychain-backup.plist", &n);
    memset(&k, 0, sizeof k);
    CHECK(b && dft_ios_keychain_genp(b, n, kc_cb, &k, &st) == DFT_OK);
    CHECK(k.n == 2 && st.skipped == 4 && k.specs == 0);
    free(b);
    b = slurp("ios_kc_hostile/extra/KeychainDump/backup_keychain_v2.plist", &n);
    CHECK(b && dft_ios_keychain_genp(b, n, kc_cb, &k, &st) == DFT_ECORRUPT);
    free(b);
    /* UFED export: rows 1 and 4 open (genp), row 2 has another class key, row 3 is rawData, row 5 inet */
    b = slurp("ios_kc_ufed/extra/KeychainDump/backup_keychain_v2.plist", &n);
    memset(&k, 0, sizeof k);
    CHECK(b && dft_ios_keychain_genp(b, n, kc_cb, &k, &st) == DFT_OK && st.encrypted_layout);
    CHECK(k.n == 2 && st.undecrypted == 1 && k.specs == 1 && memcmp(k.spec, want, 8) == 0 && k.spec[47] == 0xa5);
    CHECK(strcmp(k.accts, "user@example.com,GRDBDatabaseCipherKeySpec") == 0);
    free(b);
}

int main(int argc, char **argv)
{
    if (argc != 2) return 2;
    fx = argv[1];
    RUN(test_wa_keys);
    RUN(test_wa_crypt15);
    RUN(test_wa_crypt14);
    RUN(test_sqlcipher);
    RUN(test_sqlcipher_plain_header);
    RUN(test_wechat);
    RUN(test_ios_keychain);
    return check_failures ? 1 : 0;
}
