/*
 * plugin_tstate.c - plugins' per-thread state (plugin.h: thread_init, thread_fini,
 * dft_scan_thread_state): a thread that runs plugins owns a plugin_tstates, one slot per plugin,
 * filled by thread_init() the first time the plugin is about to run on that thread, and handed back
 * to thread_fini() when the thread is done. Worker threads own one each (worker.pts); any other
 * thread that runs plugins (a region scan) can own one the same way.
 *
 * Invariants:
 *  1. Only the owning thread touches its slots: no lock.
 *  2. thread_init() runs at most once per thread and plugin while it succeeds; after a failure it is
 *     tried again for the next file (each failure is a warning on the file it kept from the plugin).
 *  3. thread_fini() runs for every successful thread_init(), before the plugin's fini().
 */
#include "pipeline_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "registry.h"

int plugin_tstates_get(plugin_tstates *t, size_t plugin, void **out)
{
    const dft_registry_entry *e = dft_registry_at(plugin);
    if (out) *out = NULL;
    if (!e || !e->plugin->thread_init) return DFT_OK;
    if (plugin >= t->n) {
        size_t n = dft_registry_count();
        plugin_tslot *grown = realloc(t->slots, n * sizeof *grown);
        if (!grown) return dft_error_set(DFT_ENOMEM, "out of memory for plugin thread state");
        memset(grown + t->n, 0, (n - t->n) * sizeof *grown);
        t->slots = grown;
        t->n = n;
    }
    plugin_tslot *slot = &t->slots[plugin];
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

void plugin_tstates_end(plugin_tstates *t)
{
    for (size_t i = 0; i < t->n; i++) {
        const dft_registry_entry *e = dft_registry_at(i);
        if (t->slots[i].ready && e && e->plugin->thread_fini) e->plugin->thread_fini(e->state, t->slots[i].tstate);
    }
    free(t->slots);
    t->slots = NULL;
    t->n = 0;
}

int worker_plugin_tstate(worker *w, size_t plugin, void **out) { return plugin_tstates_get(&w->pts, plugin, out); }

void worker_plugin_tstates_end(worker *w) { plugin_tstates_end(&w->pts); }
