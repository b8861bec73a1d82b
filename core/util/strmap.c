/*
 * strmap.c - open addressing with linear probing over FNV-1a hashes; load factor kept below 0.7.
 */
#include "strmap.h"

#include <stdlib.h>
#include <string.h>

#include "error.h"

typedef struct slot {
    char *key;   /* NULL = empty */
    uint64_t hash;
    int64_t value;
} slot;

struct dft_strmap {
    slot *slots;
    size_t cap;  /* power of two */
    size_t count;
};

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 1099511628211ULL;
    return h;
}

int dft_strmap_new(dft_strmap **out)
{
    dft_strmap *m = calloc(1, sizeof *m);
    if (!m) return dft_error_set(DFT_ENOMEM, "out of memory for map");
    m->cap = 64;
    m->slots = calloc(m->cap, sizeof *m->slots);
    if (!m->slots) {
        free(m);
        return dft_error_set(DFT_ENOMEM, "out of memory for map");
    }
    *out = m;
    return DFT_OK;
}

void dft_strmap_free(dft_strmap *m)
{
    if (!m) return;
    for (size_t i = 0; i < m->cap; i++) free(m->slots[i].key);
    free(m->slots);
    free(m);
}

static slot *find_slot(slot *slots, size_t cap, const char *key, uint64_t h)
{
    size_t i = h & (cap - 1);
    while (slots[i].key && !(slots[i].hash == h && strcmp(slots[i].key, key) == 0)) i = (i + 1) & (cap - 1);
    return &slots[i];
}

static int grow(dft_strmap *m)
{
    size_t cap = m->cap * 2;
    slot *slots = calloc(cap, sizeof *slots);
    if (!slots) return dft_error_set(DFT_ENOMEM, "out of memory for map");
    for (size_t i = 0; i < m->cap; i++)
        if (m->slots[i].key) *find_slot(slots, cap, m->slots[i].key, m->slots[i].hash) = m->slots[i];
    free(m->slots);
    m->slots = slots;
    m->cap = cap;
    return DFT_OK;
}

int dft_strmap_put(dft_strmap *m, const char *key, int64_t value)
{
    if ((m->count + 1) * 10 > m->cap * 7) {
        int rc = grow(m);
        if (rc) return rc;
    }
    uint64_t h = fnv1a(key);
    slot *s = find_slot(m->slots, m->cap, key, h);
    if (!s->key) {
        s->key = strdup(key);
        if (!s->key) return dft_error_set(DFT_ENOMEM, "out of memory for map key");
        s->hash = h;
        m->count++;
    }
    s->value = value;
    return DFT_OK;
}

int dft_strmap_get(const dft_strmap *m, const char *key, int64_t *out)
{
    const slot *s = find_slot(m->slots, m->cap, key, fnv1a(key));
    if (!s->key) return DFT_ENOTFOUND;
    *out = s->value;
    return DFT_OK;
}

size_t dft_strmap_count(const dft_strmap *m) { return m->count; }
