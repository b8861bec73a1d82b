/*
 * rec_sink.h - a recording dft_walk_sink for the container tests: keeps every record (with the
 * SHA-256 of its content, read from inline_data or spill_path at once, then released as the
 * pipeline would), every warning and every meta pair; plus small check helpers.
 */
#ifndef DFT_TEST_REC_SINK_H
#define DFT_TEST_REC_SINK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "evidence_impl.h"
#include "walk.h"

typedef struct trec {
    int64_t id, parent_id;
    char *path, *name, *device_path, *archive_path, *link_target, *extra_json, *content_error, *spill_path;
    char type;
    uint64_t size, locator;
    bool partial, has_content;
    int64_t mtime;
    uint32_t mode;
    char sha256[65];
    dft_source *source;
} trec;

typedef struct tsink {
    trec *recs;
    size_t n, cap;
    char **warnings;
    size_t nw;
    char **meta_k, **meta_v;
    size_t nm;
} tsink;

extern int g_failures;

#define CHECK(cond, ...)                                                        \
    do {                                                                        \
        if (!(cond)) {                                                          \
            fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);     \
            fprintf(stderr, __VA_ARGS__);                                       \
            fprintf(stderr, "\n");                                              \
            g_failures++;                                                       \
        }                                                                       \
    } while (0)

void tsink_init(tsink *t, dft_walk_sink *s);
void tsink_free(tsink *t);
const trec *tsink_find(const tsink *t, const char *path);
const trec *tsink_by_id(const tsink *t, int64_t id);
const char *tsink_meta(const tsink *t, const char *key);
size_t tsink_warnings_with(const tsink *t, const char *needle);
/* Expected sha256 for key (a line "<sha>  <key>" in expected.txt), or NULL. */
const char *expected_sha(const char *images, const char *key);
/* sha256 hex of a whole file. */
int file_sha256(const char *path, char out[65]);
/* Every parent_id names an earlier 'd' record (or root/container), every dir path appears once. */
void check_tree(const tsink *t, int64_t allowed_non_dir_parent_max);
/* Number of entries in directory dir (excluding . and ..), -1 when it cannot be read. */
int count_dir(const char *dir);

#endif
