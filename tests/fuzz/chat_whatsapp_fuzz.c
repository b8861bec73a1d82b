/*
 * chat_whatsapp_fuzz.c - fuzz harness for the WhatsApp parsers (parsers/chat_whatsapp*.c) over hostile
 * SQLite files: the whole input is one database, written to a private directory (mkdtemp in $TMPDIR)
 * as msgstore.db, opened through dft_chatdb_open (sqlite_safe: private copy, limits, no views or
 * triggers run) and offered to every WhatsApp parser; each one whose detect() is non-zero parses it
 * with a checking sink. Siblings (wa.db, shared_prefs, ContactsV2) come from the same directory: an
 * input-derived wa.db copy lets the name-resolution paths run too.
 * Seeds (tests/fuzz/corpus/chat_whatsapp/, tests/chat_whatsapp/gen_fuzz_corpus.py): small databases
 * with the Android current and legacy schemas, iOS ChatStorage / ContactsV2 / CallHistory, and hostile
 * variants (message as a view, triggers on side tables, a jid_map loop, a huge text, NULL keys, rows
 * whose types lie); the mutator then damages pages and headers.
 *
 * Checks and the run itself: chat_fuzz_driver.h.
 */
#include <stdbool.h>
#include <string.h>

#include "chatdb.h"

extern const dft_chat_parser dft_chat_parser_whatsapp_android, dft_chat_parser_whatsapp_android_contacts,
    dft_chat_parser_whatsapp_ios, dft_chat_parser_whatsapp_ios_contacts, dft_chat_parser_whatsapp_ios_calls;
static const dft_chat_parser *const chat_fuzz_parsers[] = {
    &dft_chat_parser_whatsapp_android, &dft_chat_parser_whatsapp_android_contacts, &dft_chat_parser_whatsapp_ios,
    &dft_chat_parser_whatsapp_ios_contacts, &dft_chat_parser_whatsapp_ios_calls,
};
static const char *const chat_fuzz_siblings[] = { "wa.db", "ContactsV2.sqlite", NULL };

#define CHAT_FUZZ_TMP "dft-wa-fuzz-"
#define CHAT_FUZZ_DB_NAME "msgstore.db"
#define CHAT_FUZZ_DEVICE "/data/data/com.whatsapp/databases/msgstore.db"
#define CHAT_FUZZ_REGION "TH"
#define CHAT_FUZZ_ACCOUNT "+66812345678"
#include "chat_fuzz_driver.h"
