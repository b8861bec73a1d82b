/*
 * redux_persist.h - a redux-persist root (the `persist-root` file of React Native apps such as
 * MetaMask mobile: /data/data/io.metamask/files/persistStore/persist-root, iOS
 * Documents/persistStore/persist-root): a JSON object whose values are themselves JSON texts
 * ("engine": "{\"backgroundState\":{...}}"), one per persisted reducer.
 *
 * Invariants:
 *  1. The result is an ordinary JSON tree: every top-level string value that is a JSON text is replaced
 *     by its parsed value; other values (plain strings, numbers) are kept as they are.
 *  2. Bounded by the input: jansson's parser limits nesting depth; nothing is read past len.
 */
#ifndef DFT_REDUX_PERSIST_H
#define DFT_REDUX_PERSIST_H

#include <jansson.h>
#include <stddef.h>

/* Parses text (len bytes, need not be NUL-terminated) into *out (a new reference, json_decref it).
 * DFT_ECORRUPT with a message when the text is not a JSON object; *decoded receives how many
 * values were JSON texts (may be NULL). */
int dft_redux_persist_parse(json_t **out, const char *text, size_t len, size_t *decoded);

#endif
