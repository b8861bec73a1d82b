/*
 * redux_persist.c - JSON-in-JSON of a redux-persist root (see redux_persist.h).
 */
#include "redux_persist.h"

#include <string.h>

#include "error.h"

int dft_redux_persist_parse(json_t **out, const char *text, size_t len, size_t *decoded)
{
    *out = NULL;
    if (decoded) *decoded = 0;
    json_error_t err;
    json_t *root = json_loadb(text, len, 0, &err);
    if (!root) return dft_error_set(DFT_ECORRUPT, "persist-root: not JSON (line %d: %s)", err.line, err.text);
    if (!json_is_object(root)) {
        json_decref(root);
        return dft_error_set(DFT_ECORRUPT, "persist-root: not a JSON object");
    }
    for (void *it = json_object_iter(root); it; it = json_object_iter_next(root, it)) {
        json_t *val = json_object_iter_value(it);
        if (!json_is_string(val)) continue;
        const char *s = json_string_value(val);
        size_t n = json_string_length(val);
        size_t i = 0;
        while (i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t')) i++;
        if (i == n || (s[i] != '{' && s[i] != '[' && s[i] != '"')) continue;
        json_t *inner = json_loadb(s, n, JSON_DECODE_ANY, NULL);
        if (!inner) continue; /* a plain string that only looks like JSON: kept */
        json_object_iter_set_new(root, it, inner); /* replaces the value in place: iteration goes on */
        if (decoded) (*decoded)++;
    }
    *out = root;
    return DFT_OK;
}
