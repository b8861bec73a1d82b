/*
 * chat_export_whatsapp.h - WhatsApp "Export chat" text files, read as a stream (two passes over a
 * FILE, one line in memory at a time: a 100 MB export needs well under 1 MB):
 *
 *   Android  "14/11/2023, 22:13 - Name: text"   (en-GB d/m; en-US "11/14/23, 10:13 PM - ", with U+202F
 *            before AM/PM in recent builds; de "14.11.23, 22:13 - "; Thai Buddhist-era years 2566)
 *            "IMG-20231114-WA0001.jpg (file attached)", "<Media omitted>", system lines without "Name:"
 *   iOS      "[14/11/2023, 22:13:20] Name: text" with U+200E marks, CRLF, "<attached: 0001-PHOTO-...jpg>",
 *            "image omitted"
 * Continuation lines (no header) belong to the message above. The date order (d/m or m/d) is inferred
 * from the whole file in the first pass: a first field above 12 means d/m, a second above 12 m/d; with
 * no deciding line, '.' dates and 24-hour clocks read d/m and 12-hour clocks m/d (recorded as a default).
 * Times are local with no zone: opts->tz_offset_s converts them; the local text stays in details.
 */
#ifndef DFT_CHAT_EXPORT_WHATSAPP_H
#define DFT_CHAT_EXPORT_WHATSAPP_H

#include <stdio.h>

#include "chat_export_common.h"

/* True when the first bytes look like a WhatsApp export (a header line within the first lines). */
bool dft_wa_export_sniff(const uint8_t *head, size_t len);

/* Parses the export from f (rewound between the two passes). Messages go to sink->message with
 * source "line:<N>"; info receives the format, the date order, counts and participants.
 * DFT_ECORRUPT when no line is a WhatsApp header; DFT_ECANCELLED when opts->cancelled. */
int dft_wa_export_parse(FILE *f, const dft_export_opts *opts, const dft_chat_sink *sink, dft_export_info *info);

#endif
