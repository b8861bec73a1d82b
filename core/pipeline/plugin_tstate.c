/*
 * plugin_tstate.c - plugins' per-thread state (plugin.h: thread_init, thread_fini,
 * dft_scan_thread_state): one slot per plugin in each worker, filled by thread_init() the first time
 * the plugin runs on that worker, and handed back to thread_fini() when the worker ends.
 *
 * Invariants:
 *  1. Only the worker's own thread touches its slots: no lock.
 *  2. thread_init() runs at most once per worker and plugin while it succeeds; after a failure it is
 *     tried again for the next file (each failure is a warning on the file it kept from the plugin).
 *  3. thread_fini() runs for every successful thread_init(), before the plugin's fini().
 */
#include "pipeline_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

int worker_plugin_tstate(worker *w, size_t plugin, void **out)
{
    const dft_registry_entry *e = dft_registry_at(plugin);
    if (out) *out = NULL;
    if (!e || !e->plugin->thread_init) return DFT_OK;
    if (plugin >= w->n_plugin_ts) {
        size_t n = dft_registry_count();
        plugin_tslot *grown = realloc(w->plugin_ts, n * sizeof *grown);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory for plugin thread state");
        memset(grown + w->n_plugin_ts, 0, (n - w->n_plugin_ts) * sizeof *grown);
        w->plugin_ts = grown;
        w->n_plugin_ts = n;
    }
    plugin_tslot *slot = &w->plugin_ts[plugin];
    if (!slot->ready) {
        void *ts = NULL;
        dft_error_clear();
        int rc = e->plugin->thread_init(e->state, &ts);
        if (rc) {
            char msg[900];
            snprintf(msg, sizeof msg, "%s", dft_error_last());
            return dft_error_set(rc, "plugin %s: thread_init failed: %s", e->plugin->name,
                                 msg[0] ? msg : dft_error_name(rc));
        }
        slot->tstate = ts;
        slot->ready = true;
    }
    if (out) *out = slot->tstate;
    return DFT_OK;
}

void worker_plugin_tstates_end(worker *w)
{
    for (size_t i = 0; i < w->n_plugin_ts; i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (w->plugin_ts[i].ready && e && e->plugin->thread_fini) e->plugin->thread_fini(e->state, w->plugin_ts[i].tstate);
    }
    free(w->plugin_ts);
    w->plugin_ts = NULL;
    w->n_plugin_ts = 0;
}
