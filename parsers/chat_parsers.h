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
DFT_CHAT_PARSER(line_android)
DFT_CHAT_PARSER(line_android_calls)
DFT_CHAT_PARSER(line_ios)
DFT_CHAT_PARSER(viber_android)
DFT_CHAT_PARSER(viber_android_data)
DFT_CHAT_PARSER(messenger_msys)
DFT_CHAT_PARSER(messenger_threads_db2)
DFT_CHAT_PARSER(zalo_ios)
DFT_CHAT_PARSER(zalo_ios_profile)
DFT_CHAT_PARSER(imo_android)
