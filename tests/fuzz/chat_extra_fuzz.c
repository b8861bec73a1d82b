/*
 * chat_extra_fuzz.c - fuzz harness for the "extra chat apps" parsers (parsers/chat_samsung_rcs.c, chat_potato.c,
 * chat_discord.c, chat_signal_ios.c,
 * chat_skype_s4l.c: the list below) over hostile SQLite files: the whole input is one database opened through
 * dft_chatdb_open and offered to each parser whose detect() is non-zero, with a checking sink.
 * Seeds (tests/fuzz/corpus/chat_extra/, tests/chat_extra/gen_fuzz_corpus.py): the fixture database made
 * small, and hostile variants (lying types, huge text and URIs, NULL keys, side tables missing).
 *
 * Checks and the run itself: chat_fuzz_driver.h.
 */
#include <stdbool.h>
#include <string.h>

#include "chatdb.h"

#define EXTRA_PARSERS(X) X(samsung_rcs) X(potato_ios) X(discord) X(signal_ios) X(skype_s4l)
#define DECL(n) extern const dft_chat_parser dft_chat_parser_##n;
EXTRA_PARSERS(DECL)
#undef DECL
#define REF(n) &dft_chat_parser_##n,
static const dft_chat_parser *const chat_fuzz_parsers[] = { EXTRA_PARSERS(REF) };
#undef REF
static const char *const chat_fuzz_siblings[] = { NULL };

#define CHAT_FUZZ_TMP "dft-cextra-fuzz-"
#define CHAT_FUZZ_DB_NAME "rcsim.db"
#define CHAT_FUZZ_DEVICE "/data/data/com.sec.imsservice/databases/rcsim.db"
#define CHAT_FUZZ_REGION "TH"
#define CHAT_FUZZ_ACCOUNT "+66812345678"
#include "chat_fuzz_driver.h"
