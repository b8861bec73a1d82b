/*
 * pipeline_impl.h - the structures shared by the pipeline's files (pipeline.c: sink, queue and
 * lifecycle; worker.c: per-file processing; content.c: the plugin-facing content and emit API;
 * writer.c: the writer thread). Nothing outside these files includes it.
 */
#ifndef DFT_PIPELINE_IMPL_H
#define DFT_PIPELINE_IMPL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>

#include "fileindex.h"
#include "hash.h"
#include "pipeline.h"
#include "rowkind.h"
#include "strmap.h"

enum item_kind { ITEM_VOLUME, ITEM_FS, ITEM_REGION, ITEM_WARNING, ITEM_META, ITEM_FILE, ITEM_DEFERRED,
                 ITEM_REGION_ROWS, /* the rows of one region scan (region.c); id = slack's file, else 0 */
                 ITEM_CHUNK /* rows handed to the writer while their item's scan still runs (flush.c) */ };
/* One emitted row: a copy of the plugin's struct made from its descriptor (rowkind.h). */
typedef struct row {
    struct row *next;
    const struct dft_rowkind *kind;
    const char *plugin;          /* static: the plugin descriptor's name outlives the pipeline */
    uint32_t prov;               /* its provisional number in the item (1, 2, ...), 0 = no reference given */
    dft_row_origin origin;       /* findings: region, media offset, decoded path (owned) and offset */
    void *data;                  /* the struct, strings owned */
} row;

/* Provisional row ids handed to plugins inside a scan (plugin.h invariant 7): negative, naming the
 * item (a token unique in the run, given at its first reference: region items get their sequence number
 * only later) and the row's number in it, so the writer resolves them when it stores the item and
 * refuses one that names another item. The token never reaches the case file. */
#define PROV_ROW_BITS 24
static inline int64_t prov_id(uint64_t seq, uint32_t n) { return -(int64_t)(((seq + 1) << PROV_ROW_BITS) | n); }
static inline bool prov_split(int64_t id, uint64_t *seq, uint32_t *n)
{
    if (id >= 0) return false;
    uint64_t v = (uint64_t)(-id);
    *seq = (v >> PROV_ROW_BITS) - 1;
    *n = (uint32_t)(v & ((1u << PROV_ROW_BITS) - 1));
    return true;
}

/* Shared by all names of one hard-linked inode: the first name's results, read by the writer
 * for the later names (it writes in sequence order, so the first is always done by then). */
typedef struct link_info {
    struct link_info *next;
    int64_t first_id;
    bool done;
    dft_hashes hashes;
    char *mime, *magic, *hash_status;
} link_info;

typedef struct deferred deferred;

typedef struct item {
    struct item *next_in_queue;
    uint64_t seq;
    int kind;
    int64_t id;                  /* row id for volumes, file systems, files */
    dft_volume_rec vol;
    dft_fs_rec fs;
    dft_region_rec region;
    int64_t ref_file_id;         /* warning: about this file (0 = none) */
    int64_t offset;              /* warning offset */
    char *text, *text2;          /* warning message; meta key and value */

    dft_file_rec rec;            /* deep copy, strings owned */
    uint8_t *inline_data;        /* owned copy of rec.inline_data */
    link_info *link;             /* hard link group, or NULL */
    bool link_first;

    dft_file_result res;         /* strings below owned */
    char *mime, *magic, *error;
    row *rows, **rows_tail;
    uint32_t n_rows;             /* rows in the list (since the last chunk) */
    uint32_t n_prov;             /* provisional row numbers handed out */
    /* Chunked hand-off (flush.c): real ids of the item's provisional rows, owned by the writer,
     * kept across the chunks of one item so links in a later chunk resolve rows of an earlier one. */
    int64_t *prov_ids;
    uint32_t prov_cap;
    struct item *owner;          /* ITEM_CHUNK: the item whose rows these are (alive until it is written) */
    uint64_t ref_token;          /* names this item in provisional references (0 = none handed out yet) */
    /* An ITEM_FILE whose scan was chunked (flush.c): its files row goes out with its first chunk
     * (with_file_row, on that chunk), and file_row_sent on the item tells the writer not to insert it
     * again. Both are set by the scanning worker under mu, read by the writer after it took the item. */
    bool with_file_row;
    bool file_row_sent;
    uint64_t decoded_bytes;      /* decoded content dispatched for this item (--max-decoded) */
    bool decode_capped;          /* a decode cap was hit and recorded */
    deferred *def;               /* ITEM_DEFERRED */
    bool owns_spill;             /* derived file: rec.spill_path is ours to delete */
    int derived_depth;           /* derived file: how many derivations from an evidence file */
} item;

/* A derived file emitted by a scan (dft_emit_derived), queued until the walk has ended. */
typedef struct derived {
    struct derived *next;
    int64_t origin_id;           /* files.id it was decoded from (0: a region scan) */
    uint64_t origin_seq;         /* sequence of the emitting item, then emit order: a deterministic key */
    /* a region scan's (origin_id 0): ordered by the region (media offset, id, slack's file), then emit
     * order - the region's item has no sequence before the region scan ends */
    uint64_t region_offset;
    int64_t region_id, region_file_id;
    uint32_t index;
    int depth;
    dft_file_rec rec;            /* path, name, device path, allocation; spill_path = the bytes */
} derived;

/* A whole-file scan postponed until the walk has ended: plugins that declare siblings, and directory
 * claims (docs/design.md "File index and sibling lookups"). */
struct deferred {
    deferred *next;
    int64_t file_id;
    dft_file_rec rec;            /* deep copy */
    char *copy_path;             /* private materialised copy, or NULL: read the file again (random-access
                                    source) or a directory (no content) */
    char *mime, *magic;
    char *hash_status;           /* of the first read */
    dft_hashes hashes;
    bool hashed;
    size_t plugins[64];
    size_t n_plugins;
    int derived_depth;           /* a derived file: how many derivations deep (decode.c caps it) */
};

/* Evidence metadata reported by the walker (sink->meta), in report order. */
typedef struct meta_kv {
    struct meta_kv *next;
    char *key, *value;
} meta_kv;

typedef struct tstate_slot {
    dft_source *source;
    void *tstate;
} tstate_slot;

/* Plugins' state for one thread (plugin_tstate.c): a slot per plugin, by registry index. */
typedef struct plugin_tslot {
    void *tstate;
    bool ready;                  /* thread_init() succeeded */
} plugin_tslot;
typedef struct plugin_tstates {
    plugin_tslot *slots;         /* grown on first use */
    size_t n;
} plugin_tstates;

typedef struct worker {
    struct dft_pipeline *p;
    int index;
    pthread_t thread;
    struct dft_typer *typer;    /* libmagic, per thread */
    dft_hasher *hasher;
    tstate_slot *tstates;
    size_t n_tstates;
    plugin_tstates pts;          /* plugins' thread state (thread_init) */
    char *tmp;                   /* this worker's private temp directory */
    uint64_t scratch_seq;
    /* The watchdog cancels a file by its generation, so a cancel that arrives late can never hit
     * the next file: file_gen counts the files this worker started, cancel_gen is the cancelled one. */
    _Atomic uint64_t file_gen;
    _Atomic uint64_t cancel_gen;
    _Atomic int64_t started_ms;  /* 0 when idle */
} worker;

struct dft_pipeline {
    dft_store *store;
    int64_t evidence_id;
    dft_pipeline_options opts;
    dft_walk_sink sink;

    pthread_mutex_t mu;
    pthread_cond_t cond_work;    /* work queue non-empty or stopping */
    pthread_cond_t cond_space;   /* ring has space, inline budget freed (walker waits) */
    pthread_cond_t cond_idle;    /* queue empty and no worker busy (finish() waits) */
    pthread_cond_t cond_ready;   /* the writer's next item is ready */

    item *queue_head, *queue_tail;
    size_t capacity;
    item **ring;
    uint64_t seq_next;           /* next sequence number to hand out (walker thread) */
    uint64_t seq_written;        /* all below are written */
    uint64_t seq_end;            /* valid when stopping */
    uint64_t inline_bytes;       /* bytes of inline copies in flight */
    int busy_workers;
    /* Who is waiting, so a hand-off signals only when someone sleeps (a futex call per file per
     * hand-off was ~10% of the CPU on small files). */
    int work_waiters;            /* workers in cond_work */
    int space_waiters;           /* walker in cond_space */
    int idle_waiters;            /* finish() in cond_idle */
    bool writer_waiting;         /* writer in cond_ready */
    /* Row chunks of the head item (the one the writer waits for), written before any ring item
     * (flush.c). A scan that emits millions of rows so never holds them all. */
    item *chunk_head, **chunk_tail;
    int chunks_queued;
    int chunk_waiters;           /* scans waiting for chunk space */
    pthread_cond_t cond_chunk;   /* the writer took chunks */
    bool stopping_workers, stopping_writer;
    int writer_rc;

    int64_t next_file_id, next_volume_id, next_fs_id;
    dft_strmap *links;           /* "fs:meta:type:id" -> index into link list (walker thread only) */
    link_info *link_list;
    struct dft_fileindex *index; /* every file of the walk (fileindex.h) */
    meta_kv *meta, **meta_tail;  /* guarded by mu; never removed before free */
    dft_evidence_view ev_view;   /* the evidence item as plugins see it */
    deferred *deferred_list;     /* guarded by mu */
    size_t n_deferred;
    derived *derived_list;       /* guarded by mu */
    derived *region_derived;     /* from region scans, guarded by mu: queued after the region scan */
    size_t n_derived;
    uint64_t derived_seq;        /* names of spilled derived files */

    worker *workers;
    int n_workers;
    pthread_t writer_thread, watchdog_thread;
    bool watchdog_running;
    _Atomic int cancelled;

    _Atomic uint64_t files_seen, files_done, bytes_done, n_partial, n_warnings, n_findings, n_rows, n_dirs;
    /* large files hashed by lane readers together (worker_lanes.c), and of their per-algorithm
     * digests, how many were finished by OpenSSL (the scalar hand-back) */
    _Atomic uint64_t n_lane_files, n_lane_handback;

    int64_t next_region_id;      /* unallocated.id (walker thread) */
    struct regscan *regscan;     /* NULL when no plugin claims DFT_CLAIM_UNALLOC (zero cost) */
};

/* pipeline.c */
void pipeline_complete(struct dft_pipeline *p, item *it);     /* hands an item to the writer */
void pipeline_complete_locked(struct dft_pipeline *p, item *it); /* the same, mu held */
void item_free(item *it);
/* flush.c: a scan appended a row to it (scan thread); the writer takes the queued chunks (mu held). */
void pipeline_rows_added(struct dft_pipeline *p, item *it);
item *pipeline_take_chunks(struct dft_pipeline *p);
int file_rec_copy(dft_file_rec *dst, const dft_file_rec *src);
void file_rec_clear(dft_file_rec *r);

/* worker.c */
void deferred_free(deferred *d);
/* True when the run is being stopped (user interrupt, or the writer failed). */
static inline bool pipeline_stopping(const struct dft_pipeline *p)
{
    return atomic_load(&p->cancelled) != 0 || (p->opts.interrupt && *p->opts.interrupt);
}
/* True when the watchdog cancelled the file this worker is on. */
static inline bool worker_cancelled(worker *w)
{
    uint64_t g = atomic_load(&w->file_gen);
    return g && atomic_load(&w->cancel_gen) == g;
}
/* Marks the start of a file (watchdog bookkeeping). */
void worker_file_start(worker *w);
void *worker_main(void *arg);
int worker_tstate(worker *w, dft_source *src, void **out);

/* plugin_tstate.c: a plugin's state for the thread owning t, made by thread_init() on first use
 * (*out NULL when the plugin has none); all of them handed to thread_fini() by _end, on that thread.
 * The worker_ pair does it for a worker's own set. */
int plugin_tstates_get(plugin_tstates *t, size_t plugin_index, void **out);
void plugin_tstates_end(plugin_tstates *t);
int worker_plugin_tstate(worker *w, size_t plugin_index, void **out);
void worker_plugin_tstates_end(worker *w);

/* writer.c */
void *writer_main(void *arg);

/* region.c: the region scan (DFT_CLAIM_UNALLOC plugins over unallocated space and slack).
 *   walker thread: regscan_add (each region, in walk order), regscan_mapped (watermark)
 *   media-hash thread: regscan_feed (each block of the media, in order; waits for the watermark)
 *   main thread, after the walk and the hash: regscan_finish (reads what the hash did not cover,
 *   then returns one item of rows per region in disk order for the writer) */
struct regscan;
int regscan_new(struct dft_pipeline *p, struct regscan **out);   /* *out NULL when nothing claims */
void regscan_free(struct regscan *rs);
int regscan_add(struct regscan *rs, const dft_region_rec *r);
void regscan_mapped(struct regscan *rs, uint64_t below);
void regscan_walk_done(struct regscan *rs);
int regscan_feed(void *rs, uint64_t offset, const uint8_t *data, size_t len);
/* items[] (caller frees the array, the writer the items) in disk order; *n their count. */
int regscan_finish(struct regscan *rs, item ***items, size_t *n);
void regscan_stats(const struct regscan *rs, uint64_t *regions, uint64_t *shared_bytes, uint64_t *reread_bytes);

/* The core's per-file, per-plugin context (plugin.h: dft_scan). */
struct dft_pass;
struct dft_scan {
    worker *w;                   /* NULL in a pass */
    item *it;                    /* rows go here (NULL in a pass: they are stored at once) */
    const dft_file *file;
    const struct dft_registry_entry *entry;
    size_t plugin_index;
    const dft_file_rec *rec;     /* the file's record (sibling lookups, derived files), or NULL */
    /* decoded content (decode.c) */
    unsigned depth;              /* 0 for a file's own bytes */
    const char *decoded_path;    /* forensic path, NULL for a file's own bytes */
    int64_t offset_base;         /* file offset of decoded byte 0, -1 when not a byte range of the file */
    dft_ref about;               /* row the decoded bytes belong to: findings link to it */
    /* unallocated space (region scans) */
    const dft_region *region;
    /* passes */
    struct dft_pass *pass;
    int64_t pass_file_id;
    uint64_t pass_decoded;       /* decoded bytes scanned from this pass scan (--max-decoded) */
    bool pass_capped;            /* a decode cap was hit in this pass scan and recorded */
    /* whole-file scans: the content, for its work directory (derived files are taken only from there) */
    struct dft_content *content;
};
/* content.c: the work directory a scan made (dft_content_workdir), or NULL. */
const char *content_workdir_of(const dft_scan *s);

/* content.c: runs one whole-file plugin on materialised content. */
typedef struct scan_input {
    worker *w;
    item *it;                    /* rows are appended here */
    const dft_file_rec *rec;
    const dft_file *file;
    const uint8_t *bytes;        /* in memory, or NULL */
    size_t len;
    const char *path;            /* on-disk private copy, or NULL */
    bool postponed;              /* runs after the walk: lookups see every file of the evidence item;
                                    otherwise only files with a smaller id (fileindex.h invariant 2) */
    bool path_last;              /* no scan after this one reads `path`: dft_content_path may move it
                                    instead of copying it */
    struct text_memo *memo;      /* shared by the plugins of one content (dft_content_encoding), or NULL */
} scan_input;

/* What is computed once per content for all its plugins. */
typedef struct text_memo {
    const char *encoding;        /* NULL until asked */
    size_t bom;
} text_memo;
int content_run_plugin(scan_input *in, size_t plugin_index);
/* The same, with the decoded-content context of a parent scan (decode.c). */
int content_run_plugin_in(scan_input *in, size_t plugin_index, const dft_scan *ctx);
/* Stream-plugin driver used by worker.c. */
typedef struct dft_scan dft_scan;
dft_scan *scan_new(worker *w, item *it, const dft_file *file, size_t plugin_index);
void scan_free(dft_scan *s);
/* emit.c: appends a copied row of kind k to the scan's item (or stores it, in a pass). */
int scan_emit_row(dft_scan *s, const struct dft_rowkind *k, const void *src, dft_ref *out);
void rows_free(row *r);
/* decode.c: dispatches decoded bytes from scan s (dft_emit_decoded; fragment = a message body, offered
 * only to DFT_CLAIM_ALL and DFT_CLAIM_DECODED plugins). */
int decode_dispatch(dft_scan *s, const dft_decoded *d, const void *bytes, size_t len, bool fragment);
/* pipeline.c: queues a derived file (dft_emit_derived); takes ownership of rec's strings. */
int pipeline_add_derived(struct dft_pipeline *p, derived *d);
/* Reads a file of the index again into a new private file dest, hashing it: *complete is false when
 * some bytes were unreadable (the reason in why, ≤ why_len). sha256 may be NULL. */
int content_reread(worker *w, const dft_file_rec *r, const char *dest, char sha256[65], bool *complete,
                   char *why, size_t why_len);
/* Fills a dft_file view of r (strings borrowed from r and from tbuf, 4 x DFT_TIME_LEN bytes). */
void content_fill_file(dft_file *f, struct dft_pipeline *p, int64_t id, const dft_file_rec *r, char *tbuf);
/* Appends a core finding (plugin "core") to an item. */
int item_add_finding(item *it, const char *plugin, const dft_finding *f);
int item_add_warning(item *it, const char *plugin, int64_t offset, const char *msg);

#endif
