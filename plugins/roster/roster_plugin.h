/*
 * roster_plugin.h - the parts of plugin `roster` shared between its files: the vCard scan
 * (roster_vcard.c) and the identity join pass (roster_join.c).
 */
#ifndef DFT_PLUGIN_ROSTER_H
#define DFT_PLUGIN_ROSTER_H

#include <stddef.h>
#include <stdint.h>

#include "plugin.h"

/* A .vcf: every card becomes a contacts row (app "vcard"). */
int roster_vcard_scan(dft_scan *s, const uint8_t *bytes, size_t len);

/* The case pass: persons joined to messages, calls, contacts and to each other. */
int roster_join_pass(dft_pass *p, void *state);

#endif
