/*
 * replay_main.c - a deterministic stand-in for libFuzzer's driver, linked with every harness so the
 * harnesses run as ordinary ctest tests with gcc (normal and ASan+UBSan builds).
 *
 *   <harness>_replay [-n N] [-s SEED] PATH...
 *
 * Each PATH is a file or a directory of seed files (sorted by name, so the order is fixed). Every
 * seed runs once as is, then N mutants of it run: 1..4 stacked edits drawn from a fixed PRNG
 * (bit flips, interesting bytes and integers, truncation, insertion, deletion, block duplication,
 * dictionary tokens, splicing with another seed). The PRNG is seeded from SEED and the seed's name
 * only, so a run is reproducible and "seed X mutant #i" names one input for good.
 * DFT_FUZZ_ITERATIONS overrides N (longer local runs).
 *
 * Invariants:
 *  1. The harness gets a malloc'd buffer of exactly size bytes (ASan sees any overread).
 *  2. When the harness crashes, aborts, trips a sanitizer or takes more than DFT_FUZZ_TIMEOUT
 *     seconds (default 20), the input is written to crash-<harness>-<n> in the current directory
 *     (DFT_FUZZ_CRASH_DIR overrides) and printed as hex (first 512 bytes), from a signal handler
 *     or the sanitizers' death callback, before the process dies. Replay it with: -n 0 FILE.
 *  3. Exit status: 0 when every input ran, 2 on usage errors; crashes exit as the crash does.
 */
#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Present in ASan/UBSan runtimes (gcc and clang); NULL otherwise. */
extern void __sanitizer_set_death_callback(void (*cb)(void)) __attribute__((weak));

#define REPLAY_MAX_INPUT (1u << 20)

typedef struct seed {
    char *name;
    uint8_t *data;
    size_t len;
} seed;

/* The input being run, for the crash handlers (set before the call, cleared after). */
static const uint8_t *volatile cur_data;
static volatile size_t cur_len;
static const char *prog_name = "fuzz";
static char cur_label[512];
static volatile sig_atomic_t dumped;

/* --- crash reporting (async-signal-safe: write(2) and snprintf into stack buffers only) --- */

static void put(const char *s) { ssize_t r = write(2, s, strlen(s)); (void)r; }

static void dump_input(void)
{
    if (dumped || !cur_data) return;
    dumped = 1;
    char path[1024];
    const char *dir = getenv("DFT_FUZZ_CRASH_DIR");
    snprintf(path, sizeof path, "%s/crash-%s-%ld", dir && *dir ? dir : ".", prog_name, (long)getpid());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) {
        size_t off = 0;
        while (off < cur_len) {
            ssize_t w = write(fd, (const char *)cur_data + off, cur_len - off);
            if (w <= 0) break;
            off += (size_t)w;
        }
        close(fd);
    }
    char line[2200];
    snprintf(line, sizeof line, "\n== replay: input that failed: %s (%zu bytes), saved as %s\n", cur_label,
             (size_t)cur_len, fd >= 0 ? path : "(could not save)");
    put(line);
    static const char hex[] = "0123456789abcdef";
    size_t n = cur_len < 512 ? cur_len : 512;
    for (size_t i = 0; i < n; i += 32) {
        char h[100], *w = h;
        for (size_t k = i; k < n && k < i + 32; k++) {
            *w++ = hex[cur_data[k] >> 4];
            *w++ = hex[cur_data[k] & 15];
        }
        *w++ = '\n';
        *w = 0;
        put(h);
    }
    if (cur_len > n) put("...\n");
}

static void on_signal(int sig)
{
    if (sig == SIGALRM) put("\n== replay: timeout\n");
    dump_input();
    signal(sig, SIG_DFL);
    raise(sig == SIGALRM ? SIGABRT : sig);
}

/* --- deterministic PRNG (splitmix64) --- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
    uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

static size_t below(size_t n) { return n ? (size_t)(rnd() % n) : 0; }

static uint64_t fnv1a(const char *s)
{
    uint64_t h = 0xcbf29ce484222325ull;
    for (; *s; s++) h = (h ^ (uint8_t)*s) * 0x100000001b3ull;
    return h;
}

/* --- mutations: edit buf (len bytes used, cap bytes room) in place; returns the new length --- */

static const uint8_t interesting8[] = {0x00, 0x01, 0x7f, 0x80, 0xff, 0x20, 0x0a, 0x0d,
                                       '/',  '.',  '\\', '<',  '>',  '"',  '&',  0x1e, 0x1f};
static const uint64_t interesting64[] = {0, 1, 0x7f, 0x80, 0xff, 0x7fff, 0x8000, 0xffff, 0x10000,
                                         0x7fffffff, 0x80000000u, 0xffffffffu, 0x100000000ull,
                                         0x7fffffffffffffffull, 0x8000000000000000ull, ~0ull};
static const char *const tokens[] = {
    "..", "../", "/", "//", "./", "\\", "C:\\", "\n", "\r\n", "\t", "<", ">", "</", "/>", "&amp;", "&#0;",
    "<!DOCTYPE a [<!ENTITY x \"y\">]>", "<![CDATA[", "]]>", "<?xml version=\"1.0\"?>", "<item name=\"",
    "<file path=\"", "<dict>", "<array>", "<key>", "<string>", "<integer>", "<data>", "<date>",
    "bplist00", "$objects", "$top", "root", "PK\x01\x02", "PK\x05\x06", "PK\x06\x06", "PK\x06\x07",
    "ANDROID BACKUP\n", "AES-256\n", "none\n", "data/", "private/var/", "apps/", "__outside__",
    "\xef\xbb\xbf", "\xff\xfe", "#!", "%PDF", "-----BEGIN", "\x00",
};

static size_t mutate_once(uint8_t *buf, size_t len, size_t cap, const seed *seeds, size_t nseeds)
{
    switch (rnd() % 11) {
    case 0: /* flip one bit */
        if (len) buf[below(len)] ^= (uint8_t)(1u << below(8));
        return len;
    case 1: /* interesting byte */
        if (len) buf[below(len)] = interesting8[below(sizeof interesting8)];
        return len;
    case 2: /* random byte */
        if (len) buf[below(len)] = (uint8_t)rnd();
        return len;
    case 3: /* truncate */
        return below(len + 1);
    case 4: { /* insert 1..8 random or interesting bytes */
        size_t n = 1 + below(8), at = below(len + 1);
        if (len + n > cap) return len;
        memmove(buf + at + n, buf + at, len - at);
        for (size_t i = 0; i < n; i++)
            buf[at + i] = (rnd() & 1) ? (uint8_t)rnd() : interesting8[below(sizeof interesting8)];
        return len + n;
    }
    case 5: { /* delete a range */
        if (!len) return len;
        size_t at = below(len), n = 1 + below(len - at < 64 ? len - at : 64);
        memmove(buf + at, buf + at + n, len - at - n);
        return len - n;
    }
    case 6: { /* duplicate a block somewhere else (inserting) */
        if (!len) return len;
        size_t from = below(len), n = 1 + below(len - from < 256 ? len - from : 256), at = below(len + 1);
        if (len + n > cap) return len;
        uint8_t tmp[256];
        memcpy(tmp, buf + from, n);
        memmove(buf + at + n, buf + at, len - at);
        memcpy(buf + at, tmp, n);
        return len + n;
    }
    case 7: { /* interesting integer, 2/4/8 bytes, either byte order, overwriting */
        size_t w = (size_t)2 << below(3);
        if (len < w) return len;
        uint64_t v = interesting64[below(sizeof interesting64 / sizeof interesting64[0])];
        size_t at = below(len - w + 1);
        for (size_t i = 0; i < w; i++) {
            size_t sh = (rnd() & 1) ? i : w - 1 - i;
            buf[at + i] = (uint8_t)(v >> (8 * sh));
        }
        return len;
    }
    case 8: { /* insert a dictionary token */
        const char *t = tokens[below(sizeof tokens / sizeof tokens[0])];
        size_t n = *t ? strlen(t) : 1, at = below(len + 1);
        if (len + n > cap) return len;
        memmove(buf + at + n, buf + at, len - at);
        memcpy(buf + at, t, n);
        return len + n;
    }
    case 9: { /* splice: our prefix + another seed's suffix */
        const seed *o = &seeds[below(nseeds)];
        size_t keep = below(len + 1), from = below(o->len + 1), n = o->len - from;
        if (keep + n > cap) n = cap - keep;
        memcpy(buf + keep, o->data + from, n);
        return keep + n;
    }
    default: { /* overwrite a range with a copy of another range of ourselves */
        if (len < 2) return len;
        size_t from = below(len), to = below(len), n = 1 + below(64);
        if (from + n > len) n = len - from;
        if (to + n > len) n = len - to;
        memmove(buf + to, buf + from, n);
        return len;
    }
    }
}

/* --- seeds --- */

static int cmp_seed(const void *a, const void *b) { return strcmp(((const seed *)a)->name, ((const seed *)b)->name); }

static int load_file(const char *path, seed *out)
{
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    uint8_t *d = malloc(REPLAY_MAX_INPUT);
    size_t n = d ? fread(d, 1, REPLAY_MAX_INPUT, f) : 0;
    fclose(f);
    if (!d) return -1;
    uint8_t *shrunk = realloc(d, n ? n : 1);
    if (shrunk) d = shrunk;
    out->name = strdup(path);
    out->data = d;
    out->len = n;
    return out->name ? 0 : -1;
}

static int add_path(const char *path, seed **seeds, size_t *n, size_t *cap)
{
    struct stat st;
    if (stat(path, &st) != 0) {
        fprintf(stderr, "replay: %s: not found\n", path);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        DIR *d = opendir(path);
        struct dirent *e;
        size_t first = *n;
        while (d && (e = readdir(d))) {
            if (e->d_name[0] == '.') continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", path, e->d_name);
            if (add_path(p, seeds, n, cap)) {
                closedir(d);
                return -1;
            }
        }
        if (d) closedir(d);
        qsort(*seeds + first, *n - first, sizeof **seeds, cmp_seed);
        return 0;
    }
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 64;
        seed *s = realloc(*seeds, *cap * sizeof **seeds);
        if (!s) return -1;
        *seeds = s;
    }
    if (load_file(path, &(*seeds)[*n])) {
        fprintf(stderr, "replay: %s: unreadable\n", path);
        return -1;
    }
    (*n)++;
    return 0;
}

static void run_one(const uint8_t *src, size_t len, unsigned timeout)
{
    /* exact-size heap copy so ASan catches reads one past the end */
    uint8_t *d = malloc(len ? len : 1);
    if (!d) abort();
    memcpy(d, src, len);
    cur_data = d;
    cur_len = len;
    alarm(timeout);
    LLVMFuzzerTestOneInput(d, len);
    alarm(0);
    cur_data = NULL;
    free(d);
}

int main(int argc, char **argv)
{
    long iters = 200;
    uint64_t base_seed = 0x6466747269616765ull; /* "dftriage" */
    const char *slash = strrchr(argv[0], '/');
    prog_name = slash ? slash + 1 : argv[0];
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-n") && i + 1 < argc) iters = strtol(argv[++i], NULL, 10);
        else if (!strcmp(argv[i], "-s") && i + 1 < argc) base_seed = strtoull(argv[++i], NULL, 0);
        else {
            fprintf(stderr, "usage: %s [-n mutants-per-seed] [-s prng-seed] FILE|DIR...\n", argv[0]);
            return 2;
        }
    }
    const char *env = getenv("DFT_FUZZ_ITERATIONS");
    if (env && *env) iters = strtol(env, NULL, 10);
    env = getenv("DFT_FUZZ_TIMEOUT");
    unsigned timeout = env && *env ? (unsigned)strtoul(env, NULL, 10) : 20;
    if (i == argc) {
        fprintf(stderr, "usage: %s [-n mutants-per-seed] [-s prng-seed] FILE|DIR...\n", argv[0]);
        return 2;
    }
    seed *seeds = NULL;
    size_t n = 0, cap = 0;
    for (; i < argc; i++)
        if (add_path(argv[i], &seeds, &n, &cap)) return 2;
    if (!n) {
        fprintf(stderr, "replay: no seed files\n");
        return 2;
    }

    if (__sanitizer_set_death_callback) __sanitizer_set_death_callback(dump_input);
    signal(SIGSEGV, on_signal);
    signal(SIGBUS, on_signal);
    signal(SIGFPE, on_signal);
    signal(SIGILL, on_signal);
    signal(SIGABRT, on_signal);
    signal(SIGALRM, on_signal);

    uint8_t *buf = malloc(REPLAY_MAX_INPUT * 2);
    if (!buf) return 1;
    unsigned long runs = 0;
    for (size_t s = 0; s < n; s++) {
        snprintf(cur_label, sizeof cur_label, "seed %s", seeds[s].name);
        run_one(seeds[s].data, seeds[s].len, timeout);
        runs++;
        rng_state = base_seed ^ fnv1a(strrchr(seeds[s].name, '/') ? strrchr(seeds[s].name, '/') + 1 : seeds[s].name);
        for (long k = 0; k < iters; k++) {
            size_t len = seeds[s].len;
            memcpy(buf, seeds[s].data, len);
            int edits = 1 + (int)below(4);
            for (int e = 0; e < edits; e++) len = mutate_once(buf, len, REPLAY_MAX_INPUT * 2, seeds, n);
            snprintf(cur_label, sizeof cur_label, "seed %s mutant #%ld (-s 0x%llx)", seeds[s].name, k,
                     (unsigned long long)base_seed);
            run_one(buf, len, timeout);
            runs++;
        }
    }
    fprintf(stderr, "%s: %lu inputs from %zu seeds (%ld mutants each) ran clean\n", prog_name, runs, n, iters);
    free(buf);
    for (size_t s = 0; s < n; s++) {
        free(seeds[s].name);
        free(seeds[s].data);
    }
    free(seeds);
    return 0;
}
