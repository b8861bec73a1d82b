/*
 * chat_more_fuzz.c - fuzz harness for the "more chat apps" parsers (parsers/chat_signal.c,
 * chat_skype.c, chat_viber_ios.c, ...: the list below) over hostile SQLite files: the whole input is
 * one database, written to a private directory (mkdtemp in $TMPDIR), opened through dft_chatdb_open
 * (sqlite_safe: private copy, limits, no views or triggers run) and offered to each parser; each one
 * whose detect() is non-zero parses it with a checking sink. The same bytes are also the companion a
 * parser opens through ctx->open_sibling (Viber iOS Settings.data), so that lookup meets hostile input.
 * Seeds (tests/fuzz/corpus/chat_more/, tests/chat_more/gen_fuzz_corpus.py): the fixture databases made
 * small, and hostile variants (lying types, a huge text, NULL keys, self-referencing ids, side tables
 * missing); the mutator then damages pages and headers.
 *
 * Checks and the run itself: chat_fuzz_driver.h.
 */
#include <stdbool.h>
#include <string.h>

#include "chatdb.h"

#define MORE_PARSERS(X) X(signal_android) X(skype_android) X(skype_main) X(viber_ios) X(instagram_android) X(textnow_android) X(messenger_ios)
#define DECL(n) extern const dft_chat_parser dft_chat_parser_##n;
MORE_PARSERS(DECL)
#undef DECL
#define REF(n) &dft_chat_parser_##n,
static const dft_chat_parser *const chat_fuzz_parsers[] = { MORE_PARSERS(REF) };
#undef REF
static const char *const chat_fuzz_siblings[] = { "Settings.data", NULL };

#define CHAT_FUZZ_TMP "dft-cmore-fuzz-"
#define CHAT_FUZZ_DB_NAME "input.db"
#define CHAT_FUZZ_DEVICE "/var/com.viber/database/live:fuzz.owner.db"
#define CHAT_FUZZ_REGION "TH"
#define CHAT_FUZZ_ACCOUNT "+66812345678"
/* the device path exercises the owner lookups: Skype's "live:<id>.db" name, Viber's database/ dir */
#include "chat_fuzz_driver.h"
