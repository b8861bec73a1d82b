/*
 * bdb_dump.c - test tool: prints the records of a Berkeley DB B-tree file (parsers/bdb.c) as
 * " <key hex>\n <value hex>\n" lines in walk order, then a "# records N overflow N problems N" line
 * on stderr. The libdb oracle test compares its output on a db5.3_load-made file with the input.
 * Usage: bdb_dump FILE [SUBDB]
 */
#include <stdio.h>
#include <stdlib.h>

#include "bdb.h"
#include "error.h"

static void hexline(const uint8_t *p, size_t n)
{
    putchar(' ');
    for (size_t i = 0; i < n; i++) printf("%02x", p[i]);
    putchar('\n');
}

static int rec(void *payload, const uint8_t *k, size_t kl, const uint8_t *v, size_t vl)
{
    (void)payload;
    hexline(k, kl);
    hexline(v, vl);
    return 0;
}

int main(int argc, char **argv)
{
    if (argc < 2) return 2;
    FILE *f = fopen(argv[1], "rb");
    if (!f) return 2;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    uint8_t *buf = malloc(n > 0 ? (size_t)n : 1);
    if (!buf || fread(buf, 1, (size_t)n, f) != (size_t)n) return 2;
    fclose(f);
    dft_bdb_stats st;
    int rc = dft_bdb_walk(buf, (size_t)n, argc > 2 ? argv[2] : "main", rec, NULL, &st);
    fprintf(stderr, "# rc %d records %u overflow %u problems %u %s\n", rc, st.records, st.overflow, st.problems,
            rc ? dft_error_last() : st.first_problem);
    free(buf);
    return rc ? 1 : 0;
}
