/*
 * pptread.h - the text of a legacy PowerPoint presentation (.ppt, PowerPoint 97-2003, [MS-PPT]) read
 * from its OLE2 container (ole2.h), reported through dft_ooxml_cb like PPTX: page(slide, "record 0x…")
 * for each slide in presentation order, then paragraph(index, text) for each of its paragraphs.
 *
 * Layout read ([MS-PPT] 2.3, offsets in the "PowerPoint Document" stream unless said):
 *   RecordHeader (8 bytes): u16 recVer (bits 0-3; 0xF = container) | recInstance (bits 4-15), u16
 *   recType, u32 recLen (the body's bytes).
 *   "Current User" stream: CurrentUserAtom 0x0FF6: u32 size, u32 headerToken (0xE391C05F, or
 *   0xF3D1C4DF when encrypted), u32 offsetToCurrentEdit.
 *   UserEditAtom 0x0FF5 at offsetToCurrentEdit: u32 lastSlideIdRef, u16 version, u8 minor, u8 major,
 *   u32 offsetLastEdit (previous edit, 0 = none), u32 offsetPersistDirectory, u32 docPersistIdRef,
 *   u32 persistIdSeed, u16 lastView, u16 unused [, u32 encryptSessionPersistIdRef: encrypted].
 *   PersistDirectoryAtom 0x1772: entries of u32 (persistId bits 0-19, cPersist bits 20-31) followed by
 *   cPersist u32 stream offsets. Edits are chained newest first; the newest offset of an id wins (a
 *   fast-saved file keeps the superseded versions of edited slides in the stream: they are not read).
 *   DocumentContainer 0x03E8 (persist docPersistIdRef) holds SlideListWithTextContainer 0x0FF0 of
 *   instance 0 (slides): in presentation order, SlidePersistAtom 0x03F3 (u32 persistIdRef) followed
 *   by the outline text of that slide's placeholders (TextCharsAtom 0x0FA0 UTF-16LE, TextBytesAtom
 *   0x0FA8: the low bytes of UTF-16 code units, i.e. ISO-8859-1).
 *   SlideContainer 0x03EE (persist persistIdRef): its drawing's text boxes hold the text of the other
 *   shapes (the same atoms); a comment (Comment10Container 0x2EE0) holds its text in CString 0x0FBA
 *   of instance 1 (UTF-16LE).
 *
 * Per slide: the outline text first, then the text atoms of the slide container in stream order; an
 * atom whose text equals one already reported for the slide is skipped (PowerPoint 2007+ writes the
 * placeholder text in both places). Text: 0x0D ends a paragraph, 0x0B is '\n', other C0 controls
 * other than TAB dropped.
 *
 * Speaker notes, after the slide's text as section "notes" (cb->section; paragraphs from 1 again):
 *   SlideAtom 0x03EF in the SlideContainer: geom u32, rgPlaceholderTypes 8 bytes, masterIdRef u32,
 *   notesIdRef u32 (+16; 0 = no notes), slideFlags u16, unused u16.
 *   The notes list, SlideListWithTextContainer 0x0FF0 of instance 2 in the DocumentContainer, holds a
 *   NotesPersistAtom (type 0x03F3) per notes page: persistIdRef u32, flags u32, reserved u32, notesId
 *   u32 (+12), reserved u32. notesIdRef -> notesId -> persistIdRef -> NotesContainer 0x03F0, whose
 *   drawing's text atoms are read like a slide's, except the shapes (OfficeArtSpContainer 0xF004) whose
 *   OfficeArtClientData 0xF011 holds a PlaceholderAtom 0x0BC3 (position i32, placementId u8) of a
 *   slide image (0x05, 0x0B), slide number (0x08) or date (0x07): no notes text.
 * Masters, the notes master and handouts are not read.
 *
 * Without a usable Current User stream, edit chain or slide list (a damaged or non-PowerPoint writer's
 * file), every text atom of the stream is read in stream order as paragraphs without slide numbers
 * (masters, notes, handouts and their slide lists skipped; a text repeated is reported once), with one
 * warning: superseded versions of edited slides may then appear too.
 *
 * Bounds: streams up to DFT_PPT_MAX; containers nested at most 32 deep (deeper ones skipped, one
 * warning); every slide container read at most once; the edit chain followed only backwards (each
 * previous edit at a lower offset), so it ends; a paragraph over DFT_OOXML_MAX_TEXT bytes cut.
 * An encrypted presentation is DFT_EUNSUPPORTED.
 */
#ifndef DFT_PARSERS_PPTREAD_H
#define DFT_PARSERS_PPTREAD_H

#include <stddef.h>

#include "ooxml.h"

#define DFT_PPT_MAX ((size_t)256 << 20)

typedef struct dft_ppt_opts {
    int in_process;        /* read in this process (tests, fuzzing); else in a child (isolate.h) */
    double max_seconds;    /* CPU and wall limit of the child; 0 = 60 */
} dft_ppt_opts;

/* Reads data[0..len). DFT_ENOTFOUND when it is no OLE2 file or has no "PowerPoint Document" stream (a
 * .doc or .xls named .ppt), DFT_EUNSUPPORTED when encrypted, DFT_ECORRUPT when nothing is readable.
 * o may be NULL (a child, 60 s). Paragraphs already reported stay reported. */
int dft_ppt_read(const void *data, size_t len, const dft_ppt_opts *o, const dft_ooxml_cb *cb);

/* The pure part, fuzzed: the "PowerPoint Document" stream doc[0..n) and the "Current User" stream
 * (NULL: none, the stream-order fallback), in this process. */
int dft_ppt_read_streams(const void *doc, size_t n, const void *cur, size_t curn, const dft_ooxml_cb *cb);

/* The in-process reader as isolate.c's child calls it (arg unused). */
int dft_ppt_child_read(const void *data, size_t len, const char *arg, const dft_ooxml_cb *cb);

#endif
