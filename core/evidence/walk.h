/*
 * walk.h - what every walker (TSK disk images, directories, archives, phone backups) produces,
 * and the content-source interface the worker threads read file content through.
 *
 * A walker runs on one thread (the ingest thread) and reports, in a deterministic order, through a
 * dft_walk_sink: volumes, file systems, files (allocated, deleted, orphans, ADS), unallocated
 * regions, warnings and evidence metadata. The sink (core/pipeline) assigns row ids at once, so a
 * walker can use the id of a directory as parent_id of its children.
 *
 * Content is not read by the walker (except for sequential containers, see below): each file record
 * names a dft_source and carries a small source-specific locator. Worker threads call the source's
 * stream() with their own per-thread state (e.g. their own TSK_FS_INFO, since TSK's C interface is not
 * safe to share), so content reading runs in parallel.
 *
 * Sequential containers (tar, zip, .ab) cannot be read at random: their walker reads each member
 * once, in order, and attaches the bytes to the record (dft_file_rec.inline_data / spill_path); the
 * source's stream() then serves those bytes. Sibling lookups go through the pipeline's file index
 * (core/pipeline/fileindex.h), which reads a file again through stream() (random-access sources) or
 * the bytes a sequential container kept (kept_path); source->sibling() is no longer used by the
 * pipeline.
 *
 * Invariants:
 *  1. Records passed to the sink are borrowed for the call; the sink copies what it keeps.
 *  2. Walk order is a pure function of the evidence bytes (sort directory entries where the
 *     underlying API does not already give a stable order).
 *  3. A walker never stops on damaged metadata: it calls sink->warning() and goes on with the rest.
 *     It returns an error only when nothing at all could be walked.
 */
#ifndef DFT_WALK_H
#define DFT_WALK_H

#include <stdbool.h>
#include <stdint.h>

#include "plugin.h"

typedef struct dft_source dft_source;

typedef struct dft_volume_rec {
    const char *scheme;       /* "dos", "gpt", "mac", "bsd", "sun", "apfs-pool", "none" */
    int slot;                 /* partition table slot / index */
    uint64_t offset;          /* bytes from the start of the media */
    uint64_t length;          /* bytes */
    const char *description;  /* TSK description, e.g. "Linux (0x83)" */
    const char *flags;        /* "alloc", "unalloc", "meta" */
} dft_volume_rec;

typedef struct dft_fs_rec {
    int64_t volume_id;        /* 0 when the file system is not in a partition */
    const char *type;         /* "ntfs", "fat32", "ext4", "apfs", "exfat", "hfs+", "iso9660", ... */
    uint64_t offset;          /* bytes from the start of the media */
    uint32_t block_size;
    uint64_t block_count;
    const char *label;        /* volume label or NULL */
    const char *uuid;         /* file system id as hex, or NULL */
} dft_fs_rec;

typedef struct dft_region_rec {   /* unallocated space or file slack, for the region scan */
    int64_t filesystem_id;        /* 0 for unpartitioned space of a volume system (and an APFS
                                     container's free space: it belongs to no single volume) */
    int64_t volume_id;
    uint64_t offset;              /* bytes from the start of the media */
    uint64_t length;
    const char *kind;             /* "fs_unalloc", "vs_unalloc", "slack" */
    int64_t file_id;              /* "slack": files.id of the file whose slack this is, else 0 */
    int64_t id;                   /* unallocated.id, set by the pipeline (0 = let the store choose;
                                     slack has no unallocated row) */
} dft_region_rec;

typedef struct dft_file_rec {
    int64_t filesystem_id;    /* 0 when not in a file system */
    int64_t parent_id;        /* files.id of the parent directory, 0 for the root */
    const char *path;         /* '/'-separated, starts with '/' */
    const char *name;
    const char *device_path;  /* NULL = same as path */
    const char *archive_path; /* forensic path inside nested containers ("outer.tar/inner.zip/x"), or NULL */
    uint64_t meta_addr;
    uint32_t meta_seq;
    char type;                /* 'r','d','l','c','b','p','s','v' (virtual), '-' unknown */
    bool allocated;
    uint64_t size;
    /* times: Unix seconds + nanoseconds; has_* false when unknown */
    bool has_mtime, has_atime, has_ctime, has_crtime;
    int64_t mtime, atime, ctime, crtime;
    uint32_t mtime_ns, atime_ns, ctime_ns, crtime_ns;
    uint32_t mode;            /* permission bits, 0 when unknown */
    int64_t uid, gid;         /* -1 when unknown */
    uint32_t nlink;
    const char *link_target;  /* symlink target when known */
    const char *extra_json;   /* source-specific metadata as a JSON object (zip CRC, iTunes domain ...) */
    /* NTFS attribute selection: attr_type 0 = default data */
    uint32_t attr_type;
    uint16_t attr_id;
    const char *stream_name;  /* ADS name, or NULL */

    /* Content locator, interpreted by `source` only. */
    dft_source *source;       /* NULL: no content to read (directories, empty, virtual) */
    uint64_t locator;         /* e.g. inode; for containers: member index */
    const uint8_t *inline_data;  /* sequential containers: member bytes in memory (size bytes; the sink
                                    copies them) */
    const char *spill_path;      /* or a private temp file holding them, owned by the source (deleted
                                    in release() or when the evidence closes) */
    const char *kept_path;       /* sequential containers: the content is also kept in this file, from
                                    kept_offset (size bytes), until the evidence closes, so lookups after
                                    the walk can read it again; NULL = not kept. May be spill_path. */
    uint64_t kept_offset;
    bool content_partial;     /* the walker already knows some bytes were unreadable */
    const char *content_error;/* and why */

    /* Derived files (plugin.h dft_emit_derived): made by the pipeline, never by a walker. */
    int64_t derived_from;     /* files.id it was decoded from, 0 for evidence files */
    const char *transform;    /* "whatsapp-crypt15", "gzip", ... */
    const char *derivation;   /* JSON details of the transform */
    bool from_region;         /* derived in a region scan (unallocated space, slack): derived_from 0 */
    uint64_t media_offset;    /* from_region: media offset of byte 0 (the region's start when unknown) */
} dft_file_rec;

/* A record with nothing known yet: uid/gid unknown (-1), allocated (containers and logical
 * evidence hold only live files). */
static inline void dft_file_rec_init(dft_file_rec *r)
{
    *r = (dft_file_rec){ .uid = -1, .gid = -1, .allocated = true };
}

/* A content source: how workers read the bytes of files of one evidence item / file system. */
typedef int (*dft_block_fn)(void *payload, uint64_t offset, const uint8_t *data, size_t len);

struct dft_source {
    const char *name;         /* "tsk", "dir", "archive" ... for messages */
    /* Per-thread state (own image/fs handles). Called lazily on a worker's first use. */
    int (*thread_open)(dft_source *src, void **out_tstate);
    void (*thread_close)(dft_source *src, void *tstate);
    /* Used only for records with neither inline_data nor spill_path (the pipeline reads those itself).
     * Streams the content of f in order through cb. Unreadable blocks are reported to cb as zero-filled
     * bytes and counted in *bad_bytes (with *err set to a static/owned message ≤ 200 chars copied into
     * errbuf). Returns DFT_OK, or negative when reading had to stop (the rest counted as bad). */
    int (*stream)(dft_source *src, void *tstate, const dft_file_rec *f, dft_block_fn cb, void *payload,
                  uint64_t *bad_bytes, char *errbuf, size_t errbuf_len);
    /* Finds another file by path (absolute in the same file system/container, or relative to f's
     * directory) and streams it through cb. DFT_ENOTFOUND when absent. */
    int (*sibling)(dft_source *src, void *tstate, const dft_file_rec *f, const char *path,
                   dft_block_fn cb, void *payload);
    /* Called once the pipeline is done with f (its plugins ran): a sequential source may delete a
     * spilled member that is not kept for sibling lookups. NULL = nothing to do. */
    void (*release)(dft_source *src, const dft_file_rec *f);
    /* Sequential sources (archives): plugin scans that declare siblings are deferred by the
     * pipeline until the walk has finished, so that every sibling has been seen. */
    bool sequential;
    void *impl;               /* the source's own data */
};

typedef struct dft_walk_sink {
    int (*volume)(void *payload, const dft_volume_rec *v, int64_t *out_id);
    int (*filesystem)(void *payload, const dft_fs_rec *fs, int64_t *out_id);
    /* Assigns files.id (returned) and queues the file for hashing, typing and plugins. May block
     * while the pipeline is full (bounded memory). */
    int (*file)(void *payload, const dft_file_rec *f, int64_t *out_id);
    int (*region)(void *payload, const dft_region_rec *r);
    /* An evidence.warning: file_id 0 when not about one file; offset in the media or file, -1 if unknown. */
    int (*warning)(void *payload, int64_t file_id, int64_t offset, const char *msg);
    /* Evidence metadata (E01 header, device info): stored in evidence_meta (evidence_id, key, value). */
    int (*meta)(void *payload, const char *key, const char *value);
    /* True when the user interrupted: walkers stop early. */
    bool (*cancelled)(void *payload);
    void *payload;
    /* Optional (NULL = not reported): every unallocated region (fs_unalloc, vs_unalloc) that starts
     * below `below` (media offset) has now been reported. Lets the region scan share the media-hash
     * read, which runs concurrently: it reads past `below` only once the walk has said so. Calls are
     * monotonic in spirit; a region reported below an earlier mark is still scanned (read again). */
    void (*mapped)(void *payload, uint64_t below);
    /* Report file slack through region() (kind "slack", file_id set) after each regular file of a
     * file system (--slack, and only when a plugin claims DFT_CLAIM_UNALLOC). */
    bool slack;
} dft_walk_sink;

#endif
