/*
 * rowkind.c - the descriptors of emitted rows (rowkind.h) and the copy/free that derive from them.
 */
#include "rowkind.h"

#include <stdlib.h>
#include <string.h>

#define COL(S, field, t, ...) { #field, t, (uint16_t)offsetof(S, field), __VA_ARGS__ }
#define TEXT(S, f) COL(S, f, DFT_COL_TEXT, NULL, 0, false)
#define PTEXT(S, f) COL(S, f, DFT_COL_TEXT, NULL, 0, true)
#define JSON(S, f) COL(S, f, DFT_COL_JSON, NULL, 0, false)
#define I64(S, f) COL(S, f, DFT_COL_I64, NULL, -1, false)
#define FLAG(S, f, d) COL(S, f, DFT_COL_FLAG, NULL, d, false)
#define NCOLS(a) (sizeof(a) / sizeof(a)[0])

static const dft_column_desc finding_cols[] = {
    COL(dft_finding, kind, DFT_COL_TEXT, "unknown", 0, false),
    TEXT(dft_finding, subkind),
    TEXT(dft_finding, value),
    I64(dft_finding, offset),
    I64(dft_finding, length),
    COL(dft_finding, confidence, DFT_COL_REAL, NULL, 0, false),
    JSON(dft_finding, details),
    TEXT(dft_finding, personal),
};

static const dft_column_desc message_cols[] = {
    TEXT(dft_message, app),
    TEXT(dft_message, account),
    TEXT(dft_message, thread),
    TEXT(dft_message, thread_title),
    PTEXT(dft_message, sender),
    PTEXT(dft_message, recipient),
    TEXT(dft_message, direction),
    TEXT(dft_message, sent_utc),
    PTEXT(dft_message, body),
    TEXT(dft_message, attachment),
    FLAG(dft_message, deleted, 0),
    TEXT(dft_message, source),
    I64(dft_message, offset),
    JSON(dft_message, details),
};

static const dft_column_desc contact_cols[] = {
    TEXT(dft_contact, app),
    TEXT(dft_contact, account),
    PTEXT(dft_contact, name),
    PTEXT(dft_contact, phone),
    PTEXT(dft_contact, handle),
    TEXT(dft_contact, source),
    JSON(dft_contact, details),
};

static const dft_column_desc call_cols[] = {
    TEXT(dft_call, app),
    TEXT(dft_call, account),
    PTEXT(dft_call, counterpart),
    PTEXT(dft_call, counterpart_name),
    TEXT(dft_call, direction),
    TEXT(dft_call, status),
    TEXT(dft_call, media),
    TEXT(dft_call, start_utc),
    I64(dft_call, duration_s),
    FLAG(dft_call, deleted, 0),
    TEXT(dft_call, source),
    JSON(dft_call, details),
};

static const dft_column_desc wallet_cols[] = {
    TEXT(dft_wallet, kind),
    TEXT(dft_wallet, chain),
    FLAG(dft_wallet, encrypted, -1),
    TEXT(dft_wallet, address),
    TEXT(dft_wallet, source),
    JSON(dft_wallet, details),
};

static const dft_column_desc person_cols[] = {
    COL(dft_person, role, DFT_COL_TEXT, "unknown", 0, false),
    PTEXT(dft_person, name),
    PTEXT(dft_person, phone),
    PTEXT(dft_person, nationality),
    PTEXT(dft_person, passport),
    TEXT(dft_person, amount),
    JSON(dft_person, details),
    JSON(dft_person, source),
    COL(dft_person, personal, DFT_COL_TEXT, "name,phone,nationality,passport,amount,details", 0, false),
};

static const dft_column_desc link_cols[] = {
    COL(dft_link, from_table, DFT_COL_TABLE, NULL, 0, false),
    COL(dft_link, from_id, DFT_COL_REF, NULL, 0, false),
    TEXT(dft_link, relation),
    COL(dft_link, to_table, DFT_COL_TABLE, NULL, 0, false),
    COL(dft_link, to_id, DFT_COL_REF, NULL, 0, false),
    JSON(dft_link, details),
};

/* The smallest struct accepted is the ABI 2.0 layout: up to and including the last field of 2.0. */
#define MIN(S, last) (offsetof(S, last) + sizeof(((S *)0)->last))

static const dft_rowkind kinds[] = {
    { DFT_TABLE_FINDING, "findings", "a finding", sizeof(dft_finding), MIN(dft_finding, personal),
      finding_cols, NCOLS(finding_cols), true },
    { DFT_TABLE_MESSAGE, "messages", "a message", sizeof(dft_message), MIN(dft_message, details),
      message_cols, NCOLS(message_cols), false },
    { DFT_TABLE_CONTACT, "contacts", "a contact", sizeof(dft_contact), MIN(dft_contact, details),
      contact_cols, NCOLS(contact_cols), false },
    { DFT_TABLE_CALL, "calls", "a call", sizeof(dft_call), MIN(dft_call, details),
      call_cols, NCOLS(call_cols), false },
    { DFT_TABLE_WALLET, "wallets", "a wallet", sizeof(dft_wallet), MIN(dft_wallet, details),
      wallet_cols, NCOLS(wallet_cols), false },
    { DFT_TABLE_PERSON, "persons", "a person", sizeof(dft_person), MIN(dft_person, personal),
      person_cols, NCOLS(person_cols), false },
    { DFT_TABLE_NONE, "links", "a link", sizeof(dft_link), sizeof(dft_link), link_cols, NCOLS(link_cols),
      false },
};

_Static_assert(NCOLS(finding_cols) <= DFT_ROWKIND_MAX_COLS && NCOLS(message_cols) <= DFT_ROWKIND_MAX_COLS &&
                   NCOLS(contact_cols) <= DFT_ROWKIND_MAX_COLS && NCOLS(call_cols) <= DFT_ROWKIND_MAX_COLS &&
                   NCOLS(wallet_cols) <= DFT_ROWKIND_MAX_COLS && NCOLS(person_cols) <= DFT_ROWKIND_MAX_COLS &&
                   NCOLS(link_cols) <= DFT_ROWKIND_MAX_COLS,
               "a row kind has more columns than dft_rowkind_copy handles");

static const char *const table_names[DFT_TABLE_COUNT_] = {
    [DFT_TABLE_FILE] = "files",       [DFT_TABLE_FINDING] = "findings", [DFT_TABLE_MESSAGE] = "messages",
    [DFT_TABLE_CONTACT] = "contacts", [DFT_TABLE_CALL] = "calls",       [DFT_TABLE_WALLET] = "wallets",
    [DFT_TABLE_PERSON] = "persons",   [DFT_TABLE_EVIDENCE] = "evidence", [DFT_TABLE_REGION] = "unallocated",
};

const dft_rowkind *dft_rowkind_of(dft_table t)
{
    for (size_t i = 0; i < NCOLS(kinds); i++)
        if (kinds[i].table == t && t != DFT_TABLE_NONE) return &kinds[i];
    return NULL;
}

size_t dft_rowkind_count(void) { return NCOLS(kinds); }

const dft_rowkind *dft_rowkind_at(size_t i) { return i < NCOLS(kinds) ? &kinds[i] : NULL; }

const char *dft_table_name(dft_table t)
{
    return (unsigned)t < DFT_TABLE_COUNT_ ? table_names[t] : NULL;
}

dft_table dft_table_from_name(const char *name)
{
    for (unsigned t = 1; name && t < DFT_TABLE_COUNT_; t++)
        if (strcmp(table_names[t], name) == 0) return (dft_table)t;
    return DFT_TABLE_NONE;
}

static size_t field_size(dft_coltype t)
{
    switch (t) {
    case DFT_COL_TEXT:
    case DFT_COL_JSON: return sizeof(const char *);
    case DFT_COL_I64:
    case DFT_COL_REF: return sizeof(int64_t);
    case DFT_COL_FLAG: return sizeof(int);
    case DFT_COL_REAL: return sizeof(double);
    case DFT_COL_TABLE: return sizeof(uint32_t);
    }
    return 0;
}

/* The text a copy of column c takes from src (NULL: none): the plugin's string or the default. */
static const char *src_text(const dft_column_desc *c, const uint8_t *src, uint32_t given)
{
    bool known = (size_t)c->offset + field_size(c->type) <= given;
    const char *v = known ? *(const char *const *)(src + c->offset) : NULL;
    return v ? v : c->dflt_text;
}

void *dft_rowkind_copy(const dft_rowkind *k, const void *src)
{
    uint32_t given = *(const uint32_t *)src;
    if (given < k->min_size) {
        dft_error_set(DFT_EUNSUPPORTED, "%s of %u bytes: this dftriage needs at least %zu (struct_size unset?)",
                      k->what, given, k->min_size);
        return NULL;
    }
    /* one block: the struct, then its strings (a message has up to 11 of them; one allocation instead
     * of one per string, and one free) */
    size_t lens[DFT_ROWKIND_MAX_COLS];
    size_t total = k->struct_size;
    for (size_t i = 0; i < k->n_cols; i++) {
        const dft_column_desc *c = &k->cols[i];
        const char *v = c->type == DFT_COL_TEXT || c->type == DFT_COL_JSON ? src_text(c, src, given) : NULL;
        lens[i] = v ? strlen(v) + 1 : 0;
        if (lens[i] > SIZE_MAX - total) {
            dft_error_set(DFT_ENOMEM, "out of memory for %s", k->what);
            return NULL;
        }
        total += lens[i];
    }
    uint8_t *dst = calloc(1, total);
    if (!dst) {
        dft_error_set(DFT_ENOMEM, "out of memory for %s", k->what);
        return NULL;
    }
    *(uint32_t *)dst = (uint32_t)k->struct_size;
    char *text = (char *)dst + k->struct_size;
    for (size_t i = 0; i < k->n_cols; i++) {
        const dft_column_desc *c = &k->cols[i];
        bool known = (size_t)c->offset + field_size(c->type) <= given;
        uint8_t *d = dst + c->offset;
        const uint8_t *s = (const uint8_t *)src + c->offset;
        switch (c->type) {
        case DFT_COL_TEXT:
        case DFT_COL_JSON:
            if (lens[i]) {
                memcpy(text, src_text(c, src, given), lens[i]);
                *(char **)d = text;
                text += lens[i];
            }
            break;
        case DFT_COL_I64:
        case DFT_COL_REF: {
            int64_t v = c->dflt_int;
            if (known) memcpy(&v, s, sizeof v);
            memcpy(d, &v, sizeof v);
            break;
        }
        case DFT_COL_FLAG: {
            int v = (int)c->dflt_int;
            if (known) memcpy(&v, s, sizeof v);
            memcpy(d, &v, sizeof v);
            break;
        }
        case DFT_COL_REAL:
        case DFT_COL_TABLE:
            if (known) memcpy(d, s, field_size(c->type));
            break;
        }
    }
    return dst;
}

void dft_rowkind_free(const dft_rowkind *k, void *row)
{
    (void)k;
    free(row);
}

const char *dft_rowkind_text(const dft_rowkind *k, const void *row, size_t col)
{
    return *(const char *const *)((const uint8_t *)row + k->cols[col].offset);
}

int64_t dft_rowkind_int(const dft_rowkind *k, const void *row, size_t col)
{
    const uint8_t *p = (const uint8_t *)row + k->cols[col].offset;
    switch (k->cols[col].type) {
    case DFT_COL_FLAG: {
        int v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    case DFT_COL_TABLE: {
        uint32_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    default: {
        int64_t v;
        memcpy(&v, p, sizeof v);
        return v;
    }
    }
}
