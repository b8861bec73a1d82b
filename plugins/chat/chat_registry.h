/*
 * chat_registry.h - the chat parsers the `chat` plugin offers each database to (parsers/chat_parsers.h).
 */
#ifndef DFT_CHAT_REGISTRY_H
#define DFT_CHAT_REGISTRY_H

#include <stddef.h>

#include "chatdb.h"

extern const dft_chat_parser *const dft_chat_parsers[];
extern const size_t dft_chat_parser_count;

#endif
