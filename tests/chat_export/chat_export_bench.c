/*
 * chat_export_bench.c - parses one export (WhatsApp .txt or Telegram result.json) with a counting sink
 * and prints messages, seconds and peak RSS: the memory check of a streamed 100 MB export
 * (mk_exports.py OUT --big 100). Not a ctest test.  Usage: chat_export_bench FILE
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "chat_export_telegram.h"
#include "chat_export_whatsapp.h"
#include "error.h"

static int count(void *p, const dft_chat_msg *m)
{
    (void)m;
    (*(int64_t *)p)++;
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 2) { fprintf(stderr, "usage: %s FILE\n", argv[0]); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 1; }
    uint8_t head[4096];
    size_t hl = fread(head, 1, sizeof head, f);
    rewind(f);
    bool wa = dft_wa_export_sniff(head, hl);
    int64_t n = 0;
    dft_chat_sink sink = { .payload = &n, .message = count };
    dft_export_opts o = { .tz_name = "UTC" };
    dft_export_info info;
    memset(&info, 0, sizeof info);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    int rc = wa ? dft_wa_export_parse(f, &o, &sink, &info) : dft_tg_export_parse(f, &o, &sink, &info);
    clock_gettime(CLOCK_MONOTONIC, &b);
    fclose(f);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double s = (double)(b.tv_sec - a.tv_sec) + (b.tv_nsec - a.tv_nsec) / 1e9;
    printf("%s: rc=%d format=%s messages=%lld seconds=%.2f msgs_per_s=%.0f peak_rss_kib=%ld\n", argv[1], rc,
           info.format ? info.format : "-", (long long)n, s, s > 0 ? n / s : 0.0, ru.ru_maxrss);
    dft_export_info_free(&info);
    return rc ? 1 : 0;
}
