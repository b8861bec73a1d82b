/*
 * evidence_stubs_tmp.c - TEMPORARY weak stand-ins for the archive and iTunes backends so that
 * dftcore links while those backends are written; the real definitions override these. The lead
 * deletes this file once core/evidence_archive.c and core/evidence_itunes.c exist.
 */
#include "evidence_impl.h"
#include "error.h"

__attribute__((weak)) int dft_evidence_archive_open(dft_evidence *ev)
{
    return dft_error_set(DFT_EUNSUPPORTED, "%s: %s evidence is not supported in this build", ev->path, ev->kind);
}

__attribute__((weak)) int dft_evidence_itunes_open(dft_evidence *ev)
{
    return dft_error_set(DFT_EUNSUPPORTED, "%s: %s evidence is not supported in this build", ev->path, ev->kind);
}
