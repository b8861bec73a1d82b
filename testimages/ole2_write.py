#!/usr/bin/env python3
"""ole2_write.py - minimal, deterministic writers of legacy Office binaries for test fixtures, written from
the specifications (no Office, LibreOffice or xlwt needed):

  cfb(streams)                 [MS-CFB] compound file, version 3 (512-byte sectors); streams under 4096
                               bytes go to the mini stream (64-byte sectors), larger ones to the FAT
  xls(sheets, ...)             [MS-XLS] BIFF8 workbook: BOF, CODEPAGE 1200, DATEMODE, XF, BOUNDSHEET, SST
                               (+ CONTINUE records splitting a string, with the fHighByte byte repeated),
                               per sheet BOF/DIMENSIONS/LABELSST/LABEL/NUMBER/RK/BOOLERR/EOF; FILEPASS on demand
  doc(pieces, ...)             [MS-DOC] Word 97 document: FIB (FibBase, FibRgW97, FibRgLw97 with ccpText and
                               the subdocument lengths, FibRgFcLcb97 with fcClx and fcPlcfHdd), WordDocument
                               text pieces (compressed cp1252 or UTF-16LE), 1Table stream with Clx = Prc +
                               Pcdt/PlcPcd and the Plcfhdd
  doc_stories(main, ...)       the same with footnotes, headers (Plcfhdd stories), comments, endnotes and
                               text boxes after the main text, as Word lays them out
  ppt(slides, ...)             [MS-PPT] PowerPoint 97 presentation: Current User, UserEditAtom chain (a
                               fast-saved older slide on demand), PersistDirectoryAtom, DocumentContainer
                               with slide lists, slides with OfficeArt text boxes and Comment10 comments

Used as a module by tests/documents/gen_ole2.py and tests/roster/gen_roster.py. No timestamps, no CLSIDs:
the same input gives the same bytes.
"""
import struct

SECTOR = 512
MINI = 64
CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT, NOSTREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _pad(b, n):
    return b + b'\0' * (-len(b) % n)


def cfb(streams):
    """streams: list of (name, bytes) in the root storage. Returns the compound file's bytes."""
    mini_streams = [(n, d) for n, d in streams if len(d) < CUTOFF]
    big_streams = [(n, d) for n, d in streams if len(d) >= CUTOFF]
    # mini stream: each small stream padded to 64 bytes, chained in the mini FAT
    ministream, minifat, mini_start = b'', [], {}
    for n, d in mini_streams:
        start = len(ministream) // MINI
        k = max(1, (len(d) + MINI - 1) // MINI) if d else 0
        mini_start[n] = start if d else ENDOFCHAIN
        for i in range(k):
            minifat.append(start + i + 1 if i + 1 < k else ENDOFCHAIN)
        ministream += _pad(d, MINI) if d else b''
    entries = 1 + len(streams)
    dir_secs = (entries * 128 + SECTOR - 1) // SECTOR
    minifat_bytes = _pad(b''.join(struct.pack('<I', x) for x in minifat), SECTOR) if minifat else b''
    minifat_secs = len(minifat_bytes) // SECTOR
    ms_secs = (len(ministream) + SECTOR - 1) // SECTOR
    big_secs = [(len(d) + SECTOR - 1) // SECTOR for _, d in big_streams]
    data_secs = dir_secs + minifat_secs + ms_secs + sum(big_secs)
    fat_secs = 1
    while fat_secs * (SECTOR // 4) < fat_secs + data_secs:
        fat_secs += 1
    assert fat_secs <= 109, 'no DIFAT sectors in this writer'
    fat = [FATSECT] * fat_secs
    nxt = fat_secs

    def chain(k):
        nonlocal nxt
        if k == 0:
            return ENDOFCHAIN
        start = nxt
        for i in range(k):
            fat.append(nxt + 1 if i + 1 < k else ENDOFCHAIN)
            nxt += 1
        return start
    dir_start = chain(dir_secs)
    minifat_start = chain(minifat_secs)
    ms_start = chain(ms_secs)
    big_start = {n: chain(k) for (n, _), k in zip(big_streams, big_secs)}
    fat += [FREESECT] * (fat_secs * (SECTOR // 4) - len(fat))

    def dirent(name, typ, start, size, child=NOSTREAM, right=NOSTREAM):
        nm = name.encode('utf-16-le') + b'\0\0'
        return (_pad(nm, 64)[:64] + struct.pack('<HBB', len(nm), typ, 1) +
                struct.pack('<III', NOSTREAM, right, child) + b'\0' * 16 + b'\0' * 4 + b'\0' * 16 +
                struct.pack('<IQ', start, size))
    # children of the root: sorted as [MS-CFB] compares names (length, then upper case), chained through
    # the right sibling (all black: readers look names up, they do not rebalance)
    order = sorted(range(len(streams)), key=lambda i: (len(streams[i][0]), streams[i][0].upper()))
    ents = [dirent('Root Entry', 5, ms_start if ministream else ENDOFCHAIN, len(ministream),
                   child=1 + order[0] if order else NOSTREAM)]
    right = {order[k]: 1 + order[k + 1] for k in range(len(order) - 1)}
    for i, (n, d) in enumerate(streams):
        start = mini_start[n] if len(d) < CUTOFF else big_start[n]
        ents.append(dirent(n, 2, start, len(d), right=right.get(i, NOSTREAM)))
    directory = _pad(b''.join(ents), SECTOR)
    while len(directory) < dir_secs * SECTOR:
        directory += dirent('', 0, 0, 0)
    header = (bytes.fromhex('D0CF11E0A1B11AE1') + b'\0' * 16 + struct.pack('<HHHHH', 0x3E, 3, 0xFFFE, 9, 6) +
              b'\0' * 6 + struct.pack('<IIIIIIIII', 0, fat_secs, dir_start, 0, CUTOFF,
                                      minifat_start if minifat_secs else ENDOFCHAIN, minifat_secs, ENDOFCHAIN, 0))
    difat = [i for i in range(fat_secs)] + [FREESECT] * (109 - fat_secs)
    header += b''.join(struct.pack('<I', x) for x in difat)
    assert len(header) == SECTOR
    body = [b''.join(struct.pack('<I', x) for x in fat), directory, minifat_bytes, _pad(ministream, SECTOR)]
    body += [_pad(d, SECTOR) for _, d in big_streams]
    return header + b''.join(body)


# ---- BIFF8 ------------------------------------------------------------------------------------------

def _rec(typ, data):
    return struct.pack('<HH', typ, len(data)) + data


def _high(s):
    return any(ord(c) > 0xFF for c in s)


def _xlstr16(s):
    """XLUnicodeString: cch u16, fHighByte, characters."""
    h = _high(s)
    return struct.pack('<HB', len(s), 1 if h else 0) + s.encode('utf-16-le' if h else 'latin-1')


def _sst(strings):
    """SST + CONTINUE records: a string crossing the 8224-byte limit continues in a CONTINUE whose first
    byte repeats its fHighByte flag ([MS-XLS] 2.5.293 XLUnicodeRichExtendedString, 2.4.58 CONTINUE)."""
    limit = 8224
    recs, cur = [], bytearray(struct.pack('<II', len(strings), len(strings)))
    typ = 0x00FC
    splits = []
    for s in strings:
        h = _high(s)
        w = 2 if h else 1
        enc = s.encode('utf-16-le' if h else 'latin-1')
        if len(cur) + 3 + w > limit:   # the header and a first character never split
            recs.append(_rec(typ, bytes(cur)))
            cur, typ = bytearray(), 0x003C
        cur += struct.pack('<HB', len(s), 1 if h else 0)
        pos = 0
        while pos < len(enc):
            room = (limit - len(cur)) // w * w
            take = min(room, len(enc) - pos)
            cur += enc[pos:pos + take]
            pos += take
            if pos < len(enc):
                recs.append(_rec(typ, bytes(cur)))
                cur, typ = bytearray([1 if h else 0]), 0x003C
                splits.append(s)
    recs.append(_rec(typ, bytes(cur)))
    return b''.join(recs), splits


def xls(sheets, sst_filler=0, filepass=False, dims=None):
    """sheets: list of (name, cells); cells: list of (row0, col0, value, kind) with kind one of
    'sst' (string through the SST), 'label' (inline LABEL), 'number' (NUMBER double), 'rk' (RK integer),
    'date' (RK integer serial with the built-in date format 14), 'bool'. sst_filler: ASCII strings put
    in front of the SST so that it needs CONTINUE records; more kinds in _xls_cell_more (FORMULA cells).
    dims: {sheet name: (rows, cols)} written in DIMENSIONS instead of the cells' extent. Returns (workbook
    stream, the strings split across a CONTINUE record)."""
    strings = ['filler %05d ' % i + 'x' * 40 for i in range(sst_filler)]
    index = {}
    for _, cells in sheets:
        for _, _, v, k in cells:
            if k == 'sst' and v not in index:
                index[v] = len(strings)
                strings.append(v)
    sst, splits = _sst(strings)
    bof = lambda dt: _rec(0x0809, struct.pack('<HHHHII', 0x0600, dt, 0x0DBB, 0x07CC, 0, 0x0006))
    xf = lambda ifmt: _rec(0x00E0, struct.pack('<HHHBBBBIIH', 0, ifmt, 0xFFF5 if ifmt == 0 else 0x0001, 0x20, 0, 0,
                                                 0, 0, 0, 0x20C0))
    glob = bof(0x0005)
    if filepass:   # RC4 header (wEncryptionType 1, version 1.1): salt and verifier left zero
        glob += _rec(0x002F, struct.pack('<HHH', 1, 1, 1) + b'\0' * 48)
    glob += _rec(0x0042, struct.pack('<H', 1200)) + _rec(0x0022, struct.pack('<H', 0))
    glob += xf(0) + xf(14)   # XF 0 General, XF 1 the built-in date format m/d/yy
    bs_len = [len(_rec(0x0085, struct.pack('<IBB', 0, 0, 0) + _xlstr16(n)[0:1] + _xlstr16(n)[2:]))
              for n, _ in sheets]
    eof = _rec(0x000A, b'')
    base = len(glob) + sum(bs_len) + len(sst) + len(eof)
    bodies = []
    for name, cells in sheets:
        rows = max((r for r, _, _, _ in cells), default=-1) + 1
        cols = max((c for _, c, _, _ in cells), default=-1) + 1
        body = [bof(0x0010), _rec(0x0200, struct.pack('<IIHHH', 0, rows, 0, cols, 0))]
        for r, c, v, k in cells:
            if k == 'sst':
                body.append(_rec(0x00FD, struct.pack('<HHHI', r, c, 0, index[v])))
            elif k == 'label':
                body.append(_rec(0x0204, struct.pack('<HHH', r, c, 0) + _xlstr16(v)))
            elif k == 'number':
                body.append(_rec(0x0203, struct.pack('<HHHd', r, c, 0, v)))
            elif k in ('rk', 'date'):
                body.append(_rec(0x027E, struct.pack('<HHHI', r, c, 1 if k == 'date' else 0,
                                                     ((v << 2) | 2) & 0xFFFFFFFF)))
            elif k == 'bool':
                body.append(_rec(0x0205, struct.pack('<HHHBB', r, c, 0, 1 if v else 0, 0)))
            else:
                body.append(_xls_cell_more(r, c, v, k))
        if dims and name in dims:
            body[1] = _rec(0x0200, struct.pack('<IIHHH', 0, dims[name][0], 0, dims[name][1], 0))
        body.append(eof)
        bodies.append(b''.join(body))
    off = base
    for (name, _), body in zip(sheets, bodies):
        u = _xlstr16(name)
        # ShortXLUnicodeString: cch u8, fHighByte, characters
        glob += _rec(0x0085, struct.pack('<IBB', off, 0, 0) + bytes([len(name)]) + u[2:])
        off += len(body)
    return glob + sst + eof + b''.join(bodies), splits


# ---- Word 97 -----------------------------------------------------------------------------------------

# FibRgLw97 indexes of the subdocument lengths, in the order of their stories in the CP stream ([MS-DOC]
# 2.5.7): ccpFtn, ccpHdd, ccpMcr (reserved3, 0 since Word 97), ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx
SUBDOCS = [('ftn', 4), ('hdd', 5), ('mcr', 6), ('atn', 7), ('edn', 8), ('txbx', 9), ('hdrtxbx', 10)]


# PapxInFkp GrpPrlAndIstd (istd 0, then Prls) per paragraph kind of doc(): 't' a paragraph in a table
# (sprmPFInTable), 'r' a row's end mark (sprmPFInTable, a sprmTDefTable - variable length, its u16 cb - and
# sprmPFTtp), 'n' a nested table's cell (sprmPFInTable, sprmPItap 2, sprmPFInnerTableCell), 'i' a nested
# table's row end (sprmPFInnerTtp)
_PAPX = {'t': b'\0\0' + b'\x16\x24\x01',
         'r': b'\0\0' + b'\x16\x24\x01' + b'\x08\xd6' + struct.pack('<H', 6) + bytes([1, 0, 0, 0x10, 0x0e]) +
              b'\x17\x24\x01',
         'n': b'\0\0' + b'\x16\x24\x01' + b'\x49\x66' + struct.pack('<i', 2) + b'\x4b\x24\x01',
         'i': b'\0\0' + b'\x16\x24\x01' + b'\x49\x66' + struct.pack('<i', 2) + b'\x4c\x24\x01'}


def _papx_fkps(runs, first_page):
    """PapxFkp pages for runs [(fc_start, fc_end, kind or None)], 8 runs a page; returns (pages, PlcBtePapx)."""
    pages, fcs, pns = b'', [], []
    for k in range(0, len(runs), 8):
        chunk = runs[k:k + 8]
        page = bytearray(SECTOR)
        crun = len(chunk)
        rgfc = [r[0] for r in chunk] + [chunk[-1][1]]
        page[0:4 * (crun + 1)] = b''.join(struct.pack('<I', x) for x in rgfc)
        top = SECTOR - 1
        for j, (_, _, kind) in enumerate(chunk):
            if not kind:
                continue   # bOffset 0: no properties
            g = _PAPX[kind]
            papx = bytes([(len(g) + 1) // 2]) + g if len(g) % 2 else bytes([0, len(g) // 2]) + g
            top = (top - len(papx)) & ~1
            page[top:top + len(papx)] = papx
            page[4 * (crun + 1) + 13 * j] = top // 2
        page[SECTOR - 1] = crun
        fcs.append(rgfc[0])
        pns.append(first_page + k // 8)
        pages += bytes(page)
    fcs.append(runs[-1][1])
    return pages, b''.join(struct.pack('<I', x) for x in fcs) + b''.join(struct.pack('<I', x) for x in pns)


def doc(pieces, ccp_text=None, encrypted=False, table='1Table', ccp=None, plcfhdd=None, nfib=0x00C1, prms=None,
        prcs=()):
    """pieces: list of (text, compressed) or (text, compressed, kinds) in character order; kinds gives one
    _PAPX kind (or '') per paragraph mark (CR, BEL) of the piece: with any, PAPX FKP pages and the
    PlcBtePapx (FibRgFcLcb97 pair 13) are written. prms: {piece index: Pcd.prm} (a Prm0, or a Prm1 naming
    a Prc by igrpprl); prcs: grpprls (without istd) written as Prc 1, 2, ... of the Clx (Prc 0 is a
    filler sprm). ccp_text: the main document's length in
    characters (default: all); characters past it are other stories (footnotes, ...). ccp: FibRgLw97
    subdocument lengths by SUBDOCS name (written as given, so hostile counts are possible); plcfhdd: the
    header document's story CPs (Plcfhdd, FibRgFcLcb97 pair 11) written to the table stream. Returns the
    compound file's bytes."""
    text_at = 0x800
    wd = bytearray(text_at)
    pcds, cps, cp = [], [0], 0
    runs, run_at = [], text_at
    for piece in pieces:
        text, compressed = piece[0], piece[1]
        kinds = list(piece[2]) if len(piece) > 2 else None
        fc = len(wd)
        if compressed:
            wd += text.encode('cp1252')
            fcc = (fc * 2) | 0x40000000
        else:
            if len(wd) % 2:
                wd += b'\0'
                fc = len(wd)
            wd += text.encode('utf-16-le')
            fcc = fc
        if kinds is not None:
            w = 1 if compressed else 2
            marks = [i for i, ch in enumerate(text) if ch in '\r\x07']
            assert len(marks) == len(kinds), (text, kinds)
            if run_at < fc:   # text before this piece: a run without properties
                runs.append((run_at, fc, None))
                run_at = fc
            for i, kind in zip(marks, kinds):
                end = fc + (i + 1) * w
                runs.append((run_at, end, kind or None))
                run_at = end
        cp += len(text)
        cps.append(cp)
        pcds.append(struct.pack('<HIH', 0, fcc, (prms or {}).get(len(pcds), 0)))
    plcpcd = b''.join(struct.pack('<I', x) for x in cps) + b''.join(pcds)
    clx = b'\x01' + struct.pack('<h', 3) + b'\x12\x34\x56'
    clx += b''.join(b'\x01' + struct.pack('<h', len(g)) + g for g in prcs)
    clx += b'\x02' + struct.pack('<I', len(plcpcd)) + plcpcd
    bte = b''
    if runs:
        wd = bytearray(_pad(bytes(wd), SECTOR))
        fkps, bte = _papx_fkps(runs, len(wd) // SECTOR)
        wd += fkps
    tbl = b'\0' * 16 + clx
    hdd_at = len(tbl)
    hdd = b''.join(struct.pack('<I', x) for x in plcfhdd) if plcfhdd else b''
    bte_at = hdd_at + len(hdd)
    tbl = _pad(tbl + hdd + bte, 16)
    flags = 0x0200 if table == '1Table' else 0
    if encrypted:
        flags |= 0x0100
    fib = struct.pack('<HHHHH', 0xA5EC, nfib, 0, 0x0409, 0) + struct.pack('<HHH', flags, 0x00BF, 0)
    fib = _pad(fib, 32)[:32]
    fib += struct.pack('<H', 14) + b'\0' * 28
    lw = [0] * 22
    lw[0] = len(wd)
    lw[3] = cp if ccp_text is None else ccp_text
    for name, i in SUBDOCS:
        lw[i] = (ccp or {}).get(name, 0)
    fib += struct.pack('<H', 22) + b''.join(struct.pack('<I', x & 0xFFFFFFFF) for x in lw)
    fclcb = [0] * (93 * 2)
    fclcb[33 * 2], fclcb[33 * 2 + 1] = 16, len(clx)
    if hdd:
        fclcb[11 * 2], fclcb[11 * 2 + 1] = hdd_at, len(hdd)
    if bte:
        fclcb[13 * 2], fclcb[13 * 2 + 1] = bte_at, len(bte)
    fib += struct.pack('<H', 93) + b''.join(struct.pack('<I', x) for x in fclcb) + struct.pack('<H', 0)
    assert len(fib) <= text_at
    wd[0:len(fib)] = fib
    wd = _pad(bytes(wd), SECTOR)
    if len(wd) < CUTOFF:
        wd += b'\0' * (CUTOFF - len(wd))
    return cfb([('WordDocument', wd), (table, tbl)])


def doc_stories(main, stories=None, headers=None, compressed=True, **kw):
    """A Word 97 document with subdocuments laid out as Word does: main (list of (text, compressed)
    pieces), then per SUBDOCS name in stories its text (one piece each), the header document built from
    headers = list of 6 separator stories + 6 stories per section (each non-empty one ending with its
    guard CR; Plcfhdd = their starts, then ccpHdd - 1, then an ignored CP), and the one final paragraph
    mark that follows the last subdocument."""
    stories = dict(stories or {})
    if headers is not None:
        starts, at = [], 0
        for h in headers:
            starts.append(at)
            at += len(h)
        stories['hdd'] = ''.join(headers) + '\r'   # the header document's own final guard CR
        kw['plcfhdd'] = starts + [at, at + 1]
    pieces = list(main)
    ccp = {}
    for name, _ in SUBDOCS:
        if stories.get(name):
            pieces.append((stories[name], compressed))
            ccp[name] = len(stories[name])
    if ccp:
        pieces.append(('\r', True))
    return doc(pieces, ccp_text=sum(len(x[0]) for x in main), ccp=ccp, **kw)


# ---- PowerPoint 97 -----------------------------------------------------------------------------------

def _prec(ver, inst, typ, body):
    """[MS-PPT] RecordHeader: recVer (4 bits) | recInstance (12 bits), recType, recLen."""
    return struct.pack('<HHI', ver | inst << 4, typ, len(body)) + body


def _pcont(typ, children, inst=0):
    return _prec(0xF, inst, typ, b''.join(children))


def _ptext(text, utf16):
    """TextHeaderAtom (0x0F9F, textType 0 = title) + TextCharsAtom (0x0FA0) or TextBytesAtom (0x0FA8)."""
    body = text.encode('utf-16-le') if utf16 else text.encode('latin-1')
    return _prec(0, 0, 0x0F9F, struct.pack('<I', 0)) + _prec(0, 0, 0x0FA0 if utf16 else 0x0FA8, body)


def _textbox(children):
    """An OfficeArt shape (OfficeArtSpContainer 0xF004) with an OfficeArtClientTextbox (0xF00D)."""
    sp = _prec(2, 202, 0xF00A, struct.pack('<II', 1025, 0xA00))   # OfficeArtFSP: text box shape
    return _pcont(0xF004, [sp, _pcont(0xF00D, children)])


def _placeholder_shape(ptype, children):
    """An OfficeArt shape whose OfficeArtClientData (0xF011) holds a PlaceholderAtom (0x0BC3: position,
    placementId = PlaceholderEnum, size), with an OfficeArtClientTextbox when children are given."""
    sp = _prec(2, 1, 0xF00A, struct.pack('<II', 1025, 0xA00))
    kids = [sp, _pcont(0xF011, [_prec(0, 0, 0x0BC3, struct.pack('<iBBH', 0, ptype, 0, 0))])]
    if children:
        kids.append(_pcont(0xF00D, children))
    return _pcont(0xF004, kids)


def _notes(slide_id, text):
    """NotesContainer 0x03F0: NotesAtom (slideIdRef), PPDrawing with the slide image placeholder
    (PlaceholderEnum 0x0B, no text), the notes body (0x0C: TextHeaderAtom textType 2 + TextCharsAtom)
    and a slide-number placeholder (0x08) whose text is '*' + SlideNumberMCAtom 0x0FD8: not notes text."""
    body = _prec(0, 0, 0x0F9F, struct.pack('<I', 2)) + _prec(0, 0, 0x0FA0, text.encode('utf-16-le'))
    num = _prec(0, 0, 0x0F9F, struct.pack('<I', 2)) + _prec(0, 0, 0x0FA8, b'*') + _prec(0, 0, 0x0FD8, struct.pack('<I', 0))
    shapes = [_placeholder_shape(0x0B, None), _placeholder_shape(0x0C, [body]), _placeholder_shape(0x08, [num])]
    drawing = _pcont(0x040C, [_pcont(0xF002, [_prec(0, 1, 0xF008, struct.pack('<II', 3, 1027)), _pcont(0xF003, shapes)])])
    return _pcont(0x03F0, [_prec(1, 0, 0x03F1, struct.pack('<IHH', slide_id, 0, 0)), drawing])


def _slide(shapes, placeholders, comments, notes_id=0):
    """SlideContainer 0x03EE: SlideAtom (geom, placeholder types, masterIdRef, notesIdRef at +16), PPDrawing 0x040C -> OfficeArtDgContainer 0xF002 -> group 0xF003
    with one text box per shape, then the comments (SlideProgTagsContainer 0x1388 -> ProgBinaryTag 0x138A:
    CString "___PPT10" + BinaryTagDataBlob 0x138B -> Comment10Container 0x2EE0: CString author (0),
    text (1), initials (2), Comment10Atom 0x2EE1)."""
    boxes = [_textbox([_prec(0, 0, 0x0F9E, struct.pack('<I', i))]) for i in range(placeholders)]
    boxes += [_textbox(kids) for kids in shapes]
    drawing = _pcont(0x040C, [_pcont(0xF002, [_prec(0, 1, 0xF008, struct.pack('<II', 2, 1026)), _pcont(0xF003, boxes)])])
    kids = [_prec(2, 0, 0x03EF, struct.pack('<I8sIIHH', 0, b'\0' * 8, 0, notes_id, 0, 0)), drawing]
    if comments:
        blobs = []
        for i, c in enumerate(comments):
            blobs.append(_pcont(0x2EE0, [_prec(0, 0, 0x0FBA, 'Boss'.encode('utf-16-le')),
                                          _prec(0, 1, 0x0FBA, c.encode('utf-16-le')),
                                          _prec(0, 2, 0x0FBA, 'B'.encode('utf-16-le')),
                                          _prec(0, 0, 0x2EE1, struct.pack('<I', i) + b'\0' * 24)]))
        tag = _pcont(0x138A, [_prec(0, 0, 0x0FBA, '___PPT10'.encode('utf-16-le')), _pcont(0x138B, blobs)])
        kids.append(_pcont(0x1388, [tag]))
    return _pcont(0x03EE, kids)


def _persist_dir(entries):
    """PersistDirectoryAtom 0x1772: one PersistDirectoryEntry (persistId, cPersist = 1) per (id, offset)."""
    return _prec(0, 0, 0x1772, b''.join(struct.pack('<II', pid | 1 << 20, off) for pid, off in sorted(entries)))


def _user_edit(last_edit, dir_off, doc_id, seed, encrypted):
    body = struct.pack('<IHBBIIIIHH', 0x100, 0, 0, 3, last_edit, dir_off, doc_id, seed, 1, 0)
    if encrypted:
        body += struct.pack('<I', seed)   # encryptSessionPersistIdRef
    return _prec(0, 0, 0x0FF5, body)


def ppt(slides, stale=None, encrypted=False, current_user=True):
    """slides, in presentation order: dicts with 'outline' [(text, utf16)] (placeholder text, in the slide
    list), 'shapes' [[(text, utf16)...] per text box], 'comments' [text] and 'notes' (speaker notes text:
    a NotesContainer reached through SlideAtom.notesIdRef and the notes list, SlideListWithText instance
    2; notes ids are numbered from 256 like slide ids, so a reader confusing them reads the wrong notes). Slide containers are written
    in the reverse of presentation order (persist ids too), so a reader must follow the slide list.
    stale: text of an older version of the first slide, written by a first edit and superseded by the
    second (a fast save). A master slide list (instance 1) and a MainMaster with text are written too:
    not slide text. Returns the compound file's bytes."""
    doc_id, master_id = 1, 2
    ids = [3 + len(slides) - 1 - k for k in range(len(slides))]
    s = b''
    last_edit = 0
    if stale is not None:
        old = len(s)
        s += _slide([[_ptext(stale, False)]], 0, [])
        d = len(s)
        s += _persist_dir([(ids[0], old)])
        last_edit = len(s)
        s += _user_edit(0, d, doc_id, 3 + len(slides), False)
    slwt = []
    for k, sl in enumerate(slides):
        slwt.append(_prec(0, 0, 0x03F3, struct.pack('<IIiII', ids[k], 4, len(sl.get('outline', [])), 256 + k, 0)))
        for text, utf16 in sl.get('outline', []):
            slwt.append(_ptext(text, utf16))
    with_notes = [k for k, sl in enumerate(slides) if sl.get('notes')]
    notes_ids = {k: 256 + j for j, k in enumerate(with_notes)}            # NotesId of slide k's notes
    notes_pids = {k: 3 + len(slides) + j for j, k in enumerate(with_notes)}   # their persist ids
    notes_list = [_prec(0, 0, 0x03F3, struct.pack('<IIiII', notes_pids[k], 0, 0, notes_ids[k], 0)) for k in with_notes]
    masters = [_prec(0, 0, 0x03F3, struct.pack('<IIiII', master_id, 0, 1, 0x80000000, 0)),
               _ptext('Click to edit Master title style', False)]
    lists = [_pcont(0x0FF0, masters, inst=1), _pcont(0x0FF0, slwt, inst=0)]
    if notes_list:
        lists.append(_pcont(0x0FF0, notes_list, inst=2))
    docc = _pcont(0x03E8, [_prec(1, 0, 0x03E9, b'\0' * 40)] + lists)
    offsets = {doc_id: len(s)}
    s += docc
    offsets[master_id] = len(s)
    s += _pcont(0x03F8, [_textbox([_ptext('MASTER', False)])])
    for k in reversed(range(len(slides))):
        sl = slides[k]
        offsets[ids[k]] = len(s)
        shapes = [[_ptext(t, u) for t, u in box] for box in sl.get('shapes', [])]
        s += _slide(shapes, len(sl.get('outline', [])), sl.get('comments', []), notes_ids.get(k, 0))
    for k in with_notes:
        offsets[notes_pids[k]] = len(s)
        s += _notes(256 + k, slides[k]['notes'])
    d = len(s)
    s += _persist_dir(offsets.items())
    edit = len(s)
    s += _user_edit(last_edit, d, doc_id, 3 + len(slides) + len(with_notes), encrypted)
    streams = [('PowerPoint Document', s)]
    if current_user:
        name = b'dftriage'
        cu = struct.pack('<IIIHHBBH', 0x14, 0xF3D1C4DF if encrypted else 0xE391C05F, edit, len(name), 0x03F4, 3, 0, 0)
        cu += name + struct.pack('<I', 8)
        streams.append(('Current User', _prec(0, 0, 0x0FF6, cu)))
    return cfb(streams)


# ---- BIFF8 FORMULA cells (used by xls() for the kinds below) ------------------------------------------

def _xls_cell_more(r, c, v, k):
    """kind 'formula': v = (result, value, options) with result 'num' (value a float; options {'xf': 1}
    for the date format), 'str' (a STRING record follows; options {'split': n} continues it in a CONTINUE
    record after n characters, {'shared': True} puts a SHRFMLA record between, {'nostring': True} leaves
    the STRING record out), 'bool', 'err' (value the error code, 0x07 = #DIV/0!), 'empty' (an empty
    string result). Kind 'raw': v is bytes written as they are. The formula is ="+66"&B2-like: ptgStr,
    ptgRef, ptgConcat ([MS-XLS] 2.5.198); readers use the cached result, not the expression."""
    if k == 'raw':   # v: records written as they are (hostile fixtures)
        return v
    assert k == 'formula', k
    res, value = v[0], v[1]
    opt = v[2] if len(v) > 2 else {}
    if res == 'num':
        val = struct.pack('<d', value)
    else:
        code = {'str': 0, 'bool': 1, 'err': 2, 'empty': 3}[res]
        b = (1 if value else 0) if res == 'bool' else (value if res == 'err' else 0)
        val = struct.pack('<BBBBBBH', code, 0, b, 0, 0, 0, 0xFFFF)
    rgce = b'\x17' + bytes([3, 0]) + b'+66' + b'\x24' + struct.pack('<HH', r, 0xC001) + b'\x08'
    out = _rec(0x0006, struct.pack('<HHH', r, c, opt.get('xf', 0)) + val + struct.pack('<HIH', 0, 0, len(rgce)) + rgce)
    if opt.get('shared'):   # SHRFMLA: RefU range, reserved, cUse, the shared formula
        out += _rec(0x04BC, struct.pack('<HHBBBB', r, r, c, c, 0, 1) + struct.pack('<H', len(rgce)) + rgce)
    if res == 'str' and not opt.get('nostring'):
        out += _xls_string(value, opt.get('split'))
    return out


def _xls_string(s, split=None):
    """STRING (0x0207): XLUnicodeString; split = n: the characters from n on in a CONTINUE record that
    starts with its own fHighByte byte."""
    h = _high(s)
    enc = lambda t: t.encode('utf-16-le' if h else 'latin-1')
    if split is None:
        return _rec(0x0207, _xlstr16(s))
    head = struct.pack('<HB', len(s), 1 if h else 0) + enc(s[:split])
    return _rec(0x0207, head) + _rec(0x003C, bytes([1 if h else 0]) + enc(s[split:]))
