/*
 * chat_apps_fuzz.c - fuzz harness for the "other chat apps" parsers (parsers/chat_line.c, chat_viber.c,
 * ...: every parser of parsers/chat_parsers.h whose app is not whatsapp) over hostile SQLite files: the
 * whole input is one database, written to a private directory (mkdtemp in $TMPDIR), opened through
 * dft_chatdb_open (sqlite_safe: private copy, limits, no views or triggers run) and offered to each
 * parser; each one whose detect() is non-zero parses it with a checking sink. The same bytes are also
 * the companions a parser opens through ctx->open_sibling (naver_line, viber_data, ...), so the name
 * lookups meet hostile input too.
 * Seeds (tests/fuzz/corpus/chat_apps/, tests/chat_apps/gen_fuzz_corpus.py): the fixture databases made
 * small, and hostile variants (lying types, a huge text, NULL keys, side tables missing); the mutator
 * then damages pages and headers.
 *
 * Checks and the run itself: chat_fuzz_driver.h.
 */
#include <stdbool.h>
#include <string.h>

#include "chatdb.h"

#define DFT_CHAT_PARSER(n) extern const dft_chat_parser dft_chat_parser_##n;
#include "chat_parsers.h"
#undef DFT_CHAT_PARSER
#define DFT_CHAT_PARSER(n) &dft_chat_parser_##n,
static const dft_chat_parser *const chat_fuzz_parsers[] = {
#include "chat_parsers.h"
};
#undef DFT_CHAT_PARSER
static const char *const chat_fuzz_siblings[] = { "naver_line", "viber_data", "profile.sqlite", "chatgroup.sqlite", "accountdb.db", NULL };

#define CHAT_FUZZ_TMP "dft-capps-fuzz-"
#define CHAT_FUZZ_DB_NAME "input.db"
#define CHAT_FUZZ_DEVICE "/Documents/chat_dbs/111/group_222.db"
#define CHAT_FUZZ_REGION "TH"
#define CHAT_FUZZ_ACCOUNT "+66812345678"
#define CHAT_FUZZ_SKIP(p) (!strcmp((p)->app, "whatsapp"))   /* chat_whatsapp_fuzz covers those */
#include "chat_fuzz_driver.h"
