#!/usr/bin/env python3
"""gen_fuzz_corpus.py - writes the seed corpora of the mrz and scamscript fuzz harnesses
(tests/fuzz/corpus/{mrz,scamscript}/). Deterministic; re-running reproduces the committed seeds.
Usage: python3 tests/scam_text/gen_fuzz_corpus.py [CORPUS_DIR]"""
import os
import sys

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fuzz", "corpus")


def put(h, name, data):
    d = os.path.join(OUT, h)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data.encode() if isinstance(data, str) else data)


TD3 = "P<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<<<<<<<<<\nL898902C36UTO7408122F1204159ZE184226B<<<<<10\n"
TD1 = "I<UTOD231458907<<<<<<<<<<<<<<<\r\n7408122F1204159UTO<<<<<<<<<<<6\r\nERIKSSON<<ANNA<MARIA<<<<<<<<<<\r\n"
TD2 = "I<UTOERIKSSON<<ANNA<MARIA<<<<<<<<<<<\nD231458907UTO7408122F1204159<<<<<<<6\n"
put("mrz", "td3", TD3)
put("mrz", "td1", TD1)
put("mrz", "td2", TD2)
put("mrz", "td3_bad_digit", TD3.replace("C36UTO", "C37UTO"))
put("mrz", "mixed", "page 1\n  " + TD3 + "text\n" + TD2 + TD1 + "P<<<\n")
put("mrz", "bad_dates", TD3.replace("7408122", "7413452"))

put("scamscript", "script_en", "Sales script\nStep 1: wrong number. I work in Singapore.\nStep 2: download the app, "
    "buy USDT.\nStep 3: unfreeze fee. Dear {name}\n")
put("scamscript", "script_zh", "【话术】第一步：我是警官。第二步：带单，充值。第三步：个人所得税。挂账 locked in\n")
put("scamscript", "mixed_scripts", "ที่รัก ยึดพาสปอร์ต đầu tư NÂNG CẤP VIP CẢNH BÁO police said loan loans\n")
put("scamscript", "invalid_utf8", b"wrong number \xff\xfe buy USDT \xe4\xb8 \xe5\xb8\xa6\xe5\x8d\x95 unfreeze fee\x00 \xc3")
put("scamscript", "lexicon", "#!dft-lexicon\tx\t1\nstage.deposit\ten\tbuy\t1\ntip.minors\tzh\t未成年\t0.5\tnote\n"
    "# c\nneg.news\tvi\tphóng viên\t-1\nbuy now 未成年\n")
put("scamscript", "lexicon_bad", "#!dft-lexicon\tx\t1\nstage.deposit\tfr\tbuy\t1\n")
