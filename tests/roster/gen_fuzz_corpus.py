#!/usr/bin/env python3
"""gen_fuzz_corpus.py - writes the seed corpus of the roster fuzz harness (tests/fuzz/roster_fuzz.c) into
tests/fuzz/corpus/roster/ (deterministic; re-running reproduces the committed seeds). The first byte of a
seed picks the harness mode: 0 table cells, 1 vCard, 2 lexicon, 3 one value."""
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, '..', 'fuzz', 'corpus')


def put(name, data):
    d = os.path.join(OUT, 'roster')
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), 'wb') as f:
        f.write(data if isinstance(data, bytes) else data.encode())


put('worker', '\x00员工花名册\n\n姓名\t国籍\t护照\t欠款\t身价\t备注\t\n'
    '阿明\t越南\tC1234567\t5000\t80000\t公司保管\t0912 345 678\n'
    'Tom\tThailand\tAB123456\t0\t转卖\t小黑屋\t0812345678\n')
put('target', '\x00Name\tWhatsApp\tCountry\tAge\tStage\tDeposit\n'
    'Ann\t66812345678\tThailand\t17\tdeposit\t$500\n\x01\x05Bob\t+84912345678\tcn\t40\ttrust\t12,000 USDT\n')
put('tables', '\x00\x02Item\tPrice\nRice\t45\n\x02Name\tPhone\tDepartment\nCarol\t+16502530001\tIT\n')
put('vcard', '\x01BEGIN:VCARD\r\nVERSION:2.1\r\nFN;ENCODING=QUOTED-PRINTABLE:=E9=98=BF=\r\n=E6=98=8E\r\n'
    'TEL;CELL:+84912345678\r\nEND:VCARD\r\nBEGIN:VCARD\r\nFN:Boss\r\n  Wang\r\nitem1.TEL:tel:+86 139\r\n')
put('lexicon', '\x02# c\nVERSION:\t1\nname\ten\tname\ncue:debt_bondage\tzh\t欠款\nregion:TH\tth\tไทย\n')
put('phone', '\x030066 81 234 5678')
put('money', '\x03₫1.000.000')
put('date', '\x0345352')
