/*
 * ufdr.h - the report.xml of a Cellebrite UFDR / Reader export (a zip of report.xml + files).
 *
 * What is read (streaming, libxml2 xmlTextReader; the report can be gigabytes):
 *   <project name=...>                                  -> "ufdr.project"
 *   <extractionInfo type=... deviceName=... name=...>   -> device.extraction_type, device.name
 *   <metadata section=...><item name="N">V</item>      (outside <file>) -> device.* by item name:
 *       *DetectedModel / *SelectedDeviceName / Model   -> device.model
 *       *IMEI*                                          -> device.imei
 *       *OSVersion* / "OS Version"                      -> device.os_version
 *       *ExtractionType* / "Extraction Type"            -> device.extraction_type
 *       *ExtractionStartDateTime* / *ExtractionDate*    -> device.extraction_date
 *       *Manufacturer* / Vendor                         -> device.manufacturer
 *       every other item (first 256)                    -> "ufdr.<name>"
 *   <file fs=... path="/data/..."> ... <item name="Local Path">files\X\y.db</item> </file>
 *       -> map local member path "files/X/y.db" -> device path "/data/..." (fs too)
 * Entities are not expanded and no network access is made (XXE-safe).
 *
 * Invariants: keys are kept in document order, first value wins per key; the map is sorted after
 * parsing and looked up with '/' separators.
 */
#ifndef DFT_PARSERS_UFDR_H
#define DFT_PARSERS_UFDR_H

#include <stddef.h>

typedef struct dft_ufdr_report dft_ufdr_report;

/* Reads up to len bytes into buf: returns the count, 0 at the end, negative on error. */
typedef int (*dft_ufdr_read_fn)(void *payload, char *buf, int len);

/* Parses a report streamed through rd. *out owned by the caller (dft_ufdr_report_free).
 * DFT_ECORRUPT when the XML is malformed (what was parsed before the error is kept in *out). */
int dft_ufdr_report_parse(dft_ufdr_report **out, dft_ufdr_read_fn rd, void *payload);
void dft_ufdr_report_free(dft_ufdr_report *r);

size_t dft_ufdr_meta_count(const dft_ufdr_report *r);
/* Borrowed key/value of metadata entry i. */
void dft_ufdr_meta_at(const dft_ufdr_report *r, size_t i, const char **key, const char **value);

size_t dft_ufdr_file_count(const dft_ufdr_report *r);
/* Device path recorded for the member at local path (e.g. "files/Database/msgstore.db"), or NULL.
 * *fs (may be NULL) gets the report's file system name. Borrowed. */
const char *dft_ufdr_device_path(const dft_ufdr_report *r, const char *local, const char **fs);

#endif
