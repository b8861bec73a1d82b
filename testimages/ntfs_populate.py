#!/usr/bin/env python3
"""ntfs_populate.py - fills an NTFS image file through libntfs-3g (ctypes), without mounting.

Usage: ntfs_populate.py IMAGE SRCDIR [--ads PATH:STREAM=FILE]... [--delete PATH]...

Copies SRCDIR recursively (sorted, so the result is deterministic) into the root of IMAGE,
then adds alternate data streams and deletes the given paths (a real NTFS deletion: index entry
removed, MFT record and clusters freed, so the file is recoverable only as a deleted entry).
Timestamps come from the clock; run it under the fixtime.so shim for reproducible images.
Needs only libntfs-3g.so (package ntfs-3g), no headers, no root.
"""
import ctypes
import os
import stat
import sys

AT_DATA = 0x80

lib = ctypes.CDLL("libntfs-3g.so.89", use_errno=True)
vp = ctypes.c_void_p
lib.ntfs_mount.restype = vp
lib.ntfs_mount.argtypes = [ctypes.c_char_p, ctypes.c_ulong]
lib.ntfs_umount.argtypes = [vp, ctypes.c_int]
lib.ntfs_pathname_to_inode.restype = vp
lib.ntfs_pathname_to_inode.argtypes = [vp, vp, ctypes.c_char_p]
lib.ntfs_create.restype = vp
lib.ntfs_create.argtypes = [vp, ctypes.c_uint32, vp, ctypes.c_uint8, ctypes.c_uint]
lib.ntfs_inode_close.argtypes = [vp]
lib.ntfs_inode_close_in_dir.argtypes = [vp, vp]
lib.ntfs_attr_open.restype = vp
lib.ntfs_attr_open.argtypes = [vp, ctypes.c_uint32, vp, ctypes.c_uint32]
lib.ntfs_attr_pwrite.restype = ctypes.c_int64
lib.ntfs_attr_pwrite.argtypes = [vp, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p]
lib.ntfs_attr_close.argtypes = [vp]
lib.ntfs_attr_add.argtypes = [vp, ctypes.c_uint32, vp, ctypes.c_uint8, ctypes.c_char_p, ctypes.c_int64]
lib.ntfs_delete.argtypes = [vp, ctypes.c_char_p, vp, vp, vp, ctypes.c_uint8]
lib.ntfs_mbstoucs.argtypes = [ctypes.c_char_p, ctypes.POINTER(vp)]
AT_UNNAMED = ctypes.addressof(ctypes.c_uint16.in_dll(lib, "AT_UNNAMED"))


def die(msg):
    sys.stderr.write("ntfs_populate: %s (errno %d)\n" % (msg, ctypes.get_errno()))
    sys.exit(1)


def ucs(name):
    out = vp()
    n = lib.ntfs_mbstoucs(name.encode("utf-8"), ctypes.byref(out))
    if n <= 0:
        die("cannot convert name %r" % name)
    return out, n


def open_path(vol, path):
    ni = lib.ntfs_pathname_to_inode(vol, None, path.encode("utf-8"))
    if not ni:
        die("no such path in image: %s" % path)
    return ni


def write_data(ni, data, what):
    na = lib.ntfs_attr_open(ni, AT_DATA, AT_UNNAMED, 0)
    if not na:
        die("cannot open $DATA of %s" % what)
    if data and lib.ntfs_attr_pwrite(na, 0, len(data), data) != len(data):
        die("short write to %s" % what)
    lib.ntfs_attr_close(na)


def copy_tree(vol, src, dst):
    dir_ni = open_path(vol, dst)
    for name in sorted(os.listdir(src)):
        sp = os.path.join(src, name)
        st = os.lstat(sp)
        uname, n = ucs(name)
        if stat.S_ISDIR(st.st_mode):
            ni = lib.ntfs_create(dir_ni, 0, uname, n, stat.S_IFDIR)
            if not ni:
                die("cannot create directory %s" % sp)
            lib.ntfs_inode_close_in_dir(ni, dir_ni)
        elif stat.S_ISREG(st.st_mode):
            ni = lib.ntfs_create(dir_ni, 0, uname, n, stat.S_IFREG)
            if not ni:
                die("cannot create file %s" % sp)
            with open(sp, "rb") as f:
                write_data(ni, f.read(), sp)
            # Closing through the open parent keeps its index consistent; a plain close would
            # update the parent through a second handle and our stale dir_ni would undo it.
            lib.ntfs_inode_close_in_dir(ni, dir_ni)
        else:
            die("unsupported source type: %s" % sp)
    lib.ntfs_inode_close(dir_ni)
    for name in sorted(os.listdir(src)):
        sp = os.path.join(src, name)
        if stat.S_ISDIR(os.lstat(sp).st_mode):
            copy_tree(vol, sp, dst.rstrip("/") + "/" + name)


def add_ads(vol, spec):
    target, datafile = spec.split("=", 1)
    path, stream = target.rsplit(":", 1)
    ni = open_path(vol, path)
    uname, n = ucs(stream)
    with open(datafile, "rb") as f:
        data = f.read()
    if lib.ntfs_attr_add(ni, AT_DATA, uname, n, data, len(data)) != 0:
        die("cannot add stream %s" % target)
    lib.ntfs_inode_close(ni)


def delete(vol, path):
    parent, name = path.rsplit("/", 1)
    ni = open_path(vol, path)
    dir_ni = open_path(vol, parent or "/")
    uname, n = ucs(name)
    # ntfs_delete closes both inodes, whatever the outcome.
    if lib.ntfs_delete(vol, path.encode("utf-8"), ni, dir_ni, uname, n) != 0:
        die("cannot delete %s" % path)


def main(argv):
    if len(argv) < 3:
        die("usage: ntfs_populate.py IMAGE SRCDIR [--ads PATH:STREAM=FILE]... [--delete PATH]...")
    vol = lib.ntfs_mount(argv[1].encode(), 0)
    if not vol:
        die("cannot open NTFS image %s" % argv[1])
    copy_tree(vol, argv[2], "/")
    i = 3
    while i < len(argv):
        if argv[i] == "--ads" and i + 1 < len(argv):
            add_ads(vol, argv[i + 1])
        elif argv[i] == "--delete" and i + 1 < len(argv):
            delete(vol, argv[i + 1])
        else:
            die("bad argument %s" % argv[i])
        i += 2
    if lib.ntfs_umount(vol, 0) != 0:
        die("cannot close the volume")


if __name__ == "__main__":
    main(sys.argv)
