/*
 * chat_parsers.h - the chat database parsers, one DFT_CHAT_PARSER(name) line each. Each parser
 * defines `const dft_chat_parser dft_chat_parser_<name>` (parsers/chat_<app>*.c, see chatdb.h).
 * Expanded only in plugins/chat/chat_registry.c. Order matters only for ties of detect() scores.
 */
DFT_CHAT_PARSER(whatsapp_android)
DFT_CHAT_PARSER(whatsapp_android_contacts)
DFT_CHAT_PARSER(whatsapp_ios)
DFT_CHAT_PARSER(whatsapp_ios_contacts)
DFT_CHAT_PARSER(whatsapp_ios_calls)
DFT_CHAT_PARSER(telegram_android)
DFT_CHAT_PARSER(telegram_ios)
DFT_CHAT_PARSER(sms_android)
DFT_CHAT_PARSER(imessage)
DFT_CHAT_PARSER(bugle)
DFT_CHAT_PARSER(calllog_android)
DFT_CHAT_PARSER(callhistory_ios)
DFT_CHAT_PARSER(contacts_android)
DFT_CHAT_PARSER(addressbook_ios)
DFT_CHAT_PARSER(wechat)
