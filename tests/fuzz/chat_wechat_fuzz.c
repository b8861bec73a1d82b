/*
 * chat_wechat_fuzz.c - fuzz harness for the WeChat parser (parsers/chat_wechat.c) over hostile SQLite
 * files (a decrypted EnMicroMsg.db): the input is written to a private directory, opened through
 * dft_chatdb_open and parsed when detect() accepts it, with a checking sink. Same checks as
 * chat_whatsapp_fuzz.c: codes, rows with a source, a direction, JSON details, stats that match, no
 * hang (cancel after CANCEL_AFTER_S), the input file unchanged.
 * Seeds (tests/fuzz/corpus/chat_wechat/): the decrypted fixture database of tests/chat_crypt and
 * hostile variants (message as a view, text in integer columns, a group with a huge member list).
 */
#include <stdbool.h>
#include <string.h>

#include "chatdb.h"

extern const dft_chat_parser dft_chat_parser_wechat;
static const dft_chat_parser *const chat_fuzz_parsers[] = { &dft_chat_parser_wechat };
static const char *const chat_fuzz_siblings[] = { NULL };

#define CHAT_FUZZ_TMP "dft-wechat-fuzz-"
#define CHAT_FUZZ_DB_NAME "EnMicroMsg.db"
#define CHAT_FUZZ_DEVICE "/data/data/com.tencent.mm/MicroMsg/x/EnMicroMsg.db"
#define CHAT_FUZZ_REGION "CN"
#define CHAT_FUZZ_ACCOUNT NULL
#include "chat_fuzz_driver.h"
