/*
 * chat_registry.c - expands parsers/chat_parsers.h (the one place that X-macro is expanded).
 */
#include "chat_registry.h"

#define DFT_CHAT_PARSER(name) extern const dft_chat_parser dft_chat_parser_##name;
#include "chat_parsers.h"
#undef DFT_CHAT_PARSER

const dft_chat_parser *const dft_chat_parsers[] = {
#define DFT_CHAT_PARSER(name) &dft_chat_parser_##name,
#include "chat_parsers.h"
#undef DFT_CHAT_PARSER
    NULL,
};

const size_t dft_chat_parser_count = sizeof dft_chat_parsers / sizeof dft_chat_parsers[0] - 1;
