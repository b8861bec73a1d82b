#!/usr/bin/env python3
"""gen_fuzz_corpus.py [OUTDIR] - the seed corpus of tests/fuzz/chat_apps_fuzz.c: each fixture database of
make_fixtures.py (LINE Android / call_history / iOS, Viber messages / data, Messenger msys /
threads_db2, Zalo chat / profile) rewritten small (page size
512, vacuumed, WAL folded in), plus hostile variants: rows whose types lie (blobs and huge numbers where
times and ids belong), a huge text, NULL keys, a membership self-loop, side tables missing. Default
OUTDIR: tests/fuzz/corpus/chat_apps. Deterministic: re-running reproduces the committed seeds."""
import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import make_fixtures  # noqa: E402
import fixture_db  # noqa: E402  (make_fixtures put tests/chat_common on the path)

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "..", "fuzz", "corpus", "chat_apps")
os.makedirs(OUT, exist_ok=True)


def shrink(src, name, extra=()):
    fixture_db.shrink(OUT, src, name, extra)


def main():
    tmp = tempfile.mkdtemp()
    make_fixtures.main_into(tmp)
    r = tmp + "/dump"
    la = r + "/data/data/jp.naver.line.android/databases/"
    vb = r + "/data/data/com.viber.voip/databases/"
    ios = [os.path.join(d, f) for d, _, fs in os.walk(r) for f in fs if f == "Line.sqlite"][0]
    shrink(la + "naver_line", "line_android")
    shrink(la + "call_history", "line_calls")
    shrink(ios, "line_ios")
    shrink(vb + "viber_messages", "viber_messages")
    shrink(vb + "viber_data", "viber_data")
    fb = r + "/data/data/com.facebook.orca/databases/"
    shrink(fb + "msys_database_" + make_fixtures.FB_ME, "messenger_msys")
    shrink(fb + "threads_db2", "messenger_threads_db2")
    za = r + make_fixtures.ZALO_APP
    shrink(za + "/chat_dbs/" + make_fixtures.ZALO_ME + "/" + make_fixtures.ZALO_PEER + ".db", "zalo_chat")
    shrink(za + "/profile.sqlite", "zalo_profile")
    shrink(r + "/data/data/com.imo.android.imous/databases/imofriends.db", "imo")
    shrink(la + "naver_line", "line_hostile", [
        "INSERT INTO chat_history (id, chat_id, from_mid, content, created_time, status, attachement_type) "
        "VALUES (7, NULL, x'00ff', zeroblob(64), 'not a time', 99, 'x')",
        "INSERT INTO chat_history (id, chat_id, content, created_time) VALUES (8, 'u1', '" + "长" * 3000 + "', 9223372036854775807)",
        "INSERT INTO membership (id, m_id) VALUES ('u1', 'u1')",
        "INSERT INTO membership (id, m_id) VALUES ('u1', x'00ff')",   # a BLOB member (json_group_array)
        "DROP TABLE contacts",
    ])
    shrink(vb + "viber_messages", "viber_hostile", [
        "INSERT INTO messages (_id, msg_date, conversation_id, participant_id, body, send_type, extra_uri) "
        "VALUES (9, -9223372036854775808, 99, 99, x'41', 'out', 'file://')",
        "INSERT INTO participants (_id, conversation_id, participant_info_id) VALUES (99, 99, 99)",
        "INSERT INTO participants_info (_id, participant_type, number) VALUES (99, 0, x'2b3636')",
        "DROP TABLE conversations",
    ])
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main()
